package dev.fakemail.internal.imap.message;

import static dev.fakemail.internal.imap.message.Fetch.crlf;
import static dev.fakemail.internal.imap.message.Fetch.view;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** The content keys of SEARCH: HEADER, FROM/TO/CC/BCC/SUBJECT, BODY, TEXT and the SENT dates. */
class SearchTest {
  static final String MESSAGE =
      crlf(
          "Date: Mon, 2 Jan 2023 23:30:00 -0800",
          "From: =?UTF-8?Q?J=C3=B6rg_M=C3=BCller?= <joerg@example.de>",
          "To: Zoë <zoe@example.com>",
          "Cc: team@example.org",
          "Subject: =?UTF-8?B?R3LDvMOfZQ==?= aus",
          "\tKöln",
          "X-Ticket: ABC-123",
          "MIME-Version: 1.0",
          "Content-Type: multipart/mixed; boundary=s",
          "",
          "preamble is not searched",
          "--s",
          "Content-Type: text/plain; charset=iso-8859-1",
          "Content-Transfer-Encoding: quoted-printable",
          "",
          "Sch=F6ne Gr=FC=DFe",
          "--s",
          "Content-Type: text/html; charset=utf-8",
          "Content-Transfer-Encoding: base64",
          "",
          "PHA+SGVsbG8gPGI+V29ybGQ8L2I+PC9wPg==",
          "--s",
          "Content-Type: application/octet-stream",
          "",
          "binary attachment text",
          "--s",
          "Content-Type: message/rfc822",
          "",
          "Subject: inner",
          "Content-Type: text/plain; charset=utf-8",
          "",
          "innere Nachricht mit Umlauten: äöü",
          "--s--");

  @Test
  void headerMatchesDecodedValuesIgnoringCase() {
    ImapMessageView v = view(MESSAGE);
    assertThat(v.headerContains("subject", "GRÜSSE")).isFalse(); // ß is not ss
    assertThat(v.headerContains("subject", "grüße aus köln")).isTrue(); // unfolded, decoded
    assertThat(v.headerContains("SUBJECT", "=?UTF-8?B?")).isFalse();
    assertThat(v.headerContains("From", "jörg müller")).isTrue();
    assertThat(v.headerContains("From", "joerg@example.de")).isTrue();
    assertThat(v.headerContains("To", "ZOË")).isTrue(); // raw UTF-8
    assertThat(v.headerContains("cc", "TEAM@")).isTrue();
    assertThat(v.headerContains("bcc", "")).isFalse();
    assertThat(v.headerContains("X-Ticket", "abc-123")).isTrue();
    assertThat(v.headerContains("X-Ticket", "")).isTrue(); // an empty string: the field exists
    assertThat(v.headerContains("X-Missing", "")).isFalse();
    assertThat(v.headerContains("Subject", "inner")).isFalse(); // the attached message's
  }

  @Test
  void accentsCountAsInDovecotsSearchButNotTheirComposition() {
    ImapMessageView v = view(MESSAGE);
    assertThat(v.headerContains("Subject", "koln")).isFalse();
    assertThat(v.bodyContains("schone")).isFalse();
    assertThat(v.headerContains("Subject", "Ko\u0308ln")).isTrue(); // decomposed ö
  }

  @Test
  void bodyLooksAtDecodedTextPartsOnly() {
    ImapMessageView v = view(MESSAGE);
    assertThat(v.bodyContains("schöne grüße")).isTrue(); // quoted-printable, ISO-8859-1
    assertThat(v.bodyContains("hello <b>world")).isTrue(); // base64 HTML, markup and all
    assertThat(v.bodyContains("UMLAUTEN: ÄÖÜ")).isTrue(); // inside the attached message
    assertThat(v.bodyContains("binary attachment")).isFalse();
    assertThat(v.bodyContains("preamble")).isFalse();
    assertThat(v.bodyContains("Sch=F6ne")).isFalse();
    assertThat(v.bodyContains("Köln")).isFalse(); // a header
    assertThat(v.bodyContains("")).isTrue();
  }

  @Test
  void textLooksAtHeadersAndBodies() {
    ImapMessageView v = view(MESSAGE);
    assertThat(v.textContains("köln")).isTrue();
    assertThat(v.textContains("x-ticket: abc")).isTrue(); // "Name: value", as Dovecot
    assertThat(v.textContains("Subject: inner")).isTrue(); // the attached message's header
    assertThat(v.textContains("charset=iso-8859-1")).isTrue(); // a MIME header
    assertThat(v.textContains("schöne")).isTrue();
    assertThat(v.textContains("not there")).isFalse();
  }

  @Test
  void aMessageWithoutContentTypeIsSearchedAsText() {
    ImapMessageView v = view("Subject: x\n\nBare LF body, raw UTF-8: naïve\n");
    assertThat(v.bodyContains("NAÏVE")).isTrue();
    assertThat(v.bodyContains("raw utf-8: naïve")).isTrue();
  }

  @Test
  void undecodableBodiesAreSearchedAsThey() {
    ImapMessageView v =
        view(
            crlf(
                "Content-Type: text/plain; charset=x-unknown",
                "Content-Transfer-Encoding: base64",
                "",
                "not base64 at all!"));
    assertThat(v.bodyContains("anything")).isFalse(); // and nothing thrown
    ImapMessageView latin1 =
        view("Subject: x\r\n\r\ncaf\u00e9\r\n".getBytes(StandardCharsets.ISO_8859_1));
    assertThat(latin1.bodyContains("café")).isTrue(); // not UTF-8: read as windows-1252
  }

  @Test
  void sentDateIsTheDateInItsOwnZone() {
    assertThat(view(MESSAGE).sentDate()).hasValue(LocalDate.of(2023, 1, 2)); // UTC: 3 Jan
    assertThat(view(crlf("Subject: none", "", "x")).sentDate()).isEmpty();
    assertThat(view(crlf("Date: sometime soon", "", "x")).sentDate()).isEmpty();
  }
}
