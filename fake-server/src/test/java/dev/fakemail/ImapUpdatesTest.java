package dev.fakemail;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.Session;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What one IMAP session is told about changes others make to its folder (RFC 3501 §5.2, §7.4.1, RFC
 * 2177 IDLE): another IMAP session, SMTP delivery, a POP3 client deleting mail. Each session keeps
 * its own sequence numbers until it is told.
 */
class ImapUpdatesTest {
  private static final String BOB = ImapTranscriptTest.BOB;

  private FakeMailServer server;

  @BeforeEach
  void startServer() {
    server =
        FakeMailServer.start(
            FakeMailConfig.builder()
                .protocols(Protocol.SMTP, Protocol.POP3, Protocol.IMAP)
                .build());
  }

  @AfterEach
  void stopServer() {
    server.close();
  }

  private void seed(int count) {
    for (int i = 1; i <= count; i++) {
      server.deliver(
          BOB,
          ("Subject: m" + i + "\r\n\r\nbody " + i + "\r\n").getBytes(StandardCharsets.US_ASCII));
    }
  }

  @Test
  void idleReportsMailDeliveredBySmtp() throws Exception {
    seed(1);
    try (ImapWire imap = ImapWire.select(server, BOB)) {
      imap.write("i IDLE\r\n");
      assertThat(imap.response()).isEqualTo("+ idling\r\n");
      Session smtp = AngusClient.session(server);
      AngusClient.send(smtp, AngusClient.message(smtp, "a@example.test", BOB, "new", "hello"));
      assertThat(imap.response()).isEqualTo("* 2 EXISTS\r\n");
      assertThat(imap.response()).isEqualTo("* 2 RECENT\r\n");
      imap.write("DONE\r\n");
      assertThat(imap.response()).isEqualTo("i OK Idle completed.\r\n");
      assertThat(imap.send("f FETCH 2 (FLAGS BODY.PEEK[HEADER.FIELDS (SUBJECT)])"))
          .isEqualTo(
              "* 2 FETCH (FLAGS (\\Recent) BODY[HEADER.FIELDS (SUBJECT)] {16}\r\nSubject: new\r\n\r\n)\r\n"
                  + "f OK Fetch completed.\r\n");
    }
  }

  @Test
  void idleEndsOnAnythingButDone() {
    try (ImapWire imap = ImapWire.login(server, BOB)) {
      imap.write("i IDLE\r\n");
      assertThat(imap.response()).isEqualTo("+ idling\r\n");
      imap.write("j NOOP\r\n");
      assertThat(imap.response()).isEqualTo("i BAD Expected DONE.\r\n");
      assertThat(imap.send("k NOOP")).isEqualTo("k OK NOOP completed.\r\n");
    }
  }

  @Test
  void pop3DeleteAndQuitShowsAsExpungeInAnIdlingSession() {
    seed(3);
    try (ImapWire imap = ImapWire.select(server, BOB)) {
      imap.write("i IDLE\r\n");
      assertThat(imap.response()).isEqualTo("+ idling\r\n");
      try (Pop3Wire pop3 = Pop3Wire.login(server, BOB, "secret")) {
        assertThat(pop3.send("DELE 2")).startsWith("+OK");
        assertThat(pop3.send("QUIT")).startsWith("+OK");
      }
      assertThat(imap.response()).isEqualTo("* 2 EXPUNGE\r\n");
      imap.write("DONE\r\n");
      assertThat(imap.response()).isEqualTo("i OK Idle completed.\r\n");
      assertThat(imap.send("u UID SEARCH ALL"))
          .isEqualTo("* SEARCH 1 3\r\nu OK Search completed.\r\n");
    }
  }

  @Test
  void pop3DeleteShowsAsExpungeOnNoop() {
    seed(2);
    try (ImapWire imap = ImapWire.select(server, BOB)) {
      try (Pop3Wire pop3 = Pop3Wire.login(server, BOB, "secret")) {
        pop3.send("DELE 1");
        pop3.send("QUIT");
      }
      assertThat(imap.send("n NOOP")).isEqualTo("* 1 EXPUNGE\r\nn OK NOOP completed.\r\n");
    }
  }

  @Test
  void anotherSessionsFlagsAndAppendsShowOnNoop() {
    seed(1);
    try (ImapWire a = ImapWire.select(server, BOB);
        ImapWire b = ImapWire.select(server, BOB)) {
      assertThat(b.send("s STORE 1 +FLAGS (\\Flagged)"))
          .isEqualTo("* 1 FETCH (FLAGS (\\Flagged))\r\ns OK Store completed.\r\n");
      // the appending session sees its own message first, so it is \\Recent there only
      assertThat(b.send("p APPEND INBOX {14+}\r\nSubject: x\r\n\r\n"))
          .matches(
              "\\* 2 EXISTS\r\n\\* 1 RECENT\r\np OK \\[APPENDUID \\d+ 2\\] Append completed.\r\n");
      assertThat(a.send("n NOOP"))
          .isEqualTo(
              "* 1 FETCH (FLAGS (\\Flagged \\Recent))\r\n* 2 EXISTS\r\n* 1 RECENT\r\nn OK NOOP completed.\r\n");
      assertThat(b.send("n NOOP")).isEqualTo("n OK NOOP completed.\r\n");
    }
  }

