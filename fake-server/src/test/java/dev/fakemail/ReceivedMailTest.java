package dev.fakemail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The parsed views of a {@link ReceivedMail} and the small value classes around it. */
class ReceivedMailTest {
  private static final Envelope ENVELOPE =
      Envelope.builder()
          .mailFrom("bounce@shop.test")
          .addRecipient("bob@example.test")
          .addRecipient("Carol@Example.Test")
          .addRecipient("hidden@example.test")
          .addRecipient("HIDDEN@example.test")
          .heloName("client.example.test")
          .clientAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 40000))
          .build();

  @Test
  void readsAddressesWithDisplayNamesGroupsAndEncodedWords() {
    ReceivedMail mail =
        mail(
            "From: \"Doe, Jane\" <jane@example.test>\r\n"
                + "To: Undisclosed recipients:;, team: a@example.test, \"B\" <b@example.test>;,\r\n"
                + " =?UTF-8?Q?J=C3=B6rg_M=C3=BCller?= <joerg@example.test>,\r\n"
                + " plain@example.test (a comment), <angle@example.test>\r\n"
                + "To: second-header@example.test\r\n"
                + "Cc: Ünïcödé <uni@example.test>, broken@, @nolocal, not an address\r\n"
                + "Reply-To: Support <help@shop.test>\r\n"
                + "\r\n");
    assertThat(mail.from()).containsExactly(Address.of("jane@example.test", "Doe, Jane"));
    assertThat(mail.to())
        .containsExactly(
            Address.of("a@example.test"),
            Address.of("b@example.test", "B"),
            Address.of("joerg@example.test", "Jörg Müller"),
            Address.of("plain@example.test"),
            Address.of("angle@example.test"),
            Address.of("second-header@example.test"));
    assertThat(mail.cc()).containsExactly(Address.of("uni@example.test", "Ünïcödé"));
    assertThat(mail.replyTo()).containsExactly(Address.of("help@shop.test", "Support"));
  }

  @Test
  void bccIsEveryEnvelopeRecipientNotInToOrCcOnce() {
    ReceivedMail mail =
        mail(
            "To: Bob <BOB@example.test>\r\n"
                + "Cc: carol@example.test\r\n"
                + "Bcc: someone-else@example.test\r\n"
                + "\r\n");
    assertThat(mail.bcc()).containsExactly(Address.of("hidden@example.test"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "Sat, 14 Mar 2026 15:09:26 +0100                    | 2026-03-14T15:09:26+01:00",
        "Wed, 14 Mar 2026 15:09:26 +0100                    | 2026-03-14T15:09:26+01:00",
        "14 Mar 2026 15:09:26 -0000                          | 2026-03-14T15:09:26Z",
        "Fri, 21 Nov 97 09:55:06 GMT                         | 1997-11-21T09:55:06Z",
        "Fri, 21 Nov 1997 09:55:06 EST                       | 1997-11-21T09:55:06-05:00",
        "Fri, 21 Nov 1997 09:55:06 PDT                       | 1997-11-21T09:55:06-07:00",
        "Thu, 13 Feb 1969 23:32 -0330 (Newfoundland Time)    | 1969-02-13T23:32-03:30",
        "(sent) Tue, 1 Jul 2003 10:52:37 +0200 (CEST)        | 2003-07-01T10:52:37+02:00",
        "Tue,   1 Jul   2003 10:52:37   +0200                | 2003-07-01T10:52:37+02:00",
      })
  void parsesDatesIncludingObsoleteFormsAndComments(String header, String expected) {
    assertThat(mail("Date: " + header + "\r\n\r\n").date())
        .hasValue(OffsetDateTime.parse(expected));
  }

  @Test
  void parsesAFoldedDate() {
    assertThat(mail("Date: Tue,\r\n 1 Jul 2003\r\n\t10:52:37 +0200\r\n\r\n").date())
        .hasValue(OffsetDateTime.of(2003, 7, 1, 10, 52, 37, 0, ZoneOffset.ofHours(2)));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "yesterday",
        "Mon, 31 Feb 2026 10:00:00 +0000",
        "Mon, 2 Feb 2026 25:00:00 +0000",
        "2026-03-14T15:09:26Z",
        "''"
      })
  void hasNoDateForAnUnparseableOrImpossibleOne(String header) {
    assertThat(mail("Date: " + header + "\r\n\r\n").date()).isEmpty();
  }

  @Test
  void hasNoDateWithoutADateHeader() {
    assertThat(mail("Subject: undated\r\n\r\n").date()).isEmpty();
  }

  @Test
  void listsHeadersInOrderAndFindsThemIgnoringCase() {
    ReceivedMail mail =
        mail(
            "Received: from a\r\n"
                + "Received: from b\r\n"
                + "Subject :  spaced out  \r\n"
                + "Message-ID: <123@shop.test>\r\n"
                + "X-Empty:\r\n"
                + "\r\n"
                + "Not-A-Header: in the body\r\n");
    assertThat(mail.headers())
        .containsExactly(
            Header.of("Received", "from a"),
            Header.of("Received", "from b"),
            Header.of("Subject", "spaced out"),
            Header.of("Message-ID", "<123@shop.test>"),
            Header.of("X-Empty", ""));
    assertThat(mail.headers("received")).containsExactly("from a", "from b");
    assertThat(mail.header("RECEIVED")).hasValue("from a");
    assertThat(mail.header("Not-A-Header")).isEmpty();
    assertThat(mail.headers("missing")).isEmpty();
    assertThat(mail.subject()).isEqualTo("spaced out");
    assertThat(mail.messageId()).hasValue("<123@shop.test>");
    assertThat(mail.header("x-empty")).hasValue("");
  }

  @Test
  void rawIsADefensiveCopy() {
    byte[] raw = "Subject: copy\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII);
    ReceivedMail mail = ReceivedMail.of("7", Instant.EPOCH, ENVELOPE, raw);
    raw[0] = 'X';
    byte[] first = mail.raw();
    first[1] = 'X';
    assertThat(mail.raw()).startsWith('S', 'u', 'b');
    assertThat(mail.subject()).isEqualTo("copy");
    assertThat(ReceivedMail.of("7", Instant.EPOCH, ENVELOPE, new byte[] {1, 2, 3, 4}, 1, 2).raw())
        .containsExactly(2, 3);
    assertThatThrownBy(() -> ReceivedMail.of("7", Instant.EPOCH, ENVELOPE, new byte[2], 1, 2))
        .isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void equalityIsIdAndBytesAndToStringSummarises() {
    byte[] raw = "From: Shop <noreply@shop.test>\r\nSubject: Hi\r\n\r\n".getBytes();
    ReceivedMail a = ReceivedMail.of("3", Instant.EPOCH, ENVELOPE, raw);
    ReceivedMail same = ReceivedMail.of("3", Instant.now(), Envelope.builder().build(), raw);
    ReceivedMail otherId = ReceivedMail.of("4", Instant.EPOCH, ENVELOPE, raw);
    assertThat(a).isEqualTo(same).hasSameHashCodeAs(same).isNotEqualTo(otherId);
    assertThat(a)
        .hasToString(
            "ReceivedMail{id=3, from=noreply@shop.test, to=[bob@example.test, Carol@Example.Test,"
                + " hidden@example.test, HIDDEN@example.test], subject=\"Hi\", size="
                + raw.length
                + "}");
    assertThat(ReceivedMail.of("5", Instant.EPOCH, ENVELOPE, new byte[0]).toString())
        .startsWith("ReceivedMail{id=5, from=<bounce@shop.test>,");
  }

  @Test
  void envelopeIsAValue() {
    Envelope e =
        ENVELOPE.toBuilder()
            .tls(TlsMode.STARTTLS, "TLSv1.3", "TLS_AES_256_GCM_SHA384")
            .authenticated("bob", "plain")
            .mailParameter("size", "12")
            .mailParameter("BODY", null)
            .build();
    assertThat(e.mailParameters()).containsExactly(Map.entry("SIZE", "12"), Map.entry("BODY", ""));
    assertThat(e.hasRecipient(" CAROL@example.test ")).isTrue();
    assertThat(e.hasRecipient("dave@example.test")).isFalse();
    assertThat(e.toBuilder().build()).isEqualTo(e).hasSameHashCodeAs(e);
    assertThat(e).isNotEqualTo(ENVELOPE);
    assertThat(e)
        .hasToString(
            "Envelope{mailFrom=<bounce@shop.test>, recipients=[bob@example.test,"
                + " Carol@Example.Test, hidden@example.test, HIDDEN@example.test],"
                + " helo=client.example.test, client=127.0.0.1:40000,"
                + " tls=STARTTLS TLSv1.3 TLS_AES_256_GCM_SHA384, authenticatedUser=bob,"
                + " authMechanism=PLAIN, mailParameters={SIZE=12, BODY=}}");
    assertThat(e.tls())
        .hasValue(Envelope.Tls.of(TlsMode.STARTTLS, "TLSv1.3", "TLS_AES_256_GCM_SHA384"));
    assertThat(e.wasSentOverTls()).isTrue();
    assertThat(e.authenticatedUser()).hasValue("bob");
    assertThat(e.authMechanism()).as("upper case").hasValue("PLAIN");
    assertThat(e.toBuilder().tls(null).build()).isNotEqualTo(e);
    assertThat(e.toBuilder().tls(TlsMode.IMPLICIT, "TLSv1.3", "TLS_AES_256_GCM_SHA384").build())
        .isNotEqualTo(e);
    assertThat(e.toBuilder().authenticated("bob", "LOGIN").build()).isNotEqualTo(e);
    assertThat(e.toBuilder().authenticated("Bob", "PLAIN").build()).isNotEqualTo(e);
    assertThat(e.toBuilder().authenticated(null, null).build().authMechanism()).isEmpty();
    assertThatThrownBy(() -> e.recipients().add("x@example.test"))
        .isInstanceOf(UnsupportedOperationException.class);
    Envelope empty = Envelope.builder().build();
    assertThat(empty.mailFrom()).isEmpty();
    assertThat(empty.heloName()).isEmpty();
    assertThat(empty.authenticatedUser()).isEmpty();
    assertThat(empty.authMechanism()).isEmpty();
    assertThat(empty.tls()).isEmpty();
    assertThat(empty.wasSentOverTls()).isFalse();
    assertThat(empty.clientAddress().getAddress().isLoopbackAddress()).isTrue();
  }

  @Test
  void tlsIsAValue() {
    Envelope.Tls tls =
        Envelope.Tls.of(TlsMode.IMPLICIT, "TLSv1.2", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256");
    assertThat(tls.mode()).isEqualTo(TlsMode.IMPLICIT);
    assertThat(tls.protocol()).isEqualTo("TLSv1.2");
    assertThat(tls.cipherSuite()).isEqualTo("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256");
    assertThat(tls)
        .isEqualTo(
            Envelope.Tls.of(TlsMode.IMPLICIT, "TLSv1.2", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"))
        .hasSameHashCodeAs(
            Envelope.Tls.of(TlsMode.IMPLICIT, "TLSv1.2", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"))
        .isNotEqualTo(
            Envelope.Tls.of(TlsMode.STARTTLS, "TLSv1.2", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"))
        .isNotEqualTo(
            Envelope.Tls.of(TlsMode.IMPLICIT, "TLSv1.3", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"))
        .isNotEqualTo(Envelope.Tls.of(TlsMode.IMPLICIT, "TLSv1.2", "TLS_AES_128_GCM_SHA256"))
        .hasToString("IMPLICIT TLSv1.2 TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256");
    assertThatThrownBy(() -> Envelope.Tls.of(null, "TLSv1.3", "x"))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("mode");
    assertThatThrownBy(() -> Envelope.Tls.of(TlsMode.STARTTLS, " ", "TLS_AES_128_GCM_SHA256"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "The TLS protocol and cipher suite must not be blank, but got protocol=\" \","
                + " cipherSuite=\"TLS_AES_128_GCM_SHA256\"");
  }

  @Test
  void authenticatedNeedsBothUserAndMechanism() {
    assertThatThrownBy(() -> Envelope.builder().authenticated("bob", null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "An authenticated user needs its mechanism and a mechanism its user, but got"
                + " user=bob, mechanism=null");
    assertThatThrownBy(() -> Envelope.builder().authenticated(null, "PLAIN"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "An authenticated user needs its mechanism and a mechanism its user, but got"
                + " user=null, mechanism=PLAIN");
    assertThatThrownBy(() -> Envelope.builder().authenticated("bob", " "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("The AUTH mechanism must not be blank");
    assertThat(Envelope.builder().authenticated("", "login").build().authenticatedUser())
        .hasValue("");
  }

  @Test
  void addressIsAValue() {
    Address named = Address.of("bob@Example.TEST", "Bob \"the\" Builder\\");
    assertThat(named.address()).isEqualTo("bob@Example.TEST");
    assertThat(named.name()).hasValue("Bob \"the\" Builder\\");
    assertThat(named.domain()).isEqualTo("example.test");
    assertThat(named.hasAddress(" BOB@example.test ")).isTrue();
    assertThat(named).hasToString("\"Bob \\\"the\\\" Builder\\\\\" <bob@Example.TEST>");
    assertThat(Address.of("bob@example.test", " ")).isEqualTo(Address.of("bob@example.test"));
    assertThat(Address.of("bob@example.test").name()).isEmpty();
    assertThat(Address.of("bob@example.test")).hasToString("bob@example.test");
    assertThat(Address.of("local").domain()).isEmpty();
    assertThat(named).isNotEqualTo(Address.of("bob@Example.TEST"));
  }

  @Test
  void attachmentIsAValue() {
    byte[] content = {1, 2, 3};
    Attachment a = Attachment.of("a.bin", "Application/Octet-Stream", content, true, "cid1");
    content[0] = 9;
    assertThat(a.bytes()).containsExactly(1, 2, 3);
    a.bytes()[1] = 9;
    assertThat(a.bytes()).containsExactly(1, 2, 3);
    assertThat(a.contentType()).isEqualTo("application/octet-stream");
    assertThat(a.size()).isEqualTo(3);
    assertThat(a)
        .hasToString(
            "Attachment{name=\"a.bin\", contentType=application/octet-stream, size=3, inline,"
                + " contentId=cid1}")
        .isEqualTo(
            Attachment.of("a.bin", "application/octet-stream", new byte[] {1, 2, 3}, true, "cid1"));
    Attachment plain =
        Attachment.of(null, "text/plain", "hé".getBytes(StandardCharsets.UTF_8), false, " ");
    assertThat(plain.name()).isEmpty();
    assertThat(plain.contentId()).isEmpty();
    assertThat(plain.text()).isEqualTo("hé");
    assertThat(plain).hasToString("Attachment{name=\"\", contentType=text/plain, size=3}");
  }

  @Test
  void headerIsAValue() {
    Header h = Header.of("X-Test", "value");
    assertThat(h.hasName("x-test")).isTrue();
    assertThat(h).hasToString("X-Test: value").isEqualTo(Header.of("X-Test", "value"));
    assertThat(h).isNotEqualTo(Header.of("x-test", "value"));
  }

  @Test
  void missingPartsAreEmptyNotNull() {
    ReceivedMail mail = mail("X-Only: this\r\n\r\n");
    assertThat(mail.subject()).isEmpty();
    assertThat(mail.from()).isEmpty();
    assertThat(mail.to()).isEmpty();
    assertThat(mail.messageId()).isEqualTo(Optional.empty());
    assertThat(mail.html()).isEmpty();
    assertThat(mail.attachments()).isEqualTo(List.of());
    assertThat(mail.attachment("x")).isEmpty();
  }

  private static ReceivedMail mail(String raw) {
    return ReceivedMail.of("1", Instant.EPOCH, ENVELOPE, raw.getBytes(StandardCharsets.UTF_8));
  }
}
