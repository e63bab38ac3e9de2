package dev.fakemail;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * IMAP sessions byte for byte over a plain socket (RFC 3501 and the extensions we advertise): what
 * the server answers, verbatim, to good and bad input, and what it does to the mailbox.
 */
class ImapTranscriptTest {
  static final String BOB = "bob@example.test";
  static final String CAPS =
      "IMAP4rev1 LITERAL+ SASL-IR ID ENABLE IDLE NAMESPACE UNSELECT UIDPLUS MOVE CHILDREN AUTH=PLAIN";
  static final String FIRST =
      "From: Alice <alice@example.test>\r\nTo: bob@example.test\r\nSubject: first\r\n"
          + "Date: Mon, 7 Feb 1994 21:52:25 -0800\r\n\r\nHello\r\n";
  static final String SECOND = "Subject: second\r\n\r\nline 1\r\nline 2\r\n";

  private FakeMailServer server;

  @BeforeEach
  void startServer() {
    server =
        FakeMailServer.start(
            FakeMailConfig.builder()
                .protocols(Protocol.SMTP, Protocol.POP3, Protocol.IMAP)
                .maxLineLength(200)
                .maxMessageSize(1000)
                .build());
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
  void greetsWithCapabilitiesAndLogsOut() {
    try (ImapWire imap = ImapWire.connect(server)) {
      assertThat(imap.greeting())
          .isEqualTo("* OK [CAPABILITY " + CAPS + "] FakeMail IMAP4rev1 server ready.\r\n");
      assertThat(imap.send("a CAPABILITY"))
          .isEqualTo("* CAPABILITY " + CAPS + "\r\na OK Capability completed.\r\n");
      assertThat(imap.send("b NOOP")).isEqualTo("b OK NOOP completed.\r\n");
      assertThat(imap.send("c LOGOUT"))
          .isEqualTo("* BYE Logging out\r\nc OK Logout completed.\r\n");
      assertThat(imap.readUntilClosed()).isEmpty();
    }
  }

  @Test
  void selectsFetchesAndStores() {
    seedTwo();
    try (ImapWire imap = ImapWire.login(server, BOB)) {
      String select = imap.send("a SELECT INBOX");
      assertThat(select)
          .matches(
              "\\* FLAGS \\(\\\\Answered \\\\Flagged \\\\Deleted \\\\Seen \\\\Draft\\)\r\n"
                  + "\\* OK \\[PERMANENTFLAGS \\(\\\\Answered \\\\Flagged \\\\Deleted \\\\Seen"
                  + " \\\\Draft \\\\\\*\\)\\] Flags permitted.\r\n"
                  + "\\* 2 EXISTS\r\n\\* 2 RECENT\r\n\\* OK \\[UNSEEN 1\\] First unseen.\r\n"
                  + "\\* OK \\[UIDVALIDITY \\d+\\] UIDs valid\r\n"
                  + "\\* OK \\[UIDNEXT 3\\] Predicted next UID\r\n"
                  + "a OK \\[READ-WRITE\\] Select completed.\r\n");
      assertThat(imap.send("b FETCH 1:* (UID FLAGS RFC822.SIZE)"))
          .isEqualTo(
              "* 1 FETCH (UID 1 FLAGS (\\Recent) RFC822.SIZE "
                  + FIRST.length()
                  + ")\r\n* 2 FETCH (UID 2 FLAGS (\\Recent) RFC822.SIZE "
                  + SECOND.length()
                  + ")\r\nb OK Fetch completed.\r\n");
      assertThat(imap.send("c FETCH 2 BODY[]"))
          .isEqualTo(
              "* 2 FETCH (BODY[] {"
                  + SECOND.length()
                  + "}\r\n"
                  + SECOND
                  + " FLAGS (\\Seen \\Recent))\r\nc OK Fetch completed.\r\n");
      assertThat(imap.send("d STORE 1 +FLAGS (\\Flagged $Work)"))
          .isEqualTo("* 1 FETCH (FLAGS (\\Flagged $Work \\Recent))\r\nd OK Store completed.\r\n");
      assertThat(imap.send("e UID SEARCH UNSEEN"))
          .isEqualTo("* SEARCH 1\r\ne OK Search completed.\r\n");
    }
  }
}
