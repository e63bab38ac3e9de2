package dev.fakemail;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The selected state byte for byte: FETCH, STORE, SEARCH, COPY, MOVE, EXPUNGE and friends. */
class ImapSelectedTranscriptTest {
  private static final String BOB = ImapTranscriptTest.BOB;
  private static final String FIRST = ImapTranscriptTest.FIRST;
  private static final String SECOND = ImapTranscriptTest.SECOND;
  private static final String MULTIPART =
      "From: Carol <carol@example.test>\r\n"
          + "Subject: =?UTF-8?Q?Gr=C3=BC=C3=9Fe?=\r\n"
          + "MIME-Version: 1.0\r\n"
          + "Content-Type: multipart/mixed; boundary=XX\r\n"
          + "\r\n"
          + "--XX\r\n"
          + "Content-Type: text/plain; charset=utf-8\r\n"
          + "\r\n"
          + "see attached\r\n"
          + "--XX\r\n"
          + "Content-Type: application/pdf; name=a.pdf\r\n"
          + "Content-Transfer-Encoding: base64\r\n"
          + "\r\n"
          + "JVBERi0=\r\n"
          + "--XX--\r\n";

  private FakeMailServer server;

  @BeforeEach
  void startServer() {
    server =
        FakeMailServer.start(
            FakeMailConfig.builder()
                .protocols(Protocol.SMTP, Protocol.POP3, Protocol.IMAP)
                .build());
    server.deliver(BOB, FIRST.getBytes(StandardCharsets.US_ASCII));
    server.deliver(BOB, SECOND.getBytes(StandardCharsets.US_ASCII));
    server.deliver(BOB, MULTIPART.getBytes(StandardCharsets.US_ASCII));
  }

  @AfterEach
  void stopServer() {
    server.close();
  }

  @Test
  void fetchesEnvelopeStructureAndSections() {
    try (ImapWire imap = ImapWire.select(server, BOB)) {
      assertThat(imap.send("a FETCH 1 (ENVELOPE)"))
          .isEqualTo(
              "* 1 FETCH (ENVELOPE (\"Mon, 7 Feb 1994 21:52:25 -0800\" \"first\""
                  + " ((\"Alice\" NIL \"alice\" \"example.test\"))"
                  + " ((\"Alice\" NIL \"alice\" \"example.test\"))"
                  + " ((\"Alice\" NIL \"alice\" \"example.test\"))"
                  + " ((NIL NIL \"bob\" \"example.test\")) NIL NIL NIL NIL))\r\n"
                  + "a OK Fetch completed.\r\n");
      assertThat(imap.send("b FETCH 3 BODYSTRUCTURE"))
          .startsWith("* 3 FETCH (BODYSTRUCTURE ((\"text\" \"plain\" (\"charset\" \"utf-8\")")
          .contains("(\"application\" \"pdf\" (\"name\" \"a.pdf\") NIL NIL \"base64\" 8 ")
          .endsWith("b OK Fetch completed.\r\n");
      assertThat(imap.send("c FETCH 3 (BODY.PEEK[2] BODY.PEEK[1.MIME])"))
          .isEqualTo(
              "* 3 FETCH (BODY[2] {8}\r\nJVBERi0= BODY[1.MIME] {43}\r\n"
                  + "Content-Type: text/plain; charset=utf-8\r\n\r\n)\r\n"
                  + "c OK Fetch completed.\r\n");
      assertThat(imap.send("d FETCH 1 (BODY.PEEK[HEADER.FIELDS (Subject To)] BODY.PEEK[]<0.4>)"))
          .isEqualTo(
              "* 1 FETCH (BODY[HEADER.FIELDS (Subject To)] {40}\r\n"
                  + "To: bob@example.test\r\nSubject: first\r\n\r\n"
                  + " BODY[]<0> {4}\r\nFrom)\r\nd OK Fetch completed.\r\n");
      assertThat(imap.send("e FETCH 2 (RFC822.HEADER RFC822.TEXT)"))
          .isEqualTo(
              "* 2 FETCH (RFC822.HEADER {19}\r\nSubject: second\r\n\r\n"
                  + " RFC822.TEXT {16}\r\nline 1\r\nline 2\r\n FLAGS (\\Seen \\Recent))\r\n"
                  + "e OK Fetch completed.\r\n");
      assertThat(imap.send("f FETCH 2 FAST"))
          .matches(
              "\\* 2 FETCH \\(FLAGS \\(\\\\Seen \\\\Recent\\) INTERNALDATE \"\\d\\d-[A-Z][a-z]{2}-\\d{4}"
                  + " \\d\\d:\\d\\d:\\d\\d \\+0000\" RFC822.SIZE 35\\)\r\nf OK Fetch completed.\r\n");
      assertThat(imap.send("g UID FETCH 3 (BODY)"))
          .startsWith("* 3 FETCH (UID 3 BODY ((\"text\" \"plain\"")
          .endsWith("g OK Fetch completed.\r\n");
      assertThat(imap.send("h FETCH 1 RFC822"))
          .isEqualTo(
              "* 1 FETCH (RFC822 {"
                  + FIRST.length()
                  + "}\r\n"
                  + FIRST
                  + " FLAGS (\\Seen \\Recent))\r\nh OK Fetch completed.\r\n");
      assertThat(imap.send("i FETCH 1 FULL")).contains(" ENVELOPE (").contains(" BODY (");
    }
  }

