package dev.fakemail;

import java.time.Duration;
import java.util.List;

/**
 * One rule of every {@link SmtpRule.Action} and preset, with every condition, count and timing used
 * somewhere: what the JSON and contract tests round-trip.
 */
public final class SmtpRuleSamples {
  private SmtpRuleSamples() {}

  public static List<SmtpRule> all() {
    return List.of(
        SmtpRule.on(SmtpPhase.RCPT_TO)
            .recipient("bob@x.test")
            .times(1)
            .reply(452, "4.2.2 Mailbox full"),
        SmtpRule.on(SmtpPhase.RCPT_TO).reply(550, "5.1.1", "No such user {recipient}\nreally"),
        SmtpRule.on(SmtpPhase.CONNECT).nth(3).reply(421, "4.3.2 Shutting down"),
        SmtpRule.on(SmtpPhase.MAIL_FROM).sender("").disconnect(),
        SmtpRule.on(SmtpPhase.MAIL_FROM, SmtpPhase.RCPT_TO)
            .senderMatching(".*@shop\\.test")
            .delay(Duration.ofMillis(1500))
            .proceed(),
        SmtpRule.on(SmtpPhase.DATA).disconnectAfterBytes(1024),
        SmtpRule.on(SmtpPhase.END_OF_DATA)
            .recipientMatching("(?i)bob@.*")
            .afterPassing(2)
            .times(3)
            .drop(),
        SmtpRule.on(SmtpPhase.EHLO).hideKeywords("starttls", "AUTH"),
        SmtpRule.on(SmtpPhase.EHLO).addKeywords("SMTPUTF8"),
        SmtpRule.on(SmtpPhase.RCPT_TO)
            .unknownRecipient()
            .withProbability(0.25, -7)
            .reply(450, "4.7.1 try later"),
        SmtpRule.on(SmtpPhase.QUIT).withProbability(0.5).disconnect(),
        SmtpRule.on(SmtpPhase.RSET).withProbability(1, Long.MAX_VALUE).disconnect(),
        SmtpRule.greylisting(),
        SmtpRule.greylisting(Duration.ofMinutes(5)).withSeed(9),
        SmtpRule.rateLimitPerConnection(3),
        SmtpRule.rateLimitPerMinute(10),
        SmtpRule.mailboxFull("Carol@X.test"),
        SmtpRule.unknownUsers(),
        SmtpRule.chaos(42, 0.1),
        SmtpRule.chaos(Long.MIN_VALUE, 1, SmtpPhase.DATA, SmtpPhase.RCPT_TO));
  }
}
