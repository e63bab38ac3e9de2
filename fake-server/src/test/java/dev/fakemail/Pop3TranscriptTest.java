package dev.fakemail;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * POP3 sessions byte for byte over a plain socket (RFC 1939, RFC 2449 CAPA, RFC 5034 AUTH): what
 * the server answers, verbatim, to good and bad input, and what it does to the mailbox.
 */
class Pop3TranscriptTest {
  private static final String BOB = "bob@example.test";
  private static final String FIRST = "Subject: first\r\n\r\nHello\r\n";
  private static final String SECOND = "Subject: second\r\n\r\nline 1\r\nline 2\r\nline 3\r\n";

  private FakeMailServer server;

  @BeforeEach
  void startServer() {
    server = FakeMailServer.start(FakeMailConfig.builder().maxLineLength(100).build());
  }

  @AfterEach
  void stopServer() {
    server.close();
  }

  private void seedTwo() {
    server.deliver(BOB, FIRST.getBytes(StandardCharsets.US_ASCII));
    server.deliver(BOB, SECOND.getBytes(StandardCharsets.US_ASCII));
  }

  @Test
  void greetsWithAnApopTimestampAndListsItsCapabilities() {
    try (Pop3Wire pop3 = Pop3Wire.connect(server)) {
      assertThat(pop3.greeting()).matches("\\+OK FakeMail POP3 server ready <[^<>@ ]+@localhost>");
      assertThat(pop3.sendMulti("CAPA"))
          .containsExactly(
              "+OK Capability list follows",
              "USER",
              "SASL PLAIN LOGIN CRAM-MD5 XOAUTH2 OAUTHBEARER",
              "TOP",
              "UIDL",
              "PIPELINING",
              "STLS");
      assertThat(pop3.send("QUIT")).isEqualTo("+OK FakeMail POP3 server signing off");
      assertThat(pop3.readUntilClosed()).isEmpty();
    }
  }

  @Test
  void refusesCommandsInTheWrongStateAndGoesOn() {
    seedTwo();
    try (Pop3Wire pop3 = Pop3Wire.connect(server)) {
      String notLoggedIn = "-ERR Not logged in: log in with USER and PASS, APOP or AUTH first";
      for (String command : List.of("STAT", "LIST", "UIDL", "RETR 1", "TOP 1 0", "DELE 1")) {
        assertThat(pop3.send(command)).as(command).isEqualTo(notLoggedIn);
      }
      assertThat(pop3.send("NOOP")).isEqualTo(notLoggedIn);
      assertThat(pop3.send("RSET")).isEqualTo(notLoggedIn);
      assertThat(pop3.send("PASS secret")).isEqualTo("-ERR Send USER before PASS");
      assertThat(pop3.send("USER")).isEqualTo("-ERR Usage: USER name");
      assertThat(pop3.send("USER " + BOB)).isEqualTo("+OK Send PASS for " + BOB);
      assertThat(pop3.send("STAT")).isEqualTo(notLoggedIn);
      assertThat(pop3.send("PASS secret")).isEqualTo("+OK Welcome " + BOB);

      assertThat(pop3.send("USER " + BOB)).isEqualTo("-ERR Already logged in");
      assertThat(pop3.send("PASS secret")).isEqualTo("-ERR Already logged in");
      assertThat(pop3.send("APOP " + BOB + " 0123")).isEqualTo("-ERR Already logged in");
      assertThat(pop3.send("AUTH PLAIN")).isEqualTo("-ERR Already logged in");
      assertThat(pop3.send("STAT")).isEqualTo("+OK 2 " + (FIRST.length() + SECOND.length()));
    }
  }

  @Test
  void answersUnknownEmptyAndOverLongCommandsAndGoesOn() {
    try (Pop3Wire pop3 = Pop3Wire.connect(server)) {
      assertThat(pop3.send("FOO bar")).isEqualTo("-ERR Unknown command: FOO");
      assertThat(pop3.send("")).isEqualTo("-ERR Empty command");
      assertThat(pop3.send("USER " + "x".repeat(200)))
          .isEqualTo("-ERR Line too long (the limit is 100 bytes)");
      assertThat(pop3.send("USER " + BOB)).isEqualTo("+OK Send PASS for " + BOB);
      assertThat(pop3.send("PASS x")).isEqualTo("+OK Welcome " + BOB);
      assertThat(pop3.send("XTND XMIT")).isEqualTo("-ERR Unknown command: XTND");
      assertThat(pop3.send("NOOP")).isEqualTo("+OK");
    }
  }

