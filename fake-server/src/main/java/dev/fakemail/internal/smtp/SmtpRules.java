package dev.fakemail.internal.smtp;

import dev.fakemail.RegisteredRule;
import dev.fakemail.SmtpPhase;
import dev.fakemail.internal.behavior.Decision;
import dev.fakemail.internal.behavior.Facts;
import dev.fakemail.internal.behavior.RuleEngine;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import org.apache.james.core.MailAddress;
import org.apache.james.protocols.api.ProtocolSession.State;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.smtp.SMTPResponse;
import org.apache.james.protocols.smtp.SMTPSession;

/**
 * The SMTP side of the rules engine: describes an occurrence to the {@link RuleEngine} and carries
 * out its {@link Decision} on a session (replies, holds for delays, disconnects). Used by {@link
 * RuleDispatcher} (commands), {@link RuleGreeting} (the greeting) and {@link DataCapture} (message
 * content and its end). Never used on LMTP.
 */
final class SmtpRules {
  private final RuleEngine engine;
  private final String hostname;

  SmtpRules(RuleEngine engine, String hostname) {
    this.engine = engine;
    this.hostname = hostname;
  }

  boolean isEmpty() {
    return engine.isEmpty();
  }

  RuleEngine engine() {
    return engine;
  }

  /**
   * Carries out a decision: tells the session which rules fired, then (at once, or after the
   * decision's delay without blocking) closes the connection for {@link Decision.Kind#DISCONNECT}
   * or else asks {@code handle} for the reply.
   *
   * @return the reply to write now; {@code null} when the session is held or closed
   */
  static Response carryOut(
      SmtpSession session,
      SmtpPhase phase,
      Decision decision,
      Function<Decision, Response> handle) {
    for (RegisteredRule fired : decision.fired()) {
      session.ruleFired(fired, phase);
    }
    if (decision.delay().isZero()) {
      return act(session, decision, handle);
    }
    session.control().hold(decision.delay(), () -> act(session, decision, handle));
    return null;
  }

  private static Response act(
      SmtpSession session, Decision decision, Function<Decision, Response> handle) {
    if (decision.kind() == Decision.Kind.DISCONNECT) {
      session.control().disconnect();
      return null;
    }
    return handle.apply(decision);
  }

  /** The reply of a {@link Decision.Kind#REPLY}; a {@code 421} closes the connection after it. */
  static Response reply(Decision decision) {
    List<String> lines = List.of(decision.text().split("\n", -1));
    SMTPResponse response =
        new SMTPResponse(Integer.toString(decision.code()), lines.get(0).strip());
    for (int i = 1; i < lines.size(); i++) {
      response.appendLine(lines.get(i).strip());
    }
    if (decision.closes()) {
      response.setEndSession(true); // RFC 5321 §3.8
    }
    return response;
  }

  /** The transaction's sender: {@code ""} for the null sender, {@code null} before MAIL. */
  static String sender(SMTPSession session) {
    return session
        .getAttachment(SMTPSession.SENDER, State.Transaction)
        .map(s -> s.isNullSender() ? "" : s.asString())
        .orElse(null);
  }

  /** The transaction's recipients. */
  static List<String> recipients(SMTPSession session) {
    List<MailAddress> list =
        session.getAttachment(SMTPSession.RCPT_LIST, State.Transaction).orElse(List.of());
    String[] out = new String[list.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = list.get(i).asString();
    }
    return List.of(out);
  }

  /**
   * The address of a {@code MAIL FROM:} or {@code RCPT TO:} argument as James will read it: the
   * path without brackets and parameters, {@code @hostname} added to a bare local part, {@code ""}
   * for the null sender; {@code null} when James will refuse the argument (it then answers with its
   * syntax error, and no rule sees the command).
   */
  String path(String argument, String keyword) {
    if (argument == null) {
      return null;
    }
    int colon = argument.indexOf(':');
    if (colon <= 0 || !argument.substring(0, colon).trim().equalsIgnoreCase(keyword)) {
      return null;
    }
    String path = argument.substring(colon + 1).trim();
    int open = path.indexOf('<');
    if (open == 0) {
      int close = path.indexOf('>');
      if (close < 0) {
        return null;
      }
      path = path.substring(1, close);
    } else {
      int space = path.indexOf(' ');
      if (space >= 0) {
        path = path.substring(0, space);
      }
    }
    path = path.trim();
    if (path.isEmpty() || path.equals("@")) {
      return keyword.equals("FROM") ? "" : null;
    }
    if (path.indexOf('@') < 0) {
      path = path + "@" + hostname;
    }
    try {
      return new MailAddress(path).asString();
    } catch (Exception e) {
      return null;
    }
  }

  /** The EHLO reply with the decision's keywords left out and added. */
  static Response keywords(Response ehlo, Set<String> hidden, List<String> added) {
    if (!"250".equals(ehlo.getRetCode()) || (hidden.isEmpty() && added.isEmpty())) {
      return ehlo;
    }
    List<CharSequence> lines = ehlo.getLines(); // "250-text", "250 text"
    SMTPResponse out = new SMTPResponse("250", lines.get(0).toString().substring(4));
    Set<String> present = new HashSet<>();
    for (int i = 1; i < lines.size(); i++) {
      String text = lines.get(i).toString().substring(4);
      int space = text.indexOf(' ');
      String keyword = (space < 0 ? text : text.substring(0, space)).toUpperCase(Locale.ROOT);
      if (!hidden.contains(keyword)) {
        out.appendLine(text);
        present.add(keyword);
      }
    }
    for (String k : added) {
      int space = k.indexOf(' ');
      if (present.add(space < 0 ? k : k.substring(0, space))) {
        out.appendLine(k);
      }
    }
    return out;
  }

  /** The facts of an occurrence at DATA or END_OF_DATA. */
  static Facts dataFacts(SMTPSession session) {
    String sender = sender(session);
    return Facts.data(sender == null ? "" : sender, recipients(session));
  }
}
