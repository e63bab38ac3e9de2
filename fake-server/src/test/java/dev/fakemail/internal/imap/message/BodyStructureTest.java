package dev.fakemail.internal.imap.message;

import static dev.fakemail.internal.imap.message.Fetch.crlf;
import static dev.fakemail.internal.imap.message.Fetch.text;
import static dev.fakemail.internal.imap.message.Fetch.view;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** BODY and BODYSTRUCTURE (RFC 3501 §7.4.2), in Dovecot 2.3's forms. */
class BodyStructureTest {

  @Test
  void rfc3501Example() {
    String text = ("x".repeat(48) + "\r\n").repeat(22) + "y".repeat(50) + "\r\n"; // 1152, 23
    String diff = ("A".repeat(60) + "\r\n").repeat(72) + "B".repeat(88) + "\r\n"; // 4554, 73
    ImapMessageView v =
        view(
            crlf(
                    "Subject: RFC 3501 7.4.2",
                    "MIME-Version: 1.0",
                    "Content-Type: MULTIPART/MIXED; BOUNDARY=\"b\"",
                    "",
                    "--b",
                    "Content-Type: TEXT/PLAIN; CHARSET=US-ASCII",
                    "Content-Transfer-Encoding: 7BIT",
                    "")
                + text
                + crlf(
                    "",
                    "--b",
                    "Content-Type: TEXT/PLAIN; CHARSET=US-ASCII; NAME=cc.diff",
                    "Content-ID: <960723163407.20117h@cac.washington.edu>",
                    "Content-Description: Compiler diff",
                    "Content-Transfer-Encoding: BASE64",
                    "")
                + diff
                + crlf("", "--b--"));
    assertThat(text(v.bodyStructure(false)))
        .isEqualTo(
            "((\"TEXT\" \"PLAIN\" (\"CHARSET\" \"US-ASCII\") NIL NIL \"7BIT\" 1152 23)"
                + "(\"TEXT\" \"PLAIN\" (\"CHARSET\" \"US-ASCII\" \"NAME\" \"cc.diff\")"
                + " \"<960723163407.20117h@cac.washington.edu>\" \"Compiler diff\""
                + " \"BASE64\" 4554 73) \"MIXED\")");
    assertThat(text(v.bodyStructure(true)))
        .isEqualTo(
            "((\"TEXT\" \"PLAIN\" (\"CHARSET\" \"US-ASCII\") NIL NIL \"7BIT\" 1152 23"
                + " NIL NIL NIL NIL)"
                + "(\"TEXT\" \"PLAIN\" (\"CHARSET\" \"US-ASCII\" \"NAME\" \"cc.diff\")"
                + " \"<960723163407.20117h@cac.washington.edu>\" \"Compiler diff\""
                + " \"BASE64\" 4554 73 NIL NIL NIL NIL) \"MIXED\" (\"BOUNDARY\" \"b\") NIL NIL NIL)");
  }

  @Test
  void withoutContentTypeAMessageIsUsAsciiText() {
    ImapMessageView v = view(crlf("Subject: plain", "", "line one", "line two"));
    assertThat(text(v.bodyStructure(false)))
        .isEqualTo("(\"text\" \"plain\" (\"charset\" \"us-ascii\") NIL NIL \"7bit\" 20 2)");
    assertThat(text(v.bodyStructure(true)))
        .isEqualTo(
            "(\"text\" \"plain\" (\"charset\" \"us-ascii\") NIL NIL \"7bit\" 20 2 NIL NIL NIL NIL)");
  }

  @Test
  void aPlainUsAsciiMessageIsWrittenInLowerCaseAsDovecotDoes() {
    ImapMessageView v =
        view(
            crlf(
                "MIME-Version: 1.0",
                "Content-Type: TEXT/PLAIN; CHARSET=US-ASCII",
                "Content-Transfer-Encoding: 7BIT",
                "",
                "x"));
    assertThat(text(v.bodyStructure(true)))
        .isEqualTo(
            "(\"text\" \"plain\" (\"charset\" \"us-ascii\") NIL NIL \"7bit\" 3 1 NIL NIL NIL NIL)");
    ImapMessageView utf8 =
        view(crlf("MIME-Version: 1.0", "Content-Type: TEXT/PLAIN; CHARSET=UTF-8", "", "x"));
    assertThat(text(utf8.bodyStructure(false)))
        .isEqualTo("(\"TEXT\" \"PLAIN\" (\"CHARSET\" \"UTF-8\") NIL NIL \"7bit\" 3 1)");
  }

  @Test
  void textPartsWithoutCharsetGetUsAsciiAddedAfterTheirParameters() {
    ImapMessageView v =
        view(crlf("MIME-Version: 1.0", "Content-Type: text/html; format=flowed", "", "<p>"));
    assertThat(text(v.bodyStructure(false)))
        .isEqualTo(
            "(\"text\" \"html\" (\"format\" \"flowed\" \"charset\" \"us-ascii\") NIL NIL \"7bit\""
                + " 5 1)");
  }

