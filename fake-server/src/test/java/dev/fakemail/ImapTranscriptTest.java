package dev.fakemail;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * IMAP sessions byte for byte over a plain socket (RFC 3501 and the extensions we advertise): what
 * the server answers, verbatim, to good and bad input, and what it does to the mailbox.
 */
class ImapTranscriptTest {
  static final String BOB = "bob@example.test";

  /** After login: no STARTTLS, no AUTH= (as Dovecot). */
  static final String CAPS =
      "IMAP4rev1 LITERAL+ SASL-IR ID ENABLE IDLE NAMESPACE UNSELECT UIDPLUS MOVE CHILDREN";

  /** The default mechanisms, as advertised before login. */
  static final String AUTH = " AUTH=PLAIN AUTH=LOGIN AUTH=CRAM-MD5 AUTH=XOAUTH2 AUTH=OAUTHBEARER";

  /** Before login on TLS. */
  static final String CAPS_TLS = CAPS + AUTH;

  /** Before login on a plain connection: STARTTLS where Dovecot lists it. */
  static final String CAPS_PLAIN = CAPS + " STARTTLS" + AUTH;

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
          .isEqualTo("* OK [CAPABILITY " + CAPS_PLAIN + "] FakeMail IMAP4rev1 server ready.\r\n");
      assertThat(imap.send("a CAPABILITY"))
          .isEqualTo("* CAPABILITY " + CAPS_PLAIN + "\r\na OK Capability completed.\r\n");
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

  @Test
  void refusesCommandsInTheWrongStateAndGoesOn() {
    try (ImapWire imap = ImapWire.connect(server)) {
      for (String command : List.of("SELECT INBOX", "LIST \"\" *", "STATUS INBOX (MESSAGES)")) {
        String name = command.substring(0, command.indexOf(' '));
        assertThat(imap.send("a " + command))
            .isEqualTo("a BAD Log in first: " + name + " needs LOGIN or AUTHENTICATE\r\n");
      }
      assertThat(imap.send("b FETCH 1 FLAGS"))
          .isEqualTo("b BAD Log in first: FETCH needs LOGIN or AUTHENTICATE\r\n");
      assertThat(imap.send("c LOGIN bob secret"))
          .startsWith("c OK [CAPABILITY " + CAPS + "] Logged in");
      assertThat(imap.send("d LOGIN bob secret")).isEqualTo("d BAD Already logged in\r\n");
      assertThat(imap.send("e AUTHENTICATE PLAIN")).isEqualTo("e BAD Already logged in\r\n");
      for (String command :
          List.of("FETCH 1 FLAGS", "STORE 1 FLAGS ()", "EXPUNGE", "CLOSE", "CHECK")) {
        String name = command.split(" ")[0];
        assertThat(imap.send("f " + command))
            .isEqualTo("f BAD No mailbox selected: " + name + " needs SELECT or EXAMINE first\r\n");
      }
      assertThat(imap.send("g UID FETCH 1 FLAGS"))
          .isEqualTo("g BAD No mailbox selected: FETCH needs SELECT or EXAMINE first\r\n");
    }
  }

  @Test
  void answersUnknownEmptyAndMalformedCommands() {
    try (ImapWire imap = ImapWire.connect(server)) {
      assertThat(imap.send("a FOO bar")).isEqualTo("a BAD Unknown command FOO\r\n");
      assertThat(imap.send("a2 UID FOO 1")).isEqualTo("a2 BAD Unknown command UID FOO\r\n");
      imap.write("\r\n");
      assertThat(imap.response()).isEqualTo("* BAD Empty command line\r\n");
      imap.write("+x NOOP\r\n");
      assertThat(imap.response()).isEqualTo("* BAD Invalid tag\r\n");
      assertThat(imap.send("b")).isEqualTo("b BAD Missing command\r\n");
      assertThat(imap.send("c NOOP extra"))
          .isEqualTo("c BAD Syntax error in NOOP: Unexpected extra arguments\r\n");
      assertThat(imap.send("d LOGIN bob"))
          .isEqualTo("d BAD Syntax error in LOGIN: Missing arguments\r\n");
      assertThat(imap.send("e LOGIN \"bob secret"))
          .isEqualTo("e BAD Syntax error in LOGIN: Missing '\"'\r\n");
      assertThat(imap.send("f NOOP")).isEqualTo("f OK NOOP completed.\r\n");
    }
  }

