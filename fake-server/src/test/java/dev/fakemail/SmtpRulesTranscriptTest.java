package dev.fakemail;

import static dev.fakemail.MailFilter.to;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * SMTP rules byte for byte: the exact replies, their order with pipelined commands, and when the
 * server closes the connection. Reply texts are asserted verbatim: they are what a user's
 * application logs.
 */
class SmtpRulesTranscriptTest {
  private static final String EHLO_REPLY =
      String.join(
          "\n",
          "250-localhost Hello client.example.test [127.0.0.1]",
          "250-PIPELINING",
          "250-ENHANCEDSTATUSCODES",
          "250-8BITMIME",
          "250-STARTTLS",
          "250-SIZE 2000",
          "250 AUTH PLAIN LOGIN CRAM-MD5 XOAUTH2 OAUTHBEARER");

  private FakeMailServer server;

  @BeforeEach
  void startServer() {
    server =
        FakeMailServer.start(
            FakeMailConfig.builder()
                .maxMessageSize(2000)
                .user("known@example.test", "secret")
                .build());
  }

  @AfterEach
  void stopServer() {
    server.close();
  }

  @Test
  void pipelinedCommandsBehindADelayAreAnsweredInOrder() {
    server.smtp().add(SmtpRule.on(SmtpPhase.MAIL_FROM).delay(Duration.ofMillis(300)).proceed());
    server
        .smtp()
        .add(
            SmtpRule.on(SmtpPhase.RCPT_TO)
                .recipient("full@example.test")
                .reply(452, "4.2.2 Mailbox full"));
    try (SmtpWire smtp = SmtpWire.connect(server)) {
      assertThat(smtp.send("EHLO client.example.test")).isEqualTo(EHLO_REPLY);
      smtp.write(
          "MAIL FROM:<alice@example.test>\r\n"
              + "RCPT TO:<bob@example.test>\r\n"
              + "RCPT TO:<full@example.test>\r\n"
              + "RCPT TO:<carol@example.test>\r\n"
              + "DATA\r\n");
      assertThat(smtp.reply()).isEqualTo("250 2.1.0 Sender <alice@example.test> OK");
      assertThat(smtp.reply()).isEqualTo("250 2.1.5 Recipient <bob@example.test> OK");
      assertThat(smtp.reply()).isEqualTo("452 4.2.2 Mailbox full");
      assertThat(smtp.reply()).isEqualTo("250 2.1.5 Recipient <carol@example.test> OK");
      assertThat(smtp.reply()).isEqualTo("354 End data with <CR><LF>.<CR><LF>");
      assertThat(smtp.send("Subject: pipelined\r\n\r\nhi\r\n."))
          .isEqualTo("250 2.0.0 Ok: queued as 1");
    }
    ReceivedMail mail = server.inbox().awaitMessage();
    assertThat(mail.envelope().recipients())
        .containsExactly("bob@example.test", "carol@example.test");
  }

  @Test
  void delayedEndOfDataThenPipelinedQuit() {
    server.smtp().add(SmtpRule.on(SmtpPhase.END_OF_DATA).delay(Duration.ofMillis(200)).proceed());
    try (SmtpWire smtp = SmtpWire.connect(server)) {
      smtp.write("MAIL FROM:<a@example.test>\r\nRCPT TO:<b@example.test>\r\nDATA\r\n");
      assertThat(smtp.reply()).startsWith("250 ");
      assertThat(smtp.reply()).startsWith("250 ");
      assertThat(smtp.reply()).startsWith("354 ");
      smtp.write("Subject: slow\r\n\r\nbody\r\n.\r\nQUIT\r\n");
      assertThat(smtp.readUntilClosed())
          .isEqualTo(
              "250 2.0.0 Ok: queued as 1\r\n"
                  + "221 2.0.0 localhost Service closing transmission channel\r\n");
    }
    assertThat(server.inbox().awaitMessage().subject()).isEqualTo("slow");
  }