  @Test
  void answersBadMessageNumbersClearly() {
    seedTwo();
    try (Pop3Wire pop3 = Pop3Wire.login(server, BOB, "x")) {
      String range = "; messages are numbered 1 to 2";
      assertThat(pop3.send("RETR 0")).isEqualTo("-ERR No message 0" + range);
      assertThat(pop3.send("RETR 99")).isEqualTo("-ERR No message 99" + range);
      assertThat(pop3.send("RETR 99999999999999999999"))
          .isEqualTo("-ERR No message 99999999999999999999" + range);
      assertThat(pop3.send("RETR x")).isEqualTo("-ERR Not a message number: x");
      assertThat(pop3.send("RETR -1")).isEqualTo("-ERR Not a message number: -1");
      assertThat(pop3.send("RETR")).isEqualTo("-ERR Usage: RETR message-number");
      assertThat(pop3.send("RETR 1 2")).isEqualTo("-ERR Usage: RETR message-number");
      assertThat(pop3.send("DELE")).isEqualTo("-ERR Usage: DELE message-number");
      assertThat(pop3.send("LIST 3")).isEqualTo("-ERR No message 3" + range);
      assertThat(pop3.send("LIST 1 2")).isEqualTo("-ERR Usage: LIST [message-number]");
      assertThat(pop3.send("UIDL 0")).isEqualTo("-ERR No message 0" + range);
      assertThat(pop3.send("TOP 1")).isEqualTo("-ERR Usage: TOP message-number line-count");
      assertThat(pop3.send("TOP 1 x")).isEqualTo("-ERR Not a line count: x");
      assertThat(pop3.send("TOP 1 -1")).isEqualTo("-ERR Not a line count: -1");
      assertThat(pop3.send("TOP 3 1")).isEqualTo("-ERR No message 3" + range);
      assertThat(pop3.send("LIST 2")).isEqualTo("+OK 2 " + SECOND.length());
    }
    server.clearMailboxes();
    server.deliver(BOB, FIRST.getBytes(StandardCharsets.US_ASCII));
    try (Pop3Wire pop3 = Pop3Wire.login(server, BOB, "x")) {
      assertThat(pop3.send("RETR 2")).isEqualTo("-ERR No message 2; the only message is 1");
    }
    try (Pop3Wire pop3 = Pop3Wire.login(server, "nobody@example.test", "x")) {
      assertThat(pop3.send("STAT")).isEqualTo("+OK 0 0");
      assertThat(pop3.send("RETR 1")).isEqualTo("-ERR No message 1; the maildrop is empty");
      assertThat(pop3.sendMulti("LIST")).containsExactly("+OK 0 0");
    }
  }

  @Test
  void listsUidlsRetrievesAndTopsOfMessages() {
    seedTwo();
    try (Pop3Wire pop3 = Pop3Wire.login(server, BOB, "x")) {
      assertThat(pop3.sendMulti("LIST"))
          .containsExactly(
              "+OK 2 " + (FIRST.length() + SECOND.length()),
              "1 " + FIRST.length(),
              "2 " + SECOND.length());
      List<String> uidl = pop3.sendMulti("UIDL");
      assertThat(uidl).hasSize(3).startsWith("+OK unique-id listing follows");
      assertThat(uidl.get(1)).matches("1 \\d+\\.1");
      assertThat(uidl.get(2)).matches("2 \\d+\\.2");
      assertThat(pop3.send("UIDL 2")).isEqualTo("+OK " + uidl.get(2));

      assertThat(pop3.sendMulti("RETR 2"))
          .containsExactly(
              "+OK " + SECOND.length() + " octets",
              "Subject: second",
              "",
              "line 1",
              "line 2",
              "line 3");
      assertThat(pop3.sendMulti("TOP 2 0"))
          .containsExactly("+OK Top of message follows", "Subject: second", "");
      assertThat(pop3.sendMulti("TOP 2 2"))
          .containsExactly("+OK Top of message follows", "Subject: second", "", "line 1", "line 2");
      assertThat(pop3.sendMulti("TOP 2 999999999"))
          .containsExactly(
              "+OK Top of message follows", "Subject: second", "", "line 1", "line 2", "line 3");
      assertThat(pop3.sendMulti("TOP 2 99999999999999999999999")).hasSize(6);
    }
  }