  @Test
  void refusesAnOverLongLineAndATooBigLiteralAndStaysConnected() {
    try (ImapWire imap = ImapWire.login(server, BOB)) {
      assertThat(imap.send("a LOGIN " + "x".repeat(300)))
          .isEqualTo("a BAD Command line too long (the limit is 200 bytes)\r\n");
      imap.write("b APPEND INBOX {1001}\r\n");
      assertThat(imap.response())
          .isEqualTo("b NO [TOOBIG] Literal too big: 1001 bytes, the limit is 1000 bytes\r\n");
      imap.write("c APPEND INBOX {1001+}\r\n" + "y".repeat(1001) + "\r\n");
      assertThat(imap.response())
          .isEqualTo("c NO [TOOBIG] Literal too big: 1001 bytes, the limit is 1000 bytes\r\n");
      assertThat(imap.send("d NOOP")).isEqualTo("d OK NOOP completed.\r\n");
      assertThat(server.mailbox(BOB)).isEmpty();
    }
  }

  @Test
  void readsSynchronisingLiteralsAndLiteralPlusSplitAcrossWrites() {
    try (ImapWire imap = ImapWire.connect(server)) {
      imap.write("a LOGIN {16}\r\n");
      assertThat(imap.response()).isEqualTo("+ Ready for literal data\r\n");
      imap.write("bob@exa");
      imap.write("mple.test {6+}\r\nsec");
      imap.write("ret\r");
      imap.write("\n");
      assertThat(imap.response()).startsWith("a OK [CAPABILITY");
      String message = "Subject: split\r\n\r\nbody\r\n";
      imap.write(
          "b APPEND INBOX (\\Seen) {" + message.length() + "+}\r\n" + message.substring(0, 5));
      imap.write(message.substring(5) + "\r\n");
      assertThat(imap.response()).matches("b OK \\[APPENDUID \\d+ 1\\] Append completed.\r\n");
      assertThat(server.mailbox(BOB)).extracting(ReceivedMail::subject).containsExactly("split");
    }
  }

  @Test
  void authenticatesWithPlainWithAndWithoutInitialResponse() {
    String good =
        Base64.getEncoder().encodeToString("\0bob\0secret".getBytes(StandardCharsets.UTF_8));
    try (ImapWire imap = ImapWire.connect(server)) {
      assertThat(imap.send("a AUTHENTICATE DIGEST-MD5"))
          .isEqualTo("a NO Unsupported authentication mechanism.\r\n");
      imap.write("b AUTHENTICATE PLAIN\r\n");
      assertThat(imap.response()).isEqualTo("+ \r\n");
      imap.write("*\r\n");
      assertThat(imap.response()).isEqualTo("b BAD Authentication aborted by client.\r\n");
      assertThat(imap.send("c AUTHENTICATE PLAIN !!!"))
          .isEqualTo("c BAD Invalid base64 data in the response.\r\n");
      imap.write("d AUTHENTICATE PLAIN\r\n");
      assertThat(imap.response()).isEqualTo("+ \r\n");
      imap.write(good + "\r\n");
      assertThat(imap.response()).isEqualTo("d OK [CAPABILITY " + CAPS + "] Logged in\r\n");
    }
    try (ImapWire imap = ImapWire.connect(server)) {
      assertThat(imap.send("a AUTHENTICATE PLAIN " + good))
          .isEqualTo("a OK [CAPABILITY " + CAPS + "] Logged in\r\n");
    }
  }

  @Test
  void refusesWrongPasswordsInUsersMode() {
    try (FakeMailServer users =
        FakeMailServer.start(
            FakeMailConfig.builder()
                .protocols(Protocol.IMAP)
                .authMode(AuthMode.USERS)
                .user(BOB, "right")
                .build())) {
      try (ImapWire imap = ImapWire.connect(users)) {
        assertThat(imap.send("a LOGIN bob@example.test wrong"))
            .isEqualTo("a NO [AUTHENTICATIONFAILED] Authentication failed.\r\n");
        String bad =
            Base64.getEncoder()
                .encodeToString("\0bob@example.test\0wrong".getBytes(StandardCharsets.UTF_8));
        assertThat(imap.send("b AUTHENTICATE PLAIN " + bad))
            .isEqualTo("b NO [AUTHENTICATIONFAILED] Authentication failed.\r\n");
        assertThat(imap.send("c LOGIN bob@example.test right")).startsWith("c OK ");
      }
    }
  }

