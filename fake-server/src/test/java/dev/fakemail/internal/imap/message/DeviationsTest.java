package dev.fakemail.internal.imap.message;

import static dev.fakemail.internal.imap.message.Fetch.crlf;
import static dev.fakemail.internal.imap.message.Fetch.section;
import static dev.fakemail.internal.imap.message.Fetch.text;
import static dev.fakemail.internal.imap.message.Fetch.view;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Where we answer otherwise than Dovecot 2.3 on purpose (the messages are in {@code deviations/};
 * Dovecot's answers in the comments).
 */
class DeviationsTest {

  @Test
  void aMultipartWithoutBoundaryIsShownAsTheTextItHolds() {
    // Dovecot: (("text" "plain" ("charset" "us-ascii") NIL NIL "7bit" 0 0) "mixed"), BODY[1] ""
    ImapMessageView v =
        view(
            crlf(
                "MIME-Version: 1.0",
                "Content-Type: multipart/mixed",
                "",
                "--abc",
                "",
                "hello",
                "--abc--"));
    assertThat(text(v.bodyStructure(false)))
        .isEqualTo("(\"text\" \"plain\" (\"charset\" \"us-ascii\") NIL NIL \"7bit\" 25 4)");
    assertThat(text(section(v, "1"))).isEqualTo(crlf("--abc", "", "hello", "--abc--"));
    assertThat(v.bodyContains("hello")).isTrue();
  }

  @Test
  void aMultipartWhoseBoundaryNeverAppearsIsShownAsText() {
    // Dovecot: an empty text/plain part inside the multipart, as above
    ImapMessageView v =
        view(
            crlf(
                "Content-Type: multipart/mixed; boundary=\"abc\"",
                "",
                "--abd",
                "",
                "hello",
                "--abd--"));
    assertThat(text(v.bodyStructure(true)))
        .isEqualTo(
            "(\"text\" \"plain\" (\"charset\" \"us-ascii\") NIL NIL \"7bit\" 25 4 NIL NIL NIL NIL)");
  }

  @Test
  void anUnreadableContentTypeIsTextPlainAsRfc2045Recommends() {
    // Dovecot: ("" "" NIL NIL NIL "7bit" 14)
    ImapMessageView v =
        view(
            crlf(
                "MIME-Version: 1.0",
                "Content-Type: text/html garbage; charset=utf-8",
                "",
                "<p>hello</p>"));
    assertThat(text(v.bodyStructure(false)))
        .isEqualTo("(\"text\" \"plain\" (\"charset\" \"us-ascii\") NIL NIL \"7bit\" 14 1)");
  }

  @Test
  void aLastLineWithoutLineEndingGetsOneAsInPop3AndTheStoresSize() {
    // Dovecot sends the stored bytes: RFC822.SIZE 81 and no CRLF at the end
    ImapMessageView v = view("Subject: x\r\n\r\nlast line");
    assertThat(text(v.full())).isEqualTo("Subject: x\r\n\r\nlast line\r\n");
    assertThat(v.size()).isEqualTo(25);
    assertThat(text(v.bodyStructure(false)))
        .isEqualTo("(\"text\" \"plain\" (\"charset\" \"us-ascii\") NIL NIL \"7bit\" 11 1)");
  }

  @Test
  void stringsLongerThan1024BytesAreLiterals() {
    // Dovecot quotes any 7-bit string without line breaks, whatever its length
    String subject = "word ".repeat(300) + "end";
    assertThat(text(view(crlf("Subject: " + subject, "", "x")).envelope()))
        .startsWith("(NIL {1503}\r\nword word");
  }

  @Test
  void headerFieldsOfAMessageWithoutBlankLineHaveNone() {
    // RFC 3501 §6.4.5: no blank line "in the case of a message which has no body and no blank
    // line"; Dovecot adds one to HEADER.FIELDS (but not to HEADER or HEADER.FIELDS.NOT)
    ImapMessageView v = view(crlf("Subject: only a header", "From: a@example.org"));
    assertThat(text(section(v, "HEADER.FIELDS (SUBJECT)")))
        .isEqualTo(crlf("Subject: only a header"));
    assertThat(text(section(v, "HEADER"))).isEqualTo(text(v.full()));
  }

  @Test
  void headerFieldsOfAnAttachedMessageStayInsideIt() {
    // Dovecot reads on to the next blank line, past the part: here into part 2's MIME header,
    // answering "Subject: cut\r\nContent-Type: message/rfc822\r\n\r\n"
    ImapMessageView v =
        view(
            crlf(
                "Content-Type: multipart/mixed; boundary=m",
                "",
                "--m",
                "Content-Type: message/rfc822",
                "",
                "Subject: cut",
                "From: cut@example.org",
                "--m",
                "Content-Type: message/rfc822",
                "",
                "Subject: second",
                "",
                "body",
                "--m--"));
    assertThat(text(section(v, "1.HEADER.FIELDS (SUBJECT CONTENT-TYPE)")))
        .isEqualTo(crlf("Subject: cut"));
    assertThat(text(section(v, "1.HEADER"))).isEqualTo("Subject: cut\r\nFrom: cut@example.org");
    assertThat(text(section(v, "1"))).isEqualTo(crlf("Subject: cut", "From: cut@example.org"));
  }
}