  @Test
  void refusesBadFetchesAndMessageSets() {
    try (ImapWire imap = ImapWire.select(server, BOB)) {
      assertThat(imap.send("a FETCH 4 FLAGS"))
          .isEqualTo("a BAD Syntax error in FETCH: Invalid messageset\r\n");
      assertThat(imap.send("b FETCH 1 FOO"))
          .isEqualTo("b BAD Syntax error in FETCH: Unknown FETCH item FOO\r\n");
      assertThat(imap.send("c FETCH 1 BODY[FOO]"))
          .isEqualTo("c BAD Syntax error in FETCH: Invalid section FOO\r\n");
      assertThat(imap.send("d FETCH 1 (FLAGS"))
          .isEqualTo("d BAD Syntax error in FETCH: Expected ')'\r\n");
      assertThat(imap.send("e FETCH $ FLAGS"))
          .isEqualTo(
              "e BAD Syntax error in FETCH: $ needs SEARCHRES, which this server does not support\r\n");
      assertThat(imap.send("f UID FETCH 99 FLAGS")).isEqualTo("f OK Fetch completed.\r\n");
      assertThat(imap.send("g UID FETCH 3:* UID"))
          .isEqualTo("* 3 FETCH (UID 3)\r\ng OK Fetch completed.\r\n");
      assertThat(imap.send("h UID FETCH 9:* UID"))
          .isEqualTo("* 3 FETCH (UID 3)\r\nh OK Fetch completed.\r\n");
    }
  }

