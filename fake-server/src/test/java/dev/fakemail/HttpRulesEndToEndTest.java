package dev.fakemail;

import static dev.fakemail.AngusClient.message;
import static dev.fakemail.AngusClient.send;
import static dev.fakemail.AngusClient.session;
import static dev.fakemail.MailFilter.subject;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A rule added over HTTP changes what a real SMTP client sees, exactly as one added in process: the
 * HTTP-backed {@link SmtpBehavior} and the SMTP engine meet in the server's one registry.
 */
class HttpRulesEndToEndTest {
  private FakeMailServer server;
  private FakeMailHttpClient http;

  @BeforeEach
  void startServer() {
    server =
        FakeMailServer.start(
            FakeMailConfig.builder().protocols(Protocol.SMTP, Protocol.HTTP).build());
    http = FakeMailHttpClient.of(server.httpUrl());
  }

  @AfterEach
  void stopServer() {
    server.close();
  }

  @Test
  void inboxRuleAddedOverHttpRefusesOnceThenTheRetryArrives() throws Exception {
    Inbox inbox = http.newInbox();
    RegisteredRule full =
        inbox.smtp().add(SmtpRule.on(SmtpPhase.RCPT_TO).times(1).reply(452, "4.2.2 Mailbox full"));
    Session session = session(server);

    SendFailedException refused =
        catchThrowableOfType(
            () ->
                send(
                    session,
                    message(session, "alice@example.test", inbox.address(), "Welcome", "Hi")),
            SendFailedException.class);
    assertThat(refused.getNextException())
        .isInstanceOf(SMTPAddressFailedException.class)
        .hasMessage("452 4.2.2 Mailbox full\n");

    send(session, message(session, "alice@example.test", inbox.address(), "Welcome", "Hi"));
    assertThat(inbox.awaitMessage(subject("Welcome")).envelope().recipients())
        .containsExactly(inbox.address());
    RegisteredRule after = inbox.smtp().rule(full.id()).orElseThrow();
    assertThat(after.fired()).isEqualTo(1);
    assertThat(after.occurrences()).isEqualTo(2);
    assertThat(after.isSpent()).isTrue();
    assertThat(server.smtp().rules()).containsExactly(after);
  }

  @Test
  void clearingTheInboxOverHttpRemovesItsRulesForTheSmtpEngineToo() throws Exception {
    Inbox inbox = http.newInbox();
    inbox.smtp().add(SmtpRule.on(SmtpPhase.RCPT_TO).reply(550, "5.1.1 <{recipient}>: gone"));
    inbox.clear();
    assertThat(server.smtp().rules()).isEmpty();

    Session session = session(server);
    send(session, message(session, "alice@example.test", inbox.address(), "After clear", "Hi"));
    assertThat(inbox.awaitMessage(subject("After clear")).subject()).isEqualTo("After clear");
  }
}
