package dev.fakemail.internal.imap.message;

import static dev.fakemail.internal.imap.message.Fetch.crlf;
import static dev.fakemail.internal.imap.message.Fetch.section;
import static dev.fakemail.internal.imap.message.Fetch.text;
import static dev.fakemail.internal.imap.message.Fetch.view;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fakemail.internal.imap.message.ImapMessageView.SectionText;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Body sections (RFC 3501 §6.4.5): part numbers, HEADER, HEADER.FIELDS(.NOT), TEXT, MIME. */
class SectionTest {
  /** The message of RFC 3501 §6.4.5's example, each part with its own recognisable content. */
  static final String RFC3501 =
      crlf(
          "Subject: RFC 3501 6.4.5",
          "MIME-Version: 1.0",
          "Content-Type: MULTIPART/MIXED; boundary=outer",
          "",
          "--outer",
          "Content-Type: TEXT/PLAIN",
          "",
          "part 1",
          "--outer",
          "Content-Type: APPLICATION/OCTET-STREAM",
          "",
          "part 2",
          "--outer",
          "Content-Type: MESSAGE/RFC822",
          "",
          "Subject: part 3",
          "Content-Type: MULTIPART/MIXED; boundary=three",
          "",
          "--three",
          "Content-Type: TEXT/PLAIN",
          "",
          "part 3.1",
          "--three",
          "Content-Type: APPLICATION/OCTET-STREAM",
          "",
          "part 3.2",
          "--three--",
          "--outer",
          "Content-Type: MULTIPART/MIXED; boundary=four",
          "",
          "--four",
          "Content-Type: IMAGE/GIF",
          "",
          "part 4.1",
          "--four",
          "Content-Type: MESSAGE/RFC822",
          "",
          "Subject: part 4.2",
          "Content-Type: MULTIPART/MIXED; boundary=fourtwo",
          "",
          "--fourtwo",
          "Content-Type: TEXT/PLAIN",
          "",
          "part 4.2.1",
          "--fourtwo",
          "Content-Type: MULTIPART/ALTERNATIVE; boundary=alt",
          "",
          "--alt",
          "Content-Type: TEXT/PLAIN",
          "",
          "part 4.2.2.1",
          "--alt",
          "Content-Type: TEXT/RICHTEXT",
          "",
          "part 4.2.2.2",
          "--alt--",
          "--fourtwo--",
          "--four--",
          "--outer--");

