package dev.fakemail.assertj.internal;

import dev.fakemail.ReceivedMail;
import java.util.Optional;
import org.assertj.core.error.ErrorMessageFactory;

/** {@code hasTextBodyContaining} and {@code hasHtmlBodyContaining} failed. Not API. */
public final class ShouldHaveBodyContaining extends MailErrorMessage {
  private ShouldHaveBodyContaining(
      ReceivedMail mail, String article, String kind, String text, Optional<String> body) {
    super(
        MailText.mailLabel(mail),
        "have " + article + " " + kind + " body containing",
        MailText.quote(text),
        body.map(MailText::body).orElse("no " + kind + " body"));
  }

  /**
   * {@code … to have a text body containing: "/confirm" but had:} and the body as a text block, or
   * {@code no text body}.
   */
  public static ErrorMessageFactory shouldHaveTextBodyContaining(ReceivedMail mail, String text) {
    return new ShouldHaveBodyContaining(mail, "a", "text", text, mail.text());
  }

  /** {@code … to have an HTML body containing: …}, as for text. */
  public static ErrorMessageFactory shouldHaveHtmlBodyContaining(ReceivedMail mail, String text) {
    return new ShouldHaveBodyContaining(mail, "an", "HTML", text, mail.html());
  }
}
