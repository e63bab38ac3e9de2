package dev.fakemail;

import static dev.fakemail.AngusClient.message;
import static dev.fakemail.AngusClient.send;
import static dev.fakemail.AngusClient.session;
import static dev.fakemail.MailFilter.subject;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Rules that fire are on the session's transcript: what a test reads to see why mail failed. */
class RuleTranscriptTest {
  private FakeMailServer server;

  @BeforeEach
  void startServer() {
    server = FakeMailServer.start();
  }

  @AfterEach
  void stopServer() {
    server.close();
  }

  @Test
  void greylistedSessionShowsTheRuleAndTheRefusalAndTheRetryDelivers() throws Exception {
    RegisteredRule grey = server.smtp().add(SmtpRule.greylisting());
    Session session = session(server);

    assertThatThrownBy(
            () ->
                send(
                    session,
                    message(session, "shop@example.test", "bob@example.test", "Receipt", "r")))
        .isInstanceOf(SendFailedException.class);
    send(session, message(session, "shop@example.test", "bob@example.test", "Receipt", "r"));
    ReceivedMail mail = server.inbox().awaitMessage(subject("Receipt"));

    List<Transcript> sessions = server.transcripts();
    assertThat(sessions).hasSize(2);
    Transcript refused = sessions.get(0);
    assertThat(refused.outcome()).isEqualTo(Transcript.Outcome.REJECTED);
    assertThat(refused.rulesFired()).containsExactly(grey.id());
    assertThat(refused.entries())
        .filteredOn(e -> e.direction() == Transcript.Direction.EVENT)
        .extracting(Transcript.Entry::text)
        .contains("rule " + grey.id() + " fired at RCPT_TO: SmtpRule{on RCPT_TO: greylist}");
    assertThat(refused.refusals())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.command()).isEqualTo("RCPT TO:<bob@example.test>");
              assertThat(r.code()).isEqualTo(450);
              assertThat(r.recipients()).containsExactly("bob@example.test");
            });

    Transcript delivered = sessions.get(1);
    assertThat(delivered.outcome()).isEqualTo(Transcript.Outcome.DELIVERED);
    assertThat(delivered.rulesFired()).isEmpty();
    assertThat(delivered.messageIds()).containsExactly(mail.id());
    assertThat(mail.transcript().orElseThrow().id()).isEqualTo(delivered.id());
  }

  @Test
  void droppedMessageLeavesASessionWithoutMailThatNamesTheRule() throws Exception {
    RegisteredRule drop = server.smtp().add(SmtpRule.on(SmtpPhase.END_OF_DATA).drop());
    Session session = session(server);

    send(session, message(session, "shop@example.test", "carol@example.test", "Lost", "l"));

    Transcript only = server.transcripts().get(0);
    assertThat(only.outcome()).isEqualTo(Transcript.Outcome.NO_MAIL);
    assertThat(only.messageIds()).isEmpty();
    assertThat(only.rulesFired()).containsExactly(drop.id());
    assertThat(server.inbox().messages()).isEmpty();
  }
}
