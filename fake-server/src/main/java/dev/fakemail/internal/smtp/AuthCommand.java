package dev.fakemail.internal.smtp;

import dev.fakemail.AuthMechanism;
import dev.fakemail.Protocol;
import dev.fakemail.internal.auth.AuthPolicy;
import dev.fakemail.internal.auth.SaslExchange;
import dev.fakemail.internal.auth.SaslStep;
import dev.fakemail.internal.auth.SaslStep.Challenge;
import dev.fakemail.internal.auth.SaslStep.Failure;
import dev.fakemail.internal.auth.SaslStep.Success;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.james.protocols.api.ProtocolSession.State;
import org.apache.james.protocols.api.Request;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.api.handler.CommandHandler;
import org.apache.james.protocols.api.handler.LineHandler;
import org.apache.james.protocols.smtp.SMTPResponse;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.core.esmtp.EhloExtension;

/**
 * SMTP AUTH (RFC 4954) with every {@link AuthMechanism} the {@link AuthPolicy} offers: the SASL
 * exchange itself is the protocol-neutral {@link SaslExchange}; this class frames it for SMTP
 * ({@code 334} challenges, base64 responses, {@code *} to cancel, {@code =} for an empty initial
 * response) and records the user name exactly as sent.
 *
 * <p>Replaces James's {@code AuthCmdHandler}, which lower-cases user names, answers input that is
 * not base64 with {@code 451} and drops the connection, and sends a non-empty challenge to an AUTH
 * PLAIN without initial response. Here every error has its RFC 4954 §6 code and the session goes
 * on.
 */
final class AuthCommand implements CommandHandler<SMTPSession>, EhloExtension {
  private static final Response SYNTAX =
      reply("501", "5.5.4 Syntax: AUTH mechanism [initial-response]");

  /** RFC 4954 §4: "a server MUST reject any further AUTH commands with a 503 reply". */
  private static final Response ALREADY =
      reply("503", "5.5.1 Already authenticated; AUTH may be given only once per session");

  /** RFC 4954 §4: "The AUTH command is not permitted during a mail transaction". */
  private static final Response IN_TRANSACTION =
      reply("503", "5.5.1 AUTH is not permitted during a mail transaction");

  /** No mechanism is configured, so EHLO lists no AUTH (Postfix: "authentication not enabled"). */
  private static final Response NOT_OFFERED =
      reply("503", "5.5.1 Authentication not enabled: this server offers no mechanisms");

  /** RFC 4954 §6, for {@link dev.fakemail.FakeMailConfig#authRequiresTls()} before STARTTLS. */
  static final Response ENCRYPTION_REQUIRED =
      reply("538", "5.7.11 Encryption required for requested authentication mechanism");

  /** RFC 4954 §4: a {@code *} response cancels; the server MUST answer 501. */
  private static final Response CANCELLED = reply("501", "5.0.0 Authentication cancelled");

  private static final Response OK = reply("235", "2.7.0 Authentication successful");

  /** RFC 4954 §6: a response line over the line limit ends the exchange. */
  static final Response LINE_TOO_LONG =
      reply("500", "5.5.6 Authentication exchange line is too long");

  /** RFC 4422 §3.1: 1 to 20 upper-case letters, digits, hyphens and underscores. */
  private static final Pattern SASL_NAME = Pattern.compile("[A-Z0-9_-]{1,20}");

  private final AuthPolicy auth;

  AuthCommand(AuthPolicy auth) {
    this.auth = auth;
  }