  @Test
  void everySectionOfRfc3501sExample() {
    ImapMessageView v = view(RFC3501);
    assertThat(text(section(v, "HEADER")))
        .isEqualTo(
            crlf(
                "Subject: RFC 3501 6.4.5",
                "MIME-Version: 1.0",
                "Content-Type: MULTIPART/MIXED; boundary=outer",
                ""));
    assertThat(text(section(v, "TEXT"))).startsWith("--outer\r\n").endsWith("--outer--\r\n");
    assertThat(text(section(v, "1"))).isEqualTo("part 1");
    assertThat(text(section(v, "2"))).isEqualTo("part 2");
    assertThat(text(section(v, "3")))
        .startsWith("Subject: part 3\r\n")
        .endsWith("part 3.2\r\n--three--\r\n"); // the close line's CRLF stays
    assertThat(text(section(v, "3.HEADER")))
        .isEqualTo(crlf("Subject: part 3", "Content-Type: MULTIPART/MIXED; boundary=three", ""));
    assertThat(text(section(v, "3.TEXT"))).startsWith("--three\r\n").endsWith("--three--\r\n");
    assertThat(text(section(v, "3.1"))).isEqualTo("part 3.1");
    assertThat(text(section(v, "3.2"))).isEqualTo("part 3.2");
    assertThat(text(section(v, "4"))).startsWith("--four\r\n").endsWith("--four--\r\n");
    assertThat(text(section(v, "4.1"))).isEqualTo("part 4.1");
    assertThat(text(section(v, "4.1.MIME"))).isEqualTo(crlf("Content-Type: IMAGE/GIF", ""));
    assertThat(text(section(v, "4.2"))).startsWith("Subject: part 4.2\r\n");
    assertThat(text(section(v, "4.2.HEADER")))
        .isEqualTo(
            crlf("Subject: part 4.2", "Content-Type: MULTIPART/MIXED; boundary=fourtwo", ""));
    assertThat(text(section(v, "4.2.TEXT")))
        .startsWith("--fourtwo\r\n")
        .endsWith("--fourtwo--\r\n");
    assertThat(text(section(v, "4.2.1"))).isEqualTo("part 4.2.1");
    assertThat(text(section(v, "4.2.2"))).startsWith("--alt\r\n").endsWith("--alt--\r\n");
    assertThat(text(section(v, "4.2.2.1"))).isEqualTo("part 4.2.2.1");
    assertThat(text(section(v, "4.2.2.2"))).isEqualTo("part 4.2.2.2");
    assertThat(text(v.bodyStructure(false)))
        .isEqualTo(
            "((\"TEXT\" \"PLAIN\" (\"charset\" \"us-ascii\") NIL NIL \"7bit\" 6 0)"
                + "(\"APPLICATION\" \"OCTET-STREAM\" NIL NIL NIL \"7bit\" 6)"
                + "(\"message\" \"rfc822\" NIL NIL NIL \"7bit\" 185"
                + " (NIL \"part 3\" NIL NIL NIL NIL NIL NIL NIL NIL)"
                + " ((\"TEXT\" \"PLAIN\" (\"charset\" \"us-ascii\") NIL NIL \"7bit\" 8 0)"
                + "(\"APPLICATION\" \"OCTET-STREAM\" NIL NIL NIL \"7bit\" 8) \"MIXED\") 12)"
                + "((\"IMAGE\" \"GIF\" NIL NIL NIL \"7bit\" 8)"
                + "(\"message\" \"rfc822\" NIL NIL NIL \"7bit\" 308"
                + " (NIL \"part 4.2\" NIL NIL NIL NIL NIL NIL NIL NIL)"
                + " ((\"TEXT\" \"PLAIN\" (\"charset\" \"us-ascii\") NIL NIL \"7bit\" 10 0)"
                + "((\"TEXT\" \"PLAIN\" (\"charset\" \"us-ascii\") NIL NIL \"7bit\" 12 0)"
                + "(\"TEXT\" \"RICHTEXT\" (\"charset\" \"us-ascii\") NIL NIL \"7bit\" 12 0)"
                + " \"ALTERNATIVE\") \"MIXED\") 20) \"MIXED\") \"MIXED\")");
  }

  @Test
  void partOneOfASinglePartMessageIsItsBody() {
    ImapMessageView v = view(crlf("Subject: single", "", "the body"));
    assertThat(text(section(v, "1"))).isEqualTo("the body\r\n");
    assertThat(text(section(v, "1.MIME"))).isEqualTo(crlf("Subject: single", ""));
    assertThat(section(v, "2")).isEmpty();
    assertThat(section(v, "1.1")).isEmpty();
    assertThat(section(v, "1.HEADER")).isEmpty(); // not a message/rfc822 part
    assertThat(section(v, "1.TEXT")).isEmpty();
  }

  @Test
  void aNonMultipartPartIsItsOwnPartOne() {
    // as in Dovecot: 1.1 of a text part inside a multipart is the part itself
    ImapMessageView v = view(RFC3501);
    assertThat(text(section(v, "1.1"))).isEqualTo("part 1");
    assertThat(text(section(v, "4.1.1"))).isEqualTo("part 4.1");
  }

  @Test
  void partsThatDoNotExistAreEmpty() {
    ImapMessageView v = view(RFC3501);
    assertThat(section(v, "5")).isEmpty();
    assertThat(section(v, "1.1.1")).isEmpty();
    assertThat(section(v, "4.3")).isEmpty();
    assertThat(section(v, "4.2.2.3")).isEmpty();
    assertThat(section(v, "4.2.2.1.2")).isEmpty();
    assertThat(v.section(new int[] {0}, SectionText.NONE, List.of())).isEmpty();
    assertThat(v.section(new int[0], SectionText.MIME, List.of())).isEmpty();
  }

