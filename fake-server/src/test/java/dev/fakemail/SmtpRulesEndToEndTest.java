package dev.fakemail;

import static dev.fakemail.AngusClient.message;
import static dev.fakemail.AngusClient.send;
import static dev.fakemail.AngusClient.session;
import static dev.fakemail.MailFilter.subject;
import static dev.fakemail.MailFilter.to;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * SMTP rules as a real client sees them: Angus Mail (Jakarta Mail) over real sockets. What the
 * client throws, with which addresses, and what arrives.
 */
class SmtpRulesEndToEndTest {
  private FakeMailServer server;

  @BeforeEach
  void startServer() {
    server = FakeMailServer.start();
  }

  @AfterEach
  void stopServer() {
    server.close();
  }

  private MimeMessage mail(Session session, String to, String subject) throws MessagingException {
    return message(session, "alice@example.test", to, subject, "Hello");
  }

  private static List<String> addresses(Address[] addresses) {
    List<String> list = new ArrayList<>();
    if (addresses != null) {
      for (Address a : addresses) {
        list.add(a.toString());
      }
    }
    return list;
  }

  @Test
  void refusedRecipientsAmongSeveralFailTheWholeSendByDefault() throws Exception {
    server.smtp().add(SmtpRule.mailboxFull("full@example.test"));
    server
        .smtp()
        .add(
            SmtpRule.on(SmtpPhase.RCPT_TO)
                .recipient("gone@example.test")
                .reply(550, "5.1.1 <{recipient}>: gone"));
    Session session = session(server);
    MimeMessage m =
        mail(
            session,
            "one@example.test, full@example.test, gone@example.test, two@example.test",
            "x");

    SendFailedException e = catchThrowableOfType(() -> send(session, m), SendFailedException.class);

    assertThat(addresses(e.getInvalidAddresses())).containsExactly("gone@example.test");
    assertThat(addresses(e.getValidUnsentAddresses()))
        .containsExactlyInAnyOrder("one@example.test", "full@example.test", "two@example.test");
    assertThat(addresses(e.getValidSentAddresses())).isEmpty();
    assertThat(server.inbox().messages()).isEmpty();
  }

  @Test
  void withSendPartialTheOthersGetTheMessage() throws Exception {
    server
        .smtp()
        .add(
            SmtpRule.on(SmtpPhase.RCPT_TO)
                .recipient("full@example.test")
                .reply(452, "4.2.2 Mailbox full"));
    Session session = session(server, "mail.smtp.sendpartial", "true");
    MimeMessage m =
        mail(session, "one@example.test, full@example.test, two@example.test", "partial");

    SendFailedException e = catchThrowableOfType(() -> send(session, m), SendFailedException.class);

    assertThat(addresses(e.getValidSentAddresses()))
        .containsExactly("one@example.test", "two@example.test");
    assertThat(addresses(e.getValidUnsentAddresses())).containsExactly("full@example.test");
    assertThat(addresses(e.getInvalidAddresses())).isEmpty();
    ReceivedMail received = server.inbox().awaitMessage(subject("partial"));
    assertThat(received.envelope().recipients())
        .containsExactly("one@example.test", "two@example.test");
  }

  @ParameterizedTest
  @EnumSource(
      value = SmtpPhase.class,
      names = {"CONNECT", "EHLO", "MAIL_FROM", "RCPT_TO", "DATA", "END_OF_DATA"})
  void aDisconnectAtAnyPhaseFailsTheSendAndStoresNothing(SmtpPhase phase) throws Exception {
    server.smtp().add(SmtpRule.on(phase).disconnect());
    Session session = session(server);
    MimeMessage m = mail(session, "bob@example.test", "lost");

    assertThatThrownBy(() -> send(session, m)).isInstanceOf(MessagingException.class);

    assertThat(server.smtp().rules().get(0).fired()).isEqualTo(1);
    server.smtp().clear();
    send(session, mail(session, "bob@example.test", "after")); // the server goes on
    assertThat(server.inbox().awaitMessage().subject()).isEqualTo("after");
    assertThat(server.inbox().messages()).hasSize(1);
  }