  @Test
  void contentFieldsWithoutMimeVersionOrContentTypeAreIgnored() {
    ImapMessageView v =
        view(
            crlf(
                "Content-Transfer-Encoding: quoted-printable",
                "Content-ID: <ignored@example.org>",
                "",
                "caf=C3=A9"));
    assertThat(text(v.bodyStructure(false)))
        .isEqualTo("(\"text\" \"plain\" (\"charset\" \"us-ascii\") NIL NIL \"7bit\" 11 1)");
  }

  @Test
  void nonTextPartsHaveNoLineCountAndNilParameters() {
    ImapMessageView v =
        view(
            crlf(
                "MIME-Version: 1.0",
                "Content-Type: image/png",
                "Content-Transfer-Encoding: base64",
                "Content-ID: <logo@example.org>",
                "Content-Description: the logo",
                "",
                "iVBORw0KGgo="));
    assertThat(text(v.bodyStructure(true)))
        .isEqualTo(
            "(\"image\" \"png\" NIL \"<logo@example.org>\" \"the logo\" \"base64\" 14"
                + " NIL NIL NIL NIL)");
  }

  @Test
  void extensionDataAsWritten() {
    ImapMessageView v =
        view(
            crlf(
                "MIME-Version: 1.0",
                "Content-Type: Multipart/Mixed; Boundary=xyz",
                "Content-Language: en, de-CH",
                "Content-Location: http://example.org/whole",
                "",
                "--xyz",
                "Content-Type: TEXT/Plain; CHARSET=UTF-8",
                "Content-Transfer-Encoding: Quoted-Printable",
                "Content-Disposition: INLINE",
                "Content-MD5: Q2hlY2sgSW50ZWdyaXR5IQ==",
                "",
                "Hello =E2=9C=93",
                "--xyz",
                "Content-Type: application/pdf; name=\"a.pdf\"",
                "Content-Disposition: attachment; filename=\"a.pdf\"; size=3",
                "",
                "pdf",
                "--xyz--"));
    assertThat(text(v.bodyStructure(true)))
        .isEqualTo(
            "((\"TEXT\" \"Plain\" (\"CHARSET\" \"UTF-8\") NIL NIL \"Quoted-Printable\" 15 0"
                + " \"Q2hlY2sgSW50ZWdyaXR5IQ==\" (\"INLINE\" NIL) NIL NIL)"
                + "(\"application\" \"pdf\" (\"name\" \"a.pdf\") NIL NIL \"7bit\" 3 NIL"
                + " (\"attachment\" (\"filename\" \"a.pdf\" \"size\" \"3\")) NIL NIL)"
                + " \"Mixed\" (\"Boundary\" \"xyz\") NIL (\"en\" \"de-CH\")"
                + " \"http://example.org/whole\")");
  }

  @Test
  void rfc2231ParametersAreJoinedButLeftEncodedAsDovecotSendsThem() {
    ImapMessageView v =
        view(
            crlf(
                "MIME-Version: 1.0",
                "Content-Type: application/octet-stream;",
                " name*0*=UTF-8''%C3%A4%20long;",
                " name*1*=%20file%20name;",
                " name*2=\".bin\"",
                "Content-Disposition: attachment; filename*=UTF-8'de'%C3%A4.bin; size=4",
                "",
                "AAEC"));
    assertThat(text(v.bodyStructure(true)))
        .isEqualTo(
            "(\"application\" \"octet-stream\" (\"name*\" \"UTF-8''%C3%A4%20long%20file%20name.bin\")"
                + " NIL NIL \"7bit\" 6 NIL"
                + " (\"attachment\" (\"size\" \"4\" \"filename*\" \"UTF-8'de'%C3%A4.bin\")) NIL NIL)");
  }

  @Test
  void messageRfc822HasEnvelopeBodyAndLines() {
    ImapMessageView v =
        view(
            crlf(
                "MIME-Version: 1.0",
                "Content-Type: multipart/mixed; boundary=f",
                "",
                "--f",
                "Content-Type: text/plain",
                "",
                "See below.",
                "--f",
                "Content-Type: message/rfc822; name=\"original.eml\"",
                "",
                "Subject: original",
                "From: orig@example.com",
                "",
                "Original text.",
                "--f--"));
    assertThat(text(v.bodyStructure(false)))
        .isEqualTo(
            "((\"text\" \"plain\" (\"charset\" \"us-ascii\") NIL NIL \"7bit\" 10 0)"
                + "(\"message\" \"rfc822\" (\"name\" \"original.eml\") NIL NIL \"7bit\" 59"
                + " (NIL \"original\" ((NIL NIL \"orig\" \"example.com\"))"
                + " ((NIL NIL \"orig\" \"example.com\")) ((NIL NIL \"orig\" \"example.com\"))"
                + " NIL NIL NIL NIL NIL)"
                + " (\"text\" \"plain\" (\"charset\" \"us-ascii\") NIL NIL \"7bit\" 14 0) 3)"
                + " \"mixed\")");
  }

