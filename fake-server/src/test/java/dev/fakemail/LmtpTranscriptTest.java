package dev.fakemail;

import static dev.fakemail.MailFilter.to;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** LMTP (RFC 2033) byte for byte: LHLO, one reply per recipient after DATA, the same store. */
class LmtpTranscriptTest {
  private static final String LHLO_REPLY =
      String.join(
          "\n",
          "250-localhost Hello mta.example.test [127.0.0.1]",
          "250-PIPELINING",
          "250-ENHANCEDSTATUSCODES",
          "250-8BITMIME",
          "250 SIZE 2000");

  private static FakeMailConfig.Builder lmtp() {
    return FakeMailConfig.builder().protocols(Protocol.LMTP, Protocol.POP3).maxMessageSize(2000);
  }

  @Test
  void repliesOncePerRecipientAfterTheFinalDotAndFilesIntoTheSameStore() {
    try (FakeMailServer server = FakeMailServer.start(lmtp().build());
        SmtpWire lmtp = SmtpWire.lmtp(server)) {
      assertThat(lmtp.send("LHLO mta.example.test")).isEqualTo(LHLO_REPLY);
      assertThat(lmtp.send("MAIL FROM:<alice@example.test>"))
          .isEqualTo("250 2.1.0 Sender <alice@example.test> OK");
      assertThat(lmtp.send("RCPT TO:<bob@example.test>"))
          .isEqualTo("250 2.1.5 Recipient <bob@example.test> OK");
      assertThat(lmtp.send("RCPT TO:<carol+news@example.test>"))
          .isEqualTo("250 2.1.5 Recipient <carol+news@example.test> OK");
      assertThat(lmtp.send("DATA")).isEqualTo("354 End data with <CR><LF>.<CR><LF>");
      lmtp.write("Subject: by LMTP\r\n\r\nHello\r\n.\r\n");
      assertThat(lmtp.reply()).isEqualTo("250 2.0.0 <bob@example.test> Ok: queued as 1");
      assertThat(lmtp.reply()).isEqualTo("250 2.0.0 <carol+news@example.test> Ok: queued as 1");
      assertThat(lmtp.send("QUIT"))
          .isEqualTo("221 2.0.0 localhost Service closing transmission channel");

      ReceivedMail mail = server.inbox().awaitMessage(to("bob@example.test"));
      assertThat(server.inbox().messages()).as("once in the capture log").hasSize(1);
      assertThat(mail.envelope().heloName()).isEqualTo("mta.example.test");
      assertThat(server.mailbox("bob@example.test")).containsExactly(mail);
      assertThat(server.mailbox("carol@example.test")).containsExactly(mail);
      try (Pop3Wire pop3 = Pop3Wire.login(server, "carol@example.test", "x")) {
        assertThat(pop3.sendMulti("RETR 1")).contains("Subject: by LMTP", "Hello");
      }
    }
  }