  @Test
  void answersPipelinedCommandsInOrder() {
    seedTwo();
    try (Pop3Wire pop3 = Pop3Wire.connect(server)) {
      pop3.write("USER " + BOB + "\r\nPASS x\r\nSTAT\r\nLIST 1\r\nRETR 1\r\nNOOP\r\nQUIT\r\n");
      assertThat(pop3.line()).isEqualTo("+OK Send PASS for " + BOB);
      assertThat(pop3.line()).isEqualTo("+OK Welcome " + BOB);
      assertThat(pop3.line()).startsWith("+OK 2 ");
      assertThat(pop3.line()).isEqualTo("+OK 1 " + FIRST.length());
      assertThat(pop3.multi())
          .containsExactly("+OK " + FIRST.length() + " octets", "Subject: first", "", "Hello");
      assertThat(pop3.line()).isEqualTo("+OK");
      assertThat(pop3.line())
          .isEqualTo("+OK FakeMail POP3 server signing off (0 messages deleted)");
      assertThat(pop3.readUntilClosed()).isEmpty();
    }
  }

  @Test
  void deleIsAppliedAtQuitAndNeverTouchesTheCaptureLog() {
    server.deliver(BOB, FIRST.getBytes(StandardCharsets.US_ASCII));
    try (SmtpWire smtp = SmtpWire.connect(server)) {
      assertThat(smtp.send("MAIL FROM:<app@example.test>")).startsWith("250 ");
      assertThat(smtp.send("RCPT TO:<" + BOB + ">")).startsWith("250 ");
      assertThat(smtp.send("DATA")).startsWith("354 ");
      assertThat(smtp.send("Subject: sent\r\n\r\nby SMTP\r\n.")).startsWith("250 ");
    }
    try (Pop3Wire pop3 = Pop3Wire.login(server, BOB, "x")) {
      assertThat(pop3.send("DELE 1")).isEqualTo("+OK Message deleted");
      assertThat(pop3.send("DELE 2")).isEqualTo("+OK Message deleted");
      assertThat(pop3.send("DELE 1")).isEqualTo("-ERR Message 1 is deleted");
      assertThat(pop3.send("RETR 2")).isEqualTo("-ERR Message 2 is deleted");
      assertThat(pop3.send("STAT")).isEqualTo("+OK 0 0");
      assertThat(server.mailbox(BOB)).as("not before QUIT").hasSize(2);
      assertThat(pop3.send("QUIT"))
          .isEqualTo("+OK FakeMail POP3 server signing off (2 messages deleted)");
    }
    assertThat(server.mailbox(BOB)).isEmpty();
    assertThat(server.inbox().messages())
        .as("the capture log keeps what the app sent")
        .extracting(ReceivedMail::subject)
        .containsExactly("sent");
  }

  @Test
  void rsetUndoesDele() {
    seedTwo();
    try (Pop3Wire pop3 = Pop3Wire.login(server, BOB, "x")) {
      assertThat(pop3.send("DELE 1")).isEqualTo("+OK Message deleted");
      assertThat(pop3.send("STAT")).isEqualTo("+OK 1 " + SECOND.length());
      assertThat(pop3.send("RSET")).isEqualTo("+OK");
      assertThat(pop3.send("STAT")).isEqualTo("+OK 2 " + (FIRST.length() + SECOND.length()));
      assertThat(pop3.sendMulti("RETR 1")).contains("Subject: first");
      assertThat(pop3.send("QUIT"))
          .isEqualTo("+OK FakeMail POP3 server signing off (0 messages deleted)");
    }
    assertThat(server.mailbox(BOB)).hasSize(2);
  }

  @Test
  void aSessionThatEndsWithoutQuitDeletesNothing() {
    seedTwo();
    try (Pop3Wire pop3 = Pop3Wire.login(server, BOB, "x")) {
      assertThat(pop3.send("DELE 1")).isEqualTo("+OK Message deleted");
      assertThat(pop3.send("DELE 2")).isEqualTo("+OK Message deleted");
    } // the connection drops
    try (Pop3Wire pop3 = Pop3Wire.login(server, BOB, "x")) {
      assertThat(pop3.send("STAT")).isEqualTo("+OK 2 " + (FIRST.length() + SECOND.length()));
    }
    assertThat(server.mailbox(BOB)).hasSize(2);
  }

