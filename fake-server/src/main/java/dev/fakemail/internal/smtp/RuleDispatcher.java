package dev.fakemail.internal.smtp;

import dev.fakemail.SmtpPhase;
import dev.fakemail.internal.auth.AuthPolicy;
import dev.fakemail.internal.behavior.Decision;
import dev.fakemail.internal.behavior.Facts;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.james.protocols.api.ProtocolSession.State;
import org.apache.james.protocols.api.Request;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.smtp.SMTPResponse;
import org.apache.james.protocols.smtp.SMTPSession;

/**
 * The SMTP command dispatcher with the rules in front (after require-TLS mode): for a command that
 * reaches its {@link SmtpPhase} — one James would not refuse for its sequence or syntax, which it
 * still answers itself — the rules decide whether it is handled as usual (maybe after a delay, with
 * EHLO keywords changed) or answered otherwise without effect, or the connection is dropped.
 *
 * <p>Without any rule, and with no rule-made state in the session, a command costs one extra
 * volatile read.
 */
final class RuleDispatcher extends RequireTlsDispatcher {
  /**
   * RFC 5321 §3.1: after a {@code 554} greeting the server "SHOULD respond to any intervening
   * commands with "503 bad sequence of commands"" until QUIT.
   */
  static final Response REFUSED_AT_GREETING =
      new SMTPResponse("503", "5.5.1 Bad sequence of commands: this server refused the connection")
          .immutable();

  /** A command whose EHLO keyword a rule hid (STARTTLS, AUTH): Postfix's answer when it is off. */
  static final Response NOT_IMPLEMENTED =
      new SMTPResponse("502", "5.5.1 Error: command not implemented").immutable();

  /** The EHLO keywords that are commands too: hiding the keyword refuses the command. */
  private static final Set<String> KEYWORD_COMMANDS = Set.of("STARTTLS", "AUTH");

  private final SmtpRules rules;

  RuleDispatcher(AuthPolicy auth, SmtpRules rules) {
    super(auth);
    this.rules = rules;
  }

  @Override
  protected Response dispatchCommandHandlers(SMTPSession smtpSession, Request request) {
    SmtpSession session = (SmtpSession) smtpSession;
    if (rules.isEmpty() && !session.hasRuleState()) {
      return super.dispatchCommandHandlers(session, request); // the fast path
    }
    String command = request.getCommand();
    if (session.refusedAtGreeting() && !command.equals("QUIT")) {
      return REFUSED_AT_GREETING;
    }
    if (session.hides(command)) {
      return NOT_IMPLEMENTED;
    }
    Response refusal = refusal(session, request);
    if (refusal != null) {
      return refusal;
    }
    SmtpPhase phase = phase(command);
    Facts facts = phase == null ? null : facts(session, phase, request);
    Decision decision = facts == null ? null : rules.engine().decide(phase, facts);
    if (decision == null) {
      return phase == SmtpPhase.EHLO && facts != null
          ? ehlo(session, request, Set.of(), List.of())
          : super.dispatchCommandHandlers(session, request);
    }
    return SmtpRules.carryOut(session, phase, decision, d -> handle(session, request, phase, d));
  }

  /** What the decision makes of the command, once its delay (if any) is over. */
  private Response handle(SmtpSession session, Request request, SmtpPhase phase, Decision d) {
    switch (d.kind()) {
      case REPLY:
        return SmtpRules.reply(d);
      case DISCONNECT_AFTER_BYTES:
        {
          Response response = super.dispatchCommandHandlers(session, request);
          if (response == null || !"354".equals(response.getRetCode())) {
            return response;
          }
          if (d.afterBytes() > 0) {
            session.closeAfterBytes(d.afterBytes());
            return response;
          }
          // nothing of the content is read: the 354, then the close
          SMTPResponse last =
              new SMTPResponse("354", response.getLines().get(0).toString().substring(4));
          last.setEndSession(true);
          session.endData();
          return last;
        }
      default: // PROCEED
        if (phase == SmtpPhase.EHLO) {
          return ehlo(session, request, d.hidden(), d.added());
        }
        return super.dispatchCommandHandlers(session, request);
    }
  }

  /** EHLO/HELO as usual, keywords hidden and added; remembers the hidden commands. */
  private Response ehlo(
      SmtpSession session, Request request, Set<String> hidden, List<String> added) {
    Response response = super.dispatchCommandHandlers(session, request);
    if (response != null && "250".equals(response.getRetCode())) {
      Set<String> commands = new HashSet<>(hidden);
      commands.retainAll(KEYWORD_COMMANDS);
      session.hiddenCommands(commands);
      return SmtpRules.keywords(response, hidden, added);
    }
    return response;
  }

  private static SmtpPhase phase(String command) {
    switch (command) {
      case "EHLO":
      case "HELO":
        return SmtpPhase.EHLO;
      case "STARTTLS":
        return SmtpPhase.STARTTLS;
      case "AUTH":
        return SmtpPhase.AUTH;
      case "MAIL":
        return SmtpPhase.MAIL_FROM;
      case "RCPT":
        return SmtpPhase.RCPT_TO;
      case "DATA":
        return SmtpPhase.DATA;
      case "RSET":
        return SmtpPhase.RSET;
      case "QUIT":
        return SmtpPhase.QUIT;
      default:
        return null;
    }
  }

  /**
   * What is known at the phase, or {@code null} when James will refuse the command for its sequence
   * or syntax (it then answers as usual and the command is no occurrence of the phase).
   */
  private Facts facts(SmtpSession session, SmtpPhase phase, Request request) {
    String argument = request.getArgument();
    boolean noArgument = argument == null || argument.isBlank();
    boolean inTransaction =
        session.getAttachment(SMTPSession.SENDER, State.Transaction).isPresent();
    switch (phase) {
      case EHLO:
        return noArgument ? null : Facts.greeting(request.getCommand().equals("HELO"));
      case STARTTLS:
        return noArgument && session.isStartTLSSupported() && !session.isTLSStarted()
            ? Facts.none()
            : null;
      case AUTH:
        return !noArgument && session.authenticatedUser() == null && !inTransaction
            ? Facts.none()
            : null;
      case MAIL_FROM:
        {
          String sender = inTransaction ? null : rules.path(argument, "FROM");
          return sender == null ? null : Facts.mail(sender, session.acceptedMessages());
        }
      case RCPT_TO:
        {
          String recipient = inTransaction ? rules.path(argument, "TO") : null;
          return recipient == null ? null : Facts.rcpt(SmtpRules.sender(session), recipient);
        }
      case DATA:
        return noArgument && inTransaction && !SmtpRules.recipients(session).isEmpty()
            ? SmtpRules.dataFacts(session)
            : null;
      default: // RSET, QUIT
        return Facts.none();
    }
  }
}