  @Test
  void delayedGreetingComesBeforeTheAnswerToAnEarlyCommand() {
    server.smtp().add(SmtpRule.on(SmtpPhase.CONNECT).delay(Duration.ofMillis(200)).proceed());
    try (SmtpWire smtp = SmtpWire.open(server)) {
      smtp.write("NOOP\r\n");
      assertThat(smtp.reply()).isEqualTo("220 localhost ESMTP FakeMail");
      assertThat(smtp.reply()).isEqualTo("250 2.0.0 OK");
    }
  }

  @Test
  void greeting554ThenEveryCommandButQuitGets503() {
    server
        .smtp()
        .add(
            SmtpRule.on(SmtpPhase.CONNECT)
                .reply(554, "5.3.2 localhost Service currently unavailable"));
    try (SmtpWire smtp = SmtpWire.open(server)) {
      assertThat(smtp.reply()).isEqualTo("554 5.3.2 localhost Service currently unavailable");
      String refused = "503 5.5.1 Bad sequence of commands: this server refused the connection";
      assertThat(smtp.send("EHLO client.example.test")).isEqualTo(refused);
      assertThat(smtp.send("MAIL FROM:<a@example.test>")).isEqualTo(refused);
      assertThat(smtp.send("NOOP")).isEqualTo(refused);
      assertThat(smtp.send("RSET")).isEqualTo(refused);
      smtp.write("QUIT\r\n");
      assertThat(smtp.readUntilClosed())
          .isEqualTo("221 2.0.0 localhost Service closing transmission channel\r\n");
    }
    assertThat(server.smtp().rules().get(0).fired()).isEqualTo(1);
  }

  @Test
  void greeting421ClosesTheConnection() {
    server
        .smtp()
        .add(SmtpRule.on(SmtpPhase.CONNECT).times(1).reply(421, "4.3.2 localhost Try again later"));
    try (SmtpWire smtp = SmtpWire.open(server)) {
      smtp.write("EHLO client.example.test\r\n");
      assertThat(smtp.readUntilClosed()).isEqualTo("421 4.3.2 localhost Try again later\r\n");
    }
    try (SmtpWire smtp = SmtpWire.connect(server)) { // spent after once
      assertThat(smtp.send("NOOP")).isEqualTo("250 2.0.0 OK");
    }
  }

  @Test
  void disconnectAtConnectSendsNothing() {
    server.smtp().add(SmtpRule.on(SmtpPhase.CONNECT).disconnect());
    try (SmtpWire smtp = SmtpWire.open(server)) {
      assertThat(smtp.readUntilClosed()).isEmpty();
    }
  }

  @Test
  void reply421AtMailClosesAndLeavesPipelinedCommandsUnanswered() {
    server.smtp().add(SmtpRule.on(SmtpPhase.MAIL_FROM).reply(421, "4.7.0 localhost Go away"));
    try (SmtpWire smtp = SmtpWire.connect(server)) {
      smtp.write("MAIL FROM:<a@example.test>\r\nRCPT TO:<b@example.test>\r\nNOOP\r\n");
      assertThat(smtp.readUntilClosed()).isEqualTo("421 4.7.0 localhost Go away\r\n");
    }
  }

