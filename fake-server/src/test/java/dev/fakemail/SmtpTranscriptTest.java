package dev.fakemail;

import static dev.fakemail.MailFilter.to;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * SMTP sessions byte for byte over a plain socket: what a person typing into telnet, a sloppy
 * client or a broken network sends, and exactly what the server answers. Reply texts are asserted
 * verbatim: they are what a user sees in a client's error message.
 */
class SmtpTranscriptTest {
  private static final int MAX_LINE = 100;
  private static final int MAX_SIZE = 2000;
  private static final int MAX_RCPT = 3;

  private static final String EHLO_REPLY =
      String.join(
          "\n",
          "250-localhost Hello client.example.test [127.0.0.1]",
          "250-PIPELINING",
          "250-ENHANCEDSTATUSCODES",
          "250-8BITMIME",
          "250-STARTTLS",
          "250-SIZE " + MAX_SIZE,
          "250 AUTH PLAIN LOGIN CRAM-MD5 XOAUTH2 OAUTHBEARER");

  private FakeMailServer server;

  @BeforeEach
  void startServer() {
    server =
        FakeMailServer.start(
            FakeMailConfig.builder()
                .maxLineLength(MAX_LINE)
                .maxMessageSize(MAX_SIZE)
                .maxRecipients(MAX_RCPT)
                .build());
  }

  @AfterEach
  void stopServer() {
    server.close();
  }

  @Test
  void acceptsHandTypedSessionWithBareLfLowerCaseAndNoBrackets() {
    byte[] content =
        ("From: Alice <alice@example.test>\n"
                + "To: bob@example.test\n"
                + "Subject: 안녕하세요, Bob\n"
                + "X-Note: 한글 헤더\n"
                + "\n"
                + "Hello Bob,\n"
                + ".this line started with a dot\n"
                + "..and this one with two\n"
                + "한국어 본문\n")
            .getBytes(StandardCharsets.UTF_8);
    // what the person types: the same, with the leading dots doubled (RFC 5321 section 4.5.2)
    String typed =
        new String(content, StandardCharsets.UTF_8)
            .replace("\n.this", "\n..this")
            .replace("\n..and", "\n...and");
    try (SmtpWire smtp = SmtpWire.connect(server)) {
      smtp.write("helo client.example.test\n");
      assertThat(smtp.reply()).isEqualTo("250 localhost Hello client.example.test [127.0.0.1]");
      smtp.write("mail from:alice@example.test\n");
      assertThat(smtp.reply()).isEqualTo("250 2.1.0 Sender <alice@example.test> OK");
      smtp.write("rcpt to:bob@example.test\n");
      assertThat(smtp.reply()).isEqualTo("250 2.1.5 Recipient <bob@example.test> OK");
      smtp.write("data\n");
      assertThat(smtp.reply()).isEqualTo("354 End data with <CR><LF>.<CR><LF>");
      smtp.write(typed + ".\n");
      assertThat(smtp.reply()).isEqualTo("250 2.0.0 Ok: queued as 1");
      smtp.write("quit\n");
      assertThat(smtp.reply())
          .isEqualTo("221 2.0.0 localhost Service closing transmission channel");
    }

    ReceivedMail mail = server.inbox().awaitMessage(to("bob@example.test"));
    assertThat(mail.raw()).isEqualTo(content);
    assertThat(mail.subject()).isEqualTo("안녕하세요, Bob");
    assertThat(mail.header("X-Note")).hasValue("한글 헤더");
    assertThat(mail.from()).containsExactly(Address.of("alice@example.test", "Alice"));
    assertThat(mail.text())
        .hasValue("Hello Bob,\n.this line started with a dot\n..and this one with two\n한국어 본문\n");
    assertThat(mail.envelope().mailFrom()).isEqualTo("alice@example.test");
    assertThat(mail.envelope().recipients()).containsExactly("bob@example.test");
    assertThat(mail.envelope().heloName()).isEqualTo("client.example.test");
    assertThat(mail.envelope().authenticatedUser()).isEmpty();
    assertThat(mail.envelope().mailParameters()).isEmpty();
  }

