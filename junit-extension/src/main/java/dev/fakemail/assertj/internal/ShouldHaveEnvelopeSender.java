package dev.fakemail.assertj.internal;

import dev.fakemail.ReceivedMail;
import org.assertj.core.error.ErrorMessageFactory;

/** {@code hasEnvelopeSender} failed. Not API. */
public final class ShouldHaveEnvelopeSender extends MailErrorMessage {
  private ShouldHaveEnvelopeSender(ReceivedMail mail, String expected) {
    super(
        MailText.mailLabel(mail),
        "have envelope sender (MAIL FROM)",
        "<" + expected + ">",
        "<" + mail.envelope().mailFrom() + ">");
  }

  /** {@code … to have envelope sender (MAIL FROM): <bounce@shop.test> but had: <>}. */
  public static ErrorMessageFactory shouldHaveEnvelopeSender(ReceivedMail mail, String expected) {
    return new ShouldHaveEnvelopeSender(mail, expected);
  }
}