  @Test
  void storesFlagsAndKeywords() {
    try (ImapWire imap = ImapWire.select(server, BOB)) {
      // RFC 3501 §6.4.6's example, on our messages 1:3
      assertThat(imap.send("A003 STORE 2:3 +FLAGS (\\Deleted)"))
          .isEqualTo(
              "* 2 FETCH (FLAGS (\\Deleted \\Recent))\r\n"
                  + "* 3 FETCH (FLAGS (\\Deleted \\Recent))\r\n"
                  + "A003 OK Store completed.\r\n");
      assertThat(imap.send("b STORE 2 -FLAGS.SILENT (\\Deleted)"))
          .isEqualTo("b OK Store completed.\r\n");
      assertThat(imap.send("c UID STORE 1 FLAGS \\Answered $Label1"))
          .isEqualTo(
              "* 1 FETCH (UID 1 FLAGS (\\Answered $Label1 \\Recent))\r\nc OK Store completed.\r\n");
      assertThat(imap.send("d STORE 1 +FLAGS (\\Recent)"))
          .isEqualTo("d BAD Syntax error in STORE: Invalid system flag \\Recent\r\n");
      assertThat(imap.send("e STORE 1 +FLAGS (\\Foo)"))
          .isEqualTo("e BAD Syntax error in STORE: Invalid system flag \\Foo\r\n");
      assertThat(imap.send("f STORE 1 BODY (\\Seen)"))
          .isEqualTo("f BAD Syntax error in STORE: Invalid STORE item BODY\r\n");
      assertThat(imap.send("g FETCH 1:3 FLAGS"))
          .isEqualTo(
              "* 1 FETCH (FLAGS (\\Answered $Label1 \\Recent))\r\n"
                  + "* 2 FETCH (FLAGS (\\Recent))\r\n"
                  + "* 3 FETCH (FLAGS (\\Deleted \\Recent))\r\n"
                  + "g OK Fetch completed.\r\n");
    }
  }

  @Test
  void searchesWithEveryKindOfKey() {
    try (ImapWire imap = ImapWire.select(server, BOB)) {
      imap.send("s STORE 1 +FLAGS (\\Flagged \\Seen)");
      assertThat(search(imap, "ALL")).isEqualTo("1 2 3");
      assertThat(search(imap, "FLAGGED SINCE 1-Feb-1994 NOT FROM \"Smith\"")).isEqualTo("1");
      assertThat(search(imap, "UNSEEN")).isEqualTo("2 3");
      assertThat(search(imap, "SEEN")).isEqualTo("1");
      assertThat(search(imap, "NEW")).isEqualTo("2 3");
      assertThat(search(imap, "OLD")).isEqualTo("");
      assertThat(search(imap, "RECENT")).isEqualTo("1 2 3");
      assertThat(search(imap, "SUBJECT first")).isEqualTo("1");
      assertThat(search(imap, "SUBJECT gr\u00fc\u00dfe")).isEqualTo("3");
      assertThat(search(imap, "FROM alice")).isEqualTo("1");
      assertThat(search(imap, "TO bob")).isEqualTo("1");
      assertThat(search(imap, "OR SUBJECT first SUBJECT second")).isEqualTo("1 2");
      assertThat(search(imap, "NOT (SUBJECT first)")).isEqualTo("2 3");
      assertThat(search(imap, "(OR 1 2) UNSEEN")).isEqualTo("2");
      assertThat(search(imap, "HEADER Content-Type multipart")).isEqualTo("3");
      assertThat(search(imap, "BODY \"line 2\"")).isEqualTo("2");
      assertThat(search(imap, "TEXT alice")).isEqualTo("1");
      assertThat(search(imap, "SENTON 7-Feb-1994")).isEqualTo("1");
      assertThat(search(imap, "SENTBEFORE 8-Feb-1994 SENTSINCE 7-Feb-1994")).isEqualTo("1");
      assertThat(search(imap, "BEFORE 1-Jan-2000")).isEqualTo("");
      assertThat(search(imap, "LARGER 100")).isEqualTo("1 3");
      assertThat(search(imap, "SMALLER 36")).isEqualTo("2");
      assertThat(search(imap, "2:*")).isEqualTo("2 3");
      assertThat(search(imap, "UID 1,3")).isEqualTo("1 3");
      assertThat(search(imap, "KEYWORD $Work")).isEqualTo("");
      assertThat(search(imap, "UNKEYWORD $Work")).isEqualTo("1 2 3");
      assertThat(search(imap, "ANSWERED")).isEqualTo("");
      assertThat(search(imap, "UNANSWERED UNDELETED UNDRAFT UNFLAGGED")).isEqualTo("2 3");
      assertThat(search(imap, "DELETED")).isEqualTo("");
      assertThat(search(imap, "DRAFT")).isEqualTo("");
      assertThat(search(imap, "CHARSET UTF-8 SUBJECT first")).isEqualTo("1");
      assertThat(search(imap, "CHARSET us-ascii SUBJECT first")).isEqualTo("1");
      assertThat(imap.send("u UID SEARCH SUBJECT second"))
          .isEqualTo("* SEARCH 2\r\nu OK Search completed.\r\n");
      assertThat(imap.send("b SEARCH CHARSET ISO-8859-1 SUBJECT x"))
          .isEqualTo("b NO [BADCHARSET (UTF-8 US-ASCII)] Unsupported charset ISO-8859-1\r\n");
      assertThat(imap.send("c SEARCH FOO"))
          .isEqualTo("c BAD Syntax error in SEARCH: Unknown search key FOO\r\n");
      assertThat(imap.send("d SEARCH SINCE 30-Feb-2020"))
          .isEqualTo("d BAD Syntax error in SEARCH: Invalid date: 30-Feb-2020\r\n");
      assertThat(imap.send("e SEARCH OR SEEN"))
          .isEqualTo("e BAD Syntax error in SEARCH: Missing arguments\r\n");
    }
  }

