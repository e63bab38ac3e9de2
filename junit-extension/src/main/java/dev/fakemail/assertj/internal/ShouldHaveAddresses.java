package dev.fakemail.assertj.internal;

import dev.fakemail.ReceivedMail;
import java.util.List;
import org.assertj.core.error.ErrorMessageFactory;

/**
 * An address assertion failed: From, To, Cc, Bcc or the envelope recipients did not include (or
 * were not exactly) the expected addresses. Not API.
 */
public final class ShouldHaveAddresses extends MailErrorMessage {
  private ShouldHaveAddresses(
      ReceivedMail mail, String expectation, List<String> expected, String actual) {
    super(MailText.mailLabel(mail), expectation, MailText.list(expected), actual);
  }

  /**
   * {@code … to have To addresses including: [carol@example.test] but had: ["Bob"
   * <bob@example.test>]}.
   *
   * @param field {@code From}, {@code To}, {@code Cc} or {@code Bcc}
   */
  public static ErrorMessageFactory shouldHaveAddressesIncluding(
      ReceivedMail mail, String field, List<String> expected) {
    return new ShouldHaveAddresses(
        mail, "have " + noun(field) + " including", expected, actual(mail, field));
  }

  /** {@code … to have exactly these To addresses, in any order: [a] but had: [a, b]}. */
  public static ErrorMessageFactory shouldHaveOnlyAddresses(
      ReceivedMail mail, String field, List<String> expected) {
    return new ShouldHaveAddresses(
        mail,
        "have exactly these " + noun(field) + ", in any order",
        expected,
        actual(mail, field));
  }

  /** {@code … to have envelope recipients (RCPT TO) including: [a] but had: [b]}. */
  public static ErrorMessageFactory shouldHaveEnvelopeRecipientsIncluding(
      ReceivedMail mail, List<String> expected) {
    return new ShouldHaveAddresses(
        mail,
        "have envelope recipients (RCPT TO) including",
        expected,
        MailText.list(mail.envelope().recipients()));
  }

  /** {@code … to have exactly these envelope recipients (RCPT TO), in any order: …}. */
  public static ErrorMessageFactory shouldHaveOnlyEnvelopeRecipients(
      ReceivedMail mail, List<String> expected) {
    return new ShouldHaveAddresses(
        mail,
        "have exactly these envelope recipients (RCPT TO), in any order",
        expected,
        MailText.list(mail.envelope().recipients()));
  }

  private static String noun(String field) {
    return field.equals("Bcc") ? "Bcc recipients" : field + " addresses";
  }

  private static String actual(ReceivedMail mail, String field) {
    return MailText.addresses(
        switch (field) {
          case "From" -> mail.from();
          case "To" -> mail.to();
          case "Cc" -> mail.cc();
          case "Bcc" -> mail.bcc();
          default -> throw new IllegalArgumentException("field " + field);
        });
  }
}