  @Test
  void acceptsCommandsInAnyCaseAndStoresMixedLineEndingsAsSent() {
    byte[] content =
        "Subject: mixed\r\nX-A: 1\n\r\nline one\r\nline two\nline three\r\n"
            .getBytes(StandardCharsets.US_ASCII);
    try (SmtpWire smtp = SmtpWire.connect(server)) {
      assertThat(smtp.send("EhLo client.example.test")).isEqualTo(EHLO_REPLY);
      assertThat(smtp.send("MaIl FrOm:<alice@example.test>"))
          .isEqualTo("250 2.1.0 Sender <alice@example.test> OK");
      assertThat(smtp.send("RCPT TO:<bob@example.test>"))
          .isEqualTo("250 2.1.5 Recipient <bob@example.test> OK");
      assertThat(smtp.send("Data")).startsWith("354 ");
      smtp.write(content).write(".\r\n");
      assertThat(smtp.reply()).isEqualTo("250 2.0.0 Ok: queued as 1");
    }
    ReceivedMail mail = server.inbox().awaitMessage();
    assertThat(mail.raw()).isEqualTo(content);
    assertThat(mail.subject()).isEqualTo("mixed");
    assertThat(mail.header("X-A")).hasValue("1");
    assertThat(mail.text()).hasValue("line one\nline two\nline three\n");
  }

  @Test
  void recordsNullSenderAndMailParameters() {
    try (SmtpWire smtp = SmtpWire.connect(server)) {
      assertThat(smtp.send("MAIL FROM:<> SIZE=120 BODY=8BITMIME"))
          .isEqualTo("250 2.1.0 Sender <> OK");
      assertThat(smtp.send("RCPT TO:<bob@example.test>")).startsWith("250 ");
      assertThat(smtp.send("DATA")).startsWith("354 ");
      assertThat(smtp.send("Subject: bounce\r\n\r\nreturned\r\n.")).startsWith("250 ");
    }
    Envelope envelope = server.inbox().awaitMessage().envelope();
    assertThat(envelope.mailFrom()).isEmpty();
    assertThat(envelope.mailParameters())
        .containsExactly(Map.entry("SIZE", "120"), Map.entry("BODY", "8BITMIME"));
    assertThat(envelope.heloName()).isEmpty();
  }

  @Test
  void acceptsASpaceAfterTheColon() {
    try (SmtpWire smtp = SmtpWire.connect(server)) {
      assertThat(smtp.send("MAIL FROM: <alice@example.test>"))
          .isEqualTo("250 2.1.0 Sender <alice@example.test> OK");
      assertThat(smtp.send("RCPT TO: <bob@example.test>"))
          .isEqualTo("250 2.1.5 Recipient <bob@example.test> OK");
    }
  }

  @Test
  void ehloAndHeloStartAFreshTransaction() {
    try (SmtpWire smtp = SmtpWire.connect(server)) {
      assertThat(smtp.send("MAIL FROM:<alice@example.test> SIZE=10")).startsWith("250 ");
      assertThat(smtp.send("RCPT TO:<bob@example.test>")).startsWith("250 ");
      assertThat(smtp.send("EHLO client.example.test")).isEqualTo(EHLO_REPLY);
      assertThat(smtp.send("DATA")).isEqualTo("503 5.5.0 No sender specified");
      assertThat(smtp.send("MAIL FROM:<alice@example.test>")).startsWith("250 ");
      assertThat(smtp.send("HELO other.example.test"))
          .isEqualTo("250 localhost Hello other.example.test [127.0.0.1]");
      assertThat(smtp.send("RCPT TO:<bob@example.test>"))
          .isEqualTo("503 5.5.0 Need MAIL before RCPT");
      deliver(smtp, "Subject: fresh\r\n\r\n");
    }
    Envelope envelope = server.inbox().awaitMessage().envelope();
    assertThat(envelope.heloName()).isEqualTo("other.example.test");
    assertThat(envelope.mailParameters()).isEmpty();
  }

  @Test
  void announcesEhloKeywords() {
    try (SmtpWire smtp = SmtpWire.connect(server)) {
      assertThat(smtp.send("EHLO client.example.test")).isEqualTo(EHLO_REPLY);
    }
  }

  @Test
  void rejectsUnknownCommandWith500AndGoesOn() {
    try (SmtpWire smtp = SmtpWire.connect(server)) {
      assertThat(smtp.send("FROBNICATE now"))
          .isEqualTo("500 5.5.1 Command FROBNICATE unrecognized.");
      assertThat(smtp.send("EXPN staff")).isEqualTo("502 5.3.3 EXPN is not supported");
      assertThat(smtp.send("HELP")).isEqualTo("502 5.3.3 HELP is not supported");
      assertThat(smtp.send("NOOP")).isEqualTo("250 2.0.0 OK");
    }
  }