  @Test
  void hiddenStartTlsIsNotOfferedAndRefusedLikePostfixAndAddedKeywordsAreListed() {
    server.smtp().add(SmtpRule.on(SmtpPhase.EHLO).hideKeywords("starttls", "AUTH"));
    server.smtp().add(SmtpRule.on(SmtpPhase.EHLO).addKeywords("SMTPUTF8", "DSN"));
    try (SmtpWire smtp = SmtpWire.connect(server)) {
      assertThat(smtp.send("EHLO client.example.test"))
          .isEqualTo(
              String.join(
                  "\n",
                  "250-localhost Hello client.example.test [127.0.0.1]",
                  "250-PIPELINING",
                  "250-ENHANCEDSTATUSCODES",
                  "250-8BITMIME",
                  "250-SIZE 2000",
                  "250-SMTPUTF8",
                  "250 DSN"));
      assertThat(smtp.send("STARTTLS")).isEqualTo("502 5.5.1 Error: command not implemented");
      assertThat(smtp.send("AUTH PLAIN AGJvYgBzZWNyZXQ="))
          .isEqualTo("502 5.5.1 Error: command not implemented");
      assertThat(smtp.send("HELO client.example.test"))
          .isEqualTo("250 localhost Hello client.example.test [127.0.0.1]");
    }
    // HELO has no keywords: the rules did not count it
    assertThat(server.smtp().rules()).extracting(RegisteredRule::occurrences).containsExactly(1, 1);
  }

  @Test
  void replyPlaceholdersAndMultiLineReplies() {
    server
        .smtp()
        .add(
            SmtpRule.on(SmtpPhase.RCPT_TO)
                .recipientMatching("[a-z]+@blocked\\.test")
                .reply(550, "5.7.1 <{recipient}>: mail from {sender} refused\nsee policy"));
    try (SmtpWire smtp = SmtpWire.connect(server)) {
      assertThat(smtp.send("MAIL FROM:<alice@example.test>")).startsWith("250 ");
      assertThat(smtp.send("RCPT TO:<Bob@blocked.test>")).startsWith("250 "); // the whole, as given
      assertThat(smtp.send("RCPT TO:<bob@blocked.test>"))
          .isEqualTo(
              "550-5.7.1 <bob@blocked.test>: mail from alice@example.test refused\n550 see policy");
    }
  }

  @Test
  void disconnectAtRcptStoresNothing() {
    server.smtp().add(SmtpRule.on(SmtpPhase.RCPT_TO).recipient("bob@example.test").disconnect());
    try (SmtpWire smtp = SmtpWire.connect(server)) {
      assertThat(smtp.send("MAIL FROM:<a@example.test>")).startsWith("250 ");
      smtp.write("RCPT TO:<bob@example.test>\r\n");
      assertThat(smtp.readUntilClosed()).isEmpty();
    }
    assertThat(server.inbox().messages()).isEmpty();
  }

  @Test
  void disconnectAfterBytesAnswers354ThenClosesMidContent() {
    server.smtp().add(SmtpRule.on(SmtpPhase.DATA).disconnectAfterBytes(20));
    try (SmtpWire smtp = SmtpWire.connect(server)) {
      assertThat(smtp.send("MAIL FROM:<a@example.test>")).startsWith("250 ");
      assertThat(smtp.send("RCPT TO:<b@example.test>")).startsWith("250 ");
      assertThat(smtp.send("DATA")).isEqualTo("354 End data with <CR><LF>.<CR><LF>");
      smtp.write("Subject: cut\r\n\r\n0123456789\r\nmore\r\n");
      assertThat(smtp.readUntilClosed()).isEmpty();
    }
    try (SmtpWire smtp = SmtpWire.connect(server)) {
      assertThat(smtp.send("NOOP")).isEqualTo("250 2.0.0 OK"); // the server is fine
    }
    assertThat(server.inbox().messages()).isEmpty();
  }

  @Test
  void disconnectAfterZeroBytesClosesRightAfterThe354() {
    server.smtp().add(SmtpRule.on(SmtpPhase.DATA).disconnectAfterBytes(0));
    try (SmtpWire smtp = SmtpWire.connect(server)) {
      smtp.write("MAIL FROM:<a@example.test>\r\nRCPT TO:<b@example.test>\r\nDATA\r\n");
      assertThat(smtp.readUntilClosed())
          .isEqualTo(
              "250 2.1.0 Sender <a@example.test> OK\r\n"
                  + "250 2.1.5 Recipient <b@example.test> OK\r\n"
                  + "354 End data with <CR><LF>.<CR><LF>\r\n");
    }
    assertThat(server.inbox().messages()).isEmpty();
  }