  @Test
  void inMultipartDigestPartsWithoutContentTypeAreMessages() {
    ImapMessageView v =
        view(
            crlf(
                "Content-Type: multipart/digest; boundary=d",
                "",
                "--d",
                "",
                "Subject: first",
                "",
                "First.",
                "--d--"));
    assertThat(text(v.bodyStructure(false)))
        .isEqualTo(
            "((\"message\" \"rfc822\" NIL NIL NIL \"7bit\" 24"
                + " (NIL \"first\" NIL NIL NIL NIL NIL NIL NIL NIL)"
                + " (\"text\" \"plain\" (\"charset\" \"us-ascii\") NIL NIL \"7bit\" 6 0) 2)"
                + " \"digest\")");
  }

  @Test
  void sizesAndLinesCountTheCrlfFormOfBareLfMessages() {
    ImapMessageView crlf =
        view(
            crlf(
                "Content-Type: multipart/alternative; boundary=b",
                "",
                "--b",
                "",
                "a",
                "b",
                "--b--"));
    ImapMessageView lf =
        view("Content-Type: multipart/alternative; boundary=b\n\n--b\n\na\nb\n--b--\n");
    assertThat(text(lf.bodyStructure(true))).isEqualTo(text(crlf.bodyStructure(true)));
    assertThat(text(lf.bodyStructure(false)))
        .isEqualTo(
            "((\"text\" \"plain\" (\"charset\" \"us-ascii\") NIL NIL \"7bit\" 4 1) \"alternative\")");
  }

  @Test
  void partsPastDovecotsNestingLimitAreOctetStreams() {
    String structure =
        text(
            view(new String(Limits.deep(105), java.nio.charset.StandardCharsets.US_ASCII))
                .bodyStructure(false));
    // the multipart at depth 99 (the root is 0) is not followed, as in Dovecot
    assertThat(structure)
        .startsWith("(".repeat(100) + "\"application\" \"octet-stream\" (\"boundary\" \"b99\")");
  }

  @Test
  void angusNewsletterMixedAlternativeRelatedAttachments() {
    ImapMessageView v = view(AngusMessages.newsletter());
    String s = text(v.bodyStructure(true));
    // multipart/mixed ( multipart/alternative ( text/plain, multipart/related ( text/html,
    // image/png inline ) ), application/pdf attachment, message/rfc822 attachment )
    assertThat(s)
        .startsWith(
            "(((\"text\" \"plain\" (\"charset\" \"UTF-8\") NIL NIL \"7bit\" 30 2 NIL NIL NIL NIL)"
                + "((\"text\" \"html\" (\"charset\" \"UTF-8\") NIL NIL \"7bit\" 49 0 NIL NIL NIL NIL)"
                + "(\"image\" \"png\" (\"name\" \"logo.png\") \"<logo@example.org>\" NIL \"base64\" 28"
                + " NIL (\"inline\" (\"filename\" \"logo.png\")) NIL NIL) \"related\"")
        .contains(
            "(\"application\" \"pdf\" (\"name\" \"=?UTF-8?Q?Rechnung_M=C3=A4rz.pdf?=\") NIL NIL"
                + " \"base64\" 20 NIL"
                + " (\"attachment\" (\"filename\" \"=?UTF-8?Q?Rechnung_M=C3=A4rz.pdf?=\")) NIL NIL)")
        .contains(
            "(\"message\" \"rfc822\" NIL NIL NIL \"7bit\" 266"
                + " (\"Sun, 1 Jan 2023 20:06:40 +0100\""
                + " \"=?UTF-8?Q?Die_urspr=C3=BCngliche_Nachricht?=\"")
        .contains(
            " (\"text\" \"plain\" (\"charset\" \"UTF-8\") NIL NIL \"7bit\" 16 1 NIL NIL NIL NIL) 9"
                + " NIL (\"attachment\" NIL) NIL NIL)")
        .endsWith("\"mixed\" (\"boundary\" " + boundary(v) + ") NIL NIL NIL)");
    List<String> numbers = new java.util.ArrayList<>();
    Fetch.partNumbers(v.structure().root, "", numbers);
    assertThat(numbers).containsExactly("1", "1.1", "1.2", "1.2.1", "1.2.2", "2", "3", "3.1");
  }

  private static String boundary(ImapMessageView v) {
    String header = text(v.section(new int[0], ImapMessageView.SectionText.HEADER, List.of()));
    int at = header.indexOf("boundary=\"") + 9;
    return header.substring(at, header.indexOf('"', at + 1) + 1);
  }
}