  @Test
  void aConnectionDroppedMidDataFailsTheSend() throws Exception {
    server.smtp().add(SmtpRule.on(SmtpPhase.DATA).disconnectAfterBytes(100));
    Session session = session(server);
    MimeMessage m =
        message(session, "alice@example.test", "bob@example.test", "big", "x".repeat(10_000));

    assertThatThrownBy(() -> send(session, m)).isInstanceOf(MessagingException.class);
    assertThat(server.inbox().messages()).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(
      value = SmtpPhase.class,
      names = {"MAIL_FROM", "DATA", "END_OF_DATA"})
  void aReplyAtMailDataOrEndOfDataIsTheClientsError(SmtpPhase phase) throws Exception {
    server.smtp().add(SmtpRule.on(phase).reply(451, "4.3.0 Error: queue file write error"));
    Session session = session(server);
    MimeMessage m = mail(session, "bob@example.test", "refused");

    SMTPSendFailedException e =
        catchThrowableOfType(() -> send(session, m), SMTPSendFailedException.class);

    assertThat(e.getReturnCode()).isEqualTo(451);
    assertThat(e.getMessage()).isEqualTo("451 4.3.0 Error: queue file write error\n");
    assertThat(server.inbox().messages()).isEmpty();
  }

  @Test
  void aSlowServerTripsTheClientsReadTimeoutAndWhatItWasSlowAtIsNotStored() throws Exception {
    server.smtp().add(SmtpRule.on(SmtpPhase.END_OF_DATA).delay(Duration.ofMillis(2000)).proceed());
    Session session = session(server, "mail.smtp.timeout", "150");
    MimeMessage m = mail(session, "bob@example.test", "too slow");

    MessagingException e = catchThrowableOfType(() -> send(session, m), MessagingException.class);
    assertThat(rootCause(e)).isInstanceOf(SocketTimeoutException.class);

    // the client hung up during the delay: the hold was cancelled, nothing is stored after it
    assertThatThrownBy(() -> server.inbox().awaitMessage(MailFilter.any(), Duration.ofMillis(3000)))
        .isInstanceOf(MailNotReceivedError.class);
  }

  @Test
  void aDelayedGreetingTripsTheReadTimeoutNotTheConnectTimeout() throws Exception {
    server
        .smtp()
        .add(SmtpRule.on(SmtpPhase.CONNECT).times(1).delay(Duration.ofSeconds(3)).proceed());
    Session session =
        session(server, "mail.smtp.connectiontimeout", "200", "mail.smtp.timeout", "200");
    MimeMessage m = mail(session, "bob@example.test", "greeting");

    MessagingException e = catchThrowableOfType(() -> send(session, m), MessagingException.class);
    assertThat(rootCause(e)).isInstanceOf(SocketTimeoutException.class);
    send(session, m); // spent: the next connection is greeted at once
    assertThat(server.inbox().awaitMessage().subject()).isEqualTo("greeting");
  }

  @Test
  void aDelayWithinTheClientsTimeoutOnlySlowsTheSend() throws Exception {
    server
        .smtp()
        .add(
            SmtpRule.on(SmtpPhase.MAIL_FROM, SmtpPhase.RCPT_TO)
                .delay(Duration.ofMillis(100))
                .proceed());
    Session session = session(server);
    send(session, mail(session, "bob@example.test", "slow but fine"));
    assertThat(server.inbox().awaitMessage().subject()).isEqualTo("slow but fine");
    assertThat(server.smtp().rules().get(0).fired()).isEqualTo(2);
  }

  @Test
  void greylistingThenARetrySucceeds() throws Exception {
    RegisteredRule rule = server.smtp().add(SmtpRule.greylisting());
    Session session = session(server);
    MimeMessage m = mail(session, "bob@example.test", "greylisted");

    SendFailedException first =
        catchThrowableOfType(() -> send(session, m), SendFailedException.class);
    assertThat(addresses(first.getValidUnsentAddresses())).containsExactly("bob@example.test");
    assertThat(first.getNextException())
        .hasMessage(
            "450 4.2.0 <bob@example.test>: Recipient address rejected: Greylisted, please try"
                + " again later\n");

    send(session, m); // the retry, as the application's retry logic would do it
    assertThat(server.inbox().awaitMessage(to("bob@example.test")).subject())
        .isEqualTo("greylisted");
    RegisteredRule counts = server.smtp().rule(rule.id()).orElseThrow();
    assertThat(counts.occurrences()).isEqualTo(2);
    assertThat(counts.fired()).isEqualTo(1);
  }

  @Test
  void rulesOfOneInboxDoNotTouchAnotherInboxsMailSentConcurrently() throws Exception {
    Inbox failing = server.newInbox();
    Inbox fine = server.newInbox();
    failing.smtp().add(SmtpRule.on(SmtpPhase.RCPT_TO).reply(452, "4.2.2 Mailbox full"));
    failing.smtp().add(SmtpRule.on(SmtpPhase.END_OF_DATA).reply(554, "5.7.1 refused"));
    int perThread = 15;
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<Integer> toFailing =
          pool.submit(
              () -> {
                int failures = 0;
                Session session = session(server);
                for (int i = 0; i < perThread; i++) {
                  try {
                    send(session, mail(session, failing.address(), "f" + i));
                  } catch (SendFailedException e) {
                    failures++;
                  }
                }
                return failures;
              });
      Future<Integer> toFine =
          pool.submit(
              () -> {
                Session session = session(server);
                for (int i = 0; i < perThread; i++) {
                  send(session, mail(session, fine.address(), "ok" + i));
                }
                return perThread;
              });
      assertThat(toFailing.get(60, TimeUnit.SECONDS)).isEqualTo(perThread);
      assertThat(toFine.get(60, TimeUnit.SECONDS)).isEqualTo(perThread);
    } finally {
      pool.shutdownNow();
    }
    assertThat(fine.awaitMessages(MailFilter.any(), perThread, Duration.ofSeconds(10)))
        .hasSize(perThread);
    assertThat(failing.messages()).isEmpty();
    assertThat(failing.smtp().rules())
        .extracting(r -> r.occurrences() + "/" + r.fired())
        .containsExactly(perThread + "/" + perThread, "0/0");
  }