  private static String search(ImapWire imap, String criteria) {
    byte[] utf8 = criteria.getBytes(StandardCharsets.UTF_8);
    String reply;
    if (utf8.length != criteria.length()) {
      int space = criteria.lastIndexOf(' ');
      imap.write(
          "x SEARCH CHARSET UTF-8 "
              + criteria.substring(0, space)
              + " {"
              + (utf8.length - space - 1)
              + "+}\r\n");
      imap.write(
          new String(utf8, space + 1, utf8.length - space - 1, StandardCharsets.ISO_8859_1)
              + "\r\n");
      reply = imap.until("x");
    } else {
      reply = imap.send("x SEARCH " + criteria);
    }
    assertThat(reply).as(criteria).startsWith("* SEARCH").endsWith("x OK Search completed.\r\n");
    return reply.substring(0, reply.indexOf("\r\n")).replaceFirst("^\\* SEARCH ?", "");
  }

  @Test
  void expungesAsRfc3501SectionSixFourThreeShows() {
    for (int i = 4; i <= 11; i++) {
      server.deliver(BOB, ("Subject: m" + i + "\r\n\r\nx\r\n").getBytes(StandardCharsets.US_ASCII));
    }
    try (ImapWire imap = ImapWire.select(server, BOB)) {
      imap.send("a STORE 3:4,7,11 +FLAGS.SILENT (\\Deleted)");
      assertThat(imap.send("A202 EXPUNGE"))
          .isEqualTo(
              "* 3 EXPUNGE\r\n* 3 EXPUNGE\r\n* 5 EXPUNGE\r\n* 8 EXPUNGE\r\nA202 OK Expunge completed.\r\n");
      String uids =
          IntStream.of(1, 2, 5, 6, 8, 9, 10)
              .mapToObj(Integer::toString)
              .collect(Collectors.joining(" "));
      assertThat(imap.send("b UID SEARCH ALL"))
          .isEqualTo("* SEARCH " + uids + "\r\nb OK Search completed.\r\n");
      imap.send("c STORE 1:3 +FLAGS.SILENT (\\Deleted)");
      assertThat(imap.send("d UID EXPUNGE 2:5"))
          .isEqualTo("* 2 EXPUNGE\r\n* 2 EXPUNGE\r\nd OK Expunge completed.\r\n");
      assertThat(imap.send("e CLOSE")).isEqualTo("e OK Close completed.\r\n");
      assertThat(server.mailbox(BOB)).hasSize(4);
    }
  }