  @Test
  void rejectsRcptBeforeMail() {
    try (SmtpWire smtp = SmtpWire.connect(server)) {
      assertThat(smtp.send("EHLO client.example.test")).isEqualTo(EHLO_REPLY);
      assertThat(smtp.send("RCPT TO:<bob@example.test>"))
          .isEqualTo("503 5.5.0 Need MAIL before RCPT");
    }
  }

  @Test
  void rejectsDataBeforeMail() {
    try (SmtpWire smtp = SmtpWire.connect(server)) {
      assertThat(smtp.send("DATA")).isEqualTo("503 5.5.0 No sender specified");
    }
  }

  @Test
  void rejectsDataBeforeRcpt() {
    try (SmtpWire smtp = SmtpWire.connect(server)) {
      assertThat(smtp.send("MAIL FROM:<alice@example.test>")).startsWith("250 ");
      assertThat(smtp.send("DATA")).isEqualTo("503 5.5.0 No recipients specified");
      // the transaction is still open: a recipient and DATA now work
      assertThat(smtp.send("RCPT TO:<bob@example.test>")).startsWith("250 ");
      assertThat(smtp.send("DATA")).startsWith("354 ");
      assertThat(smtp.send("Subject: late\r\n\r\n.")).isEqualTo("250 2.0.0 Ok: queued as 1");
    }
    assertThat(server.inbox().awaitMessage().envelope().mailFrom()).isEqualTo("alice@example.test");
  }

  @Test
  void rejectsSecondMailAndKeepsTheFirstSender() {
    try (SmtpWire smtp = SmtpWire.connect(server)) {
      assertThat(smtp.send("MAIL FROM:<alice@example.test>")).startsWith("250 ");
      assertThat(smtp.send("MAIL FROM:<mallory@example.test>"))
          .isEqualTo("503 5.5.1 Sender already specified");
      assertThat(smtp.send("RCPT TO:<bob@example.test>"))
          .isEqualTo("250 2.1.5 Recipient <bob@example.test> OK");
      assertThat(smtp.send("DATA")).startsWith("354 ");
      assertThat(smtp.send("Subject: one sender\r\n\r\n.")).startsWith("250 ");
    }
    assertThat(server.inbox().awaitMessage().envelope().mailFrom()).isEqualTo("alice@example.test");
  }

  @Test
  void rejectsOverLongCommandLineAndGoesOn() {
    try (SmtpWire smtp = SmtpWire.connect(server)) {
      assertThat(smtp.send("NOOP " + "x".repeat(MAX_LINE - 5)))
          .as("a line of exactly the limit, line ending not counted")
          .isEqualTo("250 2.0.0 OK");
      assertThat(smtp.send("NOOP " + "x".repeat(MAX_LINE - 4)))
          .isEqualTo("500 5.5.2 Line too long (the limit is 100 bytes)");
      assertThat(smtp.send("MAIL FROM:<" + "a".repeat(10 * MAX_LINE) + "@example.test>"))
          .isEqualTo("500 5.5.2 Line too long (the limit is 100 bytes)");
      // the over-long MAIL set no sender; the session reads commands in step again
      assertThat(smtp.send("RCPT TO:<bob@example.test>"))
          .isEqualTo("503 5.5.0 Need MAIL before RCPT");
      assertThat(smtp.send("MAIL FROM:<alice@example.test>")).startsWith("250 ");
      assertThat(smtp.send("RCPT TO:<bob@example.test>")).startsWith("250 ");
      assertThat(smtp.send("DATA")).startsWith("354 ");
      assertThat(smtp.send("Subject: after\r\n\r\n.")).isEqualTo("250 2.0.0 Ok: queued as 1");
    }
    assertThat(server.inbox().awaitMessage().subject()).isEqualTo("after");
  }

