package dev.fakemail.internal.smtp;

import dev.fakemail.SmtpPhase;
import dev.fakemail.internal.behavior.Decision;
import dev.fakemail.internal.behavior.Facts;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.core.WelcomeMessageHandler;

/**
 * The {@code 220} greeting, with the rules of {@link SmtpPhase#CONNECT}: delayed, replaced by a
 * {@code 421} that closes the connection, by another refusal (RFC 5321 §3.1: the session then
 * answers every command but QUIT with 503), or no greeting at all and a closed connection.
 */
final class RuleGreeting extends WelcomeMessageHandler {
  private final SmtpRules rules;

  RuleGreeting(SmtpRules rules) {
    this.rules = rules;
  }

  @Override
  public Response onConnect(SMTPSession smtpSession) {
    if (rules.isEmpty()) {
      return super.onConnect(smtpSession);
    }
    Decision decision = rules.engine().decide(SmtpPhase.CONNECT, Facts.none());
    if (decision == null) {
      return super.onConnect(smtpSession);
    }
    SmtpSession session = (SmtpSession) smtpSession;
    return SmtpRules.carryOut(
        session,
        SmtpPhase.CONNECT,
        decision,
        d -> {
          if (d.kind() != Decision.Kind.REPLY) {
            return super.onConnect(session);
          }
          if (!d.closes()) {
            session.refuseAtGreeting();
          }
          return SmtpRules.reply(d);
        });
  }
}
