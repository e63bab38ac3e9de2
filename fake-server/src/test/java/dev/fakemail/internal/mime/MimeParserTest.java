package dev.fakemail.internal.mime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fakemail.Attachment;
import dev.fakemail.Envelope;
import dev.fakemail.Header;
import dev.fakemail.ReceivedMail;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/**
 * Malformed and unusual MIME: no accessor may throw, {@link ReceivedMail#raw()} keeps every byte,
 * and what can be understood is.
 */
class MimeParserTest {

  @Test
  void multipartWhoseBoundaryNeverAppearsHasNoParts() {
    ReceivedMail mail =
        parse(
            "Subject: broken boundary\r\n"
                + "Content-Type: multipart/mixed; boundary=\"abc\"\r\n"
                + "\r\n"
                + "--abd\r\n"
                + "Content-Type: text/plain\r\n"
                + "\r\n"
                + "hello\r\n"
                + "--abd--\r\n");
    assertThat(mail.subject()).isEqualTo("broken boundary");
    assertThat(mail.text()).isEmpty();
    assertThat(mail.html()).isEmpty();
    assertThat(mail.attachments()).isEmpty();
  }

  @Test
  void multipartWithoutBoundaryParameterIsReadAsText() {
    ReceivedMail mail =
        parse("Content-Type: multipart/mixed\r\n\r\n--abc\r\n\r\nhello\r\n--abc--\r\n");
    assertThat(mail.text()).hasValue("--abc\n\nhello\n--abc--\n");
  }

  @Test
  void keepsThePartsBeforeAMissingClosingBoundary() {
    ReceivedMail mail =
        parse(
            "Subject: unfinished\r\n"
                + "Content-Type: multipart/mixed; boundary=abc\r\n"
                + "\r\n"
                + "preamble\r\n"
                + "--abc\r\n"
                + "Content-Type: text/plain\r\n"
                + "\r\n"
                + "hello\r\n"
                + "--abc\r\n"
                + "Content-Type: application/pdf\r\n"
                + "Content-Disposition: attachment; filename=x.pdf\r\n"
                + "Content-Transfer-Encoding: base64\r\n"
                + "\r\n"
                + "JVBERi0xLjQK\r\n");
    assertThat(mail.text()).hasValue("hello");
    assertThat(mail.attachments()).hasSize(1);
    assertThat(mail.attachments().get(0).name()).isEqualTo("x.pdf");
    assertThat(mail.attachments().get(0).text()).isEqualTo("%PDF-1.4\n");
  }

  @Test
  void readsAnUnknownTransferEncodingAsIs() {
    ReceivedMail mail =
        parse(
            "Content-Type: text/plain; charset=utf-8\r\n"
                + "Content-Transfer-Encoding: x-garbage-9\r\n"
                + "\r\n"
                + "hello =C3=A9\r\n");
    assertThat(mail.text()).hasValue("hello =C3=A9\n");
  }

  @Test
  void decodesWhatItCanOfInvalidBase64() {
    ReceivedMail mail =
        parse(
            "Content-Type: multipart/mixed; boundary=b\r\n"
                + "\r\n"
                + "--b\r\n"
                + "Content-Type: text/plain\r\n"
                + "Content-Transfer-Encoding: base64\r\n"
                + "\r\n"
                + "aGVsbG8=*** not base64 !!\r\n"
                + "--b\r\n"
                + "Content-Type: application/octet-stream\r\n"
                + "Content-Disposition: attachment; filename=\"bin.dat\"\r\n"
                + "Content-Transfer-Encoding: base64\r\n"
                + "\r\n"
                + "@@@AAEC===AwQ\r\n"
                + "--b--\r\n");
    assertThat(mail.text()).hasValueSatisfying(t -> assertThat(t).startsWith("hello"));
    Attachment bin = mail.attachment("bin.dat").orElseThrow();
    assertThat(bin.bytes()).startsWith(0, 1, 2);
  }

  @Test
  void readsUnknownCharsetsAsUtf8WhenValidAndWindows1252Otherwise() {
    assertThat(
            parse(
                    "Content-Type: text/plain; charset=x-unknown-42\r\n"
                        + "Content-Transfer-Encoding: 8bit\r\n\r\nGrüße\r\n")
                .text())
        .hasValue("Grüße\n");
    byte[] latin1 =
        "Content-Type: text/plain; charset=x-unknown-42\r\n\r\nGrüße \u20ac\r\n"
            .getBytes(Charset.forName("windows-1252"));
    assertThat(lenient(latin1).text()).hasValue("Grüße \u20ac\n");
  }