  @Test
  void aClientThatVanishesMidRetrLosesNothing() {
    StringBuilder big = new StringBuilder("Subject: big\r\n\r\n");
    String line = "x".repeat(76) + "\r\n";
    while (big.length() < 4_000_000) {
      big.append(line);
    }
    byte[] raw = big.toString().getBytes(StandardCharsets.US_ASCII);
    server.deliver(BOB, raw);

    try (Pop3Wire pop3 = Pop3Wire.login(server, BOB, "x")) {
      assertThat(pop3.send("DELE 1")).isEqualTo("+OK Message deleted");
      assertThat(pop3.send("RSET")).isEqualTo("+OK");
      pop3.write("RETR 1\r\n");
      assertThat(pop3.line()).isEqualTo("+OK " + raw.length + " octets");
      assertThat(pop3.read(10_000)).hasSize(10_000);
    } // gone with almost all of the message unread

    try (Pop3Wire pop3 = Pop3Wire.login(server, BOB, "x")) {
      assertThat(pop3.send("STAT")).isEqualTo("+OK 1 " + raw.length);
      assertThat(pop3.sendForBody("RETR 1")).isEqualTo(raw);
    }
  }

  @Test
  void concurrentSessionsEachSeeTheirOwnSnapshot() {
    seedTwo();
    try (Pop3Wire a = Pop3Wire.login(server, BOB, "x");
        Pop3Wire b = Pop3Wire.login(server, BOB, "x")) {
      List<String> uidl = a.sendMulti("UIDL");
      assertThat(b.sendMulti("UIDL")).isEqualTo(uidl);

      assertThat(a.send("DELE 1")).isEqualTo("+OK Message deleted");
      assertThat(a.send("QUIT"))
          .isEqualTo("+OK FakeMail POP3 server signing off (1 message deleted)");
      server.deliver(BOB, "Subject: third\r\n\r\n".getBytes(StandardCharsets.US_ASCII));

      // b keeps the maildrop it saw at login: same numbers, sizes and content
      assertThat(b.send("STAT")).isEqualTo("+OK 2 " + (FIRST.length() + SECOND.length()));
      assertThat(b.sendMulti("RETR 1")).contains("Subject: first");
      assertThat(b.send("DELE 1")).isEqualTo("+OK Message deleted");
      assertThat(b.send("QUIT"))
          .as("message 1 was already gone")
          .isEqualTo("+OK FakeMail POP3 server signing off (0 messages deleted)");
    }
    try (Pop3Wire c = Pop3Wire.login(server, BOB, "x")) {
      List<String> uidl = c.sendMulti("UIDL");
      assertThat(uidl).hasSize(3);
      assertThat(uidl.get(1)).endsWith(".2");
      assertThat(uidl.get(2)).endsWith(".3");
      assertThat(c.sendMulti("TOP 2 0")).contains("Subject: third");
    }
  }

  @Test
  void retrSendsTheBytesSentBySmtpExactly() {
    byte[] content =
        ("From: Alice <alice@example.test>\r\n"
                + "To: bob@example.test\r\n"
                + "Subject: 안녕하세요, Bob\r\n"
                + "\r\n"
                + ".a line that starts with a dot\r\n"
                + "..and one with two\r\n"
                + ".\tdot and tab\r\n"
                + "한국어 본문 ünïcödé\r\n"
                + "last line\r\n")
            .getBytes(StandardCharsets.UTF_8);
    // what the client puts on the wire: every line starting with a dot gets one more
    String stuffed = new String(content, StandardCharsets.UTF_8).replace("\r\n.", "\r\n..");
    try (SmtpWire smtp = SmtpWire.connect(server)) {
      assertThat(smtp.send("MAIL FROM:<alice@example.test>")).startsWith("250 ");
      assertThat(smtp.send("RCPT TO:<bob@example.test>")).startsWith("250 ");
      assertThat(smtp.send("DATA")).startsWith("354 ");
      assertThat(smtp.send(stuffed + ".")).startsWith("250 ");
    }
    assertThat(server.inbox().awaitMessage().raw()).isEqualTo(content);

    try (Pop3Wire pop3 = Pop3Wire.login(server, BOB, "x")) {
      assertThat(pop3.send("LIST 1")).isEqualTo("+OK 1 " + content.length);
      assertThat(pop3.sendForBody("RETR 1")).isEqualTo(content);
    }
  }

