package dev.fakemail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The {@link SmtpRule} values, and every message a wrong rule gets: verbatim, they are API. */
class SmtpRuleTest {
  private FakeMailServer server;

  @BeforeEach
  void startServer() {
    server = FakeMailServer.start(FakeMailConfig.builder().protocols(Protocol.SMTP).build());
  }

  @AfterEach
  void stopServer() {
    server.close();
  }

  @Test
  void conditionsOnlyWhereWhatTheyTestIsKnown() {
    assertThatThrownBy(() -> SmtpRule.on(SmtpPhase.CONNECT, SmtpPhase.MAIL_FROM).sender("a@x.test"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("A sender condition cannot hold at CONNECT: nothing is known there");
    assertThatThrownBy(() -> SmtpRule.on(SmtpPhase.MAIL_FROM).recipient("b@x.test"))
        .hasMessage("A recipient condition cannot hold at MAIL_FROM: nothing is known there");
    assertThatThrownBy(() -> SmtpRule.on(SmtpPhase.EHLO, SmtpPhase.QUIT).recipientMatching(".*"))
        .hasMessage("A recipient condition cannot hold at EHLO, QUIT: nothing is known there");
    assertThatThrownBy(() -> SmtpRule.on(SmtpPhase.DATA).unknownRecipient())
        .hasMessage("An unknown-recipient condition cannot hold at DATA: nothing is known there");
    assertThatThrownBy(() -> SmtpRule.on(SmtpPhase.RCPT_TO).recipient("  "))
        .hasMessage("address must not be blank");
    assertThatThrownBy(() -> SmtpRule.on(SmtpPhase.RCPT_TO).senderMatching("a[b"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Not a regular expression: Unclosed character class near index 2");
  }

  @Test
  void countsAndChance() {
    SmtpRule.Builder b = SmtpRule.on(SmtpPhase.RCPT_TO);
    assertThatThrownBy(() -> b.afterPassing(-1))
        .hasMessage("afterPassing must not be negative: -1");
    assertThatThrownBy(() -> b.times(0)).hasMessage("times must be at least 1: 0");
    assertThatThrownBy(() -> b.nth(0)).hasMessage("n must be at least 1: 0");
    assertThatThrownBy(() -> b.withProbability(0))
        .hasMessage("probability must be greater than 0 and at most 1: 0.0");
    assertThatThrownBy(() -> b.withProbability(1.5, 1L))
        .hasMessage("probability must be greater than 0 and at most 1: 1.5");
    assertThatThrownBy(() -> b.withProbability(Double.NaN))
        .hasMessage("probability must be greater than 0 and at most 1: NaN");
    assertThatThrownBy(() -> b.delay(Duration.ofSeconds(-1)))
        .hasMessage("delay must not be negative: PT-1S");
  }

  @Test
  void actions() {
    assertThatThrownBy(() -> SmtpRule.on(SmtpPhase.RCPT_TO).reply(250, "2.0.0 fine"))
        .hasMessage(
            "A rule replies with a failure, 4xx or 5xx: 250 (to delay a normal reply, use"
                + " delay(...).proceed())");
    assertThatThrownBy(() -> SmtpRule.on(SmtpPhase.RCPT_TO).reply(450, "a\r\nb"))
        .hasMessage("Reply text must not contain CR; use \\n between lines");
    assertThatThrownBy(() -> SmtpRule.on(SmtpPhase.RCPT_TO).reply(452, "5.2.2", "Mailbox full"))
        .hasMessage("Enhanced status 5.2.2 does not fit reply code 452");
    assertThatThrownBy(() -> SmtpRule.on(SmtpPhase.RCPT_TO).proceed())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "A rule that proceeds as usual does nothing without a delay; set delay(...) first");
    assertThatThrownBy(() -> SmtpRule.on(SmtpPhase.RCPT_TO).disconnectAfterBytes(10))
        .hasMessage("disconnectAfterBytes acts only at DATA; this rule is on RCPT_TO");
    assertThatThrownBy(() -> SmtpRule.on(SmtpPhase.DATA).disconnectAfterBytes(-1))
        .hasMessage("bytes must not be negative: -1");
    assertThatThrownBy(() -> SmtpRule.on(SmtpPhase.DATA, SmtpPhase.END_OF_DATA).drop())
        .hasMessage("drop acts only at END_OF_DATA; this rule is on DATA, END_OF_DATA");
    assertThatThrownBy(() -> SmtpRule.on(SmtpPhase.MAIL_FROM).hideKeywords("STARTTLS"))
        .hasMessage("hideKeywords acts only at EHLO; this rule is on MAIL_FROM");
    assertThatThrownBy(() -> SmtpRule.on(SmtpPhase.EHLO).addKeywords())
        .hasMessage("Name at least one keyword");
    assertThatThrownBy(() -> SmtpRule.on(SmtpPhase.EHLO).addKeywords("A\nB"))
        .hasMessage("A keyword is one line: A\nB");
  }

  @Test
  void presets() {
    assertThatThrownBy(() -> SmtpRule.greylisting(Duration.ofMinutes(-5)))
        .hasMessage("minRetryDelay must not be negative: PT-5M");
    assertThatThrownBy(() -> SmtpRule.rateLimitPerConnection(0))
        .hasMessage("messages must be at least 1: 0");
    assertThatThrownBy(() -> SmtpRule.rateLimitPerMinute(-2))
        .hasMessage("messages must be at least 1: -2");
    assertThatThrownBy(() -> SmtpRule.mailboxFull("")).hasMessage("address must not be blank");
    assertThatThrownBy(() -> SmtpRule.chaos(1L, 0))
        .hasMessage("probability must be greater than 0 and at most 1: 0.0");

    assertThat(SmtpRule.mailboxFull("bob@x.test").toString())
        .isEqualTo(
            "SmtpRule{on RCPT_TO, recipient bob@x.test: reply 552 5.2.2 <bob@x.test>: Recipient"
                + " address rejected: Mailbox full}");
    assertThat(SmtpRule.chaos(7L, 0.25, SmtpPhase.RCPT_TO, SmtpPhase.DATA).toString())
        .isEqualTo("SmtpRule{on [RCPT_TO, DATA], probability 0.25, seed 7: chaos}");
    assertThat(SmtpRule.chaos(7L, 0.25).phases()).doesNotContain(SmtpPhase.QUIT).hasSize(9);
    assertThat(SmtpRule.greylisting(Duration.ofSeconds(30)).toString())
        .isEqualTo("SmtpRule{on RCPT_TO: greylist min retry delay 30000 ms}");
  }

  @Test
  void inboxRulesOnlyWhereTheAddressIsKnown() {
    Inbox inbox = server.newInbox();
    assertThatThrownBy(
            () ->
                inbox
                    .smtp()
                    .add(
                        SmtpRule.on(SmtpPhase.CONNECT, SmtpPhase.MAIL_FROM, SmtpPhase.RCPT_TO)
                            .disconnect()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "A rule of inbox "
                + inbox.address()
                + " acts only at RCPT_TO, DATA or END_OF_DATA, where its address is known; this one"
                + " is also on CONNECT, MAIL_FROM. Add it to server.smtp() to apply it to all"
                + " mail");
    assertThat(server.smtp().rules()).isEmpty();
  }

  @Test
  void registeredRulesGetIdsSeedsAndScopes() {
    Inbox inbox = server.newInbox();
    RegisteredRule first =
        server
            .smtp()
            .add(SmtpRule.on(SmtpPhase.RCPT_TO).withProbability(0.5).reply(451, "4.3.0 x"));
    RegisteredRule second =
        inbox
            .smtp()
            .add(SmtpRule.on(SmtpPhase.DATA).withProbability(0.5, 3L).reply(451, "4.3.0 y"));
    assertThat(first.id()).isEqualTo("r1");
    assertThat(first.rule().seed()).isPresent(); // picked by the server
    assertThat(first.scope()).isEmpty();
    assertThat(second.id()).isEqualTo("r2");
    assertThat(second.rule().seed()).hasValue(3L);
    assertThat(second.scope()).hasValue(inbox.address());
    assertThat(second.toString())
        .isEqualTo(
            "RegisteredRule{r2 for "
                + inbox.address()
                + ", fired 0 of 0: SmtpRule{on DATA, probability 0.5, seed 3: reply 451 4.3.0 y}}");
    assertThat(server.smtp().rules()).containsExactly(first, second);
    assertThat(inbox.smtp().rules()).containsExactly(second);
    assertThat(inbox.smtp().rule("r1")).isEmpty();
    assertThat(server.smtp().rule("r2")).hasValue(second);
  }
}
