package dev.fakemail.internal.behavior;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fakemail.RegisteredRule;
import dev.fakemail.SmtpPhase;
import dev.fakemail.SmtpRule;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The rules engine without a network: conditions, order, presets on a clock the test moves. */
class RuleEngineTest {
  /** A clock the test sets. */
  static final class TestClock extends Clock {
    private Instant now = Instant.parse("2026-03-14T15:09:26Z");

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  private final TestClock clock = new TestClock();
  private final RuleRegistry registry = new RuleRegistry(clock);
  private final RuleEngine engine =
      new RuleEngine(registry, a -> a.equalsIgnoreCase("known@example.test"), "mx.example.test");

  @Test
  void noRuleNoDecision() {
    assertThat(engine.decide(SmtpPhase.RCPT_TO, Facts.rcpt("a@x.test", "b@x.test"))).isNull();
    registry.all().add(SmtpRule.on(SmtpPhase.MAIL_FROM).reply(451, "4.3.0 x"));
    assertThat(engine.decide(SmtpPhase.RCPT_TO, Facts.rcpt("a@x.test", "b@x.test"))).isNull();
  }

  @Test
  void greylistingWaitsForTheMinimumRetryDelayWithoutRestartingTheClock() {
    registry.all().add(SmtpRule.greylisting(Duration.ofMinutes(5)));
    Facts pair = Facts.rcpt("alice@x.test", "bob@x.test");
    Decision first = engine.decide(SmtpPhase.RCPT_TO, pair);
    assertThat(first.kind()).isEqualTo(Decision.Kind.REPLY);
    assertThat(first.code()).isEqualTo(450);
    assertThat(first.text())
        .isEqualTo(
            "4.2.0 <bob@x.test>: Recipient address rejected: Greylisted, please try again later");
    clock.advance(Duration.ofMinutes(4));
    assertThat(engine.decide(SmtpPhase.RCPT_TO, Facts.rcpt("ALICE@x.test", "Bob@x.test")).code())
        .isEqualTo(450); // too early; the same pair ignoring case
    clock.advance(Duration.ofMinutes(1));
    assertThat(engine.decide(SmtpPhase.RCPT_TO, pair)).isNull(); // 5 minutes after the first
    assertThat(engine.decide(SmtpPhase.RCPT_TO, Facts.rcpt("", "bob@x.test")).code())
        .isEqualTo(450); // another pair: the null sender
    RegisteredRule counts = registry.all().rules().get(0);
    assertThat(counts.occurrences()).isEqualTo(4);
    assertThat(counts.fired()).isEqualTo(3);
  }

  @Test
  void rateLimitPerMinuteIsASlidingWindowSinceTheRuleWasAdded() {
    engine.messageAccepted(); // before any rule: not counted
    registry.all().add(SmtpRule.rateLimitPerMinute(2));
    Facts mail = Facts.mail("a@x.test", 0);
    assertThat(engine.decide(SmtpPhase.MAIL_FROM, mail)).isNull();
    engine.messageAccepted();
    clock.advance(Duration.ofSeconds(30));
    engine.messageAccepted();
    Decision full = engine.decide(SmtpPhase.MAIL_FROM, mail);
    assertThat(full.code()).isEqualTo(421);
    assertThat(full.closes()).isTrue();
    assertThat(full.text())
        .isEqualTo("4.7.0 mx.example.test Error: too much mail, try again later");
    clock.advance(Duration.ofSeconds(29));
    assertThat(engine.decide(SmtpPhase.MAIL_FROM, mail)).isNotNull();
    clock.advance(Duration.ofSeconds(1)); // the first is 60 s old: out of the window
    assertThat(engine.decide(SmtpPhase.MAIL_FROM, mail)).isNull();
  }

