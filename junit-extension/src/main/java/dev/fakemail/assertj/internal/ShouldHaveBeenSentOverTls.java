package dev.fakemail.assertj.internal;

import dev.fakemail.ReceivedMail;
import org.assertj.core.error.ErrorMessageFactory;

/** {@code wasSentOverTls} and {@code wasNotSentOverTls} failed. Not API. */
public final class ShouldHaveBeenSentOverTls extends MailErrorMessage {
  private ShouldHaveBeenSentOverTls(ReceivedMail mail, String expectation) {
    super(MailText.mailLabel(mail), expectation, MailText.tls(mail.envelope()));
  }

  /** {@code … to have been sent over TLS but had: no TLS (plain text)}. */
  public static ErrorMessageFactory shouldHaveBeenSentOverTls(ReceivedMail mail) {
    return new ShouldHaveBeenSentOverTls(mail, "have been sent over TLS");
  }

  /** {@code … to have been sent without TLS but had: TLSv1.3 (TLS_AES_…) after STARTTLS}. */
  public static ErrorMessageFactory shouldNotHaveBeenSentOverTls(ReceivedMail mail) {
    return new ShouldHaveBeenSentOverTls(mail, "have been sent without TLS");
  }
}