  @Test
  void decodesTheDeclaredCharset() {
    byte[] raw =
        "Content-Type: text/plain; charset=ISO-8859-15\r\n\r\nPrix: 5 \u20ac\r\n"
            .getBytes(Charset.forName("ISO-8859-15"));
    assertThat(lenient(raw).text()).hasValue("Prix: 5 \u20ac\n");
  }

  @Test
  void decodesQuotedPrintableAndBase64TextBodies() {
    assertThat(
            parse(
                    "Content-Type: text/plain; charset=utf-8\r\n"
                        + "Content-Transfer-Encoding: quoted-printable\r\n\r\n"
                        + "caf=C3=A9 au lait, a line that is soft=\r\n"
                        + " broken\r\n")
                .text())
        .hasValue("café au lait, a line that is soft broken\n");
    String base64 =
        Base64.getMimeEncoder().encodeToString("첫 줄\r\n둘째 줄\r\n".getBytes(StandardCharsets.UTF_8));
    assertThat(
            parse(
                    "Content-Type: text/plain; charset=utf-8\r\n"
                        + "Content-Transfer-Encoding: base64\r\n\r\n"
                        + base64
                        + "\r\n")
                .text())
        .hasValue("첫 줄\n둘째 줄\n");
  }

  @Test
  void readsAMessageWithoutAHeaderSectionAsText() {
    ReceivedMail mail = parse("Hello, this is just text\r\nsecond line\r\n");
    assertThat(mail.headers()).isEmpty();
    assertThat(mail.subject()).isEmpty();
    assertThat(mail.text()).hasValue("Hello, this is just text\nsecond line\n");
  }

  @Test
  void readsAnEmptyHeaderSection() {
    ReceivedMail mail = parse("\r\nonly a body\r\n");
    assertThat(mail.headers()).isEmpty();
    assertThat(mail.text()).hasValue("only a body\n");
  }

  @Test
  void readsAnEmptyMessage() {
    ReceivedMail mail = parse("");
    assertThat(mail.headers()).isEmpty();
    assertThat(mail.subject()).isEmpty();
    assertThat(mail.text()).hasValue("");
    assertThat(mail.attachments()).isEmpty();
  }

  @Test
  void readsHeadersWithoutABody() {
    ReceivedMail mail = parse("Subject: only headers\r\nX-Last: no line ending");
    assertThat(mail.headers())
        .containsExactly(
            Header.of("Subject", "only headers"), Header.of("X-Last", "no line ending"));
    assertThat(mail.text()).hasValue("");
  }

  @Test
  void skipsAHeaderLineWithoutAColon() {
    ReceivedMail mail =
        parse("Subject: before\r\nThis line has no colon\r\nX-After: yes\r\n\r\nbody\r\n");
    assertThat(mail.headers())
        .containsExactly(Header.of("Subject", "before"), Header.of("X-After", "yes"));
    assertThat(mail.text()).hasValue("body\n");
  }

  @Test
  void readsAnMboxFromLineAsNoHeader() {
    ReceivedMail mail =
        parse("From bob@example.test Sat Mar 14 15:09:26 2026\r\nSubject: mbox\r\n\r\nbody\r\n");
    assertThat(mail.subject()).isEqualTo("mbox");
    assertThat(mail.headers()).extracting(Header::name).containsExactly("Subject");
  }

  @Test
  void readsEightBitIsoLatinHeaderBytes() {
    byte[] raw =
        "Subject: Grüße aus Köln\r\nFrom: Jörg <joerg@example.test>\r\n\r\nbody\r\n"
            .getBytes(StandardCharsets.ISO_8859_1);
    ReceivedMail mail = lenient(raw);
    assertThat(mail.subject()).isEqualTo("Grüße aus Köln");
    assertThat(mail.from()).extracting(a -> a.name().orElseThrow()).containsExactly("Jörg");
  }

  @Test
  void readsRawUtf8HeaderBytes() {
    ReceivedMail mail = parse("Subject: 환영합니다\r\nX-Mixed: naïve 日本\r\n\r\n");
    assertThat(mail.subject()).isEqualTo("환영합니다");
    assertThat(mail.header("x-mixed")).hasValue("naïve 日本");
  }

  @Test
  void keepsEncodedWordsInAnUnknownCharsetAsWritten() {
    ReceivedMail mail = parse("Subject: =?x-unknown?Q?caf=E9?= and =?utf-8?B?w6k=?=\r\n\r\n");
    assertThat(mail.subject()).isEqualTo("=?x-unknown?Q?caf=E9?= and é");
  }

  @Test
  void joinsAdjacentEncodedWordsAndUnfoldsHeaders() {
    ReceivedMail mail =
        parse(
            "Subject: =?UTF-8?Q?Gr=C3=BC=C3=9Fe?=\r\n =?UTF-8?B?IGF1cyBLw7Zsbg==?=\r\n"
                + "X-Folded: first\r\n\tsecond\r\n  third\r\n\r\n");
    assertThat(mail.subject()).isEqualTo("Grüße aus Köln");
    assertThat(mail.header("X-Folded")).hasValue("first\tsecond  third");
  }

