package dev.fakemail.assertj.internal;

import dev.fakemail.ReceivedMail;
import org.assertj.core.error.ErrorMessageFactory;

/** {@code hasSubject} and {@code hasSubjectContaining} failed. Not API. */
public final class ShouldHaveSubject extends MailErrorMessage {
  private ShouldHaveSubject(ReceivedMail mail, String expectation, String expected) {
    super(
        MailText.mailLabel(mail),
        expectation,
        MailText.quote(expected),
        MailText.quote(mail.subject()));
  }

  /** {@code Expecting mail #3 "Welcome, Bob" to have subject: "Receipt" but had: "Welcome…"}. */
  public static ErrorMessageFactory shouldHaveSubject(ReceivedMail mail, String expected) {
    return new ShouldHaveSubject(mail, "have subject", expected);
  }

  /** {@code … to have a subject containing: "Receipt" but had: "Welcome, Bob"}. */
  public static ErrorMessageFactory shouldHaveSubjectContaining(ReceivedMail mail, String text) {
    return new ShouldHaveSubject(mail, "have a subject containing", text);
  }
}
