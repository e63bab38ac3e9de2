package dev.fakemail.assertj.internal;

import dev.fakemail.ReceivedMail;
import org.assertj.core.error.ErrorMessageFactory;

/**
 * {@code wasAuthenticatedAs}, {@code wasAuthenticatedWith} and {@code wasNotAuthenticated} failed.
 * Not API.
 */
public final class ShouldHaveBeenAuthenticated extends MailErrorMessage {
  private ShouldHaveBeenAuthenticated(ReceivedMail mail, String expectation, String expected) {
    super(MailText.mailLabel(mail), expectation, expected, MailText.auth(mail.envelope()));
  }

  private ShouldHaveBeenAuthenticated(ReceivedMail mail, String expectation) {
    super(MailText.mailLabel(mail), expectation, MailText.auth(mail.envelope()));
  }

  /**
   * {@code … to have been sent by a client authenticated as: "bob" but had: "alice" (AUTH PLAIN)},
   * or {@code but had: no SMTP AUTH}.
   */
  public static ErrorMessageFactory shouldHaveBeenAuthenticatedAs(ReceivedMail mail, String user) {
    return new ShouldHaveBeenAuthenticated(
        mail, "have been sent by a client authenticated as", MailText.quote(user));
  }

  /** {@code … to have been sent by a client authenticated with: AUTH CRAM-MD5 but had: …}. */
  public static ErrorMessageFactory shouldHaveBeenAuthenticatedWith(
      ReceivedMail mail, String mechanism) {
    return new ShouldHaveBeenAuthenticated(
        mail, "have been sent by a client authenticated with", "AUTH " + mechanism);
  }

  /** {@code … to have been sent without SMTP AUTH but had: "bob" (AUTH PLAIN)}. */
  public static ErrorMessageFactory shouldNotHaveBeenAuthenticated(ReceivedMail mail) {
    return new ShouldHaveBeenAuthenticated(mail, "have been sent without SMTP AUTH");
  }
}
