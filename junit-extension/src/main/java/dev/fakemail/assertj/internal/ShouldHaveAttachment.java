package dev.fakemail.assertj.internal;

import dev.fakemail.ReceivedMail;
import org.assertj.core.error.ErrorMessageFactory;

/** {@code hasAttachment} failed. Not API. */
public final class ShouldHaveAttachment extends MailErrorMessage {
  private ShouldHaveAttachment(ReceivedMail mail, String expected) {
    super(
        MailText.mailLabel(mail),
        "have attachment",
        expected,
        MailText.attachments(mail.attachments()));
  }

  /**
   * {@code … to have attachment: "invoice.pdf" but had: "terms.pdf" (application/pdf, 1234 bytes)}
   * (one line per attachment), or {@code no attachments}.
   */
  public static ErrorMessageFactory shouldHaveAttachment(ReceivedMail mail, String name) {
    return new ShouldHaveAttachment(mail, MailText.quote(name));
  }

  /** {@code … to have attachment: "invoice.pdf" (application/pdf) but had: …}. */
  public static ErrorMessageFactory shouldHaveAttachment(
      ReceivedMail mail, String name, String contentType) {
    return new ShouldHaveAttachment(mail, MailText.quote(name) + " (" + contentType + ")");
  }
}