  @Test
  void answersIdEnableAndNamespace() {
    try (ImapWire imap = ImapWire.connect(server)) {
      assertThat(imap.send("a ID (\"name\" \"Thunderbird\" \"version\" NIL)"))
          .isEqualTo(
              "* ID (\"name\" \"FakeMail\" \"vendor\" \"FakeMail\")\r\na OK ID completed.\r\n");
      assertThat(imap.send("b ID NIL")).endsWith("b OK ID completed.\r\n");
      assertThat(imap.send("c ID (\"name\")"))
          .isEqualTo("c BAD Syntax error in ID: Expected a space\r\n");
      assertThat(imap.send("d ENABLE CONDSTORE"))
          .isEqualTo("d BAD Log in first: ENABLE needs LOGIN or AUTHENTICATE\r\n");
      imap.send("e LOGIN bob secret");
      assertThat(imap.send("f ENABLE CONDSTORE UTF8=ACCEPT"))
          .isEqualTo("* ENABLED\r\nf OK Enabled.\r\n");
      assertThat(imap.send("g NAMESPACE"))
          .isEqualTo("* NAMESPACE ((\"\" \"/\")) NIL NIL\r\ng OK Namespace completed.\r\n");
    }
  }

  @Test
  void listsSpecialUseFoldersAndHierarchy() {
    try (ImapWire imap = ImapWire.login(server, BOB)) {
      assertThat(imap.send("a LIST \"\" \"\""))
          .isEqualTo("* LIST (\\Noselect) \"/\" \"\"\r\na OK List completed.\r\n");
      assertThat(imap.send("b LIST \"\" *"))
          .isEqualTo(
              "* LIST (\\HasNoChildren) \"/\" INBOX\r\n"
                  + "* LIST (\\HasNoChildren \\Drafts) \"/\" Drafts\r\n"
                  + "* LIST (\\HasNoChildren \\Junk) \"/\" Junk\r\n"
                  + "* LIST (\\HasNoChildren \\Sent) \"/\" Sent\r\n"
                  + "* LIST (\\HasNoChildren \\Trash) \"/\" Trash\r\n"
                  + "b OK List completed.\r\n");
      assertThat(imap.send("c CREATE Archive/2024/Q1")).isEqualTo("c OK Create completed.\r\n");
      assertThat(imap.send("d CREATE Archive")).isEqualTo("d NO Mailbox already exists\r\n");
      assertThat(imap.send("e CREATE &AMQ-rger")).isEqualTo("e OK Create completed.\r\n");
      assertThat(imap.send("f LIST \"\" %"))
          .isEqualTo(
              "* LIST (\\HasNoChildren) \"/\" INBOX\r\n"
                  + "* LIST (\\HasChildren) \"/\" Archive\r\n"
                  + "* LIST (\\HasNoChildren \\Drafts) \"/\" Drafts\r\n"
                  + "* LIST (\\HasNoChildren \\Junk) \"/\" Junk\r\n"
                  + "* LIST (\\HasNoChildren \\Sent) \"/\" Sent\r\n"
                  + "* LIST (\\HasNoChildren \\Trash) \"/\" Trash\r\n"
                  + "* LIST (\\HasNoChildren) \"/\" &AMQ-rger\r\n"
                  + "f OK List completed.\r\n");
      assertThat(imap.send("g LIST Archive/ %"))
          .isEqualTo("* LIST (\\HasChildren) \"/\" Archive/2024\r\ng OK List completed.\r\n");
      assertThat(imap.send("h LIST \"\" Archive*"))
          .isEqualTo(
              "* LIST (\\HasChildren) \"/\" Archive\r\n"
                  + "* LIST (\\HasChildren) \"/\" Archive/2024\r\n"
                  + "* LIST (\\HasNoChildren) \"/\" Archive/2024/Q1\r\n"
                  + "h OK List completed.\r\n");
      assertThat(imap.send("i DELETE Archive"))
          .isEqualTo("i NO Mailbox has children, delete them first\r\n");
      assertThat(imap.send("j DELETE INBOX")).isEqualTo("j NO INBOX can't be deleted.\r\n");
      assertThat(imap.send("k DELETE Nope")).isEqualTo("k NO Mailbox doesn't exist: Nope\r\n");
      assertThat(imap.send("l RENAME Archive Old")).isEqualTo("l OK Rename completed.\r\n");
      assertThat(imap.send("m LIST \"\" Old/*"))
          .isEqualTo(
              "* LIST (\\HasChildren) \"/\" Old/2024\r\n"
                  + "* LIST (\\HasNoChildren) \"/\" Old/2024/Q1\r\n"
                  + "m OK List completed.\r\n");
      assertThat(imap.send("n RENAME Old Sent"))
          .isEqualTo("n NO Target mailbox already exists\r\n");
      assertThat(imap.send("o DELETE Old/2024/Q1")).isEqualTo("o OK Delete completed.\r\n");
      assertThat(imap.send("p CREATE A&AMQ"))
          .isEqualTo("p NO Mailbox name is not valid modified UTF-7: A&AMQ\r\n");
      assertThat(imap.send("q LIST \"\" inbox"))
          .isEqualTo("* LIST (\\HasNoChildren) \"/\" INBOX\r\nq OK List completed.\r\n");
    }
  }

