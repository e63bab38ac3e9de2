package dev.fakemail.assertj;

import static dev.fakemail.assertj.MailAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fakemail.FakeMailConfig;
import dev.fakemail.FakeMailServer;
import dev.fakemail.Inbox;
import dev.fakemail.Protocol;
import dev.fakemail.Transcript;
import dev.fakemail.Transcript.Direction;
import dev.fakemail.Transcript.Entry;
import dev.fakemail.Transcript.Outcome;
import dev.fakemail.testsupport.TestMail;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * {@link TranscriptAssert} and {@link InboxAssert#hasRejected}: on transcripts built by hand (so
 * that messages are known to the byte) and on sessions of a real server; messages verbatim.
 */
class TranscriptAssertTest {
  private static final Instant AT = Instant.parse("2026-11-28T08:00:00Z");

  /** A greylisted recipient, retried in the same session and accepted. */
  static Transcript greylisted() {
    return Transcript.builder("s3", Protocol.SMTP, AT)
        .endedAt(AT.plusSeconds(1))
        .recipients(List.of("bob@example.test"))
        .entries(
            List.of(
                Entry.of(AT, Direction.SERVER, "220 localhost ESMTP FakeMail"),
                Entry.of(AT, Direction.CLIENT, "EHLO app"),
                Entry.of(AT, Direction.SERVER, "250 localhost"),
                Entry.of(AT, Direction.CLIENT, "MAIL FROM:<app@shop.test>"),
                Entry.of(AT, Direction.SERVER, "250 2.1.0 Sender <app@shop.test> OK"),
                Entry.of(AT, Direction.CLIENT, "RCPT TO:<bob@example.test>"),
                Entry.of(AT, Direction.EVENT, "rule r1 fired at RCPT_TO: greylisting"),
                Entry.of(AT, Direction.SERVER, "450 4.7.1 Greylisted, try again later"),
                Entry.of(AT, Direction.CLIENT, "QUIT"),
                Entry.of(AT, Direction.SERVER, "221 2.0.0 Bye"),
                Entry.of(AT, Direction.EVENT, "connection closed by the server")))
        .rulesFired(List.of("r1"))
        .refusals(
            List.of(
                Transcript.Refusal.of(
                    AT,
                    "RCPT TO:<bob@example.test>",
                    450,
                    "450 4.7.1 Greylisted, try again later",
                    List.of("bob@example.test"))))
        .build();
  }

  @Test
  void passingAssertionsChain() {
    assertThat(greylisted())
        .containsCommand("ehlo")
        .containsCommand("RCPT TO:<bob@example.test>")
        .doesNotContainCommand("DATA")
        .hasReply(450)
        .hasReply(221)
        .containsInOrder("S: 450", "C: QUIT", "* connection closed")
        .hasOutcome(Outcome.REJECTED)
        .hasFiredRule("r1");
  }

  @Test
  void containsCommandListsTheCommands() {
    assertThatThrownBy(() -> assertThat(greylisted()).containsCommand("STARTTLS"))
        .isInstanceOf(AssertionError.class)
        .hasMessage(
            String.format(
                "%nExpecting transcript s3 (smtp, REJECTED) to contain a command starting with:%n"
                    + "  \"STARTTLS\"%n"
                    + "but had:%n"
                    + "  C: EHLO app%n"
                    + "  C: MAIL FROM:<app@shop.test>%n"
                    + "  C: RCPT TO:<bob@example.test>%n"
                    + "  C: QUIT"));
  }

  @Test
  void doesNotContainCommandListsTheMatches() {
    assertThatThrownBy(() -> assertThat(greylisted()).doesNotContainCommand("rcpt"))
        .hasMessage(
            String.format(
                "%nExpecting transcript s3 (smtp, REJECTED) to contain no command starting with:%n"
                    + "  \"rcpt\"%n"
                    + "but had:%n"
                    + "  C: RCPT TO:<bob@example.test>"));
  }

  @Test
  void hasReplyListsTheReplies() {
    assertThatThrownBy(() -> assertThat(greylisted()).hasReply(354))
        .hasMessage(
            String.format(
                "%nExpecting transcript s3 (smtp, REJECTED) to have a reply with code:%n"
                    + "  354%n"
                    + "but had:%n"
                    + "  S: 220 localhost ESMTP FakeMail%n"
                    + "  S: 250 localhost%n"
                    + "  S: 250 2.1.0 Sender <app@shop.test> OK%n"
                    + "  S: 450 4.7.1 Greylisted, try again later%n"
                    + "  S: 221 2.0.0 Bye"));
    // 45 is not 450
    assertThatThrownBy(() -> assertThat(greylisted()).hasReply(45))
        .isInstanceOf(AssertionError.class);
  }

  @Test
  void containsInOrderMarksWhatWasNotFound() {
    assertThatThrownBy(
            () ->
                assertThat(greylisted())
                    .containsInOrder("S: 450", "C: RCPT TO:<bob@example.test>", "S: 250"))
        .hasMessage(
            String.format(
                "%nExpecting transcript s3 (smtp, REJECTED) to contain, in order, entries starting"
                    + " with:%n"
                    + "    S: 450%n"
                    + "  ✗ C: RCPT TO:<bob@example.test>%n"
                    + "  ✗ S: 250%n"
                    + "but had:%n"
                    + "  S: 220 localhost ESMTP FakeMail%n"
                    + "  C: EHLO app%n"
                    + "  S: 250 localhost%n"
                    + "  C: MAIL FROM:<app@shop.test>%n"
                    + "  S: 250 2.1.0 Sender <app@shop.test> OK%n"
                    + "  C: RCPT TO:<bob@example.test>%n"
                    + "  * rule r1 fired at RCPT_TO: greylisting%n"
                    + "  S: 450 4.7.1 Greylisted, try again later%n"
                    + "  C: QUIT%n"
                    + "  S: 221 2.0.0 Bye%n"
                    + "  * connection closed by the server"));
  }

