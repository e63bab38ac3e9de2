package dev.fakemail;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link AuthMode#USERS} on every protocol, and {@link AuthMode#ANY} beside it. */
class AuthModeTest {
  private static final String BOB = "bob@example.test";

  private FakeMailServer server;

  @BeforeEach
  void startServer() {
    server =
        FakeMailServer.start(
            FakeMailConfig.builder()
                .protocols(Protocol.SMTP, Protocol.POP3, Protocol.LMTP)
                .authMode(AuthMode.USERS)
                .user(BOB, "s3cret: with spaces")
                .user("admin", "root")
                .build());
    server.deliver(BOB, "Subject: for bob\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
  }

  @AfterEach
  void stopServer() {
    server.close();
  }

  @Test
  void pop3UserPassRejectsWrongPasswordsAndUnknownUsersAndLetsTheRightOneIn() {
    try (Pop3Wire pop3 = Pop3Wire.connect(server)) {
      assertThat(pop3.send("USER " + BOB)).startsWith("+OK");
      assertThat(pop3.send("PASS s3cret")).isEqualTo("-ERR Authentication failed.");
      assertThat(pop3.send("STAT")).startsWith("-ERR Not logged in");
      assertThat(pop3.send("USER carol@example.test")).startsWith("+OK");
      assertThat(pop3.send("PASS s3cret: with spaces")).isEqualTo("-ERR Authentication failed.");
      assertThat(pop3.send("USER BOB@Example.TEST")).startsWith("+OK");
      assertThat(pop3.send("PASS s3cret: with spaces")).isEqualTo("+OK Welcome " + BOB);
      assertThat(pop3.send("STAT")).startsWith("+OK 1 ");
    }
  }

  @Test
  void pop3ApopChecksTheDigestOfTheTimestampAndPassword() throws Exception {
    try (Pop3Wire pop3 = Pop3Wire.connect(server)) {
      assertThat(pop3.send("APOP " + BOB + " " + md5(pop3.timestamp() + "wrong")))
          .isEqualTo("-ERR Authentication failed.");
      assertThat(pop3.send("APOP " + BOB)).isEqualTo("-ERR Usage: APOP name digest");
      assertThat(pop3.send("APOP " + BOB + " " + md5(pop3.timestamp() + "s3cret: with spaces")))
          .isEqualTo("+OK Welcome " + BOB);
      assertThat(pop3.send("STAT")).startsWith("+OK 1 ");
    }
  }

  @Test
  void pop3AuthPlainChecksThePassword() {
    try (Pop3Wire pop3 = Pop3Wire.connect(server)) {
      assertThat(pop3.send("AUTH PLAIN " + base64("\0" + BOB + "\0nope")))
          .isEqualTo("-ERR Authentication failed.");
      assertThat(pop3.send("AUTH PLAIN " + base64("\0admin\0root")))
          .as("a user without a domain is at the server's host name")
          .isEqualTo("+OK Welcome admin");
    }
  }

  @Test
  void smtpAuthChecksThePasswordButMailNeedsNoAuth() {
    try (SmtpWire smtp = SmtpWire.connect(server)) {
      assertThat(smtp.send("EHLO client.example.test")).contains("250 AUTH PLAIN LOGIN");
      assertThat(smtp.send("AUTH PLAIN " + base64("\0" + BOB + "\0nope")))
          .isEqualTo("535 5.7.8 Authentication credentials invalid");
      assertThat(smtp.send("AUTH LOGIN " + base64(BOB))).isEqualTo("334 UGFzc3dvcmQ6");
      assertThat(smtp.send(base64("nope")))
          .isEqualTo("535 5.7.8 Authentication credentials invalid");
      assertThat(smtp.send("AUTH PLAIN " + base64("\0" + BOB + "\0s3cret: with spaces")))
          .isEqualTo("235 2.7.0 Authentication successful");
    }
    try (SmtpWire smtp = SmtpWire.connect(server)) {
      assertThat(smtp.send("MAIL FROM:<app@example.test>")).startsWith("250 ");
      assertThat(smtp.send("RCPT TO:<stranger@example.test>"))
          .as("SMTP captures mail for anyone, users or not")
          .startsWith("250 ");
      assertThat(smtp.send("DATA")).startsWith("354 ");
      assertThat(smtp.send("Subject: unauthenticated\r\n\r\n.")).startsWith("250 ");
    }
    assertThat(server.inbox().awaitMessage().envelope().authenticatedUser()).isEmpty();
    assertThat(server.mailbox("stranger@example.test")).hasSize(1);
  }

  @Test
  void lmtpTakesMailOnlyForUsers() {
    try (SmtpWire lmtp = SmtpWire.lmtp(server)) {
      assertThat(lmtp.send("LHLO mta.example.test")).startsWith("250-");
      assertThat(lmtp.send("MAIL FROM:<app@example.test>")).startsWith("250 ");
      assertThat(lmtp.send("RCPT TO:<stranger@example.test>"))
          .isEqualTo("550 5.1.1 <stranger@example.test>: Recipient address rejected: User unknown");
      assertThat(lmtp.send("RCPT TO:<admin>"))
          .isEqualTo("250 2.1.5 Recipient <admin@localhost> OK");
    }
  }

  @Test
  void anyModeLetsEveryoneInWithAnyPassword() {
    try (FakeMailServer any = FakeMailServer.start();
        Pop3Wire pop3 = Pop3Wire.connect(any);
        SmtpWire smtp = SmtpWire.connect(any)) {
      assertThat(pop3.send("APOP whoever@example.test 00000000000000000000000000000000"))
          .isEqualTo("+OK Welcome whoever@example.test");
      assertThat(smtp.send("AUTH PLAIN " + base64("\0whoever\0anything")))
          .isEqualTo("235 2.7.0 Authentication successful");
    }
  }

  private static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  private static String md5(String text) throws Exception {
    return HexFormat.of()
        .formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
  }
}
