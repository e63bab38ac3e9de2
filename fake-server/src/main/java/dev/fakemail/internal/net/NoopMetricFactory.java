package dev.fakemail.internal.net;

import java.time.Duration;
import org.apache.james.metrics.api.Metric;
import org.apache.james.metrics.api.MetricFactory;
import org.apache.james.metrics.api.TimeMetric;
import org.reactivestreams.Publisher;

/** James's handlers (SMTP, LMTP, POP3) time every command; we do not collect those metrics. */
@SuppressWarnings("deprecation") // the interface makes us implement its deprecated methods
public final class NoopMetricFactory implements MetricFactory {
  private static final Metric METRIC =
      new Metric() {
        @Override
        public void increment() {}

        @Override
        public void decrement() {}

        @Override
        public void add(int value) {}

        @Override
        public void remove(int value) {}

        @Override
        public long getCount() {
          return 0;
        }
      };

  private static final TimeMetric.ExecutionResult RESULT =
      new TimeMetric.ExecutionResult() {
        @Override
        public Duration elasped() {
          return Duration.ZERO;
        }

        @Override
        public TimeMetric.ExecutionResult logWhenExceedP99(Duration threshold) {
          return this;
        }
      };

  private static final TimeMetric TIMER =
      new TimeMetric() {
        @Override
        public String name() {
          return "noop";
        }

        @Override
        public ExecutionResult stopAndPublish() {
          return RESULT;
        }
      };

  @Override
  public Metric generate(String name) {
    return METRIC;
  }

  @Override
  public TimeMetric timer(String name) {
    return TIMER;
  }

  @Override
  public <T> Publisher<T> decoratePublisherWithTimerMetric(String name, Publisher<T> publisher) {
    return publisher;
  }

  @Override
  public <T> Publisher<T> decoratePublisherWithTimerMetricLogP99(
      String name, Publisher<T> publisher) {
    return publisher;
  }
}