  @Test
  void expungeInOneSessionWaitsWhileTheOtherFetchesAndNumbersStayConsistent() {
    seed(5);
    try (ImapWire a = ImapWire.select(server, BOB);
        ImapWire b = ImapWire.select(server, BOB)) {
      b.send("s STORE 2,4 +FLAGS.SILENT (\\Deleted)");
      assertThat(b.send("e EXPUNGE"))
          .isEqualTo("* 2 EXPUNGE\r\n* 3 EXPUNGE\r\ne OK Expunge completed.\r\n");
      // A still numbers 1..5 and reads the expunged messages: no EXPUNGE during FETCH
      assertThat(a.send("f FETCH 1:5 UID"))
          .isEqualTo(
              "* 1 FETCH (UID 1)\r\n* 2 FETCH (UID 2)\r\n* 3 FETCH (UID 3)\r\n* 4 FETCH (UID 4)\r\n"
                  + "* 5 FETCH (UID 5)\r\n"
                  + "* 2 FETCH (FLAGS (\\Deleted \\Recent))\r\n* 4 FETCH (FLAGS (\\Deleted \\Recent))\r\n"
                  + "f OK Fetch completed.\r\n");
      assertThat(a.send("g FETCH 4 BODY.PEEK[TEXT]"))
          .isEqualTo("* 4 FETCH (BODY[TEXT] {8}\r\nbody 4\r\n)\r\ng OK Fetch completed.\r\n");
      assertThat(a.send("h STORE 5 +FLAGS (\\Seen)"))
          .isEqualTo("* 5 FETCH (FLAGS (\\Seen \\Recent))\r\nh OK Store completed.\r\n");
      assertThat(a.send("i SEARCH ALL"))
          .isEqualTo("* SEARCH 1 2 3 4 5\r\ni OK Search completed.\r\n");
      // a UID command may report them (RFC 3501 §7.4.1), after its own answers
      assertThat(a.send("j UID FETCH 5 FLAGS"))
          .isEqualTo(
              "* 5 FETCH (UID 5 FLAGS (\\Seen \\Recent))\r\n* 2 EXPUNGE\r\n* 3 EXPUNGE\r\n"
                  + "j OK Fetch completed.\r\n");
      assertThat(a.send("k FETCH 1:* UID"))
          .isEqualTo(
              "* 1 FETCH (UID 1)\r\n* 2 FETCH (UID 3)\r\n* 3 FETCH (UID 5)\r\nk OK Fetch completed.\r\n");
      assertThat(b.send("n NOOP"))
          .isEqualTo("* 3 FETCH (FLAGS (\\Seen))\r\nn OK NOOP completed.\r\n");
    }
  }

  @Test
  void deletingTheSelectedFolderEndsTheSessionThatHadItSelected() {
    try (ImapWire owner = ImapWire.login(server, BOB);
        ImapWire other = ImapWire.login(server, BOB)) {
      owner.send("c CREATE Work");
      owner.send("a APPEND Work {14+}\r\nSubject: x\r\n\r\n");
      other.send("s SELECT Work");
      other.write("i IDLE\r\n");
      assertThat(other.response()).isEqualTo("+ idling\r\n");
      assertThat(owner.send("d DELETE Work")).isEqualTo("d OK Delete completed.\r\n");
      assertThat(other.response()).isEqualTo("* 1 EXPUNGE\r\n");
      assertThat(other.response())
          .isEqualTo("* BYE Selected mailbox was deleted, have to disconnect.\r\n");
      assertThat(other.readUntilClosed()).isEmpty();
    }
  }

  @Test
  void clearingTheMailboxesEndsImapSessionsSoClientsLogInAgain() {
    seed(1);
    try (ImapWire selected = ImapWire.select(server, BOB);
        ImapWire authenticated = ImapWire.login(server, BOB)) {
      selected.write("i IDLE\r\n");
      assertThat(selected.response()).isEqualTo("+ idling\r\n");
      server.clearMailboxes();
      assertThat(selected.response()).isEqualTo("* BYE The mailbox was cleared; log in again\r\n");
      assertThat(selected.readUntilClosed()).isEmpty();
      authenticated.write("n NOOP\r\n");
      assertThat(authenticated.response())
          .isEqualTo("* BYE The mailbox was cleared; log in again\r\n");
      assertThat(authenticated.readUntilClosed()).isEmpty();
    }
    seed(1);
    try (ImapWire again = ImapWire.select(server, BOB)) {
      assertThat(again.send("f FETCH 1 UID"))
          .isEqualTo("* 1 FETCH (UID 1)\r\nf OK Fetch completed.\r\n");
    }
  }
}