  @Test
  void rateLimitPerConnectionCountsTheConnectionsMessages() {
    registry.all().add(SmtpRule.rateLimitPerConnection(3));
    assertThat(engine.decide(SmtpPhase.MAIL_FROM, Facts.mail("a@x.test", 2))).isNull();
    Decision d = engine.decide(SmtpPhase.MAIL_FROM, Facts.mail("a@x.test", 3));
    assertThat(d.code() + " " + d.text())
        .isEqualTo(
            "421 4.7.0 mx.example.test Error: too many messages on this connection, closing");
  }

  @Test
  void delaysAddUpAndKeywordRulesCombineUntilARuleDecides() {
    registry.all().add(SmtpRule.on(SmtpPhase.EHLO).delay(Duration.ofMillis(100)).proceed());
    registry
        .all()
        .add(SmtpRule.on(SmtpPhase.EHLO).delay(Duration.ofMillis(20)).hideKeywords("STARTTLS"));
    registry.all().add(SmtpRule.on(SmtpPhase.EHLO).addKeywords("SMTPUTF8"));
    Decision d = engine.decide(SmtpPhase.EHLO, Facts.greeting(false));
    assertThat(d.kind()).isEqualTo(Decision.Kind.PROCEED);
    assertThat(d.delay()).isEqualTo(Duration.ofMillis(120));
    assertThat(d.hidden()).isEqualTo(Set.of("STARTTLS"));
    assertThat(d.added()).containsExactly("SMTPUTF8");
    assertThat(d.fired()).extracting(RegisteredRule::id).containsExactly("r1", "r2", "r3");

    // HELO: the keyword rules do not apply, the delay does
    Decision helo = engine.decide(SmtpPhase.EHLO, Facts.greeting(true));
    assertThat(helo.fired()).extracting(RegisteredRule::id).containsExactly("r1");

    registry
        .all()
        .add(SmtpRule.on(SmtpPhase.EHLO).delay(Duration.ofMillis(5)).reply(421, "4.3.2 bye"));
    registry.all().add(SmtpRule.on(SmtpPhase.EHLO).reply(554, "5.0.0 never reached"));
    Decision decided = engine.decide(SmtpPhase.EHLO, Facts.greeting(false));
    assertThat(decided.kind()).isEqualTo(Decision.Kind.REPLY);
    assertThat(decided.code()).isEqualTo(421);
    assertThat(decided.delay()).isEqualTo(Duration.ofMillis(125));
    RegisteredRule after = registry.all().rules().get(4);
    assertThat(after.occurrences()).isEqualTo(1); // counted, not fired: r4 decided
    assertThat(after.fired()).isZero();
  }

  @Test
  void conditions() {
    registry.all().add(SmtpRule.on(SmtpPhase.MAIL_FROM).sender("").reply(550, "5.7.1 no bounces"));
    registry
        .all()
        .add(
            SmtpRule.on(SmtpPhase.RCPT_TO)
                .senderMatching(".*@spam\\.test")
                .reply(550, "5.7.1 spam {sender}"));
    registry
        .all()
        .add(
            SmtpRule.on(SmtpPhase.RCPT_TO)
                .unknownRecipient()
                .reply(550, "5.1.1 <{recipient}> unknown"));
    registry
        .all()
        .add(
            SmtpRule.on(SmtpPhase.DATA)
                .recipient("Carol@x.test")
                .reply(554, "5.7.1 not for {recipient}"));
    assertThat(engine.decide(SmtpPhase.MAIL_FROM, Facts.mail("", 0)).text())
        .isEqualTo("5.7.1 no bounces");
    assertThat(engine.decide(SmtpPhase.MAIL_FROM, Facts.mail("a@x.test", 0))).isNull();
    assertThat(
            engine
                .decide(SmtpPhase.RCPT_TO, Facts.rcpt("eve@spam.test", "known@example.test"))
                .text())
        .isEqualTo("5.7.1 spam eve@spam.test");
    assertThat(engine.decide(SmtpPhase.RCPT_TO, Facts.rcpt("a@x.test", "KNOWN@example.test")))
        .isNull();
    assertThat(engine.decide(SmtpPhase.RCPT_TO, Facts.rcpt("a@x.test", "who@example.test")).text())
        .isEqualTo("5.1.1 <who@example.test> unknown");
    assertThat(engine.decide(SmtpPhase.DATA, Facts.data("a@x.test", List.of("b@x.test")))).isNull();
    assertThat(
            engine
                .decide(SmtpPhase.DATA, Facts.data("a@x.test", List.of("b@x.test", "carol@x.test")))
                .text())
        .isEqualTo("5.7.1 not for carol@x.test");
  }

