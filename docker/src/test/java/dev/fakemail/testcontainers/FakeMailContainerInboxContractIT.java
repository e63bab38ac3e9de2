package dev.fakemail.testcontainers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fakemail.FakeMailConfig;
import dev.fakemail.FakeMailHttpClient;
import dev.fakemail.Inbox;
import dev.fakemail.InboxContractTest;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * The {@link Inbox} contract suite of fakemail-server (from its test jar) on {@link
 * FakeMailContainer#getInbox()}: every test of {@link InboxContractTest} against one container of
 * the freshly built image, cleared before each test. Mail goes in over the mapped SMTP port; the
 * reference the suite compares with is a second, independent HTTP client of the same container
 * (there is no embedded server here), and every failure text is checked against its expected words
 * as well.
 */
@Testcontainers(disabledWithoutDocker = true)
class FakeMailContainerInboxContractIT extends InboxContractTest {
  @Container
  static final FakeMailContainer FAKEMAIL = new FakeMailContainer().withAwaitTimeout(DEFAULT);

  private Inbox reference;
  private FakeMailHttpClient referenceClient;

  @Override
  protected Target start() {
    referenceClient = FakeMailHttpClient.of(FAKEMAIL.getHttpUrl()).withAwaitTimeout(DEFAULT);
    reference = referenceClient.inbox();
    reference.clear(); // the container is shared: each test starts with no mail
    return new Target() {
      @Override
      public Inbox inbox() {
        return reference;
      }

      @Override
      public Inbox newInbox() {
        return referenceClient.newInbox();
      }

      @Override
      public String smtpHost() {
        return FAKEMAIL.getHost();
      }

      @Override
      public int smtpPort() {
        return FAKEMAIL.getSmtpPort();
      }

      @Override
      public String hostname() {
        return FakeMailConfig.DEFAULT_HOSTNAME;
      }

      /** The image makes its own certificate: trusted without checks here, as a test would. */
      @Override
      public Properties starttlsProperties() {
        Properties props = new Properties();
        props.setProperty("mail.smtp.host", FAKEMAIL.getHost());
        props.setProperty("mail.smtp.port", Integer.toString(FAKEMAIL.getSmtpPort()));
        props.setProperty("mail.smtp.starttls.enable", "true");
        props.setProperty("mail.smtp.starttls.required", "true");
        props.setProperty("mail.smtp.ssl.trust", "*");
        props.setProperty("mail.smtp.ssl.checkserveridentity", "false");
        return props;
      }

      @Override
      public void close() {
        // shared by every test of the class; Testcontainers stops it after the last one
      }
    };
  }

  @Override
  protected Inbox view(Inbox ref) {
    return ref == reference ? FAKEMAIL.getInbox() : FAKEMAIL.getHttpClient().inbox(ref.address());
  }

  @Override
  protected Inbox freshInbox() {
    return FAKEMAIL.getHttpClient().newInbox();
  }

  /**
   * The await is underway when the waiting thread blocks (on the HTTP client's response). The long
   * poll may reach the server a little later; the suite's results do not depend on it (a message
   * already there is returned at once, an interrupt ends the wait either way).
   */
  @Override
  protected Underway underway() {
    return waiter -> {
      long deadline = System.nanoTime() + LONG.toNanos();
      while (waiter.getState() != Thread.State.WAITING
          && waiter.getState() != Thread.State.TIMED_WAITING) {
        if (System.nanoTime() > deadline || !waiter.isAlive()) {
          throw new AssertionError("The waiting thread never blocked: " + waiter.getState());
        }
        Thread.onSpinWait();
      }
    };
  }

  @Test
  void readsTheContainerThroughItsOwnInbox() {
    // the suite above reads FAKEMAIL.getInbox(); this pins that it is the container's HTTP API
    assertThat(FAKEMAIL.getInbox()).hasToString("Inbox{" + FAKEMAIL.getHttpUrl() + " all mail}");
  }
}
