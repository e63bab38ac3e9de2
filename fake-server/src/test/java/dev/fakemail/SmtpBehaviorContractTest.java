package dev.fakemail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@link SmtpBehavior} contract, run against every implementation so that they cannot drift:
 * the embedded one ({@link EmbeddedSmtpBehaviorContractTest}: {@code server.smtp()}, {@code
 * inbox.smtp()}) and the one over the HTTP API ({@link HttpSmtpBehaviorContractTest}). Every answer
 * of the implementation under test is compared with what the embedded server says, values (equals)
 * and failure texts alike.
 */
abstract class SmtpBehaviorContractTest {
  static final SmtpRule MAILBOX_FULL =
      SmtpRule.on(SmtpPhase.RCPT_TO)
          .recipient("bob@example.test")
          .times(1)
          .reply(452, "4.2.2 Mailbox full");

  FakeMailServer server;

  /** Starts the server the suite runs against, with what the implementation needs added. */
  abstract FakeMailServer start(FakeMailConfig.Builder config);

  /** The implementation's rules of the whole server, like {@code server.smtp()}. */
  abstract SmtpBehavior serverRules();

  /** The implementation's inbox of the same address as this inbox of the embedded server. */
  abstract Inbox view(Inbox embedded);

  /** The implementation's server-wide inbox, like {@code server.inbox()}. */
  abstract Inbox allMail();

  @BeforeEach
  void startServer() {
    server = start(FakeMailConfig.builder());
  }

  @AfterEach
  void stopServer() {
    server.close();
  }

  @Test
  void addsRulesAndListsThemInOrderWithTheirIds() {
    RegisteredRule first = serverRules().add(MAILBOX_FULL);
    RegisteredRule second = serverRules().add(SmtpRule.greylisting());

    assertThat(first.id()).isEqualTo("r1");
    assertThat(first.rule()).isEqualTo(MAILBOX_FULL);
    assertThat(first.scope()).isEmpty();
    assertThat(first.occurrences()).isZero();
    assertThat(first.fired()).isZero();
    assertThat(first.isSpent()).isFalse();
    assertThat(second.id()).isEqualTo("r2");
    assertThat(serverRules().rules()).containsExactly(first, second);
    assertThat(server.smtp().rules()).containsExactly(first, second);
    assertThat(serverRules().rule("r2")).contains(second);
    assertThat(server.smtp().rule("r2")).contains(second);
  }

  @Test
  void everyActionAndPresetComesBackAsAnEqualValue() {
    List<RegisteredRule> added = new ArrayList<>();
    for (SmtpRule rule : SmtpRuleSamples.all()) {
      RegisteredRule r = serverRules().add(rule);
      added.add(r);
      // a random rule added without a seed gets one; nothing else changes
      SmtpRule expected =
          rule.seed().isEmpty() && r.rule().seed().isPresent()
              ? rule.withSeed(r.rule().seed().getAsLong())
              : rule;
      assertThat(r.rule()).as(rule.toString()).isEqualTo(expected);
      assertThat(server.smtp().rule(r.id())).contains(r);
      assertThat(serverRules().rule(r.id())).contains(r);
    }
    assertThat(serverRules().rules()).isEqualTo(added).isEqualTo(server.smtp().rules());
  }

  @Test
  void picksAndShowsTheSeedOfARandomRuleAddedWithout() {
    SmtpRule random = SmtpRule.on(SmtpPhase.RCPT_TO).withProbability(0.3).disconnect();
    assertThat(random.seed()).isEmpty();

    RegisteredRule added = serverRules().add(random);

    assertThat(added.rule().seed()).isPresent();
    assertThat(added.rule()).isEqualTo(random.withSeed(added.rule().seed().getAsLong()));
    assertThat(server.smtp().rule(added.id())).contains(added);
  }

  @Test
  void removesOneRuleById() {
    RegisteredRule first = serverRules().add(MAILBOX_FULL);
    RegisteredRule second = serverRules().add(SmtpRule.unknownUsers());

    assertThat(serverRules().remove(first.id())).isTrue();
    assertThat(serverRules().remove(first.id())).isFalse();
    assertThat(serverRules().rule(first.id())).isEmpty();
    assertThat(server.smtp().rules()).containsExactly(second);
    assertThat(serverRules().rules()).containsExactly(second);
  }

  @Test
  void findsNothingForIdsItNeverGave() {
    RegisteredRule kept = serverRules().add(MAILBOX_FULL);

    for (String id : Arrays.asList("r99", "", null, "..", "x/../r1", "r1/", "r 1", "R1", "ü")) {
      assertThat(serverRules().rule(id)).as(id).isEmpty();
      assertThat(serverRules().remove(id)).as(id).isFalse();
    }
    assertThat(server.smtp().rules()).containsExactly(kept);
  }