  @Test
  void decodesRfc2231FileNamesIncludingContinuations() {
    ReceivedMail mail =
        parse(
            "Content-Type: multipart/mixed; boundary=b\r\n"
                + "\r\n"
                + "--b\r\n"
                + "Content-Type: text/plain\r\n\r\nsee\r\n"
                + "--b\r\n"
                + "Content-Type: application/pdf\r\n"
                + "Content-Disposition: attachment; filename*=UTF-8''Rechnung%20M%C3%A4rz.pdf\r\n"
                + "\r\n%PDF\r\n"
                + "--b\r\n"
                + "Content-Type: text/plain\r\n"
                + "Content-Disposition: attachment;\r\n"
                + " filename*0*=UTF-8''%E6%97%A5%E6%9C%AC;\r\n"
                + " filename*1=\".txt\"\r\n"
                + "\r\nnihon\r\n"
                + "--b--\r\n");
    assertThat(mail.text()).hasValue("see");
    assertThat(mail.attachments())
        .extracting(Attachment::name)
        .containsExactly("Rechnung März.pdf", "日本.txt");
  }

  @Test
  void decodesOutlookStyleEncodedWordFileNames() {
    ReceivedMail mail =
        parse(
            "Content-Type: multipart/mixed; boundary=b\r\n"
                + "\r\n"
                + "--b\r\n"
                + "Content-Type: application/vnd.ms-excel;"
                + " name=\"=?utf-8?B?QmVyaWNodCDDnGJlcnNpY2h0Lnhsc3g=?=\"\r\n"
                + "Content-Disposition: attachment;"
                + " filename=\"=?utf-8?B?QmVyaWNodCDDnGJlcnNpY2h0Lnhsc3g=?=\"\r\n"
                + "Content-Transfer-Encoding: base64\r\n"
                + "\r\nUEsDBA==\r\n"
                + "--b\r\n"
                + "Content-Type: image/JPEG; name=\"=?ISO-8859-1?Q?f=F6to.jpg?=\"\r\n"
                + "Content-Transfer-Encoding: base64\r\n"
                + "\r\n/9j/\r\n"
                + "--b--\r\n");
    assertThat(mail.attachments()).hasSize(2);
    Attachment excel = mail.attachments().get(0);
    assertThat(excel.name()).isEqualTo("Bericht Übersicht.xlsx");
    assertThat(excel.contentType()).isEqualTo("application/vnd.ms-excel");
    assertThat(excel.bytes()).containsExactly('P', 'K', 3, 4);
    Attachment photo = mail.attachments().get(1);
    assertThat(photo.name()).isEqualTo("föto.jpg");
    assertThat(photo.contentType()).isEqualTo("image/jpeg");
    assertThat(photo.inline()).isFalse();
  }

  @Test
  void keepsAnAttachedMessageAsAMessageRfc822Attachment() {
    ReceivedMail mail =
        parse(
            "Subject: Fwd: inner\r\n"
                + "Content-Type: multipart/mixed; boundary=b\r\n"
                + "\r\n"
                + "--b\r\n"
                + "Content-Type: text/plain\r\n\r\nforwarded below\r\n"
                + "--b\r\n"
                + "Content-Type: message/rfc822\r\n"
                + "Content-Disposition: attachment; filename=orig.eml\r\n"
                + "\r\n"
                + "Subject: inner\r\n"
                + "From: x@example.test\r\n"
                + "\r\n"
                + "inner body\r\n"
                + "--b--\r\n");
    assertThat(mail.subject()).isEqualTo("Fwd: inner");
    assertThat(mail.text()).hasValue("forwarded below");
    Attachment attached = mail.attachment("orig.eml").orElseThrow();
    assertThat(attached.contentType()).isEqualTo("message/rfc822");
    assertThat(attached.text())
        .isEqualTo("Subject: inner\r\nFrom: x@example.test\r\n\r\ninner body");
    ReceivedMail inner =
        ReceivedMail.of("inner", Instant.EPOCH, Envelope.builder().build(), attached.bytes());
    assertThat(inner.subject()).isEqualTo("inner");
    assertThat(inner.text()).hasValue("inner body");
  }

  @Test
  void readsASinglePartCalendarAsTheTextBody() {
    ReceivedMail mail =
        parse(
            "Subject: Invitation\r\n"
                + "Content-Type: text/calendar; method=REQUEST; charset=UTF-8\r\n"
                + "\r\n"
                + "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n");
    assertThat(mail.text()).hasValue("BEGIN:VCALENDAR\nEND:VCALENDAR\n");
    assertThat(mail.html()).isEmpty();
    assertThat(mail.attachments()).isEmpty();
  }