  @Test
  void chaosWithAFixedSeedGivesTheSameOutcomesTwice() throws Exception {
    List<String> first = chaosRun(42L);
    List<String> second = chaosRun(42L);
    assertThat(second).isEqualTo(first);
    assertThat(first).contains("sent").anyMatch(o -> !o.equals("sent"));
    assertThat(chaosRun(7L)).isNotEqualTo(first);
  }

  /** 20 sends on a fresh server with chaos; what each send gave, then the counts. */
  private static List<String> chaosRun(long seed) throws Exception {
    List<String> outcomes = new ArrayList<>();
    try (FakeMailServer fresh = FakeMailServer.start()) {
      RegisteredRule chaos = fresh.smtp().add(SmtpRule.chaos(seed, 0.1));
      assertThat(chaos.rule().seed()).hasValue(seed);
      Session session = session(fresh, "mail.smtp.timeout", "5000");
      for (int i = 0; i < 20; i++) {
        try {
          send(
              session,
              message(
                  session, "alice@example.test", "bob@example.test", "c" + i, "x".repeat(2000)));
          outcomes.add("sent");
        } catch (SMTPSendFailedException e) {
          outcomes.add("refused " + e.getReturnCode());
        } catch (MessagingException e) {
          outcomes.add("failed " + rootCause(e).getClass().getSimpleName());
        }
      }
      RegisteredRule counts = fresh.smtp().rule(chaos.id()).orElseThrow();
      outcomes.add("fired " + counts.fired() + " of " + counts.occurrences());
      outcomes.add("stored " + fresh.inbox().messages().size());
    }
    return outcomes;
  }

