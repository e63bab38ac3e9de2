package dev.fakemail.assertj.internal;

import dev.fakemail.ReceivedMail;
import org.assertj.core.error.ErrorMessageFactory;

/** {@code hasNoAttachments} failed. Not API. */
public final class ShouldHaveNoAttachments extends MailErrorMessage {
  private ShouldHaveNoAttachments(ReceivedMail mail) {
    super(
        MailText.mailLabel(mail), "have no attachments", MailText.attachments(mail.attachments()));
  }

  /** {@code … to have no attachments but had: "invoice.pdf" (application/pdf, 5120 bytes)}. */
  public static ErrorMessageFactory shouldHaveNoAttachments(ReceivedMail mail) {
    return new ShouldHaveNoAttachments(mail);
  }
}