  @Test
  void dropAnswers250ButStoresNothing() {
    server.smtp().add(SmtpRule.on(SmtpPhase.END_OF_DATA).nth(1).drop());
    try (SmtpWire smtp = SmtpWire.connect(server)) {
      assertThat(smtp.send("MAIL FROM:<a@example.test>")).startsWith("250 ");
      assertThat(smtp.send("RCPT TO:<b@example.test>")).startsWith("250 ");
      assertThat(smtp.send("DATA")).startsWith("354 ");
      assertThat(smtp.send("Subject: lost\r\n\r\n.")).isEqualTo("250 2.0.0 Ok: queued as D1");
      assertThat(smtp.send("MAIL FROM:<a@example.test>")).startsWith("250 ");
      assertThat(smtp.send("RCPT TO:<b@example.test>")).startsWith("250 ");
      assertThat(smtp.send("DATA")).startsWith("354 ");
      assertThat(smtp.send("Subject: kept\r\n\r\n.")).isEqualTo("250 2.0.0 Ok: queued as 1");
    }
    assertThat(server.inbox().awaitMessage().subject()).isEqualTo("kept");
    assertThat(server.inbox().messages()).hasSize(1);
  }

  @Test
  void refusalAtEndOfDataStoresNothingAndEndsTheTransaction() {
    server
        .smtp()
        .add(
            SmtpRule.on(SmtpPhase.END_OF_DATA)
                .times(1)
                .reply(451, "4.3.0 Error: queue file write error"));
    try (SmtpWire smtp = SmtpWire.connect(server)) {
      assertThat(smtp.send("MAIL FROM:<a@example.test>")).startsWith("250 ");
      assertThat(smtp.send("RCPT TO:<b@example.test>")).startsWith("250 ");
      assertThat(smtp.send("DATA")).startsWith("354 ");
      assertThat(smtp.send("Subject: one\r\n\r\n."))
          .isEqualTo("451 4.3.0 Error: queue file write error");
      assertThat(smtp.send("RCPT TO:<b@example.test>"))
          .isEqualTo("503 5.5.0 Need MAIL before RCPT");
      assertThat(smtp.send("MAIL FROM:<a@example.test>")).startsWith("250 ");
      assertThat(smtp.send("RCPT TO:<b@example.test>")).startsWith("250 ");
      assertThat(smtp.send("DATA")).startsWith("354 ");
      assertThat(smtp.send("Subject: two\r\n\r\n.")).isEqualTo("250 2.0.0 Ok: queued as 1");
    }
    assertThat(server.inbox().messages()).extracting(ReceivedMail::subject).containsExactly("two");
  }

  @Test
  void refusedMailLeavesNoSenderAndRefusedDataKeepsTheTransaction() {
    server.smtp().add(SmtpRule.on(SmtpPhase.MAIL_FROM).nth(1).reply(451, "4.3.0 Try again"));
    server
        .smtp()
        .add(SmtpRule.on(SmtpPhase.DATA).nth(1).reply(452, "4.3.1 Insufficient system storage"));
    try (SmtpWire smtp = SmtpWire.connect(server)) {
      assertThat(smtp.send("MAIL FROM:<a@example.test>")).isEqualTo("451 4.3.0 Try again");
      assertThat(smtp.send("RCPT TO:<b@example.test>"))
          .isEqualTo("503 5.5.0 Need MAIL before RCPT");
      assertThat(smtp.send("MAIL FROM:<a@example.test>")).startsWith("250 ");
      assertThat(smtp.send("RCPT TO:<b@example.test>")).startsWith("250 ");
      assertThat(smtp.send("DATA")).isEqualTo("452 4.3.1 Insufficient system storage");
      assertThat(smtp.send("DATA")).startsWith("354 ");
      assertThat(smtp.send("Subject: second try\r\n\r\n.")).startsWith("250 ");
    }
    assertThat(server.inbox().awaitMessage().envelope().recipients())
        .containsExactly("b@example.test");
  }

