package dev.fakemail.internal.transcript;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fakemail.Protocol;
import dev.fakemail.Transcript;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The recorder fed bytes as the session handler feeds it: lines in, reply bytes out. */
class SessionRecorderTest {
  private static final InetSocketAddress CLIENT = new InetSocketAddress("127.0.0.1", 40000);

  private static SessionRecorder recorder(Dialect dialect, TranscriptSettings settings) {
    return new TranscriptLog(settings).open(dialect, false, CLIENT);
  }

  private static SessionRecorder recorder(Dialect dialect) {
    return recorder(dialect, new TranscriptSettings(10, 1000, 65536, false, 0));
  }

  private static void in(SessionRecorder r, String line) {
    ByteBuf buf = Unpooled.copiedBuffer(line, StandardCharsets.ISO_8859_1);
    r.clientLine(buf);
    assertThat(buf.readableBytes()).as("not consumed").isEqualTo(line.length());
  }

  private static void out(SessionRecorder r, String bytes) {
    r.serverWrite(bytes.getBytes(StandardCharsets.US_ASCII));
  }

  private static List<String> lines(Transcript t) {
    return t.entries().stream().map(Transcript.Entry::toString).collect(Collectors.toList());
  }

  @Test
  void lmtpRepliesAfterDataRefuseTheirOwnRecipient() {
    SessionRecorder r = recorder(Dialect.LMTP);
    out(r, "220 localhost LMTP FakeMail\r\n");
    in(r, "LHLO c\r\n");
    out(r, "250-localhost\r\n250 PIPELINING\r\n");
    in(r, "MAIL FROM:<a@x.test>\r\n");
    out(r, "250 2.1.0 OK\r\n");
    in(r, "RCPT TO:<b@x.test>\r\n");
    out(r, "250 2.1.5 OK\r\n");
    in(r, "RCPT TO:<c@x.test> NOTIFY=NEVER\r\n");
    out(r, "250 2.1.5 OK\r\n");
    in(r, "DATA\r\n");
    out(r, "354 go\r\n");
    in(r, "Subject: x\r\n");
    in(r, "..leading dot\n");
    in(r, "\r\n");
    in(r, ".\n"); // a bare-LF end of data ends it too
    out(r, "250 2.0.0 <b@x.test> Ok\r\n552-5.2.2 <c@x.test> full\r\n552 5.2.2 really\r\n");

    Transcript t = r.snapshot();
    assertThat(lines(t))
        .containsSubsequence(
            "S: 354 go",
            "* message content: 28 bytes in 3 lines (not recorded)", // as sent, dot-stuffed
            "C: .",
            "S: 250 2.0.0 <b@x.test> Ok",
            "S: 552-5.2.2 <c@x.test> full",
            "S: 552 5.2.2 really");
    assertThat(t.refusals()).hasSize(1);
    Transcript.Refusal refusal = t.refusals().get(0);
    assertThat(refusal.command()).isEqualTo(".");
    assertThat(refusal.code()).isEqualTo(552);
    assertThat(refusal.reply()).isEqualTo("552-5.2.2 <c@x.test> full\n552 5.2.2 really");
    assertThat(refusal.recipients()).containsExactly("c@x.test");
    assertThat(t.recipients()).containsExactly("b@x.test", "c@x.test");
    assertThat(t.protocol()).isEqualTo(Protocol.LMTP);
  }

  @Test
  void smtpRefusalsOfDataConcernTheWholeTransactionAndAGreetingRefusalNoCommand() {
    SessionRecorder r = recorder(Dialect.SMTP);
    out(r, "554 5.7.1 go away\r\n");
    in(r, "MAIL FROM:<a@x.test>\r\n");
    out(r, "250 OK\r\n");
    in(r, "RCPT TO:<b@x.test>\r\n");
    out(r, "250 OK\r\n");
    in(r, "RCPT TO:<c@x.test>\r\n");
    out(r, "550 5.1.1 no such user\r\n");
    in(r, "DATA\r\n");
    out(r, "451 4.3.0 try later\r\n");
    assertThat(r.snapshot().refusals())
        .extracting(Transcript.Refusal::toString)
        .containsExactly(
            "(connect) -> 554 5.7.1 go away",
            "RCPT TO:<c@x.test> -> 550 5.1.1 no such user",
            "DATA -> 451 4.3.0 try later");
    assertThat(r.snapshot().refusals().get(2).recipients()).containsExactly("b@x.test");
    assertThat(r.snapshot().refusals().get(0).command()).isEmpty();
  }

  @Test
  void saslResponsesAreRedactedButACancelIsShown() {
    SessionRecorder r = recorder(Dialect.SMTP);
    in(r, "AUTH CRAM-MD5\r\n");
    out(r, "334 PDEyMzQ1QGxvY2FsaG9zdD4=\r\n");
    in(r, "*\r\n");
    out(r, "501 5.0.0 Authentication cancelled\r\n");
    in(r, "auth plain AGJvYgBzZWNyZXQ=\r\n");
    out(r, "235 2.7.0 Authentication successful\r\n");
    assertThat(r.snapshot().commands())
        .containsExactly("AUTH CRAM-MD5", "*", "auth plain <redacted>");
  }