  @Test
  void hasOutcomeShowsTheFacts() {
    assertThatThrownBy(() -> assertThat(greylisted()).hasOutcome(Outcome.DELIVERED))
        .hasMessage(
            String.format(
                "%nExpecting transcript s3 (smtp, REJECTED) to have outcome:%n"
                    + "  DELIVERED%n"
                    + "but had:%n"
                    + "  REJECTED%n"
                    + "  messages: []%n"
                    + "  refusals:%n"
                    + "    RCPT TO:<bob@example.test> -> 450 4.7.1 Greylisted, try again later"));
    assertThatThrownBy(() -> assertThat(greylisted()).hasFiredRule("r2"))
        .hasMessage(
            String.format(
                "%nExpecting transcript s3 (smtp, REJECTED) to have fired rule:%n"
                    + "  r2%n"
                    + "but had:%n"
                    + "  rules fired: [r1]"));
  }

  @Test
  void nullTranscriptFailsLikeAssertJ() {
    assertThatThrownBy(() -> assertThat((Transcript) null).containsCommand("EHLO"))
        .hasMessage(String.format("%nExpecting actual not to be null"));
  }

  @Test
  void inboxHasRejectedOnARealServer() throws Exception {
    try (FakeMailServer server =
        FakeMailServer.start(FakeMailConfig.builder().maxRecipients(1).build())) {
      Inbox inbox = server.newInbox();
      Inbox other = server.newInbox();
      assertThatThrownBy(() -> assertThat(inbox).hasRejected(inbox.address()))
          .hasMessage(
              String.format(
                  "%nExpecting inbox <%s> to have rejected mail for:%n"
                      + "  %s%n"
                      + "but had:%n"
                      + "  no sessions",
                  inbox.address(), inbox.address()));

      TestMail.to(other.address()).subject("First").sendTo(server);
      sendTwoRecipients(server, other.address(), inbox.address()); // the second one is refused
      assertThat(inbox)
          .hasRejected(inbox.address())
          .hasRejected(inbox.address().toUpperCase(), 452);
      assertThat(other).hasNoRejections(); // the refusal in the shared session was not its own

      List<Transcript> sessions = other.transcripts();
      assertThat(sessions).hasSize(2);
      Transcript first = sessions.get(0);
      Transcript second = sessions.get(1);
      assertThatThrownBy(() -> assertThat(other).hasRejected(other.address(), 550))
          .hasMessage(
              String.format(
                  "%nExpecting inbox <%s> to have rejected mail for:%n"
                      + "  %s with code 550%n"
                      + "but had:%n"
                      + "  2 sessions, none refusing it:%n"
                      + "    transcript %s (smtp, DELIVERED): no refusals%n"
                      + "    transcript %s (smtp, DELIVERED)%n"
                      + "      RCPT TO:<%s> -> 452 4.5.3 Requested action not taken: max"
                      + " recipients reached",
                  other.address(), other.address(), first.id(), second.id(), inbox.address()));
      assertThatThrownBy(() -> assertThat(inbox).hasNoRejections())
          .hasMessage(
              String.format(
                  "%nExpecting inbox <%s> to have no rejected mail%n"
                      + "but had:%n"
                      + "  1 session, refusing it:%n"
                      + "    transcript %s (smtp, DELIVERED)%n"
                      + "      RCPT TO:<%s> -> 452 4.5.3 Requested action not taken: max"
                      + " recipients reached",
                  inbox.address(), second.id(), inbox.address()));
    }
  }

  @Test
  void softAssertionsCollectTranscriptFailures() {
    SoftMailAssertions softly = new SoftMailAssertions();
    softly.assertThat(greylisted()).containsCommand("STARTTLS").hasReply(450).hasReply(354);
    assertThat(softly.errorsCollected()).hasSize(2);
    assertThat(softly.errorsCollected().get(1).getMessage())
        .startsWith(
            String.format(
                "%nExpecting transcript s3 (smtp, REJECTED) to have a reply with code:%n  354%n"));
  }

  /** Sends one message to both recipients with partial sending on: the refused one is dropped. */
  private static void sendTwoRecipients(FakeMailServer server, String accepted, String refused)
      throws Exception {
    Properties p = new Properties();
    p.put("mail.smtp.host", server.smtpHost());
    p.put("mail.smtp.port", Integer.toString(server.smtpPort()));
    p.put("mail.smtp.sendpartial", "true");
    Session session = Session.getInstance(p);
    MimeMessage m = new MimeMessage(session);
    m.setFrom("app@shop.test");
    m.setSubject("Two");
    m.setText("hi");
    try (Transport t = session.getTransport("smtp")) {
      t.connect();
      try {
        t.sendMessage(
            m, new InternetAddress[] {new InternetAddress(accepted), new InternetAddress(refused)});
      } catch (jakarta.mail.SendFailedException partial) {
        // sendpartial: the message went to the accepted recipient
      }
    }
    server.inbox().awaitMessage(dev.fakemail.MailFilter.subject("Two"));
  }
}
