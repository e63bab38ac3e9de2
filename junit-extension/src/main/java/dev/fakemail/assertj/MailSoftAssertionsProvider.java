package dev.fakemail.assertj;

import dev.fakemail.Inbox;
import dev.fakemail.ReceivedMail;
import dev.fakemail.Transcript;
import org.assertj.core.api.SoftAssertionsProvider;

/**
 * Soft assertion entry points for mail, to mix into any AssertJ soft assertions class. {@link
 * SoftMailAssertions} is the ready-made one; to use mail and standard assertions in one object:
 *
 * <pre>{@code
 * public class MySoftAssertions extends SoftAssertions implements MailSoftAssertionsProvider {}
 * }</pre>
 *
 * Such a class works with AssertJ's {@code SoftAssertionsExtension} and
 * {@code @InjectSoftAssertions}.
 */
public interface MailSoftAssertionsProvider extends SoftAssertionsProvider {

  /** Soft assertions on a received message: failures are collected, not thrown. */
  default ReceivedMailAssert assertThat(ReceivedMail actual) {
    return proxy(ReceivedMailAssert.class, ReceivedMail.class, actual);
  }

  /** Soft assertions on an inbox: failures are collected, not thrown. */
  default InboxAssert assertThat(Inbox actual) {
    return proxy(InboxAssert.class, Inbox.class, actual);
  }

  /** Soft assertions on a session transcript: failures are collected, not thrown. */
  default TranscriptAssert assertThat(Transcript actual) {
    return proxy(TranscriptAssert.class, Transcript.class, actual);
  }
}