  @Override
  public Response onCommand(SMTPSession smtpSession, Request request) {
    SmtpSession session = (SmtpSession) smtpSession;
    String argument = request.getArgument() == null ? "" : request.getArgument().trim();
    if (argument.isEmpty()) {
      return SYNTAX;
    }
    if (session.authenticatedUser() != null) {
      return ALREADY;
    }
    if (session.getAttachment(SMTPSession.SENDER, State.Transaction).isPresent()) {
      return IN_TRANSACTION;
    }
    if (auth.advertised(Protocol.SMTP, true).isEmpty()) {
      return NOT_OFFERED;
    }
    if (!auth.loginAllowed(Protocol.SMTP, session.isTLSStarted())) {
      // require-TLS mode answers 530 before this handler runs (RequireTlsDispatcher)
      return ENCRYPTION_REQUIRED;
    }
    int space = argument.indexOf(' ');
    String mechanism =
        (space < 0 ? argument : argument.substring(0, space)).toUpperCase(Locale.ROOT);
    Optional<SaslExchange> started = auth.start(mechanism);
    if (started.isEmpty()) {
      return notOffered(mechanism);
    }
    SaslExchange exchange = started.get();
    if (space < 0) {
      return step(session, exchange, exchange.start(null));
    }
    byte[] initial = SaslExchange.decode(argument.substring(space + 1));
    if (initial == null) {
      return step(session, exchange, exchange.notBase64());
    }
    SaslStep first = exchange.start(initial);
    if (exchange.mechanism() == AuthMechanism.CRAM_MD5 && first instanceof Failure) {
      // RFC 4954 §4: an initial response to a mechanism where the server speaks first is refused
      // with 501, enhanced code 5.7.0
      return reply("501", "5.7.0 " + ((Failure) first).detail());
    }
    return step(session, exchange, first);
  }

  /** RFC 4954 §4: "504 reply" for a mechanism the server does not support (or does not offer). */
  private Response notOffered(String mechanism) {
    String offered = String.join(" ", auth.advertisedNames(Protocol.SMTP, true));
    String what;
    if (AuthMechanism.bySaslName(mechanism).isPresent()) {
      what = "Authentication mechanism " + mechanism + " is not offered";
    } else if (SASL_NAME.matcher(mechanism).matches()) {
      what = "Unrecognized authentication mechanism " + mechanism;
    } else {
      // not echoed: it may be long, or hold characters that do not belong in a reply
      what = "Not a SASL mechanism name (RFC 4422: up to 20 letters, digits, - and _)";
    }
    return reply("504", "5.5.4 " + what + "; this server offers " + offered);
  }

  /** Frames one step of the exchange as an SMTP reply. */
  private static Response step(SmtpSession session, SaslExchange exchange, SaslStep step) {
    if (step instanceof Challenge) {
      session.authExchange(true);
      session.pushLineHandler(continuation(exchange));
      // RFC 4954 §4: "334" SP base64; "a server challenge that contains no data is defined as a
      // 334 reply with no text part. Note that there is still a space following the reply code"
      return reply("334", SaslExchange.encode(((Challenge) step).data()));
    }
    if (step instanceof Success) {
      session.authenticated(((Success) step).user(), exchange.mechanism().saslName());
      return OK;
    }
    Failure failure = (Failure) step;
    switch (failure.reason()) {
      case CANCELLED:
        return CANCELLED;
      case MALFORMED:
        // RFC 4954 §4: a response that cannot be decoded is refused with 501 5.5.2
        return reply("501", "5.5.2 " + failure.detail());
      default:
        // "Authentication credentials invalid" (RFC 4954 §6), or why PLAIN refused an authzid
        return reply("535", "5.7.8 " + failure.detail());
    }
  }

  /**
   * A one-shot handler for the client's response to a challenge: it pops itself and hands the
   * decoded response (or the cancellation, or the decoding failure) to the exchange.
   */
  private static LineHandler<SMTPSession> continuation(SaslExchange exchange) {
    return (smtpSession, line) -> {
      SmtpSession session = (SmtpSession) smtpSession;
      session.popLineHandler();
      session.authExchange(false);
      String text = new String(line, StandardCharsets.US_ASCII).trim();
      if (text.equals(SaslExchange.CANCEL)) {
        return step(session, exchange, exchange.cancel());
      }
      byte[] response = SaslExchange.decode(text);
      if (response == null) {
        return step(session, exchange, exchange.notBase64());
      }
      return step(session, exchange, exchange.next(response));
    };
  }

  /**
   * {@code AUTH PLAIN LOGIN …}: the offered mechanisms on this connection; no AUTH keyword when
   * there are none (none configured, or login needs TLS first).
   */
  @Override
  public List<String> getImplementedEsmtpFeatures(SMTPSession session) {
    List<String> names = auth.advertisedNames(Protocol.SMTP, session.isTLSStarted());
    return names.isEmpty() ? List.of() : List.of("AUTH " + String.join(" ", names));
  }

  @Override
  public Collection<String> getImplCommands() {
    return Set.of("AUTH");
  }

  private static Response reply(String code, String text) {
    return new SMTPResponse(code, text).immutable();
  }
}
