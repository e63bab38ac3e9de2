package dev.fakemail;

import static dev.fakemail.MailFilter.subject;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fakemail.Transcript.Direction;
import dev.fakemail.Transcript.Outcome;
import jakarta.mail.Folder;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Session transcripts of SMTP, LMTP and POP3 sessions, with Angus Mail and on the wire. */
class TranscriptTest {
  private static FakeMailServer server;

  @BeforeAll
  static void start() {
    server =
        FakeMailServer.start(
            FakeMailConfig.builder()
                .protocols(Protocol.SMTP, Protocol.POP3, Protocol.LMTP, Protocol.IMAP)
                .maxRecipients(2)
                .build());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @BeforeEach
  void clear() {
    server.inbox().clear();
  }

  @Test
  void receivedMailHasItsSessionWithAuthRedactedAndContentSummarized() throws Exception {
    Inbox inbox = server.newInbox();
    Session session =
        AngusClient.session(server, "mail.smtp.auth", "true", "mail.smtp.auth.mechanisms", "PLAIN");
    MimeMessage message =
        AngusClient.message(session, "app@shop.test", inbox.address(), "Hello", "Line 1\r\nLine 2");
    try (Transport t = session.getTransport("smtp")) {
      t.connect("app-user", "app-password");
      t.sendMessage(message, message.getAllRecipients());
    }
    ReceivedMail mail = inbox.awaitMessage(subject("Hello"));

    Transcript transcript = mail.transcript().orElseThrow();
    List<String> lines =
        transcript.entries().stream().map(Transcript.Entry::toString).collect(Collectors.toList());
    int size = mail.size();
    long contentLines = new String(mail.raw(), StandardCharsets.US_ASCII).lines().count();
    assertThat(lines)
        .startsWith(
            "S: 220 localhost ESMTP FakeMail",
            "C: EHLO " + AngusClient.CLIENT_NAME,
            "S: 250-localhost Hello " + AngusClient.CLIENT_NAME + " [127.0.0.1]")
        .contains(
            "C: AUTH PLAIN <redacted>",
            "S: 235 2.7.0 Authentication successful",
            "C: MAIL FROM:<app@shop.test>",
            "C: RCPT TO:<" + inbox.address() + ">",
            "C: DATA",
            "S: 354 End data with <CR><LF>.<CR><LF>")
        .endsWith(
            "* message content: " + size + " bytes in " + contentLines + " lines (not recorded)",
            "C: .",
            "* message " + mail.id() + " stored");
    assertThat(transcript.text()).doesNotContain("app-password").doesNotContain("Line 1");
    assertThat(transcript.protocol()).isEqualTo(Protocol.SMTP);
    assertThat(transcript.messageIds()).containsExactly(mail.id());
    assertThat(transcript.recipients()).containsExactly(inbox.address());
    assertThat(transcript.outcome()).isEqualTo(Outcome.OPEN); // as recorded when stored
    assertThat(transcript.clientAddress().getAddress().isLoopbackAddress()).isTrue();

    // the whole session, closed by QUIT: the reply to the data, then QUIT
    Transcript whole = inbox.transcript(transcript.id()).orElseThrow();
    assertThat(whole.outcome()).isEqualTo(Outcome.DELIVERED);
    assertThat(whole.replies()).contains("250 2.0.0 Ok: queued as " + mail.id());
    assertThat(whole.entries().subList(whole.entries().size() - 3, whole.entries().size()))
        .extracting(Transcript.Entry::toString)
        .containsExactly(
            "C: QUIT",
            "S: 221 2.0.0 localhost Service closing transmission channel",
            "* connection closed by the server");
    assertThat(inbox.transcripts()).containsExactly(whole);
    assertThat(server.transcripts()).contains(whole);
    assertThat(server.newInbox().transcripts()).isEmpty();
  }

  @Test
  void sessionRefusedAtRcptIsListedWithoutAMessage() throws Exception {
    Inbox inbox = server.newInbox();
    Session session = AngusClient.session(server);
    MimeMessage message =
        AngusClient.message(
            session, "app@shop.test", "a@x.test, b@x.test, " + inbox.address(), "Too many", "text");
    assertThatThrownBy(() -> AngusClient.send(session, message))
        .isInstanceOf(SendFailedException.class);

    List<Transcript> transcripts = inbox.transcripts();
    assertThat(transcripts).hasSize(1);
    Transcript t = transcripts.get(0);
    assertThat(t.outcome()).isEqualTo(Outcome.REJECTED);
    assertThat(t.messageIds()).isEmpty();
    assertThat(t.refusals()).hasSize(1);
    Transcript.Refusal refusal = t.refusals().get(0);
    assertThat(refusal.command()).isEqualTo("RCPT TO:<" + inbox.address() + ">");
    assertThat(refusal.code()).isEqualTo(452);
    assertThat(refusal.reply())
        .isEqualTo("452 4.5.3 Requested action not taken: max recipients reached");
    assertThat(refusal.recipients()).containsExactly(inbox.address());
    assertThat(t.recipients()).containsExactly("a@x.test", "b@x.test", inbox.address());
    assertThat(inbox.messages()).isEmpty();
  }

  @Test
  void lmtpRefusalsOfEachRecipientAfterData() {
    try (SmtpWire lmtp = SmtpWire.lmtp(server)) {
      lmtp.send("LHLO client");
      lmtp.send("MAIL FROM:<a@x.test>");
      assertThat(lmtp.send("RCPT TO:<b@x.test>")).startsWith("250");
      assertThat(lmtp.send("RCPT TO:<c@x.test>")).startsWith("250");
      assertThat(lmtp.send("DATA")).startsWith("354");
      lmtp.write("Subject: lmtp\r\n\r\nbody\r\n.\r\n");
      assertThat(lmtp.reply()).startsWith("250 2.0.0 <b@x.test>");
      assertThat(lmtp.reply()).startsWith("250 2.0.0 <c@x.test>");
      assertThat(lmtp.send("QUIT")).startsWith("221");
    }
    Transcript t = server.inbox().awaitMessage(subject("lmtp")).transcript().orElseThrow();
    assertThat(t.protocol()).isEqualTo(Protocol.LMTP);
    assertThat(t.commands())
        .containsExactly(
            "LHLO client",
            "MAIL FROM:<a@x.test>",
            "RCPT TO:<b@x.test>",
            "RCPT TO:<c@x.test>",
            "DATA",
            ".");
  }

  @Test
  void pop3PasswordIsRedactedAndRetrievedContentNotRecorded() throws Exception {
    Inbox inbox = server.newInbox();
    server.deliver(inbox.address(), "Subject: secret content\r\n\r\nsecret body\r\n".getBytes());
    try (Pop3Wire pop3 = Pop3Wire.login(server, inbox.address(), "pop-password")) {
      pop3.sendForBody("RETR 1");
      assertThat(pop3.send("PASS again")).startsWith("-ERR");
      pop3.send("QUIT");
    }
    List<Transcript> transcripts = inbox.transcripts();
    assertThat(transcripts).hasSize(1);
    Transcript t = transcripts.get(0);
    assertThat(t.protocol()).isEqualTo(Protocol.POP3);
    assertThat(t.user()).hasValue(inbox.address());
    assertThat(t.commands())
        .containsExactly(
            "USER " + inbox.address(), "PASS <redacted>", "RETR 1", "PASS <redacted>", "QUIT");
    assertThat(t.text()).doesNotContain("pop-password").doesNotContain("secret");
    assertThat(t.entries())
        .extracting(Transcript.Entry::text)
        .contains("message content sent (not recorded)");
    assertThat(t.refusals()).hasSize(1);
    assertThat(t.refusals().get(0).command()).isEqualTo("PASS <redacted>");
    assertThat(t.refusals().get(0).code()).isZero();
    assertThat(t.outcome()).isEqualTo(Outcome.REJECTED);
  }

  @Test
  void imapLoginIsRedactedAndFetchedContentNotRecorded() throws Exception {
    Inbox inbox = server.newInbox();
    server.deliver(inbox.address(), "Subject: imap secret\r\n\r\nsecret body\r\n".getBytes());
    Properties p = new Properties();
    p.put("mail.imap.host", server.imapHost());
    p.put("mail.imap.port", Integer.toString(server.imapPort()));
    p.put("mail.imap.connectiontimeout", "5000");
    p.put("mail.imap.timeout", "10000");
    Store store = Session.getInstance(p).getStore("imap");
    store.connect(inbox.address(), "imap-password");
    Folder folder = store.getFolder("INBOX");
    folder.open(Folder.READ_ONLY);
    assertThat(folder.getMessage(1).getContent().toString()).isEqualTo("secret body\r\n");
    folder.close(false);
    store.close();

    List<Transcript> transcripts = inbox.transcripts();
    assertThat(transcripts).hasSize(1);
    Transcript t = transcripts.get(0);
    assertThat(t.protocol()).isEqualTo(Protocol.IMAP);
    assertThat(t.user()).hasValue(inbox.address());
    // Angus logs in with AUTHENTICATE PLAIN: its response line is redacted
    // (Angus's tag prefix changes with each store the JVM opened)
    List<String> commands = t.commands();
    assertThat(commands.get(0)).matches("[A-Z]+0 AUTHENTICATE PLAIN");
    assertThat(commands.get(1)).isEqualTo("<redacted>");
    assertThat(commands).anyMatch(c -> c.matches("[A-Z]+\\d+ FETCH 1 \\(BODY\\[TEXT]<0\\.13>\\)"));
    assertThat(t.text()).doesNotContain("imap-password").doesNotContain("secret body");
    assertThat(t.replies())
        .anyMatch(r -> r.matches("\\* 1 FETCH .*\\{\\d+\\} <\\d+ bytes not recorded> .*"));
    assertThat(t.replies().get(0)).startsWith("* OK [CAPABILITY IMAP4rev1");
    assertThat(t.commands()).anyMatch(c -> c.endsWith(" LOGOUT"));
    assertThat(t.outcome()).isEqualTo(Outcome.NO_MAIL);
    assertThat(t.entries().get(t.entries().size() - 1).text())
        .isEqualTo("connection closed by the server");
  }

  @Test
  void imapLiteralsInCommandsAndRefusals() {
    try (ImapWire imap = ImapWire.connect(server)) {
      imap.write("a1 LOGIN {7}\r\n");
      assertThat(imap.line()).isEqualTo("+ Ready for literal data");
      imap.write("bob@x.t {6+}\r\nsecret\r\n");
      assertThat(imap.until("a1")).startsWith("a1 OK");
      assertThat(imap.send("a2 SELECT Nowhere")).startsWith("a2 NO");
      assertThat(imap.send("a3 LOGOUT")).contains("a3 OK");
    }
    Transcript t = server.transcripts().get(server.transcripts().size() - 1);
    assertThat(t.commands())
        .containsExactly("a1 LOGIN {7}bob@x.t <redacted>", "a2 SELECT Nowhere", "a3 LOGOUT");
    assertThat(t.user()).hasValue("bob@x.t");
    assertThat(t.refusals()).hasSize(1);
    assertThat(t.refusals().get(0).command()).isEqualTo("a2 SELECT Nowhere");
    assertThat(t.refusals().get(0).reply()).startsWith("a2 NO ");
    assertThat(t.outcome()).isEqualTo(Outcome.REJECTED);
  }

  @Test
  void startTlsIsAnEvent() {
    try (SmtpWire plain = SmtpWire.connect(server)) {
      plain.send("EHLO client");
      assertThat(plain.send("STARTTLS")).isEqualTo("220 2.0.0 Ready to start TLS");
      try (SmtpWire tls = plain.startTls(server.tls().socketFactory(), "localhost")) {
        assertThat(tls.send("QUIT")).startsWith("221");
      }
    }
    Transcript t = server.transcripts().get(0);
    List<String> lines =
        t.entries().stream().map(Transcript.Entry::toString).collect(Collectors.toList());
    int ready = lines.indexOf("S: 220 2.0.0 Ready to start TLS");
    assertThat(ready).isPositive();
    assertThat(lines.get(ready + 1)).matches("\\* TLS started \\(TLSv1\\.[23], TLS_\\w+\\)");
    assertThat(lines.get(ready + 2)).isEqualTo("C: QUIT");
    assertThat(t.protocol()).isEqualTo(Protocol.SMTP);
  }

  @Test
  void saslContinuationsAreRedacted() {
    try (SmtpWire smtp = SmtpWire.connect(server)) {
      smtp.send("EHLO client");
      assertThat(smtp.send("AUTH LOGIN")).isEqualTo("334 VXNlcm5hbWU6");
      assertThat(smtp.send("Ym9i")).isEqualTo("334 UGFzc3dvcmQ6");
      assertThat(smtp.send("c2VjcmV0")).startsWith("235");
      smtp.send("QUIT");
    }
    Transcript t = server.transcripts().get(0);
    assertThat(t.entries())
        .extracting(Transcript.Entry::toString)
        .containsSubsequence(
            "C: AUTH LOGIN",
            "S: 334 VXNlcm5hbWU6",
            "C: <redacted>",
            "S: 334 UGFzc3dvcmQ6",
            "C: <redacted>",
            "S: 235 2.7.0 Authentication successful");
    assertThat(t.text()).doesNotContain("c2VjcmV0").doesNotContain("Ym9i");
  }

  @Test
  void limitsDropTheOldestAndTruncateLongSessionsWithAMarker() {
    FakeMailConfig config =
        FakeMailConfig.builder()
            .maxTranscripts(2)
            .maxTranscriptEntries(10)
            .transcriptCredentials(true)
            .transcriptBodyBytes(8)
            .build();
    try (FakeMailServer small = FakeMailServer.start(config)) {
      for (int i = 0; i < 3; i++) {
        try (SmtpWire smtp = SmtpWire.connect(small)) {
          smtp.send("NOOP " + i);
          smtp.send("QUIT");
        }
      }
      assertThat(small.transcripts())
          .extracting(t -> t.commands().get(0))
          .containsExactly("NOOP 1", "NOOP 2");
      assertThat(small.transcript("s1")).isEmpty();

      try (SmtpWire smtp = SmtpWire.connect(small)) {
        smtp.send("HELO client");
        smtp.send("AUTH PLAIN AGJvYgBzZWNyZXQ=");
        smtp.send("MAIL FROM:<a@x.test>");
        smtp.send("RCPT TO:<b@x.test>");
        smtp.send("DATA");
        smtp.write("Subject: long\r\n\r\nbody\r\n.\r\n");
        smtp.reply();
        smtp.send("QUIT");
      }
      Transcript t = small.transcripts().get(1);
      assertThat(t.isTruncated()).isTrue();
      assertThat(t.entries()).hasSize(10);
      assertThat(t.entries().get(9).toString())
          .isEqualTo(
              "* transcript truncated: later lines are not recorded (limits: 10 entries, 65536"
                  + " characters)");
      assertThat(t.commands()).contains("AUTH PLAIN AGJvYgBzZWNyZXQ="); // credentials shown
      // the facts go on being recorded
      assertThat(t.messageIds()).hasSize(1);
      assertThat(t.outcome()).isEqualTo(Outcome.DELIVERED);
    }
  }

  @Test
  void bodyBytesShowTheStartOfTheContent() {
    FakeMailConfig config = FakeMailConfig.builder().transcriptBodyBytes(20).build();
    try (FakeMailServer shown = FakeMailServer.start(config)) {
      try (SmtpWire smtp = SmtpWire.connect(shown)) {
        smtp.send("HELO client");
        smtp.send("MAIL FROM:<a@x.test>");
        smtp.send("RCPT TO:<b@x.test>");
        smtp.send("DATA");
        smtp.write("Subject: shown\r\n\r\nfirst line of the body\r\n.\r\n");
        smtp.reply();
      }
      Transcript t = shown.inbox().awaitMessage().transcript().orElseThrow();
      assertThat(t.entries())
          .filteredOn(e -> e.direction() == Direction.CLIENT)
          .extracting(Transcript.Entry::text)
          .containsSubsequence("DATA", "Subject: shown", "", "fi", ".");
    }
  }

  @Test
  void aLineOverTheLimitIsAnEventAndWhatTheRefusalAnswers() {
    try (FakeMailServer strict =
        FakeMailServer.start(FakeMailConfig.builder().maxLineLength(78).build())) {
      try (SmtpWire smtp = SmtpWire.connect(strict)) {
        smtp.send("HELO client");
        assertThat(smtp.send("NOOP " + "x".repeat(100))).startsWith("500 5.5.2 Line too long");
        assertThat(smtp.send("QUIT")).startsWith("221");
      }
      Transcript t = strict.transcripts().get(0);
      assertThat(t.entries())
          .extracting(Transcript.Entry::toString)
          .containsSubsequence(
              "C: HELO client",
              "* the client sent a line over the length limit; it was discarded",
              "S: 500 5.5.2 Line too long (the limit is 78 bytes)",
              "C: QUIT");
      assertThat(t.refusals())
          .extracting(Transcript.Refusal::toString)
          .containsExactly(
              "(a line over the length limit) -> 500 5.5.2 Line too long (the limit is 78 bytes)");
    }
  }

  @Test
  void recordingCanBeTurnedOff() {
    try (FakeMailServer off =
        FakeMailServer.start(FakeMailConfig.builder().maxTranscripts(0).build())) {
      try (SmtpWire smtp = SmtpWire.connect(off)) {
        smtp.send("HELO client");
        smtp.send("MAIL FROM:<a@x.test>");
        smtp.send("RCPT TO:<b@x.test>");
        smtp.send("DATA");
        smtp.write("Subject: off\r\n\r\nbody\r\n.\r\n");
        smtp.reply();
      }
      assertThat(off.inbox().awaitMessage().transcript()).isEmpty();
      assertThat(off.transcripts()).isEmpty();
    }
  }
}