  @Test
  void usersModeRefusesUnknownRecipientsAndRepliesForTheOthers() {
    FakeMailConfig config =
        lmtp().authMode(AuthMode.USERS).user("bob@example.test", "secret").build();
    try (FakeMailServer server = FakeMailServer.start(config);
        SmtpWire lmtp = SmtpWire.lmtp(server)) {
      assertThat(lmtp.send("LHLO mta.example.test")).isEqualTo(LHLO_REPLY);
      assertThat(lmtp.send("MAIL FROM:<alice@example.test>")).startsWith("250 ");
      assertThat(lmtp.send("RCPT TO:<carol@example.test>"))
          .isEqualTo("550 5.1.1 <carol@example.test>: Recipient address rejected: User unknown");
      assertThat(lmtp.send("RCPT TO:<bob+lists@example.test>"))
          .as("plus-detail of a user")
          .isEqualTo("250 2.1.5 Recipient <bob+lists@example.test> OK");
      assertThat(lmtp.send("RCPT TO:<BOB@example.test>"))
          .isEqualTo("250 2.1.5 Recipient <BOB@example.test> OK");
      assertThat(lmtp.send("DATA")).startsWith("354 ");
      lmtp.write("Subject: users\r\n\r\n.\r\n");
      assertThat(lmtp.reply()).isEqualTo("250 2.0.0 <bob+lists@example.test> Ok: queued as 1");
      assertThat(lmtp.reply()).isEqualTo("250 2.0.0 <BOB@example.test> Ok: queued as 1");

      assertThat(server.inbox().awaitMessage().envelope().recipients())
          .containsExactly("bob+lists@example.test", "BOB@example.test");
      assertThat(server.mailbox("bob@example.test")).as("once per mailbox").hasSize(1);
      assertThat(server.mailbox("carol@example.test")).isEmpty();

      assertThat(lmtp.send("MAIL FROM:<alice@example.test>")).startsWith("250 ");
      assertThat(lmtp.send("RCPT TO:<carol@example.test>")).startsWith("550 5.1.1 ");
      assertThat(lmtp.send("DATA")).isEqualTo("503 5.5.0 No recipients specified");
    }
  }

  @Test
  void aMessageThatCannotBeStoredGetsTheSameErrorForEachRecipient() {
    try (FakeMailServer server = FakeMailServer.start(lmtp().build());
        SmtpWire lmtp = SmtpWire.lmtp(server)) {
      assertThat(lmtp.send("LHLO mta.example.test")).startsWith("250-");
      assertThat(lmtp.send("MAIL FROM:<alice@example.test>")).startsWith("250 ");
      assertThat(lmtp.send("RCPT TO:<bob@example.test>")).startsWith("250 ");
      assertThat(lmtp.send("RCPT TO:<carol@example.test>")).startsWith("250 ");
      assertThat(lmtp.send("DATA")).startsWith("354 ");
      lmtp.write(
          "Subject: big\r\n\r\n"
              + "x".repeat(70)
              + "\r\n".repeat(40)
              + "x".repeat(2000)
              + "\r\n.\r\n");
      String tooBig =
          "552 5.3.4 Message size exceeds fixed maximum message size of 2000 bytes; it was not"
              + " stored";
      assertThat(lmtp.reply()).isEqualTo(tooBig);
      assertThat(lmtp.reply()).isEqualTo(tooBig);
      assertThat(lmtp.send("NOOP")).isEqualTo("250 2.0.0 OK");
      assertThat(server.inbox().messages()).isEmpty();
      assertThat(server.mailbox("bob@example.test")).isEmpty();
    }
  }

  @Test
  void knowsNeitherHeloNorEhloNorAuth() {
    try (FakeMailServer server = FakeMailServer.start(lmtp().build());
        SmtpWire lmtp = SmtpWire.lmtp(server)) {
      assertThat(lmtp.send("EHLO mta.example.test"))
          .isEqualTo("500 5.5.1 Command EHLO unrecognized.");
      assertThat(lmtp.send("HELO mta.example.test"))
          .isEqualTo("500 5.5.1 Command HELO unrecognized.");
      assertThat(lmtp.send("AUTH PLAIN AGJvYgB4"))
          .isEqualTo("500 5.5.1 Command AUTH unrecognized.");
      assertThat(lmtp.send("LHLO mta.example.test")).isEqualTo(LHLO_REPLY);
    }
  }

  @Test
  void isOffByDefaultAndSaysHowToTurnItOn() {
    try (FakeMailServer server = FakeMailServer.start()) {
      assertThatThrownBy(server::lmtpPort)
          .isInstanceOf(IllegalStateException.class)
          .hasMessage(
              "LMTP is not enabled on this server; enable it with"
                  + " FakeMailConfig.builder().protocols(Protocol.SMTP, Protocol.POP3,"
                  + " Protocol.IMAP, Protocol.LMTP)");
    }
  }
}