  @Test
  void copiesAndMovesWithUidPlusCodes() {
    try (ImapWire imap = ImapWire.select(server, BOB)) {
      assertThat(imap.send("a COPY 1:2 Archive"))
          .isEqualTo("a NO [TRYCREATE] Mailbox doesn't exist: Archive\r\n");
      imap.send("b CREATE Archive");
      assertThat(imap.send("c COPY 1:2 Archive"))
          .matches("c OK \\[COPYUID \\d+ 1:2 1:2\\] Copy completed.\r\n");
      assertThat(imap.send("d UID MOVE 3 Archive"))
          .matches(
              "\\* OK \\[COPYUID \\d+ 3 3\\] Moved UIDs.\r\n\\* 3 EXPUNGE\r\nd OK Move completed.\r\n");
      assertThat(imap.send("e MOVE 1 Archive"))
          .matches(
              "\\* OK \\[COPYUID \\d+ 1 4\\] Moved UIDs.\r\n\\* 1 EXPUNGE\r\ne OK Move completed.\r\n");
      assertThat(imap.send("f UID COPY 99 Archive")).isEqualTo("f OK Copy completed.\r\n");
      assertThat(imap.send("g STATUS Archive (MESSAGES UIDNEXT)"))
          .isEqualTo("* STATUS Archive (MESSAGES 4 UIDNEXT 5)\r\ng OK Status completed.\r\n");
      assertThat(imap.send("h SELECT Archive")).contains("* 4 EXISTS\r\n* 4 RECENT\r\n");
      assertThat(imap.send("i FETCH 3 (BODY.PEEK[HEADER.FIELDS (SUBJECT)])"))
          .contains("Subject: =?UTF-8?Q?Gr=C3=BC=C3=9Fe?=");
    }
  }

  @Test
  void appendsWithFlagsAndDate() {
    try (ImapWire imap = ImapWire.login(server, BOB)) {
      String msg = "Subject: appended\r\n\r\nhi\r\n";
      imap.write(
          "a APPEND Drafts (\\Draft \\Seen) \" 7-Feb-1994 21:52:25 -0800\" {"
              + msg.length()
              + "}\r\n");
      assertThat(imap.response()).isEqualTo("+ Ready for literal data\r\n");
      imap.write(msg + "\r\n");
      assertThat(imap.response()).matches("a OK \\[APPENDUID \\d+ 1\\] Append completed.\r\n");
      imap.send("b SELECT Drafts");
      assertThat(imap.send("c FETCH 1 (FLAGS INTERNALDATE)"))
          .isEqualTo(
              "* 1 FETCH (FLAGS (\\Seen \\Draft \\Recent) INTERNALDATE \"08-Feb-1994 05:52:25 +0000\")\r\n"
                  + "c OK Fetch completed.\r\n");
      assertThat(imap.send("d APPEND Nope {1+}\r\nx"))
          .isEqualTo("d NO [TRYCREATE] Mailbox doesn't exist: Nope\r\n");
      assertThat(imap.send("e APPEND INBOX {0+}\r\n"))
          .isEqualTo("e NO Can't save a zero byte message.\r\n");
      assertThat(imap.send("f APPEND INBOX (\\Bogus) {1+}\r\nx"))
          .isEqualTo("f BAD Syntax error in APPEND: Invalid system flag \\Bogus\r\n");
      assertThat(imap.send("g APPEND INBOX \"31-Feb-2020 00:00:00 +0000\" {1+}\r\nx"))
          .isEqualTo(
              "g BAD Syntax error in APPEND: Invalid date-time: 31-Feb-2020 00:00:00 +0000\r\n");
    }
  }

  @Test
  void unselectKeepsDeletedMessagesAndCheckAnswers() {
    try (ImapWire imap = ImapWire.select(server, BOB)) {
      imap.send("a STORE 1 +FLAGS.SILENT (\\Deleted)");
      assertThat(imap.send("b CHECK")).isEqualTo("b OK Check completed.\r\n");
      assertThat(imap.send("c UNSELECT")).isEqualTo("c OK Unselect completed.\r\n");
      assertThat(server.mailbox(BOB)).hasSize(3);
      assertThat(imap.send("d UNSELECT"))
          .isEqualTo("d BAD No mailbox selected: UNSELECT needs SELECT or EXAMINE first\r\n");
    }
  }
}
