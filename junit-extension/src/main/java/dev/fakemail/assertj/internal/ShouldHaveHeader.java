package dev.fakemail.assertj.internal;

import dev.fakemail.Header;
import dev.fakemail.ReceivedMail;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.error.ErrorMessageFactory;

/** {@code hasHeader(name)} and {@code hasHeader(name, value)} failed. Not API. */
public final class ShouldHaveHeader extends MailErrorMessage {
  private ShouldHaveHeader(ReceivedMail mail, String expectation, String expected, String actual) {
    super(MailText.mailLabel(mail), expectation, expected, actual);
  }

  /** {@code … to have header: X-Campaign but had: [Date, From, To, Subject]} (header names). */
  public static ErrorMessageFactory shouldHaveHeader(ReceivedMail mail, String name) {
    List<String> names = new ArrayList<>();
    for (Header h : mail.headers()) {
      if (names.stream().noneMatch(h::hasName)) {
        names.add(h.name());
      }
    }
    return new ShouldHaveHeader(mail, "have header", name, MailText.list(names));
  }

  /**
   * {@code … to have header X-Campaign with value: "spring" but had: X-Campaign: "winter"} (one
   * line per header of that name), or {@code but had: no X-Campaign header}.
   */
  public static ErrorMessageFactory shouldHaveHeaderWithValue(
      ReceivedMail mail, String name, String value) {
    List<String> lines = new ArrayList<>();
    for (Header h : mail.headers()) {
      if (h.hasName(name)) {
        lines.add(h.name() + ": " + MailText.quote(h.value()));
      }
    }
    String actual = lines.isEmpty() ? "no " + name + " header" : String.join("\n", lines);
    return new ShouldHaveHeader(
        mail, "have header " + name + " with value", MailText.quote(value), actual);
  }
}