  @Test
  void rulesDoNotSeeCommandsJamesRefusesForSequenceOrSyntax() {
    RegisteredRule rcpt = server.smtp().add(SmtpRule.on(SmtpPhase.RCPT_TO).reply(550, "5.0.0 no"));
    try (SmtpWire smtp = SmtpWire.connect(server)) {
      assertThat(smtp.send("RCPT TO:<b@example.test>"))
          .isEqualTo("503 5.5.0 Need MAIL before RCPT");
      assertThat(smtp.send("MAIL FROM:<a@example.test>")).startsWith("250 ");
      assertThat(smtp.send("RCPT bob")).startsWith("501 ");
      assertThat(smtp.send("RCPT TO:<b@example.test>")).isEqualTo("550 5.0.0 no");
    }
    assertThat(server.smtp().rule(rcpt.id()).orElseThrow().occurrences()).isEqualTo(1);
  }

  @Test
  void presetTexts() {
    server.smtp().add(SmtpRule.mailboxFull("Full@Example.test"));
    server.smtp().add(SmtpRule.unknownUsers());
    try (SmtpWire smtp = SmtpWire.connect(server)) {
      assertThat(smtp.send("MAIL FROM:<a@example.test>")).startsWith("250 ");
      assertThat(smtp.send("RCPT TO:<full@example.test>"))
          .isEqualTo("552 5.2.2 <Full@Example.test>: Recipient address rejected: Mailbox full");
      assertThat(smtp.send("RCPT TO:<nobody@example.test>"))
          .isEqualTo(
              "550 5.1.1 <nobody@example.test>: Recipient address rejected: User unknown in local"
                  + " recipient table");
      assertThat(smtp.send("RCPT TO:<Known@example.test>"))
          .isEqualTo("250 2.1.5 Recipient <Known@example.test> OK");
    }
  }

  @Test
  void greylistingRefusesTheFirstAttemptOfAPairAndAcceptsARetry() {
    server.smtp().add(SmtpRule.greylisting());
    try (SmtpWire smtp = SmtpWire.connect(server)) {
      assertThat(smtp.send("MAIL FROM:<a@example.test>")).startsWith("250 ");
      assertThat(smtp.send("RCPT TO:<b@example.test>"))
          .isEqualTo(
              "450 4.2.0 <b@example.test>: Recipient address rejected: Greylisted, please try"
                  + " again later");
    }
    try (SmtpWire smtp = SmtpWire.connect(server)) {
      assertThat(smtp.send("MAIL FROM:<A@example.test>")).startsWith("250 ");
      assertThat(smtp.send("RCPT TO:<B@example.test>")).startsWith("250 ");
      assertThat(smtp.send("RCPT TO:<c@example.test>")).startsWith("450 4.2.0 <c@example.test>");
    }
    RegisteredRule rule = server.smtp().rules().get(0);
    assertThat(rule.occurrences()).isEqualTo(3);
    assertThat(rule.fired()).isEqualTo(2);
  }

  @Test
  void rateLimitPerConnectionAnswers421AndCloses() {
    server.smtp().add(SmtpRule.rateLimitPerConnection(2));
    try (SmtpWire smtp = SmtpWire.connect(server)) {
      for (int i = 0; i < 2; i++) {
        assertThat(smtp.send("MAIL FROM:<a@example.test>")).startsWith("250 ");
        assertThat(smtp.send("RCPT TO:<b@example.test>")).startsWith("250 ");
        assertThat(smtp.send("DATA")).startsWith("354 ");
        assertThat(smtp.send("Subject: " + i + "\r\n\r\n.")).startsWith("250 ");
      }
      smtp.write("MAIL FROM:<a@example.test>\r\n");
      assertThat(smtp.readUntilClosed())
          .isEqualTo(
              "421 4.7.0 localhost Error: too many messages on this connection, closing\r\n");
    }
    try (SmtpWire smtp = SmtpWire.connect(server)) { // a new connection starts from zero
      assertThat(smtp.send("MAIL FROM:<a@example.test>")).startsWith("250 ");
    }
  }

