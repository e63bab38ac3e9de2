package dev.fakemail.internal.imap.message;

import static dev.fakemail.internal.imap.message.Fetch.crlf;
import static dev.fakemail.internal.imap.message.Fetch.text;
import static dev.fakemail.internal.imap.message.Fetch.view;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** ENVELOPE (RFC 3501 §7.4.2). Expected bytes are Dovecot 2.3.19's answers unless noted. */
class EnvelopeTest {

  @Test
  void rfc3501SampleMessage() {
    // RFC 3501 §8, the FETCH of message 12: same ENVELOPE, BODY and RFC822.SIZE
    StringBuilder body = new StringBuilder();
    for (int i = 0; i < 91; i++) {
      body.append("0123456789012345678901234567890\r\n");
    }
    body.append("the last line, 23 bytes\r\n");
    String header =
        crlf(
            "Date: Wed, 17 Jul 1996 02:23:25 -0700 (PDT)",
            "From: Terry Gray <gray@cac.washington.edu>",
            "Subject: IMAP4rev1 WG mtg summary and minutes",
            "To: imap@cac.washington.edu",
            "cc: minutes@CNRI.Reston.VA.US, John Klensin <KLENSIN@MIT.EDU>",
            "Message-Id: <B27397-0100000@cac.washington.edu>",
            "MIME-Version: 1.0",
            "Content-Type: TEXT/PLAIN; CHARSET=US-ASCII",
            "Content-Transfer-Encoding: 7BIT");
    String padding = "X-Padding: " + "x".repeat(1258 - header.length() - 2 - 13) + "\r\n";
    ImapMessageView v = view(header + padding + "\r\n" + body);

    assertThat(text(v.envelope()))
        .isEqualTo(
            "(\"Wed, 17 Jul 1996 02:23:25 -0700 (PDT)\""
                + " \"IMAP4rev1 WG mtg summary and minutes\""
                + " ((\"Terry Gray\" NIL \"gray\" \"cac.washington.edu\"))"
                + " ((\"Terry Gray\" NIL \"gray\" \"cac.washington.edu\"))"
                + " ((\"Terry Gray\" NIL \"gray\" \"cac.washington.edu\"))"
                + " ((NIL NIL \"imap\" \"cac.washington.edu\"))"
                + " ((NIL NIL \"minutes\" \"CNRI.Reston.VA.US\")"
                + "(\"John Klensin\" NIL \"KLENSIN\" \"MIT.EDU\")) NIL NIL"
                + " \"<B27397-0100000@cac.washington.edu>\")");
    // the RFC's server wrote BODY in upper case; Dovecot, and we, write plain US-ASCII messages
    // in lower case
    assertThat(text(v.bodyStructure(false)))
        .isEqualToIgnoringCase(
            "(\"TEXT\" \"PLAIN\" (\"CHARSET\" \"US-ASCII\") NIL NIL \"7BIT\" 3028 92)")
        .isEqualTo("(\"text\" \"plain\" (\"charset\" \"us-ascii\") NIL NIL \"7bit\" 3028 92)");
    assertThat(v.size()).isEqualTo(4286);
  }

  @Test
  void rawUtf8HeadersGoOutAsLiteralsByteForByte() {
    ImapMessageView v =
        view(
            crlf(
                "From: Jörg Müller <joerg@example.de>",
                "To: 日本 太郎 <taro@example.jp>",
                "Subject: Grüße ✓",
                "",
                "x"));
    String expected =
        "(NIL {11}\r\nGrüße ✓"
            + " (({13}\r\nJörg Müller NIL \"joerg\" \"example.de\"))"
            + " (({13}\r\nJörg Müller NIL \"joerg\" \"example.de\"))"
            + " (({13}\r\nJörg Müller NIL \"joerg\" \"example.de\"))"
            + " (({13}\r\n日本 太郎 NIL \"taro\" \"example.jp\"))"
            + " NIL NIL NIL NIL)";
    assertThat(v.envelope()).isEqualTo(expected.getBytes(StandardCharsets.UTF_8));
    assertThat(text(v.envelope())).doesNotContain("?");
  }

  @Test
  void encodedWordsStayEncodedForTheClientToDecode() {
    ImapMessageView v =
        view(
            crlf(
                "From: =?UTF-8?Q?J=C3=B6rg?= <joerg@example.de>",
                "Subject: =?UTF-8?B?R3LDvMOfZQ==?= =?UTF-8?Q?_aus_K=C3=B6ln?=",
                "",
                "x"));
    assertThat(text(v.envelope()))
        .startsWith(
            "(NIL \"=?UTF-8?B?R3LDvMOfZQ==?= =?UTF-8?Q?_aus_K=C3=B6ln?=\""
                + " ((\"=?UTF-8?Q?J=C3=B6rg?=\" NIL \"joerg\" \"example.de\"))");
  }