  @Test
  void refusesMessageWithOverLongLineAfterTheFinalDotAndGoesOn() {
    try (SmtpWire smtp = SmtpWire.connect(server)) {
      deliver(smtp, "Subject: first\r\n\r\nkept\r\n");
      assertThat(smtp.send("MAIL FROM:<alice@example.test>")).startsWith("250 ");
      assertThat(smtp.send("RCPT TO:<bob@example.test>")).startsWith("250 ");
      assertThat(smtp.send("DATA")).startsWith("354 ");
      smtp.write(
          "Subject: too wide\r\n\r\n"
              + "y".repeat(MAX_LINE)
              + "\r\n"
              + "z".repeat(5 * MAX_LINE)
              + "\r\nthe rest\r\n");
      assertThat(smtp.send("."))
          .isEqualTo(
              "554 5.6.0 Line 4 of the message is longer than the limit of 100 bytes;"
                  + " it was not stored");
      assertThat(smtp.send("NOOP")).isEqualTo("250 2.0.0 OK");
      // the refused transaction is over: a new one starts from MAIL
      assertThat(smtp.send("RCPT TO:<bob@example.test>"))
          .isEqualTo("503 5.5.0 Need MAIL before RCPT");
      deliver(smtp, "Subject: third\r\n\r\nkept too\r\n");
    }
    assertThat(server.inbox().awaitMessages(MailFilter.any(), 2, Duration.ofSeconds(5)))
        .extracting(ReceivedMail::subject)
        .containsExactly("first", "third");
    assertThat(server.inbox().messages()).hasSize(2);
  }

  @Test
  void refusesDeclaredSizeOverTheLimitAtMail() {
    try (SmtpWire smtp = SmtpWire.connect(server)) {
      assertThat(smtp.send("EHLO client.example.test")).contains("250-SIZE 2000");
      assertThat(smtp.send("MAIL FROM:<alice@example.test> SIZE=2001"))
          .isEqualTo("552 5.3.4 Message size exceeds fixed maximum message size of 2000 bytes");
      assertThat(smtp.send("RCPT TO:<bob@example.test>"))
          .as("the refused MAIL set no sender")
          .isEqualTo("503 5.5.0 Need MAIL before RCPT");
      assertThat(smtp.send("MAIL FROM:<alice@example.test> SIZE=big"))
          .isEqualTo("501 5.5.4 Syntactically incorrect value for SIZE parameter");
      assertThat(smtp.send("MAIL FROM:<alice@example.test> SIZE=2000"))
          .isEqualTo("250 2.1.0 Sender <alice@example.test> OK");
    }
  }

  @Test
  void refusesMessageOverTheLimitAfterTheFinalDotAndStoresNothing() {
    String header = "Subject: exact\r\n\r\n";
    String atLimit = header + ("x".repeat(88) + "\r\n").repeat(22) + "\r\n";
    assertThat(atLimit).hasSize(MAX_SIZE);
    try (SmtpWire smtp = SmtpWire.connect(server)) {
      deliver(smtp, "Subject: small\r\n\r\nfits\r\n");
      assertThat(smtp.send("MAIL FROM:<alice@example.test>")).startsWith("250 ");
      assertThat(smtp.send("RCPT TO:<bob@example.test>")).startsWith("250 ");
      assertThat(smtp.send("DATA")).startsWith("354 ");
      // 30 lines of 90 bytes: every line is within the line limit, the whole is over SIZE
      smtp.write("Subject: big\r\n\r\n" + ("z".repeat(88) + "\r\n").repeat(30));
      assertThat(smtp.send("."))
          .isEqualTo(
              "552 5.3.4 Message size exceeds fixed maximum message size of 2000 bytes;"
                  + " it was not stored");
      assertThat(smtp.send("NOOP")).isEqualTo("250 2.0.0 OK");
      // exactly the limit (after dot-unstuffing) is accepted
      deliver(smtp, atLimit);
    }
    assertThat(server.inbox().awaitMessages(MailFilter.any(), 2, Duration.ofSeconds(5)))
        .extracting(ReceivedMail::subject)
        .containsExactly("small", "exact");
    assertThat(server.inbox().messages()).hasSize(2);
    assertThat(server.inbox().messages().get(1).size()).isEqualTo(MAX_SIZE);
  }

  @Test
  void refusesRecipientsOverTheLimitWith452() {
    try (SmtpWire smtp = SmtpWire.connect(server)) {
      assertThat(smtp.send("MAIL FROM:<alice@example.test>")).startsWith("250 ");
      for (int i = 1; i <= MAX_RCPT; i++) {
        assertThat(smtp.send("RCPT TO:<r" + i + "@example.test>"))
            .isEqualTo("250 2.1.5 Recipient <r" + i + "@example.test> OK");
      }
      assertThat(smtp.send("RCPT TO:<r4@example.test>"))
          .isEqualTo("452 4.5.3 Requested action not taken: max recipients reached");
      assertThat(smtp.send("DATA")).startsWith("354 ");
      assertThat(smtp.send("Subject: many\r\n\r\n.")).startsWith("250 ");
    }
    assertThat(server.inbox().awaitMessage().envelope().recipients())
        .containsExactly("r1@example.test", "r2@example.test", "r3@example.test");
  }