  @Test
  void clearRemovesEveryRuleOfTheServerInboxRulesIncluded() {
    Inbox inbox = server.newInbox();
    serverRules().add(MAILBOX_FULL);
    view(inbox).smtp().add(SmtpRule.greylisting());

    serverRules().clear();

    assertThat(server.smtp().rules()).isEmpty();
    assertThat(serverRules().rules()).isEmpty();
    assertThat(view(inbox).smtp().rules()).isEmpty();
  }

  @Test
  void keepsTheRulesOfAnInboxToItsAddress() {
    Inbox mine = server.newInbox();
    Inbox other = server.newInbox();

    RegisteredRule added = view(mine).smtp().add(MAILBOX_FULL);

    assertThat(added.scope()).contains(mine.address());
    assertThat(added.rule()).isEqualTo(MAILBOX_FULL);
    assertThat(view(mine).smtp().rules()).containsExactly(added);
    assertThat(mine.smtp().rules()).containsExactly(added);
    assertThat(view(mine).smtp().rule(added.id())).contains(added);
    assertThat(view(other).smtp().rules()).isEmpty();
    assertThat(view(other).smtp().rule(added.id())).isEmpty();
    assertThat(view(other).smtp().remove(added.id())).isFalse();
    assertThat(serverRules().rules()).as("the server lists every rule").containsExactly(added);
    assertThat(serverRules().rule(added.id())).contains(added);
    assertThat(view(mine).smtp().remove(added.id())).isTrue();
    assertThat(server.smtp().rules()).isEmpty();
  }

  @Test
  void refusesAnInboxRuleWhereTheInboxAddressIsNotKnown() {
    Inbox mine = server.newInbox();
    String prefix =
        "A rule of inbox "
            + mine.address()
            + " acts only at RCPT_TO, DATA or END_OF_DATA, where its address is known;"
            + " this one is also on ";
    String suffix = ". Add it to server.smtp() to apply it to all mail";

    assertThatThrownBy(
            () -> view(mine).smtp().add(SmtpRule.on(SmtpPhase.MAIL_FROM).sender("").disconnect()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(prefix + "MAIL_FROM" + suffix);
    assertThatThrownBy(
            () ->
                view(mine)
                    .smtp()
                    .add(
                        SmtpRule.on(SmtpPhase.EHLO, SmtpPhase.RCPT_TO, SmtpPhase.QUIT)
                            .disconnect()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(prefix + "EHLO, QUIT" + suffix);
    assertThatThrownBy(() -> view(mine).smtp().add(SmtpRule.chaos(1, 0.5)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(prefix + "CONNECT, EHLO, STARTTLS, AUTH, MAIL_FROM, RSET" + suffix);
    assertThatThrownBy(() -> view(mine).smtp().add(SmtpRule.rateLimitPerConnection(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(prefix + "MAIL_FROM" + suffix);
    assertThat(server.smtp().rules()).isEmpty();

    RegisteredRule greylisting = view(mine).smtp().add(SmtpRule.greylisting());
    RegisteredRule drop = view(mine).smtp().add(SmtpRule.on(SmtpPhase.END_OF_DATA).drop());
    assertThat(server.smtp().rules()).containsExactly(greylisting, drop);
  }

  @Test
  void clearingAnInboxOrItsRulesRemovesItsRulesOnly() {
    Inbox mine = server.newInbox();
    Inbox other = server.newInbox();
    RegisteredRule serverWide = serverRules().add(SmtpRule.greylisting());
    RegisteredRule others = view(other).smtp().add(SmtpRule.unknownUsers());
    view(mine).smtp().add(MAILBOX_FULL);

    view(mine).smtp().clear();
    assertThat(server.smtp().rules()).containsExactly(serverWide, others);

    view(mine).smtp().add(MAILBOX_FULL);
    view(mine).clear();
    assertThat(server.smtp().rules()).containsExactly(serverWide, others);
    assertThat(view(mine).smtp().rules()).isEmpty();

    allMail().clear();
    assertThat(server.smtp().rules()).isEmpty();
  }

  @Test
  void theServerWideInboxHoldsTheServerRules() {
    RegisteredRule added = allMail().smtp().add(SmtpRule.on(SmtpPhase.MAIL_FROM).disconnect());

    assertThat(added.scope()).isEmpty();
    assertThat(serverRules().rules()).containsExactly(added);
    assertThat(allMail().smtp().rules()).containsExactly(added);
  }

  @Test
  void refusesNoRuleAndGivesListsThatCannotChange() {
    assertThatThrownBy(() -> serverRules().add(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("rule");
    serverRules().add(MAILBOX_FULL);
    List<RegisteredRule> rules = serverRules().rules();
    assertThatThrownBy(() -> rules.add(rules.get(0)))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(rules::clear).isInstanceOf(UnsupportedOperationException.class);
    assertThat(server.smtp().rules()).hasSize(1);
  }
}
