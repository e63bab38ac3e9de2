package dev.fakemail;

/**
 * Thrown by {@link Inbox#awaitMessage} and {@link Inbox#awaitMessages} when the expected mail did
 * not arrive in time. As an {@link AssertionError} it fails a test rather than erroring it, and its
 * message lists what did arrive and which criterion each message failed, e.g.:
 *
 * <pre>
 * Expected a message matching {to=bob@example.test, subject contains "Receipt"} within PT10S, but none arrived.
 * Received 2 messages:
 *   #1 from=noreply@shop.test to=[bob@example.test]   subject="Welcome, Bob"  ✗ subject
 *   #2 from=noreply@shop.test to=[alice@example.test] subject="Receipt #41"   ✗ to
 * </pre>
 */
public class MailNotReceivedError extends AssertionError {
  private static final long serialVersionUID = 1L;

  public MailNotReceivedError(String message) {
    super(message);
  }
}