  @Test
  void answersVrfyWith252() {
    try (SmtpWire smtp = SmtpWire.connect(server)) {
      assertThat(smtp.send("VRFY bob@example.test"))
          .isEqualTo("252 2.5.2 Cannot VRFY bob@example.test, but will accept mail for it");
      assertThat(smtp.send("VRFY")).isEqualTo("501 5.5.4 Syntax: VRFY <address>");
    }
  }

  @Test
  void answersNoopRsetAndQuit() {
    try (SmtpWire smtp = SmtpWire.connect(server)) {
      assertThat(smtp.send("NOOP")).isEqualTo("250 2.0.0 OK");
      assertThat(smtp.send("MAIL FROM:<alice@example.test>")).startsWith("250 ");
      assertThat(smtp.send("RCPT TO:<bob@example.test>")).startsWith("250 ");
      assertThat(smtp.send("RSET")).isEqualTo("250 2.0.0 OK");
      assertThat(smtp.send("DATA"))
          .as("RSET ended the transaction")
          .isEqualTo("503 5.5.0 No sender specified");
      assertThat(smtp.send("QUIT"))
          .isEqualTo("221 2.0.0 localhost Service closing transmission channel");
      assertThat(smtp.readUntilClosed()).isEmpty();
    }
    assertThat(server.inbox().messages()).isEmpty();
  }

  @Test
  void acceptsAuthPlainWithAnyCredentials() {
    try (SmtpWire smtp = SmtpWire.connect(server)) {
      assertThat(smtp.send("EHLO client.example.test")).isEqualTo(EHLO_REPLY);
      // "\0bob\0secret"
      assertThat(smtp.send("AUTH PLAIN AGJvYgBzZWNyZXQ="))
          .isEqualTo("235 2.7.0 Authentication successful");
      assertThat(smtp.send("AUTH PLAIN AGJvYgBzZWNyZXQ="))
          .isEqualTo("503 5.5.1 Already authenticated; AUTH may be given only once per session");
      deliver(smtp, "Subject: authenticated\r\n\r\n");
    }
    assertThat(server.inbox().awaitMessage().envelope().authenticatedUser()).hasValue("bob");
  }

  @Test
  void acceptsAuthPlainWithTheCredentialsOnTheNextLine() {
    try (SmtpWire smtp = SmtpWire.connect(server)) {
      assertThat(smtp.send("EHLO client.example.test")).isEqualTo(EHLO_REPLY);
      assertThat(smtp.send("AUTH PLAIN")).isEqualTo("334 ");
      // "carol\0carol\0wrong-but-accepted"
      assertThat(smtp.send("Y2Fyb2wAY2Fyb2wAd3JvbmctYnV0LWFjY2VwdGVk"))
          .isEqualTo("235 2.7.0 Authentication successful");
      deliver(smtp, "Subject: authenticated\r\n\r\n");
    }
    assertThat(server.inbox().awaitMessage().envelope().authenticatedUser()).hasValue("carol");
  }

  @Test
  void acceptsAuthLoginWithAnyCredentials() {
    try (SmtpWire smtp = SmtpWire.connect(server)) {
      assertThat(smtp.send("EHLO client.example.test")).isEqualTo(EHLO_REPLY);
      assertThat(smtp.send("AUTH LOGIN")).isEqualTo("334 VXNlcm5hbWU6"); // "Username:"
      assertThat(smtp.send("ZGF2ZQ==")).isEqualTo("334 UGFzc3dvcmQ6"); // "dave", "Password:"
      assertThat(smtp.send("YW55dGhpbmc=")).isEqualTo("235 2.7.0 Authentication successful");
      deliver(smtp, "Subject: authenticated\r\n\r\n");
    }
    assertThat(server.inbox().awaitMessage().envelope().authenticatedUser()).hasValue("dave");
  }

