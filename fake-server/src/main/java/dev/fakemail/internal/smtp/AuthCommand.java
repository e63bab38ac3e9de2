package dev.fakemail.internal.smtp;

import dev.fakemail.internal.auth.AuthPolicy;
import dev.fakemail.internal.store.Users;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.james.protocols.api.ProtocolSession.State;
import org.apache.james.protocols.api.Request;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.api.handler.CommandHandler;
import org.apache.james.protocols.api.handler.LineHandler;
import org.apache.james.protocols.smtp.SMTPResponse;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.core.esmtp.EhloExtension;

/**
 * SMTP AUTH (RFC 4954) with the PLAIN (RFC 4616) and LOGIN mechanisms, checking the credentials
 * with {@link Users} (any are right in {@link dev.fakemail.AuthMode#ANY}) and recording the user
 * name exactly as sent.
 *
 * <p>Replaces James's {@code AuthCmdHandler}, which lower-cases user names, answers input that is
 * not base64 with {@code 451} and drops the connection, and sends a non-empty challenge to an AUTH
 * PLAIN without initial response. Here every error is a {@code 501} and the session goes on.
 */
final class AuthCommand implements CommandHandler<SMTPSession>, EhloExtension {
  static final String PLAIN = "PLAIN";
  static final String LOGIN = "LOGIN";

  private static final Response SYNTAX =
      reply("501", "5.5.4 Syntax: AUTH mechanism [initial-response]");
  private static final Response ALREADY =
      reply("503", "5.5.1 Already authenticated; AUTH may be given only once per session");
  private static final Response IN_TRANSACTION =
      reply("503", "5.5.1 AUTH is not permitted during a mail transaction");
  private static final Response CANCELLED = reply("501", "5.0.0 Authentication cancelled");
  private static final Response NOT_BASE64 =
      reply("501", "5.5.2 Cannot decode the response: it is not base64");
  private static final Response BAD_PLAIN =
      reply(
          "501", "5.5.2 Malformed AUTH PLAIN response: expected authzid NUL authcid NUL password");
  private static final Response OK = reply("235", "2.7.0 Authentication successful");
  private static final Response INVALID = reply("535", "5.7.8 Authentication credentials invalid");
  private static final Response PLAIN_CHALLENGE = reply("334", "");
  private static final Response USERNAME_CHALLENGE = reply("334", "VXNlcm5hbWU6"); // Username:
  private static final Response PASSWORD_CHALLENGE = reply("334", "UGFzc3dvcmQ6"); // Password:

  private final AuthPolicy auth;
  private final Users users;

  AuthCommand(AuthPolicy auth) {
    this.auth = auth;
    this.users = auth.users();
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
    int space = argument.indexOf(' ');
    String mechanism =
        (space < 0 ? argument : argument.substring(0, space)).toUpperCase(Locale.ROOT);
    String initial = space < 0 ? null : argument.substring(space + 1).trim();
    switch (mechanism) {
      case PLAIN:
        if (initial == null) {
          session.pushLineHandler(continuation(response -> plain(session, response)));
          return PLAIN_CHALLENGE;
        }
        return plain(session, initial);
      case LOGIN:
        if (initial == null) {
          session.pushLineHandler(continuation(response -> loginUser(session, response)));
          return USERNAME_CHALLENGE;
        }
        return loginUser(session, initial);
      default:
        return reply(
            "504",
            "5.5.4 Unrecognized authentication mechanism "
                + mechanism
                + "; this server offers "
                + String.join(" ", mechanisms()));
    }
  }

  private Response plain(SmtpSession session, String response) {
    byte[] decoded = decode(response);
    if (decoded == null) {
      return NOT_BASE64;
    }
    String text = new String(decoded, StandardCharsets.UTF_8);
    int first = text.indexOf('\0');
    int second = first < 0 ? -1 : text.indexOf('\0', first + 1);
    if (second < 0 || text.indexOf('\0', second + 1) >= 0 || second == first + 1) {
      return BAD_PLAIN;
    }
    return succeed(session, PLAIN, text.substring(first + 1, second), text.substring(second + 1));
  }

  private Response loginUser(SmtpSession session, String response) {
    byte[] user = decode(response);
    if (user == null) {
      return NOT_BASE64;
    }
    String name = new String(user, StandardCharsets.UTF_8);
    session.pushLineHandler(continuation(password -> loginPassword(session, name, password)));
    return PASSWORD_CHALLENGE;
  }

  private Response loginPassword(SmtpSession session, String user, String response) {
    byte[] password = decode(response);
    if (password == null) {
      return NOT_BASE64;
    }
    return succeed(session, LOGIN, user, new String(password, StandardCharsets.UTF_8));
  }

  private Response succeed(SmtpSession session, String mechanism, String user, String password) {
    if (!users.authenticate(user, password)) {
      return INVALID;
    }
    session.authenticated(user, mechanism);
    return OK;
  }

  /**
   * A one-shot handler for the next line of the exchange: it pops itself, answers {@code *} with a
   * cancellation, and otherwise hands the trimmed line on.
   */
  private static LineHandler<SMTPSession> continuation(Step step) {
    return (session, line) -> {
      session.popLineHandler();
      String text = new String(line, StandardCharsets.US_ASCII).trim();
      if (text.equals("*")) {
        return CANCELLED;
      }
      return step.next(text);
    };
  }

  /** Base64 (RFC 4648), or {@code null}; {@code =} alone is an empty initial response. */
  private static byte[] decode(String base64) {
    if (base64.equals("=")) {
      return new byte[0];
    }
    try {
      return Base64.getDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  static List<String> mechanisms() {
    return List.of(PLAIN, LOGIN);
  }

  @Override
  public List<String> getImplementedEsmtpFeatures(SMTPSession session) {
    return List.of("AUTH " + String.join(" ", mechanisms()));
  }

  @Override
  public Collection<String> getImplCommands() {
    return Set.of("AUTH");
  }

  private static Response reply(String code, String text) {
    return new SMTPResponse(code, text).immutable();
  }

  @FunctionalInterface
  private interface Step {
    Response next(String response);
  }
}