  @Test
  void countsOfNthTimesAfterPassingAndProbabilityShowInTheRegisteredRule() throws Exception {
    RegisteredRule nth =
        server.smtp().add(SmtpRule.on(SmtpPhase.MAIL_FROM).nth(2).reply(451, "4.3.0 second"));
    RegisteredRule twice =
        server
            .smtp()
            .add(SmtpRule.on(SmtpPhase.RCPT_TO).afterPassing(1).times(2).reply(452, "4.2.2 full"));
    RegisteredRule chance =
        server
            .smtp()
            .add(
                SmtpRule.on(SmtpPhase.END_OF_DATA)
                    .withProbability(0.5, 99L)
                    .reply(451, "4.3.0 chance"));
    Session session = session(server);
    int sent = 0;
    for (int i = 0; i < 8; i++) {
      try {
        send(session, mail(session, "bob@example.test", "n" + i));
        sent++;
      } catch (MessagingException e) {
        // counted below
      }
    }
    RegisteredRule n = server.smtp().rule(nth.id()).orElseThrow();
    assertThat(n.occurrences()).isEqualTo(8);
    assertThat(n.fired()).isEqualTo(1);
    assertThat(n.isSpent()).isTrue();
    RegisteredRule t = server.smtp().rule(twice.id()).orElseThrow();
    assertThat(t.occurrences()).isEqualTo(7); // not reached on the send refused at MAIL
    assertThat(t.fired()).isEqualTo(2);
    assertThat(t.isSpent()).isTrue();
    // the third to seventh sends reach END_OF_DATA minus the two refused at RCPT: 5 occurrences
    RegisteredRule c = server.smtp().rule(chance.id()).orElseThrow();
    assertThat(c.occurrences()).isEqualTo(5);
    Random same = new Random(99L);
    int expected = 0;
    for (int i = 0; i < 5; i++) {
      if (same.nextDouble() < 0.5) {
        expected++;
      }
    }
    assertThat(c.fired()).isEqualTo(expected);
    assertThat(c.isSpent()).isFalse();
    assertThat(sent).isEqualTo(5 - expected);
    assertThat(server.inbox().messages()).hasSize(sent);
  }

  @Test
  void removedAndClearedRulesNoLongerApply() throws Exception {
    Inbox inbox = server.newInbox();
    RegisteredRule server1 =
        server.smtp().add(SmtpRule.on(SmtpPhase.MAIL_FROM).reply(451, "4.3.0 no"));
    RegisteredRule mine = inbox.smtp().add(SmtpRule.on(SmtpPhase.RCPT_TO).reply(452, "4.2.2 full"));
    Session session = session(server);
    assertThatThrownBy(() -> send(session, mail(session, inbox.address(), "a")))
        .isInstanceOf(SMTPSendFailedException.class);

    assertThat(inbox.smtp().remove(server1.id())).isFalse(); // not the inbox's
    assertThat(server.smtp().remove(server1.id())).isTrue();
    assertThat(server.smtp().remove(server1.id())).isFalse();
    assertThatThrownBy(() -> send(session, mail(session, inbox.address(), "b")))
        .isInstanceOf(SendFailedException.class);

    inbox.clear(); // removes the inbox's rules with its mail
    assertThat(inbox.smtp().rules()).isEmpty();
    assertThat(server.smtp().rule(mine.id())).isEmpty();
    send(session, mail(session, inbox.address(), "c"));
    assertThat(inbox.awaitMessage().subject()).isEqualTo("c");

    server.smtp().add(SmtpRule.on(SmtpPhase.CONNECT).reply(421, "4.3.2 localhost closed"));
    inbox.smtp().add(SmtpRule.on(SmtpPhase.RCPT_TO).reply(452, "4.2.2 full"));
    server.inbox().clear(); // the server-wide inbox clears every rule
    assertThat(server.smtp().rules()).isEmpty();
    send(session, mail(session, inbox.address(), "d"));
    assertThat(inbox.awaitMessage(subject("d")).subject()).isEqualTo("d");
  }