  @Test
  void pop3CredentialsAreRedacted() {
    SessionRecorder r = recorder(Dialect.POP3);
    out(r, "+OK ready <1.2@localhost>\r\n");
    in(r, "APOP bob@x.test c4c9334bac560ecc979e58001b3e22fb\r\n");
    out(r, "-ERR Authentication failed\r\n");
    in(r, "AUTH PLAIN\r\n");
    out(r, "+ \r\n");
    in(r, "AGJvYgBzZWNyZXQ=\r\n");
    out(r, "+OK Welcome\r\n");
    in(r, "LIST\r\n");
    out(r, "+OK 1 messages\r\n1 120\r\n.\r\n");
    Transcript t = r.snapshot();
    assertThat(t.commands())
        .containsExactly("APOP bob@x.test <redacted>", "AUTH PLAIN", "<redacted>", "LIST");
    assertThat(t.replies()).containsSubsequence("+OK 1 messages", "1 120", ".");
    assertThat(t.user()).hasValue("bob@x.test");
    assertThat(t.refusals()).extracting(Transcript.Refusal::code).containsExactly(0);
  }

  @Test
  void aLineLongerThanWhatIsLeftIsCutAndTheTranscriptEnds() {
    SessionRecorder r = recorder(Dialect.SMTP, new TranscriptSettings(10, 1000, 1024, false, 0));
    in(r, "NOOP " + "x".repeat(1000) + "\r\n");
    out(r, "250 " + "y".repeat(100) + "\r\n");
    out(r, "250 more\r\n");
    r.ruleFired("r2", "RCPT_TO", "reply 450");
    r.closed();
    Transcript t = r.snapshot();
    assertThat(t.isTruncated()).isTrue();
    assertThat(t.entries()).hasSize(3);
    assertThat(t.entries().get(1).text()).hasSize(1024 - 1005 + 1).endsWith("…");
    assertThat(t.entries().get(2).toString())
        .isEqualTo(
            "* transcript truncated: later lines are not recorded (limits: 1000 entries, 1024"
                + " characters)");
    // facts go on
    assertThat(t.rulesFired()).containsExactly("r2");
    assertThat(t.endedAt()).isPresent();
  }

  @Test
  void aFiredRuleIsAnEvent() {
    SessionRecorder r = recorder(Dialect.SMTP);
    in(r, "RCPT TO:<b@x.test>\r\n");
    r.ruleFired("r3", "RCPT_TO", "reply 450 4.7.1 greylisted");
    r.ruleFired("r3", "RCPT_TO", null);
    assertThat(lines(r.snapshot()))
        .containsExactly(
            "C: RCPT TO:<b@x.test>",
            "* rule r3 fired at RCPT_TO: reply 450 4.7.1 greylisted",
            "* rule r3 fired at RCPT_TO");
    assertThat(r.snapshot().rulesFired()).containsExactly("r3", "r3");
  }

  @Test
  void imapLiteralsSpanningWritesAreReplacedByTheirSize() {
    SessionRecorder r = recorder(Dialect.IMAP);
    r.imapCommand(
        "a1 APPEND INBOX {20}\r\nSubject: x\r\n\r\nbody\r\n".getBytes(StandardCharsets.UTF_8));
    imapOut(r, "a1 OK [APPENDUID 1 1] APPEND completed.\r\n* 1 FETCH (UID 1 BODY[] {20}\r\nSubj");
    imapOut(r, "ect: x\r\n\r\nbody\r\n");
    imapOut(r, " FLAGS (\\Seen))\r\na2 OK");
    imapOut(r, " FETCH completed.\r\n");
    r.imapCommand("a3 LOGIN \"bob\\\"s\" \"pw\"".getBytes(StandardCharsets.UTF_8));
    imapOut(r, "a3 NO [AUTHENTICATIONFAILED] Authentication failed.\r\n");
    Transcript t = r.snapshot();
    assertThat(lines(t))
        .containsExactly(
            "C: a1 APPEND INBOX {20}<20 bytes not recorded>",
            "S: a1 OK [APPENDUID 1 1] APPEND completed.",
            "S: * 1 FETCH (UID 1 BODY[] {20} <20 bytes not recorded>  FLAGS (\\Seen))",
            "S: a2 OK FETCH completed.",
            "C: a3 LOGIN \"bob\\\"s\" <redacted>",
            "S: a3 NO [AUTHENTICATIONFAILED] Authentication failed.");
    assertThat(t.user()).hasValue("bob\"s");
    assertThat(t.refusals())
        .extracting(Transcript.Refusal::toString)
        .containsExactly(
            "a3 LOGIN \"bob\\\"s\" <redacted> -> a3 NO [AUTHENTICATIONFAILED] Authentication"
                + " failed.");
    assertThat(t.protocol()).isEqualTo(Protocol.IMAP);
  }

  private static void imapOut(SessionRecorder r, String text) {
    ByteBuf buf = Unpooled.copiedBuffer(text, StandardCharsets.UTF_8);
    r.imapOutput(buf);
    assertThat(buf.readableBytes()).as("not consumed").isEqualTo(text.length());
  }

  @Test
  void addressOfRcptWithAndWithoutBrackets() {
    assertThat(SessionRecorder.address("RCPT TO:<b@x.test> NOTIFY=NEVER")).isEqualTo("b@x.test");
    assertThat(SessionRecorder.address("RCPT TO: b@x.test")).isEqualTo("b@x.test");
    assertThat(SessionRecorder.address("RCPT")).isNull();
  }
}