  @Test
  void rateLimitPerMinuteCountsAcrossConnections() {
    server.smtp().add(SmtpRule.rateLimitPerMinute(1));
    try (SmtpWire smtp = SmtpWire.connect(server)) {
      assertThat(smtp.send("MAIL FROM:<a@example.test>")).startsWith("250 ");
      assertThat(smtp.send("RCPT TO:<b@example.test>")).startsWith("250 ");
      assertThat(smtp.send("DATA")).startsWith("354 ");
      assertThat(smtp.send("Subject: one\r\n\r\n.")).startsWith("250 ");
    }
    try (SmtpWire smtp = SmtpWire.connect(server)) {
      smtp.write("MAIL FROM:<a@example.test>\r\n");
      assertThat(smtp.readUntilClosed())
          .isEqualTo("421 4.7.0 localhost Error: too much mail, try again later\r\n");
    }
  }

  @Test
  void rulesOnTheSmtpsListenerToo() {
    FakeMailServer smtps =
        FakeMailServer.start(FakeMailConfig.builder().protocols(Protocol.SMTPS).build());
    try (smtps) {
      smtps.smtp().add(SmtpRule.on(SmtpPhase.MAIL_FROM).reply(451, "4.3.0 Not now"));
      try (SmtpWire smtp = SmtpWire.smtps(smtps)) {
        assertThat(smtp.send("MAIL FROM:<a@example.test>")).isEqualTo("451 4.3.0 Not now");
      }
    }
  }

  @Test
  void lmtpIsNeverAffected() {
    FakeMailServer lmtp =
        FakeMailServer.start(FakeMailConfig.builder().protocols(Protocol.LMTP).build());
    try (lmtp) {
      lmtp.smtp().add(SmtpRule.on(SmtpPhase.CONNECT).reply(421, "4.3.2 no"));
      lmtp.smtp().add(SmtpRule.on(SmtpPhase.RCPT_TO).reply(550, "5.0.0 no"));
      try (SmtpWire wire = SmtpWire.lmtp(lmtp)) {
        assertThat(wire.send("LHLO mta.example.test")).startsWith("250-");
        assertThat(wire.send("MAIL FROM:<a@example.test>")).startsWith("250 ");
        assertThat(wire.send("RCPT TO:<b@example.test>")).startsWith("250 ");
      }
      assertThat(lmtp.smtp().rules()).allSatisfy(r -> assertThat(r.occurrences()).isZero());
    }
  }

  @Test
  void inboxRulesActOnlyOnMailForTheirAddress() {
    Inbox mine = server.newInbox();
    Inbox other = server.newInbox();
    mine.smtp().add(SmtpRule.on(SmtpPhase.RCPT_TO).reply(452, "4.2.2 <{recipient}>: Mailbox full"));
    mine.smtp().add(SmtpRule.on(SmtpPhase.END_OF_DATA).reply(554, "5.7.1 <{recipient}>: refused"));
    try (SmtpWire smtp = SmtpWire.connect(server)) {
      assertThat(smtp.send("MAIL FROM:<a@example.test>")).startsWith("250 ");
      // an inbox's address ignores case; {recipient} is as sent, the domain in lower case
      String local = mine.address().substring(0, mine.address().indexOf('@'));
      assertThat(smtp.send("RCPT TO:<" + local.toUpperCase() + "@FAKEMAIL.test>"))
          .isEqualTo("452 4.2.2 <" + local.toUpperCase() + "@fakemail.test>: Mailbox full");
      assertThat(smtp.send("RCPT TO:<" + other.address() + ">")).startsWith("250 ");
      assertThat(smtp.send("DATA")).startsWith("354 ");
      assertThat(smtp.send("Subject: for other\r\n\r\n.")).startsWith("250 ");
    }
    assertThat(other.awaitMessage().subject()).isEqualTo("for other");
    assertThat(mine.smtp().rules()).extracting(RegisteredRule::fired).containsExactly(1, 0);
    assertThat(server.smtp().rules()).hasSize(2);
    assertThat(other.smtp().rules()).isEmpty();
  }

