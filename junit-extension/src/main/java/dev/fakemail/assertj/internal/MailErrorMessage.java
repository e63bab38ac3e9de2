package dev.fakemail.assertj.internal;

import org.assertj.core.error.BasicErrorMessageFactory;

/**
 * The one layout of every FakeMail assertion message:
 *
 * <pre>
 * Expecting mail #3 "Welcome, Bob" to have subject:
 *   "Receipt"
 * but had:
 *   "Welcome, Bob"
 * </pre>
 *
 * that is {@code Expecting <who> to <expectation>:}, the expected value indented by two spaces,
 * {@code but had:}, and what the mail or inbox actually had, indented by two spaces. When the
 * expectation says it all ({@code to have no attachments}) the expected block and its colon are
 * left out. Like AssertJ's own messages it starts with a line break, and AssertJ puts a description
 * set with {@code as(…)} in front: {@code [welcome mail] }.
 *
 * <p>Blocks are passed as unquoted arguments, never into the format, so a {@code %} in a subject is
 * printed as is. Not API.
 */
public abstract class MailErrorMessage extends BasicErrorMessageFactory {

  /** A message with an expected block. */
  protected MailErrorMessage(String who, String expectation, String expected, String actual) {
    super(
        "%nExpecting %s to %s:%n%s%nbut had:%n%s",
        unquotedString(who),
        unquotedString(expectation),
        unquotedString(indent(expected)),
        unquotedString(indent(actual)));
  }

  /** A message whose expectation needs no expected block. */
  protected MailErrorMessage(String who, String expectation, String actual) {
    super(
        "%nExpecting %s to %s%nbut had:%n%s",
        unquotedString(who), unquotedString(expectation), unquotedString(indent(actual)));
  }

  /** Each non-empty line indented by two spaces, lines joined with the platform's line break. */
  static String indent(String block) {
    String[] lines = block.split("\n", -1);
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < lines.length; i++) {
      if (i > 0) {
        sb.append(System.lineSeparator());
      }
      if (!lines[i].isEmpty()) {
        sb.append("  ").append(lines[i]);
      }
    }
    return sb.toString();
  }
}
