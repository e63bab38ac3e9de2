package dev.fakemail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/** Defaults, validation messages (verbatim), the builder round trip, and what the limits do. */
class FakeMailConfigTest {

  @Test
  void hasDocumentedDefaults() throws Exception {
    FakeMailConfig c = FakeMailConfig.defaults();
    assertThat(c.bindAddress()).isEqualTo(InetAddress.getByName("127.0.0.1"));
    assertThat(c.smtpPort()).isZero();
    assertThat(c.hostname()).isEqualTo("localhost");
    assertThat(c.maxMessageSize()).isEqualTo(64L * 1024 * 1024);
    assertThat(c.maxLineLength()).isEqualTo(64 * 1024);
    assertThat(c.maxRecipients()).isEqualTo(1000);
    assertThat(c.idleTimeout()).isEqualTo(Duration.ofMinutes(5));
    assertThat(c.tlsHandshakeTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(c.awaitTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(c.receivedHeader()).isFalse();
    assertThat(c.maxStoredMessages()).isZero();
    assertThat(c.inboxDomain()).isEqualTo("fakemail.test");
    assertThat(c.ioThreads()).isEqualTo(2);
    assertThat(c.protocols()).containsExactly(Protocol.SMTP, Protocol.POP3, Protocol.IMAP);
    assertThat(c.serves(Protocol.LMTP)).isFalse();
    assertThat(c.pop3Port()).isZero();
    assertThat(c.imapPort()).isZero();
    assertThat(c.lmtpPort()).isZero();
    assertThat(c.serves(Protocol.SMTPS) || c.serves(Protocol.POP3S) || c.serves(Protocol.IMAPS))
        .isFalse();
    assertThat(c.smtpsPort()).isZero();
    assertThat(c.pop3sPort()).isZero();
    assertThat(c.imapsPort()).isZero();
    assertThat(c.serves(Protocol.HTTP)).isFalse();
    assertThat(c.httpPort()).isZero();
    assertThat(c.authMode()).isEqualTo(AuthMode.ANY);
    assertThat(c.users()).isEmpty();
    assertThat(c.stripPlusDetail()).isTrue();
    assertThat(c.preloads()).isEmpty();
    assertThat(c.authMechanisms()).containsExactly(AuthMechanism.values());
    assertThat(c.oauthTokens()).isEmpty();
    assertThat(c.requireTls()).isEmpty();
    assertThat(c.authRequiresTls()).isFalse();
    assertThat(FakeMailConfig.builder().build()).isEqualTo(c).hasSameHashCodeAs(c);
    assertThat(c)
        .hasToString(
            "FakeMailConfig{bindAddress=127.0.0.1, smtpPort=0, hostname=localhost,"
                + " maxMessageSize=67108864, maxLineLength=65536, maxRecipients=1000,"
                + " idleTimeout=PT5M, tlsHandshakeTimeout=PT10S, awaitTimeout=PT5S, receivedHeader=false,"
                + " maxStoredMessages=0, inboxDomain=fakemail.test, ioThreads=2,"
                + " protocols=[SMTP, POP3, IMAP], pop3Port=0, imapPort=0, lmtpPort=0,"
                + " smtpsPort=0, pop3sPort=0, imapsPort=0, httpPort=0,"
                + " authMode=ANY, users=[],"
                + " stripPlusDetail=true, preloads=[],"
                + " authMechanisms=[PLAIN, LOGIN, CRAM_MD5, XOAUTH2, OAUTHBEARER], requireTls=[],"
                + " authRequiresTls=false, maxTranscripts=1000, maxTranscriptEntries=1000,"
                + " maxTranscriptBytes=65536, transcriptCredentials=false, transcriptBodyBytes=0}");
  }

  @Test
  void toBuilderRoundTripsEveryValue() {
    FakeMailConfig c = custom();
    FakeMailConfig copy = c.toBuilder().build();
    assertThat(copy).isEqualTo(c).hasSameHashCodeAs(c).hasToString(c.toString());
    assertThat(copy.bindAddress().getHostAddress()).isEqualTo("0.0.0.0");
    assertThat(copy.smtpPort()).isEqualTo(2525);
    assertThat(copy.hostname()).isEqualTo("mx.example.test");
    assertThat(copy.maxMessageSize()).isEqualTo(1234);
    assertThat(copy.maxLineLength()).isEqualTo(998);
    assertThat(copy.maxRecipients()).isEqualTo(7);
    assertThat(copy.idleTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(copy.awaitTimeout()).isEqualTo(Duration.ofMillis(1500));
    assertThat(copy.receivedHeader()).isTrue();
    assertThat(copy.maxStoredMessages()).isEqualTo(100);
    assertThat(copy.inboxDomain()).isEqualTo("mail.example.test");
    assertThat(copy.ioThreads()).isEqualTo(1);
    assertThat(copy.protocols()).containsExactly(Protocol.SMTP, Protocol.LMTP);
    assertThat(copy.pop3Port()).isEqualTo(1110);
    assertThat(copy.lmtpPort()).isEqualTo(2424);
    assertThat(copy.smtpsPort()).isEqualTo(2465);
    assertThat(copy.pop3sPort()).isEqualTo(2995);
    assertThat(copy.imapsPort()).isEqualTo(2993);
    assertThat(copy.authMode()).isEqualTo(AuthMode.USERS);
    assertThat(copy.users())
        .containsExactly(Map.entry("bob@example.test", "pw:1"), Map.entry("carol", ""));
    assertThat(copy.stripPlusDetail()).isFalse();
    assertThat(copy.preloads())
        .containsExactly(
            FakeMailConfig.Preload.of("bob@example.test", Path.of("mail/bob.eml")),
            FakeMailConfig.Preload.mailboxes(Path.of("seed")));
    assertThat(c.toBuilder().smtpPort(2526).build().smtpPort()).isEqualTo(2526);
    assertThat(c.smtpPort()).as("the original is untouched").isEqualTo(2525);
  }

  @Test
  void differsWhenAnyValueDiffers() {
    FakeMailConfig base = FakeMailConfig.defaults();
    List<UnaryOperator<FakeMailConfig.Builder>> changes =
        List.of(
            b -> b.bindAddress("0.0.0.0"),
            b -> b.smtpPort(1),
            b -> b.hostname("other"),
            b -> b.maxMessageSize(1),
            b -> b.maxLineLength(100),
            b -> b.maxRecipients(1),
            b -> b.idleTimeout(Duration.ZERO),
            b -> b.tlsHandshakeTimeout(Duration.ZERO),
            b -> b.awaitTimeout(Duration.ZERO),
            b -> b.receivedHeader(true),
            b -> b.maxStoredMessages(1),
            b -> b.inboxDomain("other.test"),
            b -> b.ioThreads(3),
            b -> b.protocols(Protocol.SMTP),
            b -> b.pop3Port(1),
            b -> b.lmtpPort(1),
            b -> b.smtpsPort(1),
            b -> b.pop3sPort(1),
            b -> b.imapsPort(1),
            b -> b.httpPort(1),
            b -> b.authMode(AuthMode.USERS),
            b -> b.user("bob@example.test", "x"),
            b -> b.stripPlusDetail(false),
            b -> b.preload("bob@example.test", Path.of("x.eml")),
            b -> b.preload(Path.of("seed")));
    for (UnaryOperator<FakeMailConfig.Builder> change : changes) {
      assertThat(change.apply(base.toBuilder()).build()).isNotEqualTo(base);
    }
  }

  @Test
  void rejectsInvalidValuesWithMessagesThatNameThem() {
    FakeMailConfig.Builder b = FakeMailConfig.builder();
    assertRejected(() -> b.smtpPort(-1), "smtpPort must be between 0 and 65535, was -1");
    assertRejected(() -> b.smtpPort(65536), "smtpPort must be between 0 and 65535, was 65536");
    assertRejected(
        () -> b.hostname(""), "hostname must be a non-empty name without spaces, was \"\"");
    assertRejected(
        () -> b.hostname("mail server"),
        "hostname must be a non-empty name without spaces, was \"mail server\"");
    assertRejected(
        () -> b.hostname("mäil"), "hostname must be a non-empty name without spaces, was \"mäil\"");
    assertRejected(() -> b.maxMessageSize(-1), "maxMessageSize must be at least 0, was -1");
    assertRejected(() -> b.maxLineLength(77), "maxLineLength must be at least 78, was 77");
    assertRejected(() -> b.maxRecipients(-1), "maxRecipients must be at least 0, was -1");
    assertRejected(
        () -> b.idleTimeout(Duration.ofSeconds(-1)), "idleTimeout must not be negative, was PT-1S");
    assertRejected(
        () -> b.tlsHandshakeTimeout(Duration.ofSeconds(-2)),
        "tlsHandshakeTimeout must not be negative, was PT-2S");
    assertRejected(
        () -> b.awaitTimeout(Duration.ofMillis(-5)),
        "awaitTimeout must not be negative, was PT-0.005S");
    assertRejected(() -> b.maxStoredMessages(-1), "maxStoredMessages must be at least 0, was -1");
    assertRejected(
        () -> b.inboxDomain("not a domain"),
        "inboxDomain must be a domain name, was \"not a domain\"");
    assertRejected(
        () -> b.inboxDomain("-dash.test"), "inboxDomain must be a domain name, was \"-dash.test\"");
    assertRejected(() -> b.ioThreads(0), "ioThreads must be between 1 and 64, was 0");
    assertRejected(() -> b.ioThreads(65), "ioThreads must be between 1 and 64, was 65");
    assertRejected(() -> b.pop3Port(-1), "pop3Port must be between 0 and 65535, was -1");
    assertRejected(() -> b.lmtpPort(70000), "lmtpPort must be between 0 and 65535, was 70000");
    assertRejected(() -> b.smtpsPort(-1), "smtpsPort must be between 0 and 65535, was -1");
    assertRejected(() -> b.pop3sPort(65536), "pop3sPort must be between 0 and 65535, was 65536");
    assertRejected(() -> b.imapsPort(-2), "imapsPort must be between 0 and 65535, was -2");
    assertRejected(() -> b.httpPort(-1), "httpPort must be between 0 and 65535, was -1");
    assertRejected(b::protocols, "protocols must name at least one protocol");
    assertRejected(
        () -> b.user("bob smith@example.test", "pw"),
        "user address must be an address without spaces, was \"bob smith@example.test\"");
    assertRejected(
        () -> b.user(" ", "pw"), "user address must be an address without spaces, was \" \"");
    assertRejected(
        () -> b.user("bob@example.test", "a\nb"),
        "the password of bob@example.test must not contain a line break");
    assertRejected(
        () -> b.preload("", Path.of("x")),
        "preload recipient must be an address without spaces, was \"\"");

    assertThatThrownBy(() -> b.hostname(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("hostname");
    assertThatThrownBy(() -> b.idleTimeout(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("idleTimeout");
    assertThatThrownBy(() -> b.bindAddress((InetAddress) null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("bindAddress");
    assertThatThrownBy(() -> b.user("bob@example.test", null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("password");
    assertThatThrownBy(() -> b.authMode(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("authMode");
    assertThatThrownBy(() -> b.protocols(Protocol.SMTP, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("protocol");
    assertThatThrownBy(() -> b.preload((Path) null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("path");
    assertThatThrownBy(() -> FakeMailServer.start(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("config");

    // the builder is still usable, with its defaults, after the rejected calls
    assertThat(b.build()).isEqualTo(FakeMailConfig.defaults());
  }

  @Test
  void acceptsTheBoundaryValues() {
    FakeMailConfig c =
        FakeMailConfig.builder()
            .smtpPort(65535)
            .maxLineLength(78)
            .maxMessageSize(0)
            .maxRecipients(0)
            .idleTimeout(Duration.ZERO)
            .awaitTimeout(Duration.ZERO)
            .ioThreads(64)
            .inboxDomain("a")
            .bindAddress(" 127.0.0.1 ")
            .build();
    assertThat(c.smtpPort()).isEqualTo(65535);
    assertThat(c.bindAddress().getHostAddress()).isEqualTo("127.0.0.1");
  }

  @Test
  void zeroMeansNoLimitForSizeAndRecipients() {
    try (FakeMailServer server =
            FakeMailServer.start(
                FakeMailConfig.builder().maxMessageSize(0).maxRecipients(0).build());
        SmtpWire smtp = SmtpWire.connect(server)) {
      assertThat(smtp.send("EHLO client.example.test")).contains("\n250-SIZE\n");
      assertThat(smtp.send("MAIL FROM:<a@example.test> SIZE=99999999999")).startsWith("250 ");
      StringBuilder rcpts = new StringBuilder();
      int count = 1_100;
      for (int i = 0; i < count; i++) {
        rcpts.append("RCPT TO:<r").append(i).append("@example.test>\r\n");
      }
      smtp.write(rcpts.toString());
      for (int i = 0; i < count; i++) {
        assertThat(smtp.reply()).startsWith("250 2.1.5");
      }
      assertThat(smtp.send("DATA")).startsWith("354 ");
      assertThat(smtp.send("Subject: many\r\n\r\n.")).startsWith("250 ");
      assertThat(server.inbox().awaitMessage().envelope().recipients()).hasSize(count);
    }
  }

  @Test
  void hostnameIsWhatTheServerCallsItself() {
    try (FakeMailServer server =
            FakeMailServer.start(FakeMailConfig.builder().hostname("mx.example.test").build());
        SmtpWire smtp = SmtpWire.connect(server)) {
      assertThat(smtp.send("EHLO client.example.test"))
          .startsWith("250-mx.example.test Hello client.example.test [127.0.0.1]\n");
      assertThat(smtp.send("QUIT"))
          .isEqualTo("221 2.0.0 mx.example.test Service closing transmission channel");
    }
  }

  private static FakeMailConfig custom() {
    return FakeMailConfig.builder()
        .bindAddress("0.0.0.0")
        .smtpPort(2525)
        .hostname("mx.example.test")
        .maxMessageSize(1234)
        .maxLineLength(998)
        .maxRecipients(7)
        .idleTimeout(Duration.ofSeconds(30))
        .awaitTimeout(Duration.ofMillis(1500))
        .receivedHeader(true)
        .maxStoredMessages(100)
        .inboxDomain("mail.example.test")
        .ioThreads(1)
        .protocols(Protocol.LMTP, Protocol.SMTP, Protocol.LMTP)
        .pop3Port(1110)
        .lmtpPort(2424)
        .smtpsPort(2465)
        .pop3sPort(2995)
        .imapsPort(2993)
        .authMode(AuthMode.USERS)
        .user("Bob@Example.test", "old")
        .user("carol", "")
        .user("bob@example.test", "pw:1")
        .stripPlusDetail(false)
        .preload("bob@example.test", Path.of("mail/bob.eml"))
        .preload(Path.of("seed"))
        .build();
  }

  @Test
  void authSettingsAreCheckedAndKept() {
    FakeMailConfig c =
        FakeMailConfig.builder()
            .authMechanisms(AuthMechanism.XOAUTH2, AuthMechanism.PLAIN, AuthMechanism.XOAUTH2)
            .requireTls(Protocol.SMTP, Protocol.IMAP)
            .authRequiresTls(true)
            .build();
    assertThat(c.authMechanisms()).containsExactly(AuthMechanism.XOAUTH2, AuthMechanism.PLAIN);
    assertThat(c.requireTls()).containsExactly(Protocol.SMTP, Protocol.IMAP);
    assertThat(c.authRequiresTls()).isTrue();
    assertThat(c.toBuilder().build()).isEqualTo(c).hasSameHashCodeAs(c);
    assertThat(FakeMailConfig.builder().authMechanisms().build().authMechanisms()).isEmpty();
    assertThatThrownBy(() -> FakeMailConfig.builder().requireTls(Protocol.SMTPS))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "requireTls takes SMTP, POP3 and IMAP, the protocols with STARTTLS; SMTPS is always"
                + " TLS");
    assertThatThrownBy(() -> FakeMailConfig.builder().requireTls(Protocol.LMTP))
        .hasMessage(
            "requireTls takes SMTP, POP3 and IMAP, the protocols with STARTTLS; LMTP has no TLS");
    assertThatThrownBy(() -> FakeMailConfig.builder().oauthToken("bob", "has space"))
        .hasMessage("the OAuth token of bob must be non-empty printable ASCII without spaces");
    assertThat(AuthMechanism.bySaslName("cram-md5")).contains(AuthMechanism.CRAM_MD5);
    assertThat(AuthMechanism.bySaslName("NTLM")).isEmpty();
  }

  @Test
  void usersCompareIgnoringCaseAndNeverPrintTheirPasswords() {
    FakeMailConfig c = custom();
    assertThat(c.users().keySet()).containsExactly("bob@example.test", "carol");
    assertThat(c.toString())
        .contains(", users=[bob@example.test, carol],")
        .contains(", preloads=[bob@example.test=mail/bob.eml, seed],")
        .doesNotContain("pw:1");
    FakeMailConfig withToken = c.toBuilder().oauthToken("Bob@Example.test", "secret-token").build();
    assertThat(withToken.oauthTokens()).containsExactly(entry("bob@example.test", "secret-token"));
    assertThat(withToken.toString())
        .contains(", oauthTokens=[bob@example.test],")
        .doesNotContain("secret-token");
    assertThat(withToken).isNotEqualTo(c).isEqualTo(withToken.toBuilder().build());
    assertThatThrownBy(() -> c.users().put("x", "y"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> c.protocols().add(Protocol.POP3))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  private static void assertRejected(ThrowingCallable call, String message) {
    assertThatThrownBy(call).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
  }
}