  @Test
  void inboxRuleAtEndOfDataUsesItsAddressInPlaceholders() {
    Inbox mine = server.newInbox();
    mine.smtp().add(SmtpRule.on(SmtpPhase.END_OF_DATA).reply(554, "5.7.1 <{recipient}>: refused"));
    try (SmtpWire smtp = SmtpWire.connect(server)) {
      assertThat(smtp.send("MAIL FROM:<a@example.test>")).startsWith("250 ");
      assertThat(smtp.send("RCPT TO:<b@example.test>")).startsWith("250 ");
      assertThat(smtp.send("RCPT TO:<" + mine.address() + ">")).startsWith("250 ");
      assertThat(smtp.send("DATA")).startsWith("354 ");
      assertThat(smtp.send("Subject: both\r\n\r\n."))
          .isEqualTo("554 5.7.1 <" + mine.address() + ">: refused");
    }
    assertThat(server.inbox().messages()).isEmpty();
    mine.clear();
    assertThat(server.smtp().rules()).isEmpty();
  }

  @Test
  void delayBeforeStartTlsThenTheUpgradeWorks() {
    server.smtp().add(SmtpRule.on(SmtpPhase.STARTTLS).delay(Duration.ofMillis(100)).proceed());
    try (SmtpWire plain = SmtpWire.connect(server)) {
      assertThat(plain.send("EHLO client.example.test")).isEqualTo(EHLO_REPLY);
      assertThat(plain.send("STARTTLS")).isEqualTo("220 2.0.0 Ready to start TLS");
      try (SmtpWire tls = plain.startTls(server.tls().socketFactory(), "localhost")) {
        assertThat(tls.send("EHLO client.example.test")).doesNotContain("STARTTLS");
        assertThat(tls.send("MAIL FROM:<a@example.test>")).startsWith("250 ");
      }
    }
  }

  @Test
  void replyAtStartTlsAndAuthAndRsetAndQuit() {
    server
        .smtp()
        .add(
            SmtpRule.on(SmtpPhase.STARTTLS)
                .reply(454, "4.7.0 TLS not available due to local problem"));
    server
        .smtp()
        .add(SmtpRule.on(SmtpPhase.AUTH).reply(454, "4.7.0 Temporary authentication failure"));
    server.smtp().add(SmtpRule.on(SmtpPhase.RSET).reply(421, "4.4.2 localhost Bye"));
    try (SmtpWire smtp = SmtpWire.connect(server)) {
      assertThat(smtp.send("STARTTLS"))
          .isEqualTo("454 4.7.0 TLS not available due to local problem");
      assertThat(smtp.send("AUTH PLAIN AGJvYgBzZWNyZXQ="))
          .isEqualTo("454 4.7.0 Temporary authentication failure");
      smtp.write("RSET\r\n");
      assertThat(smtp.readUntilClosed()).isEqualTo("421 4.4.2 localhost Bye\r\n");
    }
    server.smtp().clear();
    server.smtp().add(SmtpRule.on(SmtpPhase.QUIT).disconnect());
    try (SmtpWire smtp = SmtpWire.connect(server)) {
      smtp.write("QUIT\r\n");
      assertThat(smtp.readUntilClosed()).isEmpty();
    }
  }