  @Test
  void rateLimitPerConnectionStopsAClientThatReusesItsConnection() throws Exception {
    server.smtp().add(SmtpRule.rateLimitPerConnection(2));
    Session session = session(server);
    jakarta.mail.Transport t = session.getTransport("smtp");
    try {
      t.connect();
      for (int i = 0; i < 2; i++) {
        MimeMessage m = mail(session, "bob@example.test", "r" + i);
        t.sendMessage(m, m.getAllRecipients());
      }
      MimeMessage third = mail(session, "bob@example.test", "r2");
      SMTPSendFailedException e =
          catchThrowableOfType(
              () -> t.sendMessage(third, third.getAllRecipients()), SMTPSendFailedException.class);
      assertThat(e.getReturnCode()).isEqualTo(421);
      assertThat(e.getMessage())
          .isEqualTo("421 4.7.0 localhost Error: too many messages on this connection, closing\n");
    } finally {
      try {
        t.close();
      } catch (MessagingException e) {
        // Angus may or may not fail to send QUIT to the connection the 421 closed: a race
      }
    }
    assertThat(server.inbox().messages()).hasSize(2);
  }

  @Test
  void aRefusedGreetingFailsTheConnectWithTheReplyInTheMessage() throws Exception {
    server
        .smtp()
        .add(
            SmtpRule.on(SmtpPhase.CONNECT)
                .nth(1)
                .reply(554, "5.3.2 localhost No SMTP service here"));
    server
        .smtp()
        .add(SmtpRule.on(SmtpPhase.CONNECT).nth(2).reply(421, "4.3.2 localhost Try later"));
    Session session = session(server);
    MimeMessage m = mail(session, "bob@example.test", "greeting");

    assertThatThrownBy(() -> send(session, m))
        .isInstanceOf(MessagingException.class)
        .hasMessageContaining("554 5.3.2 localhost No SMTP service here");
    assertThatThrownBy(() -> send(session, m))
        .isInstanceOf(MessagingException.class)
        .hasMessageContaining("421 4.3.2 localhost Try later");
    send(session, m);
    assertThat(server.inbox().awaitMessage().subject()).isEqualTo("greeting");
  }

  @Test
  void aDroppedMessageLooksSentToTheClient() throws Exception {
    RegisteredRule drop = server.smtp().add(SmtpRule.on(SmtpPhase.END_OF_DATA).times(1).drop());
    Session session = session(server);
    send(session, mail(session, "bob@example.test", "dropped"));
    send(session, mail(session, "bob@example.test", "kept"));
    assertThat(server.inbox().awaitMessage().subject()).isEqualTo("kept");
    assertThat(server.inbox().messages()).extracting(ReceivedMail::subject).containsExactly("kept");
    assertThat(server.smtp().rule(drop.id()).orElseThrow().isSpent()).isTrue();
  }

  @Test
  void aClientThatRequiresStartTlsGivesUpWhenARuleHidesIt() throws Exception {
    server.smtp().add(SmtpRule.on(SmtpPhase.EHLO).hideKeywords("STARTTLS"));
    Session session =
        session(server, "mail.smtp.starttls.enable", "true", "mail.smtp.starttls.required", "true");
    assertThatThrownBy(() -> send(session, mail(session, "bob@example.test", "plain")))
        .isInstanceOf(MessagingException.class)
        .hasMessage("STARTTLS is required but host does not support STARTTLS");
    assertThat(server.inbox().messages()).isEmpty();
  }

  @Test
  void anEhloRefusalMakesAngusFallBackToHelo() throws Exception {
    RegisteredRule ehlo =
        server
            .smtp()
            .add(
                SmtpRule.on(SmtpPhase.EHLO)
                    .nth(1)
                    .reply(502, "5.5.2 Error: command not recognized"));
    Session session = session(server);
    send(session, mail(session, "bob@example.test", "helo"));
    assertThat(server.inbox().awaitMessage().envelope().heloName())
        .isEqualTo(AngusClient.CLIENT_NAME);
    RegisteredRule counts = server.smtp().rule(ehlo.id()).orElseThrow();
    assertThat(counts.occurrences()).isEqualTo(2); // the EHLO, then the HELO
    assertThat(counts.fired()).isEqualTo(1);
  }

  private static Throwable rootCause(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t;
  }
}