  @Test
  void abortsAuthOnAsteriskAndGoesOn() {
    try (SmtpWire smtp = SmtpWire.connect(server)) {
      assertThat(smtp.send("AUTH LOGIN")).isEqualTo("334 VXNlcm5hbWU6");
      assertThat(smtp.send("*")).isEqualTo("501 5.0.0 Authentication cancelled");
      deliver(smtp, "Subject: anonymous\r\n\r\n");
    }
    assertThat(server.inbox().awaitMessage().envelope().authenticatedUser()).isEmpty();
  }

  @Test
  void answersPipelinedCommandsInOrder() {
    try (SmtpWire smtp = SmtpWire.connect(server)) {
      assertThat(smtp.send("EHLO client.example.test")).contains("250-PIPELINING");
      smtp.write(
          "MAIL FROM:<alice@example.test>\r\n"
              + "RCPT TO:<bob@example.test>\r\n"
              + "RCPT TO:<carol@example.test>\r\n"
              + "DATA\r\n");
      assertThat(smtp.reply()).isEqualTo("250 2.1.0 Sender <alice@example.test> OK");
      assertThat(smtp.reply()).isEqualTo("250 2.1.5 Recipient <bob@example.test> OK");
      assertThat(smtp.reply()).isEqualTo("250 2.1.5 Recipient <carol@example.test> OK");
      assertThat(smtp.reply()).isEqualTo("354 End data with <CR><LF>.<CR><LF>");
      // the message, its final dot and the next transaction in one write as well
      smtp.write(
          "Subject: pipelined\r\n\r\nbody\r\n.\r\n"
              + "MAIL FROM:<alice@example.test>\r\n"
              + "RCPT TO:<dave@example.test>\r\n"
              + "DATA\r\n"
              + "Subject: second\r\n\r\n.\r\n"
              + "QUIT\r\n");
      assertThat(smtp.reply()).isEqualTo("250 2.0.0 Ok: queued as 1");
      assertThat(smtp.reply()).startsWith("250 2.1.0");
      assertThat(smtp.reply()).startsWith("250 2.1.5");
      assertThat(smtp.reply()).startsWith("354 ");
      assertThat(smtp.reply()).isEqualTo("250 2.0.0 Ok: queued as 2");
      assertThat(smtp.reply()).startsWith("221 ");
    }
    ReceivedMail first = server.inbox().awaitMessage(MailFilter.subject("pipelined"));
    assertThat(first.envelope().recipients())
        .containsExactly("bob@example.test", "carol@example.test");
    assertThat(first.raw())
        .isEqualTo("Subject: pipelined\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII));
    assertThat(server.inbox().awaitMessage(MailFilter.subject("second")).envelope().recipients())
        .containsExactly("dave@example.test");
  }

  @Test
  void reassemblesCommandsSplitAcrossWrites() {
    try (SmtpWire smtp = SmtpWire.connect(server)) {
      smtp.write("MA").write("IL FROM:<al").write("ice@example.test>\r").write("\n");
      assertThat(smtp.reply()).isEqualTo("250 2.1.0 Sender <alice@example.test> OK");
      smtp.write("RCPT TO:<bob@example.test>").write("\r\nDA").write("TA\r\n");
      assertThat(smtp.reply()).startsWith("250 2.1.5");
      assertThat(smtp.reply()).startsWith("354 ");
      smtp.write("Subject: split\r").write("\n\r\nbo").write("dy\r\n.").write("\r").write("\n");
      assertThat(smtp.reply()).isEqualTo("250 2.0.0 Ok: queued as 1");
    }
    assertThat(server.inbox().awaitMessage().raw())
        .isEqualTo("Subject: split\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII));
  }

  @Test
  void storesNothingWhenTheClientVanishesMidDataAndServesTheNextClient() {
    try (SmtpWire smtp = SmtpWire.connect(server)) {
      deliver(smtp, "Subject: before\r\n\r\nintact\r\n");
    }
    try (SmtpWire smtp = SmtpWire.connect(server)) {
      assertThat(smtp.send("MAIL FROM:<alice@example.test>")).startsWith("250 ");
      assertThat(smtp.send("RCPT TO:<bob@example.test>")).startsWith("250 ");
      assertThat(smtp.send("DATA")).startsWith("354 ");
      // a dot line that is not the final dot, then the connection drops
      smtp.write("Subject: lost\r\n\r\nhalf a message\r\n.\r");
    }
    try (SmtpWire smtp = SmtpWire.connect(server)) {
      deliver(smtp, "Subject: after\r\n\r\nserved\r\n");
    }
    assertThat(server.inbox().awaitMessage(MailFilter.subject("after")).text())
        .hasValue("served\n");
    assertThat(server.inbox().messages())
        .extracting(ReceivedMail::subject)
        .containsExactly("before", "after");
    assertThat(server.inbox().messages().get(0).text()).hasValue("intact\n");
  }

  @Test
  void closesAnIdleConnectionWith421() {
    try (FakeMailServer impatient =
            FakeMailServer.start(
                FakeMailConfig.builder().idleTimeout(Duration.ofMillis(300)).build());
        SmtpWire smtp = SmtpWire.open(impatient)) {
      // everything in one write, so that no pause of ours can be taken for idleness; then the
      // client falls silent in the middle of DATA
      smtp.write(
          "MAIL FROM:<alice@example.test>\r\n"
              + "RCPT TO:<bob@example.test>\r\n"
              + "DATA\r\n"
              + "Subject: never finished\r\n\r\n");
      assertThat(smtp.readUntilClosed())
          .isEqualTo(
              "220 localhost ESMTP FakeMail\r\n"
                  + "250 2.1.0 Sender <alice@example.test> OK\r\n"
                  + "250 2.1.5 Recipient <bob@example.test> OK\r\n"
                  + "354 End data with <CR><LF>.<CR><LF>\r\n"
                  + "421 4.4.2 localhost Error: timeout exceeded, closing connection\r\n");
      assertThat(impatient.inbox().messages()).isEmpty();
    }
  }

  @Test
  void receivedHeaderNamesHeloModeAndAuthAndSurvivesARefusedMessage() {
    try (FakeMailServer stamping =
            FakeMailServer.start(
                FakeMailConfig.builder().receivedHeader(true).maxMessageSize(MAX_SIZE).build());
        SmtpWire smtp = SmtpWire.connect(stamping)) {
      assertThat(smtp.send("HELO client.example.test")).startsWith("250 ");
      deliver(smtp, "Subject: first of the connection\r\n\r\n");
      // a message over SIZE releases the buffer; the next one must still get its header
      assertThat(smtp.send("MAIL FROM:<alice@example.test>")).startsWith("250 ");
      assertThat(smtp.send("RCPT TO:<bob@example.test>")).startsWith("250 ");
      assertThat(smtp.send("DATA")).startsWith("354 ");
      smtp.write(("z".repeat(88) + "\r\n").repeat(30));
      assertThat(smtp.send(".")).startsWith("552 ");
      assertThat(smtp.send("EHLO client.example.test")).startsWith("250-");
      assertThat(smtp.send("AUTH PLAIN AGJvYgBzZWNyZXQ=")).startsWith("235 ");
      assertThat(smtp.send("MAIL FROM:<alice@example.test>")).startsWith("250 ");
      assertThat(smtp.send("RCPT TO:<bob@example.test>")).startsWith("250 ");
      assertThat(smtp.send("RCPT TO:<carol@example.test>")).startsWith("250 ");
      assertThat(smtp.send("DATA")).startsWith("354 ");
      assertThat(smtp.send("Subject: after the refusal\r\n\r\n.")).startsWith("250 ");

      var mails = stamping.inbox().awaitMessages(MailFilter.any(), 2, Duration.ofSeconds(5));
      assertThat(new String(mails.get(0).raw(), StandardCharsets.US_ASCII))
          .matches(
              "Received: from client\\.example\\.test \\(\\[127\\.0\\.0\\.1\\]\\)\r\n"
                  + "\tby localhost \\(FakeMail\\) with SMTP\r\n"
                  + "\tfor <bob@example\\.test>;\r\n"
                  + "\t[^\r\n]+\r\n"
                  + "Subject: first of the connection\r\n\r\n");
      assertThat(new String(mails.get(1).raw(), StandardCharsets.US_ASCII))
          .matches(
              "Received: from client\\.example\\.test \\(\\[127\\.0\\.0\\.1\\]\\)\r\n"
                  + "\tby localhost \\(FakeMail\\) with ESMTPA;\r\n"
                  + "\t[^\r\n]+\r\n"
                  + "Subject: after the refusal\r\n\r\n");
      assertThat(mails.get(1).header("Received").orElseThrow())
          .startsWith(
              "from client.example.test ([127.0.0.1])\tby localhost (FakeMail) with ESMTPA;");
    }
  }

  @Test
  void answersAuthErrorsWith501And504AndGoesOn() {
    try (SmtpWire smtp = SmtpWire.connect(server)) {
      assertThat(smtp.send("AUTH"))
          .isEqualTo("501 5.5.4 Syntax: AUTH mechanism [initial-response]");
      assertThat(smtp.send("AUTH GSSAPI"))
          .isEqualTo(
              "504 5.5.4 Unrecognized authentication mechanism GSSAPI;"
                  + " this server offers PLAIN LOGIN CRAM-MD5 XOAUTH2 OAUTHBEARER");
      assertThat(smtp.send("AUTH PLAIN not*base64"))
          .isEqualTo("501 5.5.2 Cannot decode the response: it is not base64");
      // "bob\0secret": one NUL only
      assertThat(smtp.send("AUTH PLAIN Ym9iAHNlY3JldA=="))
          .isEqualTo(
              "501 5.5.2 Malformed AUTH PLAIN response: expected authzid NUL authcid NUL password");
      assertThat(smtp.send("AUTH LOGIN")).isEqualTo("334 VXNlcm5hbWU6");
      assertThat(smtp.send("%%%"))
          .isEqualTo("501 5.5.2 Cannot decode the response: it is not base64");
      assertThat(smtp.send("AUTH LOGIN")).isEqualTo("334 VXNlcm5hbWU6");
      assertThat(smtp.send("*")).isEqualTo("501 5.0.0 Authentication cancelled");
      assertThat(smtp.send("MAIL FROM:<alice@example.test>")).startsWith("250 ");
      assertThat(smtp.send("AUTH PLAIN AGJvYgBzZWNyZXQ="))
          .isEqualTo("503 5.5.1 AUTH is not permitted during a mail transaction");
      assertThat(smtp.send("RSET")).startsWith("250 ");
      deliver(smtp, "Subject: still unauthenticated\r\n\r\n");
    }
    assertThat(server.inbox().awaitMessage().envelope().authenticatedUser()).isEmpty();
  }

  @Test
  void recordsAnyUserNameExactlyAsSent() {
    try (SmtpWire smtp = SmtpWire.connect(server)) {
      // AUTH LOGIN with an initial response: "Dave@Example@Host" (not an address at all), then
      // "pw"
      assertThat(smtp.send("AUTH LOGIN RGF2ZUBFeGFtcGxlQEhvc3Q=")).isEqualTo("334 UGFzc3dvcmQ6");
      assertThat(smtp.send("cHc=")).isEqualTo("235 2.7.0 Authentication successful");
      deliver(smtp, "Subject: odd user\r\n\r\n");
    }
    assertThat(server.inbox().awaitMessage().envelope().authenticatedUser())
        .hasValue("Dave@Example@Host");
  }

  @Test
  void refusesDataWithAnArgumentAndUnsupportedRcptParameters() {
    try (SmtpWire smtp = SmtpWire.connect(server)) {
      assertThat(smtp.send("MAIL FROM:<alice@example.test>")).startsWith("250 ");
      assertThat(smtp.send("RCPT TO:<bob@example.test> NOTIFY=SUCCESS"))
          .isEqualTo("555 5.5.4 Unsupported RCPT TO parameter NOTIFY");
      assertThat(smtp.send("RCPT TO:<bob@example.test>")).startsWith("250 ");
      assertThat(smtp.send("DATA now")).isEqualTo("501 5.5.4 Syntax: DATA takes no argument");
      assertThat(smtp.send("DATA")).isEqualTo("354 End data with <CR><LF>.<CR><LF>");
      smtp.write("Subject: after the refusals\r\n\r\n");
      assertThat(smtp.send(".")).startsWith("250 2.0.0 Ok: queued as ");
    }
    assertThat(server.inbox().awaitMessage().envelope().recipients())
        .containsExactly("bob@example.test");
  }

  /** One whole transaction with the given content (CRLF line endings, no final dot). */
  private static void deliver(SmtpWire smtp, String content) {
    assertThat(smtp.send("MAIL FROM:<alice@example.test>")).startsWith("250 ");
    assertThat(smtp.send("RCPT TO:<bob@example.test>")).startsWith("250 ");
    assertThat(smtp.send("DATA")).startsWith("354 ");
    smtp.write(content);
    assertThat(smtp.send(".")).startsWith("250 2.0.0 Ok: queued as ");
  }
}