  @Test
  void groupsHaveStartAndEndMarkers() {
    ImapMessageView v =
        view(
            crlf(
                "From: a@example.org",
                "To: undisclosed-recipients:;",
                "Cc: Team: alice@example.org, \"Bob B.\" <bob@example.org>;, carol@example.org",
                "",
                "x"));
    assertThat(text(v.envelope()))
        .contains(
            " ((NIL NIL \"undisclosed-recipients\" NIL)(NIL NIL NIL NIL))"
                + " ((NIL NIL \"Team\" NIL)(NIL NIL \"alice\" \"example.org\")"
                + "(\"Bob B.\" NIL \"bob\" \"example.org\")(NIL NIL NIL NIL)"
                + "(NIL NIL \"carol\" \"example.org\")) NIL NIL NIL)");
  }

  @Test
  void absentFieldsAreNilAndSenderAndReplyToDefaultToFrom() {
    ImapMessageView v = view(crlf("From: Ann <ann@example.org>", "Reply-To:", "", "x"));
    assertThat(text(v.envelope()))
        .isEqualTo(
            "(NIL NIL ((\"Ann\" NIL \"ann\" \"example.org\"))"
                + " ((\"Ann\" NIL \"ann\" \"example.org\"))"
                + " ((\"Ann\" NIL \"ann\" \"example.org\")) NIL NIL NIL NIL NIL)");
    assertThat(text(view(crlf("", "no header at all")).envelope()))
        .isEqualTo("(NIL NIL NIL NIL NIL NIL NIL NIL NIL NIL)");
  }

  @Test
  void repeatedAddressFieldsAreJoinedAndTheLastSubjectCounts() {
    ImapMessageView v =
        view(
            crlf(
                "From: first@example.org",
                "Subject: first",
                "From: \"Second, Person\" <second@example.org>",
                "Subject: second",
                "",
                "x"));
    assertThat(text(v.envelope()))
        .startsWith(
            "(NIL \"second\" ((NIL NIL \"first\" \"example.org\")"
                + "(\"Second, Person\" NIL \"second\" \"example.org\"))");
  }

  @Test
  void brokenAddressesGetDovecotsPlaceholders() {
    ImapMessageView v =
        view(
            crlf(
                "From: x@example.org",
                "To: justaword, <>, \"Only Quoted\", <broken@, odd@[192.0.2.1],"
                    + " Name <@route.example:r@example.org>",
                "",
                "x"));
    assertThat(text(v.envelope()))
        .contains(
            " ((NIL NIL \"justaword\" \"MISSING_DOMAIN\")"
                + "(NIL NIL \"MISSING_MAILBOX\" \"MISSING_DOMAIN\")"
                + "(\"Only Quoted\" NIL \"MISSING_MAILBOX\" \"MISSING_DOMAIN\")"
                + "(NIL NIL \"broken\" \"SYNTAX_ERROR\")"
                + "(NIL NIL \"odd\" \"[192.0.2.1]\")"
                + "(\"Name\" \"@route.example\" \"r\" \"example.org\")) NIL NIL NIL NIL)");
  }

  @Test
  void foldedValuesAreUnfoldedAndWhiteSpaceInTextForHumansCollapsed() {
    ImapMessageView v =
        view(
            crlf(
                "Date: Mon, 2 Jan 2023",
                " 08:00:00 +0100",
                "From: Folded",
                " Name <folded@example.org>",
                "Subject: A  subject\twith   odd",
                "\t white space",
                "Message-ID:",
                " <folded.1@example.org>",
                "",
                "x"));
    assertThat(text(v.envelope()))
        .isEqualTo(
            "(\"Mon, 2 Jan 2023 08:00:00 +0100\" {30}\r\nA subject with odd white space"
                + " ((\"Folded Name\" NIL \"folded\" \"example.org\"))"
                + " ((\"Folded Name\" NIL \"folded\" \"example.org\"))"
                + " ((\"Folded Name\" NIL \"folded\" \"example.org\"))"
                + " NIL NIL NIL NIL \" <folded.1@example.org>\")");
  }

  @Test
  void subjectWithQuotesIsALiteralAndAnEmptySubjectAnEmptyString() {
    assertThat(text(view(crlf("Subject: \"one\" \"two\"", "", "x")).envelope()))
        .startsWith("(NIL {11}\r\n\"one\" \"two\" NIL");
    assertThat(text(view(crlf("Subject:", "", "x")).envelope())).startsWith("(NIL \"\" NIL");
  }

  @Test
  void attachedMessagesHaveTheirOwnEnvelope() {
    ImapMessageView v =
        view(
            crlf(
                "Subject: outer",
                "Content-Type: message/rfc822",
                "",
                "Subject: inner",
                "From: inner@example.org",
                "",
                "text"));
    assertThat(text(v.envelope())).startsWith("(NIL \"outer\" NIL");
    assertThat(text(v.bodyStructure(false)))
        .isEqualTo(
            "(\"message\" \"rfc822\" NIL NIL NIL \"7bit\" 49"
                + " (NIL \"inner\" ((NIL NIL \"inner\" \"example.org\"))"
                + " ((NIL NIL \"inner\" \"example.org\")) ((NIL NIL \"inner\" \"example.org\"))"
                + " NIL NIL NIL NIL NIL)"
                + " (\"text\" \"plain\" (\"charset\" \"us-ascii\") NIL NIL \"7bit\" 6 1) 4)");
  }
}