  @Test
  void storedBareLineFeedsGoOutAsCrlfAndALastLineGetsItsEnding() {
    server.deliver(BOB, "Subject: lf\n\n.dot\nlast".getBytes(StandardCharsets.US_ASCII));
    byte[] wire = "Subject: lf\r\n\r\n.dot\r\nlast\r\n".getBytes(StandardCharsets.US_ASCII);
    try (Pop3Wire pop3 = Pop3Wire.login(server, BOB, "x")) {
      assertThat(pop3.send("LIST 1")).isEqualTo("+OK 1 " + wire.length);
      assertThat(pop3.sendForBody("RETR 1")).isEqualTo(wire);
      assertThat(pop3.sendForBody("TOP 1 1")).isEqualTo("Subject: lf\r\n\r\n.dot\r\n".getBytes());
    }
    assertThat(server.mailbox(BOB).get(0).raw())
        .as("stored as delivered")
        .isEqualTo("Subject: lf\n\n.dot\nlast".getBytes(StandardCharsets.US_ASCII));
  }

  @Test
  void authPlainWithAndWithoutAnInitialResponse() {
    server.deliver(BOB, FIRST.getBytes(StandardCharsets.US_ASCII));
    try (Pop3Wire pop3 = Pop3Wire.connect(server)) {
      assertThat(pop3.sendMulti("AUTH"))
          .containsExactly(
              "+OK Mechanisms follow", "PLAIN", "LOGIN", "CRAM-MD5", "XOAUTH2", "OAUTHBEARER");
      assertThat(pop3.send("AUTH DIGEST-MD5"))
          .isEqualTo(
              "-ERR Unsupported authentication mechanism DIGEST-MD5; this server offers PLAIN,"
                  + " LOGIN, CRAM-MD5, XOAUTH2, OAUTHBEARER");
      assertThat(pop3.send("AUTH PLAIN")).isEqualTo("+ ");
      assertThat(pop3.send("*")).isEqualTo("-ERR Authentication cancelled");
      assertThat(pop3.send("AUTH PLAIN")).isEqualTo("+ ");
      assertThat(pop3.send("not base64!"))
          .isEqualTo("-ERR Cannot decode the response: it is not base64");
      assertThat(pop3.send("AUTH PLAIN " + base64("bob")))
          .isEqualTo(
              "-ERR Malformed AUTH PLAIN response: expected authzid NUL authcid NUL password");
      assertThat(pop3.send("AUTH PLAIN " + base64("admin\0" + BOB + "\0pw")))
          .as("no acting as another user")
          .isEqualTo("-ERR Authentication failed.");
      assertThat(pop3.send("AUTH PLAIN")).isEqualTo("+ ");
      assertThat(pop3.send(base64("\0" + BOB + "\0pw"))).isEqualTo("+OK Welcome " + BOB);
      assertThat(pop3.send("STAT")).isEqualTo("+OK 1 " + FIRST.length());
    }
    try (Pop3Wire pop3 = Pop3Wire.connect(server)) {
      assertThat(pop3.send("AUTH plain " + base64(BOB + "\0" + BOB + "\0pw")))
          .isEqualTo("+OK Welcome " + BOB);
    }
  }

  @Test
  void aLoginWithoutADomainIsAUserAtTheServersHostname() {
    server.deliver("bob@localhost", FIRST.getBytes(StandardCharsets.US_ASCII));
    try (Pop3Wire pop3 = Pop3Wire.login(server, "Bob", "x")) {
      assertThat(pop3.send("STAT")).isEqualTo("+OK 1 " + FIRST.length());
    }
    assertThat(server.mailbox("bob")).hasSize(1);
  }

  @Test
  void closesAnIdleSessionWithoutDeletingAnything() {
    server.close();
    server =
        FakeMailServer.start(FakeMailConfig.builder().idleTimeout(Duration.ofMillis(200)).build());
    seedTwo();
    try (Pop3Wire pop3 = Pop3Wire.login(server, BOB, "x")) {
      assertThat(pop3.send("DELE 1")).isEqualTo("+OK Message deleted");
      assertThat(pop3.readUntilClosed())
          .isEqualTo("-ERR Idle timeout exceeded, closing connection\r\n");
    }
    assertThat(server.mailbox(BOB)).hasSize(2);
  }

  private static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }
}