  @Test
  void scopedRulesSeeOnlyTheirAddress() {
    registry
        .forAddress("Inbox-1@fakemail.test")
        .add(
            SmtpRule.on(SmtpPhase.RCPT_TO, SmtpPhase.END_OF_DATA)
                .reply(452, "4.2.2 <{recipient}> full"));
    assertThat(engine.decide(SmtpPhase.RCPT_TO, Facts.rcpt("a@x.test", "inbox-2@fakemail.test")))
        .isNull();
    assertThat(
            engine
                .decide(SmtpPhase.RCPT_TO, Facts.rcpt("a@x.test", "inbox-1@FAKEMAIL.test"))
                .text())
        .isEqualTo("4.2.2 <inbox-1@FAKEMAIL.test> full");
    assertThat(engine.decide(SmtpPhase.END_OF_DATA, Facts.data("a@x.test", List.of("b@x.test"))))
        .isNull();
    assertThat(
            engine
                .decide(
                    SmtpPhase.END_OF_DATA,
                    Facts.data("a@x.test", List.of("b@x.test", "inbox-1@fakemail.test")))
                .text())
        .isEqualTo("4.2.2 <inbox-1@fakemail.test> full");
  }

  @Test
  void chaosIsReproducibleFromItsSeedAndFitsThePhase() {
    List<String> first = chaos(11L);
    assertThat(chaos(11L)).isEqualTo(first);
    assertThat(chaos(12L)).isNotEqualTo(first);
    assertThat(first)
        .filteredOn(s -> s.startsWith("CONNECT") && !s.endsWith(" -"))
        .allMatch(
            s ->
                s.equals("CONNECT DISCONNECT")
                    || s.equals(
                        "CONNECT REPLY 421 4.3.2 mx.example.test Service not available, closing"
                            + " transmission channel"));
    assertThat(first)
        .filteredOn(s -> s.startsWith("RCPT_TO") && !s.endsWith(" -"))
        .allMatch(
            s ->
                s.equals("RCPT_TO DISCONNECT")
                    || s.equals(
                        "RCPT_TO REPLY 451 4.3.0 Temporary failure, please try again later"));
    assertThat(first).anyMatch(s -> s.startsWith("DATA DISCONNECT_AFTER_BYTES"));
  }

  private static List<String> chaos(long seed) {
    RuleRegistry registry = new RuleRegistry();
    RuleEngine engine = new RuleEngine(registry, a -> true, "mx.example.test");
    registry
        .all()
        .add(SmtpRule.chaos(seed, 0.5, SmtpPhase.CONNECT, SmtpPhase.RCPT_TO, SmtpPhase.DATA));
    List<String> out = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      for (SmtpPhase phase : List.of(SmtpPhase.CONNECT, SmtpPhase.RCPT_TO, SmtpPhase.DATA)) {
        Decision d =
            engine.decide(
                phase,
                phase == SmtpPhase.RCPT_TO
                    ? Facts.rcpt("a@x.test", "b@x.test")
                    : phase == SmtpPhase.DATA
                        ? Facts.data("a@x.test", List.of("b@x.test"))
                        : Facts.none());
        if (d == null) {
          out.add(phase + " -");
        } else if (d.kind() == Decision.Kind.REPLY) {
          out.add(phase + " REPLY " + d.code() + " " + d.text());
        } else if (d.kind() == Decision.Kind.DISCONNECT_AFTER_BYTES) {
          out.add(phase + " DISCONNECT_AFTER_BYTES " + d.afterBytes());
        } else {
          out.add(phase + " " + d.kind());
        }
      }
    }
    return out;
  }
}