  @Test
  void subscribesAndListsSubscriptions() {
    try (ImapWire imap = ImapWire.login(server, BOB)) {
      assertThat(imap.send("a SUBSCRIBE Later")).isEqualTo("a OK Subscribe completed.\r\n");
      assertThat(imap.send("b LSUB \"\" *"))
          .isEqualTo(
              "* LSUB () \"/\" Drafts\r\n"
                  + "* LSUB () \"/\" INBOX\r\n"
                  + "* LSUB () \"/\" Junk\r\n"
                  + "* LSUB (\\Noselect) \"/\" Later\r\n"
                  + "* LSUB () \"/\" Sent\r\n"
                  + "* LSUB () \"/\" Trash\r\n"
                  + "b OK Lsub completed.\r\n");
      assertThat(imap.send("c UNSUBSCRIBE Junk")).isEqualTo("c OK Unsubscribe completed.\r\n");
      assertThat(imap.send("d LSUB \"\" J*")).isEqualTo("d OK Lsub completed.\r\n");
    }
  }

  @Test
  void reportsStatusOfAFolder() {
    seedTwo();
    try (ImapWire imap = ImapWire.login(server, BOB)) {
      assertThat(imap.send("a STATUS INBOX (MESSAGES RECENT UIDNEXT UNSEEN)"))
          .isEqualTo(
              "* STATUS INBOX (MESSAGES 2 RECENT 2 UIDNEXT 3 UNSEEN 2)\r\na OK Status completed.\r\n");
      assertThat(imap.send("b STATUS Nope (MESSAGES)"))
          .isEqualTo("b NO Mailbox doesn't exist: Nope\r\n");
      assertThat(imap.send("c STATUS INBOX (SIZE)"))
          .isEqualTo("c BAD Syntax error in STATUS: Unknown STATUS item SIZE\r\n");
      assertThat(imap.send("d STATUS INBOX (UIDVALIDITY)"))
          .matches("\\* STATUS INBOX \\(UIDVALIDITY \\d+\\)\r\nd OK Status completed.\r\n");
    }
  }

  @Test
  void examinesReadOnlyAndRefusesChanges() {
    seedTwo();
    try (ImapWire imap = ImapWire.login(server, BOB)) {
      String examine = imap.send("a EXAMINE INBOX");
      assertThat(examine)
          .contains("* OK [PERMANENTFLAGS ()] Read-only mailbox.\r\n")
          .contains("* 0 RECENT\r\n")
          .endsWith("a OK [READ-ONLY] Examine completed.\r\n");
      assertThat(imap.send("b STORE 1 +FLAGS (\\Deleted)"))
          .isEqualTo("b NO Mailbox is read-only.\r\n");
      assertThat(imap.send("c FETCH 1 BODY[TEXT]"))
          .isEqualTo("* 1 FETCH (BODY[TEXT] {7}\r\nHello\r\n)\r\nc OK Fetch completed.\r\n");
      assertThat(imap.send("d FETCH 1 FLAGS"))
          .isEqualTo("* 1 FETCH (FLAGS ())\r\nd OK Fetch completed.\r\n");
      assertThat(imap.send("e EXPUNGE")).isEqualTo("e NO Mailbox is read-only.\r\n");
      assertThat(imap.send("f SELECT Nope")).isEqualTo("f NO Mailbox doesn't exist: Nope\r\n");
      assertThat(imap.send("g FETCH 1 FLAGS"))
          .isEqualTo("g BAD No mailbox selected: FETCH needs SELECT or EXAMINE first\r\n");
    }
  }
}