  @Test
  void aDelayRuleAddsToTheRuleThatDecides() {
    RegisteredRule delay =
        server.smtp().add(SmtpRule.on(SmtpPhase.RCPT_TO).delay(Duration.ofMillis(50)).proceed());
    RegisteredRule reply =
        server.smtp().add(SmtpRule.on(SmtpPhase.RCPT_TO).reply(450, "4.2.0 later"));
    try (SmtpWire smtp = SmtpWire.connect(server)) {
      assertThat(smtp.send("MAIL FROM:<a@example.test>")).startsWith("250 ");
      assertThat(smtp.send("RCPT TO:<b@example.test>")).isEqualTo("450 4.2.0 later");
    }
    assertThat(server.smtp().rule(delay.id()).orElseThrow().fired()).isEqualTo(1);
    assertThat(server.smtp().rule(reply.id()).orElseThrow().fired()).isEqualTo(1);
  }

  @Test
  void theFirstRuleThatFiresDecides() {
    server.smtp().add(SmtpRule.on(SmtpPhase.RCPT_TO).afterPassing(1).reply(451, "4.0.0 first"));
    server.smtp().add(SmtpRule.on(SmtpPhase.RCPT_TO).reply(452, "4.0.0 second"));
    try (SmtpWire smtp = SmtpWire.connect(server)) {
      assertThat(smtp.send("MAIL FROM:<a@example.test>")).startsWith("250 ");
      assertThat(smtp.send("RCPT TO:<b@example.test>")).isEqualTo("452 4.0.0 second");
      assertThat(smtp.send("RCPT TO:<b@example.test>")).isEqualTo("451 4.0.0 first");
    }
    assertThat(server.smtp().rules())
        .extracting(r -> r.occurrences() + "/" + r.fired())
        .containsExactly("2/1", "2/1"); // the second counted the occurrence the first decided
  }

  @Test
  void rcptWithoutDomainMatchesTheServerHostName() {
    server
        .smtp()
        .add(
            SmtpRule.on(SmtpPhase.RCPT_TO)
                .recipient("bob@localhost")
                .reply(550, "5.1.1 <{recipient}>: no"));
    try (SmtpWire smtp = SmtpWire.connect(server)) {
      assertThat(smtp.send("MAIL FROM:<>")).startsWith("250 ");
      assertThat(smtp.send("RCPT TO:<bob>")).isEqualTo("550 5.1.1 <bob@localhost>: no");
    }
    assertThat(server.inbox().messages(to("bob@localhost"))).isEmpty();
  }

  @Test
  void anOverLongLineBehindADelayIsReportedInItsTurn() {
    try (FakeMailServer small =
        FakeMailServer.start(FakeMailConfig.builder().maxLineLength(100).build())) {
      small.smtp().add(SmtpRule.on(SmtpPhase.MAIL_FROM).delay(Duration.ofMillis(200)).proceed());
      try (SmtpWire smtp = SmtpWire.connect(small)) {
        smtp.write("MAIL FROM:<a@example.test>\r\nNOOP " + "x".repeat(150) + "\r\nNOOP\r\n");
        assertThat(smtp.reply()).isEqualTo("250 2.1.0 Sender <a@example.test> OK");
        assertThat(smtp.reply()).isEqualTo("500 5.5.2 Line too long (the limit is 100 bytes)");
        assertThat(smtp.reply()).isEqualTo("250 2.0.0 OK");
      }
    }
  }

  @Test
  void stoppingTheServerEndsAHeldConnection() {
    server.smtp().add(SmtpRule.on(SmtpPhase.MAIL_FROM).delay(Duration.ofMinutes(10)).proceed());
    try (SmtpWire smtp = SmtpWire.connect(server)) {
      smtp.write("MAIL FROM:<a@example.test>\r\n");
      server.close(); // returns with every thread gone: the scheduled hold is dropped with them
      assertThat(smtp.readUntilClosed()).isEmpty();
    }
  }
}