  @Test
  void headerAndTextOfAPartAreThoseOfTheMessageInsideAMessageRfc822PartOnly() {
    ImapMessageView v = view(RFC3501);
    assertThat(section(v, "1.HEADER")).isEmpty();
    assertThat(section(v, "1.TEXT")).isEmpty();
    assertThat(section(v, "4.HEADER")).isEmpty(); // a multipart
    assertThat(text(section(v, "3.MIME"))).isEqualTo(crlf("Content-Type: MESSAGE/RFC822", ""));
  }

  @Test
  void headerFieldsMatchIgnoringCaseInMessageOrderWithTheBlankLine() {
    ImapMessageView v =
        view(
            crlf(
                "Received: by x",
                "Subject: first",
                "From: a@example.org",
                "X-Folded: one",
                "\ttwo",
                "subject: second",
                "",
                "body"));
    assertThat(
            text(v.section(new int[0], SectionText.HEADER_FIELDS, List.of("x-folded", "SUBJECT"))))
        .isEqualTo(crlf("Subject: first", "X-Folded: one", "\ttwo", "subject: second", ""));
    assertThat(
            text(
                v.section(
                    new int[0], SectionText.HEADER_FIELDS_NOT, List.of("SUBJECT", "x-folded"))))
        .isEqualTo(crlf("Received: by x", "From: a@example.org", ""));
    assertThat(text(v.section(new int[0], SectionText.HEADER_FIELDS, List.of("X-None"))))
        .isEqualTo("\r\n");
    assertThat(text(section(v, "3.HEADER.FIELDS (SUBJECT)"))).isEmpty();
  }

  @Test
  void headerFieldsOfAnAttachedMessage() {
    ImapMessageView v = view(RFC3501);
    assertThat(text(section(v, "4.2.HEADER.FIELDS (SUBJECT)")))
        .isEqualTo(crlf("Subject: part 4.2", ""));
    assertThat(text(section(v, "4.2.HEADER.FIELDS.NOT (SUBJECT)")))
        .isEqualTo(crlf("Content-Type: MULTIPART/MIXED; boundary=fourtwo", ""));
  }

  @Test
  void bareLfMessagesAreServedWithCrlf() {
    ImapMessageView v =
        view("Subject: lf\nContent-Type: multipart/mixed; boundary=b\n\n--b\n\none\ntwo\n--b--\n");
    assertThat(text(section(v, "HEADER")))
        .isEqualTo(crlf("Subject: lf", "Content-Type: multipart/mixed; boundary=b", ""));
    assertThat(text(section(v, "1"))).isEqualTo("one\r\ntwo");
    assertThat(text(section(v, "1.MIME"))).isEqualTo("\r\n");
    assertThat(text(section(v, "TEXT"))).isEqualTo(crlf("--b", "", "one", "two", "--b--"));
    assertThat(text(section(v, "HEADER.FIELDS (subject)"))).isEqualTo(crlf("Subject: lf", ""));
  }

  @Test
  void partialFetchesAreLeftToTheCallerWhoGetsTheWholeSection() {
    ImapMessageView v = view(crlf("Subject: p", "", "0123456789"));
    byte[] text = section(v, "TEXT");
    assertThat(text(text)).isEqualTo("0123456789\r\n"); // BODY[TEXT]<2.3> is "234" of this
    assertThat(text(java.util.Arrays.copyOfRange(text, 2, 5))).isEqualTo("234");
  }

  @Test
  void theCrlfBeforeABoundaryBelongsToTheBoundary() {
    ImapMessageView v =
        view(
            crlf(
                "Content-Type: multipart/mixed; boundary=b",
                "",
                "--b",
                "",
                "text ending with a line break",
                "",
                "--b",
                "Content-Type: text/plain",
                "--b",
                "Content-Type: text/plain",
                "",
                "--b--"));
    assertThat(text(section(v, "1"))).isEqualTo("text ending with a line break\r\n");
    // a header cut short by a boundary, and a blank line a boundary follows, lose their CRLF too
    assertThat(text(section(v, "2.MIME"))).isEqualTo("Content-Type: text/plain");
    assertThat(text(section(v, "3.MIME"))).isEqualTo("Content-Type: text/plain\r\n");
    assertThat(section(v, "3")).isEmpty();
  }
}