  @Test
  void readsASinglePartHtmlMessage() {
    ReceivedMail mail = parse("Content-Type: text/html; charset=utf-8\r\n\r\n<p>Hi</p>\r\n");
    assertThat(mail.html()).hasValue("<p>Hi</p>\n");
    assertThat(mail.text()).isEmpty();
  }

  @Test
  void walksNestedMixedRelatedAlternative() {
    ReceivedMail mail =
        parse(
            "Subject: nested\r\n"
                + "Content-Type: multipart/mixed; boundary=m\r\n"
                + "\r\n"
                + "--m\r\n"
                + "Content-Type: multipart/related; boundary=r\r\n"
                + "\r\n"
                + "--r\r\n"
                + "Content-Type: multipart/alternative; boundary=a\r\n"
                + "\r\n"
                + "--a\r\n"
                + "Content-Type: text/plain; charset=utf-8\r\n\r\nplain\r\n"
                + "--a\r\n"
                + "Content-Type: text/html; charset=utf-8\r\n\r\n<b>html</b>\r\n"
                + "--a--\r\n"
                + "--r\r\n"
                + "Content-Type: image/png\r\n"
                + "Content-ID: <img1@x>\r\n"
                + "Content-Transfer-Encoding: base64\r\n"
                + "\r\niVBORw0KGgo=\r\n"
                + "--r--\r\n"
                + "--m\r\n"
                + "Content-Type: text/plain; name=notes.txt\r\n"
                + "Content-Disposition: attachment\r\n"
                + "\r\nattached text\r\n"
                + "--m\r\n"
                + "Content-Type: text/plain\r\n"
                + "Content-Disposition: inline\r\n"
                + "\r\nsecond text part\r\n"
                + "--m--\r\n");
    assertThat(mail.text()).hasValue("plain\nsecond text part");
    assertThat(mail.html()).hasValue("<b>html</b>");
    assertThat(mail.attachments()).hasSize(2);
    Attachment image = mail.attachments().get(0);
    assertThat(image.name()).isEmpty();
    assertThat(image.contentType()).isEqualTo("image/png");
    assertThat(image.inline()).as("in related, with a Content-ID").isTrue();
    assertThat(image.contentId()).hasValue("img1@x");
    assertThat(image.bytes()).containsExactly(0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n');
    Attachment notes = mail.attachments().get(1);
    assertThat(notes.name()).isEqualTo("notes.txt");
    assertThat(notes.text()).isEqualTo("attached text");
    assertThat(notes.inline()).isFalse();
  }

  @Test
  void decodeTextPrefersTheDeclaredCharsetThenUtf8ThenWindows1252() {
    byte[] utf8 = "é".getBytes(StandardCharsets.UTF_8);
    byte[] latin = "é".getBytes(StandardCharsets.ISO_8859_1);
    assertThat(MimeParser.decodeText(utf8, 0, utf8.length, null)).isEqualTo("é");
    assertThat(MimeParser.decodeText(latin, 0, latin.length, null)).isEqualTo("é");
    assertThat(MimeParser.decodeText(latin, 0, latin.length, "us-ascii")).isEqualTo("é");
    assertThat(MimeParser.decodeText(utf8, 0, utf8.length, "ISO-8859-1")).isEqualTo("Ã©");
    assertThat(MimeParser.decodeText(latin, 0, latin.length, "no-such-charset")).isEqualTo("é");
  }

  @Test
  void normalisesEveryLineEndingToLf() {
    assertThat(MimeParser.normaliseLineEndings("a\r\nb\rc\nd")).isEqualTo("a\nb\nc\nd");
  }

  /** Parses UTF-8 text and checks that nothing throws and raw keeps every byte. */
  private static ReceivedMail parse(String message) {
    return lenient(message.getBytes(StandardCharsets.UTF_8));
  }

  static ReceivedMail lenient(byte[] raw) {
    ReceivedMail mail =
        ReceivedMail.of(
            "1",
            Instant.EPOCH,
            Envelope.builder().mailFrom("a@example.test").addRecipient("b@example.test").build(),
            raw);
    // every accessor, in an order that parses headers and body independently
    mail.headers();
    mail.subject();
    mail.from();
    mail.to();
    mail.cc();
    mail.bcc();
    mail.replyTo();
    mail.messageId();
    mail.date();
    mail.text();
    mail.html();
    mail.attachments().forEach(a -> a.bytes());
    mail.toString();
    assertThat(mail.raw()).isEqualTo(raw);
    assertThat(mail.size()).isEqualTo(raw.length);
    return mail;
  }
}
