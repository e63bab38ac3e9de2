package dev.fakemail.assertj;

import dev.fakemail.Inbox;
import dev.fakemail.ReceivedMail;
import dev.fakemail.Transcript;

/**
 * Entry point for AssertJ assertions on received mail. Its name does not clash with AssertJ's
 * {@code Assertions}: both can be imported statically, and {@code assertThat(mail)} picks the mail
 * assertions.
 *
 * <pre>{@code
 * import static dev.fakemail.assertj.MailAssertions.assertThat;
 *
 * assertThat(mail)
 *     .hasFrom("noreply@shop.test")
 *     .hasTo("bob@example.test")
 *     .hasHtmlBodyContaining("/confirm?token=")
 *     .hasAttachment("invoice.pdf", "application/pdf");
 * assertThat(inbox).hasNoMessages(MailFilter.to("alice@example.test"));
 * }</pre>
 *
 * <p>Assertions never wait: they look at the mail present when they run. Wait with {@link
 * Inbox#awaitMessage} first. For soft assertions, see {@link SoftMailAssertions}.
 */
public final class MailAssertions {
  private MailAssertions() {}

  /** Assertions on a received message. */
  public static ReceivedMailAssert assertThat(ReceivedMail actual) {
    return new ReceivedMailAssert(actual);
  }

  /** Assertions on the messages an inbox holds now. */
  public static InboxAssert assertThat(Inbox actual) {
    return new InboxAssert(actual);
  }

  /** Assertions on a session transcript. */
  public static TranscriptAssert assertThat(Transcript actual) {
    return new TranscriptAssert(actual);
  }
}
