package dev.fakemail.internal.pop3;

import dev.fakemail.Protocol;
import dev.fakemail.internal.auth.AuthPolicy;
import dev.fakemail.internal.auth.SaslExchange;
import dev.fakemail.internal.auth.SaslStep;
import dev.fakemail.internal.store.MailboxMessage;
import dev.fakemail.internal.store.Mailboxes;
import dev.fakemail.internal.store.Users;
import dev.fakemail.internal.transcript.SessionRecorder;
import dev.fakemail.internal.transcript.TranscriptLog;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.apache.james.core.Username;
import org.apache.james.metrics.api.MetricFactory;
import org.apache.james.protocols.api.ProtocolSession.State;
import org.apache.james.protocols.api.Request;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.api.StartTlsResponse;
import org.apache.james.protocols.api.StreamResponse;
import org.apache.james.protocols.api.handler.CommandHandler;
import org.apache.james.protocols.api.handler.ConnectHandler;
import org.apache.james.protocols.api.handler.LineHandler;
import org.apache.james.protocols.api.handler.UnknownCommandHandler;
import org.apache.james.protocols.pop3.POP3Response;
import org.apache.james.protocols.pop3.POP3Session;
import org.apache.james.protocols.pop3.core.AbstractApopCmdHandler;
import org.apache.james.protocols.pop3.core.AbstractPOP3CommandHandler;
import org.apache.james.protocols.pop3.core.AbstractPassCmdHandler;
import org.apache.james.protocols.pop3.core.CapaCapability;
import org.apache.james.protocols.pop3.core.QuitCmdHandler;
import org.apache.james.protocols.pop3.core.StlsCmdHandler;
import org.apache.james.protocols.pop3.core.UidlCmdHandler;
import org.apache.james.protocols.pop3.mailbox.Mailbox;
import org.apache.james.protocols.pop3.mailbox.MessageMetaData;

/**
 * The handlers we add to James's POP3 chain (RFC 1939, RFC 2449 CAPA, RFC 5034 AUTH): the greeting
 * with an APOP timestamp, a guard that answers wrong states, bad arguments and logins that need TLS
 * clearly before James's handlers run, USER, PASS, APOP and AUTH (the {@link AuthPolicy}'s SASL
 * mechanisms) over {@link Users}, RETR and TOP that send the stored bytes exactly, and QUIT and
 * unknown-command replies in our words.
 */
final class Pop3Commands {
  static final String OK = POP3Response.OK_RESPONSE;
  static final String ERR = POP3Response.ERR_RESPONSE;

  private static final Response NOT_LOGGED_IN =
      reply(ERR, "Not logged in: log in with USER and PASS, APOP or AUTH first");
  private static final Response ALREADY_LOGGED_IN = reply(ERR, "Already logged in");
  private static final Response PASS_BEFORE_USER = reply(ERR, "Send USER before PASS");

  /**
   * USER and PASS on a plain connection when {@link AuthPolicy#loginAllowed} says no: Dovecot's
   * words for {@code disable_plaintext_auth} (RFC 2595 §4 and RFC 3206 define no response code for
   * it that we advertise).
   */
  static final Response CLEARTEXT_DISALLOWED =
      reply(ERR, "Cleartext authentication disallowed on non-secure (SSL/TLS) connections.");

  /** APOP and AUTH on a plain connection when login needs TLS: Dovecot's words for ssl=required. */
  static final Response AUTH_DISALLOWED =
      reply(ERR, "Authentication disallowed on non-secure (SSL/TLS) connections.");

  private Pop3Commands() {}

  static Response reply(String code, String text) {
    return new POP3Response(code, text).immutable();
  }

  /** A login name as James's {@link Username}, or empty if James cannot hold it. */
  static Optional<Username> username(String login) {
    try {
      return Optional.of(Username.of(login.trim()));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /**
   * {@code +OK FakeMail POP3 server ready <id.millis@host>}: the angle-bracketed part is the
   * timestamp APOP digests (RFC 1939 §7).
   */
  static final class Greeting implements ConnectHandler<POP3Session> {
    private final String hostname;

    Greeting(String hostname) {
      this.hostname = hostname;
    }

    @Override
    public Response onConnect(POP3Session session) {
      String timestamp =
          "<" + session.getSessionID() + "." + System.currentTimeMillis() + "@" + hostname + ">";
      session.setAttachment(POP3Session.APOP_TIMESTAMP, timestamp, State.Connection);
      return new POP3Response(OK, "FakeMail POP3 server ready " + timestamp);
    }
  }

  /**
   * Runs before every other handler of the commands it names: refuses a command in the wrong state
   * and checks message numbers and line counts, so James's handlers only ever see valid requests
   * (James answers a bare {@code -ERR} to most mistakes, and {@code RETR 0} makes it fail
   * internally).
   */
  /**
   * STLS (RFC 2595 §4): James's command, listed in CAPA only while the session is not yet on TLS,
   * and after the upgrade the session is back to the start of the AUTHORIZATION state.
   */
  static final class Stls extends StlsCmdHandler {
    Stls(MetricFactory metrics) {
      super(metrics);
    }

    @Override
    public Set<String> getImplementedCapabilities(POP3Session session) {
      return session.isTLSStarted() ? Set.of() : super.getImplementedCapabilities(session);
    }

    @Override
    public Response onCommand(POP3Session session, Request request) {
      Response response = super.onCommand(session, request);
      if (response instanceof StartTlsResponse) {
        session.setHandlerState(POP3Session.AUTHENTICATION_READY);
      }
      return response;
    }
  }

  static final class Guard implements CommandHandler<POP3Session> {
    private static final Set<String> TRANSACTION =
        Set.of("STAT", "LIST", "UIDL", "RETR", "TOP", "DELE", "NOOP", "RSET");

    private final AuthPolicy policy;

    Guard(AuthPolicy policy) {
      this.policy = policy;
    }

    @Override
    public Response onCommand(POP3Session session, Request request) {
      String command = request.getCommand();
      int state = session.getHandlerState();
      switch (command) {
        case "USER":
        case "APOP":
        case "AUTH":
          if (state == POP3Session.TRANSACTION) {
            return ALREADY_LOGGED_IN;
          }
          if (!policy.loginAllowed(Protocol.POP3, session.isTLSStarted())
              && !(command.equals("AUTH") && arguments(request).isEmpty())) {
            return command.equals("USER") ? CLEARTEXT_DISALLOWED : AUTH_DISALLOWED;
          }
          if (command.equals("APOP")) {
            List<String> args = arguments(request);
            if (args.size() != 2 || username(args.get(0)).isEmpty()) {
              return reply(ERR, "Usage: APOP name digest");
            }
          }
          if (!command.equals("USER")) {
            session.setHandlerState(POP3Session.AUTHENTICATION_READY); // forget an earlier USER
          }
          return null;
        case "PASS":
          if (state == POP3Session.TRANSACTION) {
            return ALREADY_LOGGED_IN;
          }
          if (!policy.loginAllowed(Protocol.POP3, session.isTLSStarted())) {
            return CLEARTEXT_DISALLOWED;
          }
          return state == POP3Session.AUTHENTICATION_USERSET ? null : PASS_BEFORE_USER;
        default:
          if (state != POP3Session.TRANSACTION) {
            return NOT_LOGGED_IN;
          }
          return checkArguments(session, command, arguments(request));
      }
    }

    private static Response checkArguments(POP3Session session, String command, List<String> args) {
      switch (command) {
        case "RETR":
        case "DELE":
          return args.size() == 1 ? checkMessage(session, args.get(0)) : usage(command);
        case "LIST":
        case "UIDL":
          if (args.size() > 1) {
            return usage(command);
          }
          return args.isEmpty() ? null : checkMessage(session, args.get(0));
        case "TOP":
          if (args.size() != 2) {
            return usage(command);
          }
          if (!args.get(1).chars().allMatch(c -> c >= '0' && c <= '9')) {
            return reply(ERR, "Not a line count: " + args.get(1));
          }
          return checkMessage(session, args.get(0));
        default: // STAT, NOOP, RSET take no argument; one given anyway is ignored
          return null;
      }
    }

    private static Response usage(String command) {
      switch (command) {
        case "TOP":
          return reply(ERR, "Usage: TOP message-number line-count");
        case "LIST":
        case "UIDL":
          return reply(ERR, "Usage: " + command + " [message-number]");
        default:
          return reply(ERR, "Usage: " + command + " message-number");
      }
    }

    private static Response checkMessage(POP3Session session, String text) {
      if (text.isEmpty() || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
        return reply(ERR, "Not a message number: " + text);
      }
      List<MessageMetaData> messages = messages(session);
      long number = text.length() > 9 ? Long.MAX_VALUE : Long.parseLong(text);
      if (number < 1 || number > messages.size()) {
        return reply(
            ERR,
            "No message "
                + text
                + (messages.isEmpty()
                    ? "; the maildrop is empty"
                    : messages.size() == 1
                        ? "; the only message is 1"
                        : "; messages are numbered 1 to " + messages.size()));
      }
      String uid = messages.get((int) number - 1).getUid();
      if (deleted(session).contains(uid)) {
        return reply(ERR, "Message " + number + " is deleted");
      }
      return null;
    }

    @Override
    public Collection<String> getImplCommands() {
      List<String> commands = new ArrayList<>(TRANSACTION);
      commands.addAll(List.of("USER", "PASS", "APOP", "AUTH"));
      return commands;
    }
  }

  static List<String> arguments(Request request) {
    String argument = request.getArgument();
    List<String> args = new ArrayList<>();
    if (argument != null) {
      for (String a : argument.trim().split(" +")) {
        if (!a.isEmpty()) {
          args.add(a);
        }
      }
    }
    return args;
  }

  static List<MessageMetaData> messages(POP3Session session) {
    return session.getAttachment(POP3Session.UID_LIST, State.Transaction).orElse(List.of());
  }

  static List<String> deleted(POP3Session session) {
    return session.getAttachment(POP3Session.DELETED_UID_LIST, State.Transaction).orElse(List.of());
  }

  /** USER: remembers the name for PASS (the whole argument, spaces included). */
  static final class User extends AbstractPOP3CommandHandler implements CapaCapability {
    private final AuthPolicy policy;

    User(AuthPolicy policy) {
      this.policy = policy;
    }

    @Override
    public Response onCommand(POP3Session session, Request request) {
      String name = request.getArgument() == null ? "" : request.getArgument().trim();
      if (name.isEmpty()) {
        return reply(ERR, "Usage: USER name");
      }
      Optional<Username> username = username(name);
      if (username.isEmpty()) {
        return reply(ERR, "Not a valid user name: " + name);
      }
      session.setUsername(username.get());
      session.setHandlerState(POP3Session.AUTHENTICATION_USERSET);
      return reply(OK, "Send PASS for " + name);
    }

    @Override
    public Set<String> getImplementedCapabilities(POP3Session session) {
      return policy.loginAllowed(Protocol.POP3, session.isTLSStarted()) ? Set.of("USER") : Set.of();
    }

    @Override
    public Collection<String> getImplCommands() {
      return Set.of("USER");
    }
  }

  /** Opens the login's maildrop when the credentials are right; else James answers -ERR. */
  private static Mailbox open(Users users, Mailboxes mailboxes, String login, boolean valid) {
    return valid ? Pop3Maildrop.open(mailboxes, users.mailboxAddress(login)) : null;
  }

  /** PASS, on James's handler (it snapshots the maildrop and enters the TRANSACTION state). */
  static final class Pass extends AbstractPassCmdHandler {
    private final Users users;
    private final Mailboxes mailboxes;

    Pass(MetricFactory metrics, Users users, Mailboxes mailboxes) {
      super(metrics);
      this.users = users;
      this.mailboxes = mailboxes;
    }

    @Override
    protected Mailbox auth(POP3Session session, Username username, String password) {
      String login = username.asString();
      return open(users, mailboxes, login, users.authenticate(login, password));
    }
  }

  /**
   * APOP (RFC 1939 §7), on James's handler. James sets the session's user only after building the
   * welcome from it ({@code +OK Welcome null}): we set it as soon as the digest is right.
   */
  static final class Apop extends AbstractApopCmdHandler {
    private final Users users;
    private final Mailboxes mailboxes;

    Apop(MetricFactory metrics, Users users, Mailboxes mailboxes) {
      super(metrics);
      this.users = users;
      this.mailboxes = mailboxes;
    }

    @Override
    protected Mailbox auth(POP3Session session, String timestamp, Username user, String digest) {
      String login = user.asString();
      boolean valid = users.authenticateApop(login, timestamp, digest);
      if (valid) {
        session.setUsername(user);
      }
      return open(users, mailboxes, login, valid);
    }
  }

  /**
   * AUTH (RFC 5034) for every mechanism the {@link AuthPolicy} offers on this connection, with or
   * without an initial response ({@code =} for an empty one); {@code AUTH} alone lists the offered
   * mechanisms, one a line. Challenges go out as {@code + <base64>} ({@code + } when empty), a
   * {@code *} line cancels. Built on James's PASS handler, so success opens and locks the maildrop
   * and reads as it does for PASS, and wrong credentials get PASS's {@code -ERR Authentication
   * failed.}
   */
  static final class Auth extends AbstractPassCmdHandler implements CapaCapability {
    private static final Response CANCELLED = reply(ERR, "Authentication cancelled");
    private static final Response NOT_BASE64 =
        reply(ERR, "Cannot decode the response: it is not base64");
    private static final Response USAGE = reply(ERR, "Usage: AUTH mechanism [initial-response]");

    private final AuthPolicy policy;
    private final Users users;
    private final Mailboxes mailboxes;

    Auth(MetricFactory metrics, AuthPolicy policy, Mailboxes mailboxes) {
      super(metrics);
      this.policy = policy;
      this.users = policy.users();
      this.mailboxes = mailboxes;
    }

    @Override
    public Response onCommand(POP3Session session, Request request) {
      List<String> args = arguments(request);
      List<String> offered = policy.advertisedNames(Protocol.POP3, session.isTLSStarted());
      if (args.isEmpty()) {
        POP3Response list = new POP3Response(OK, "Mechanisms follow");
        offered.forEach(list::appendLine);
        list.appendLine(".");
        return list;
      }
      if (args.size() > 2) {
        return USAGE;
      }
      String mechanism = args.get(0).toUpperCase(Locale.ROOT);
      Optional<SaslExchange> started = policy.start(mechanism);
      if (started.isEmpty()) {
        return reply(
            ERR,
            "Unsupported authentication mechanism "
                + mechanism
                + (offered.isEmpty()
                    ? "; this server offers none: log in with USER and PASS or APOP"
                    : "; this server offers " + String.join(", ", offered)));
      }
      SaslExchange exchange = started.get();
      SaslStep step;
      if (args.size() == 2) {
        byte[] initial = SaslExchange.decode(args.get(1));
        if (initial == null) {
          exchange.notBase64();
          return NOT_BASE64;
        }
        step = exchange.start(initial);
      } else {
        step = exchange.start(null);
      }
      if (step instanceof SaslStep.Challenge) {
        session.pushLineHandler(
            (LineHandler<POP3Session>)
                (s, line) -> {
                  String text = new String(line, StandardCharsets.US_ASCII).trim();
                  Response response;
                  if (text.equals(SaslExchange.CANCEL)) {
                    exchange.cancel();
                    response = CANCELLED;
                  } else {
                    byte[] decoded = SaslExchange.decode(text);
                    if (decoded == null) {
                      exchange.notBase64();
                      response = NOT_BASE64;
                    } else {
                      SaslStep next = exchange.next(decoded);
                      if (next instanceof SaslStep.Challenge) {
                        return challenge((SaslStep.Challenge) next);
                      }
                      response = finish(s, next);
                    }
                  }
                  s.popLineHandler();
                  return response;
                });
        return challenge((SaslStep.Challenge) step);
      }
      return finish(session, step);
    }

    private static Response challenge(SaslStep.Challenge challenge) {
      return reply("+", SaslExchange.encode(challenge.data()));
    }

    private Response finish(POP3Session session, SaslStep step) {
      if (step instanceof SaslStep.Success) {
        Optional<Username> username = username(((SaslStep.Success) step).user());
        if (username.isEmpty()) {
          return AUTH_FAILED;
        }
        session.setUsername(username.get());
        SessionRecorder recorder = TranscriptLog.recorderOf(session);
        if (recorder != null) {
          recorder.loggedIn(username.get().asString());
        }
        return doAuth(session, username.get(), null); // opens the maildrop: see auth()
      }
      SaslStep.Failure failure = (SaslStep.Failure) step;
      switch (failure.reason()) {
        case CANCELLED:
          return CANCELLED;
        case MALFORMED:
          return reply(ERR, failure.detail());
        default:
          return AUTH_FAILED;
      }
    }

    /** Called by {@link #doAuth} only after the SASL exchange succeeded. */
    @Override
    protected Mailbox auth(POP3Session session, Username username, String password) {
      return open(users, mailboxes, username.asString(), true);
    }

    @Override
    public Set<String> getImplementedCapabilities(POP3Session session) {
      List<String> offered = policy.advertisedNames(Protocol.POP3, session.isTLSStarted());
      return offered.isEmpty() ? Set.of() : Set.of("SASL " + String.join(" ", offered));
    }

    @Override
    public Collection<String> getImplCommands() {
      return Set.of("AUTH");
    }
  }

  /** A multi-line reply whose body is a stored message in POP3's wire form. */
  static final class MessageResponse extends POP3Response implements StreamResponse {
    private final InputStream stream;

    MessageResponse(String text, InputStream stream) {
      super(POP3Response.OK_RESPONSE, text);
      this.stream = stream;
    }

    @Override
    public InputStream getStream() {
      return stream;
    }
  }

  /** The snapshot's message for a number the guard has checked. */
  private static MailboxMessage message(POP3Session session, String number) {
    MessageMetaData data = messages(session).get(Integer.parseInt(number) - 1);
    return ((Pop3Session) session).maildrop().message(data.getUid()).orElseThrow();
  }

  /** RETR: the exact stored bytes (see {@link Pop3MessageStream}); marks the message \Seen. */
  static final class Retr extends AbstractPOP3CommandHandler {
    @Override
    public Response onCommand(POP3Session session, Request request) {
      MailboxMessage m = message(session, arguments(request).get(0));
      ((Pop3Session) session).maildrop().markSeen(m);
      return new MessageResponse(
          m.canonicalSize() + " octets", new Pop3MessageStream(m.mail().rawStream(), -1));
    }

    @Override
    public Collection<String> getImplCommands() {
      return Set.of("RETR");
    }
  }

  /** TOP: the header and the first n body lines; any n, however large, is fine. */
  static final class Top extends AbstractPOP3CommandHandler implements CapaCapability {
    @Override
    public Response onCommand(POP3Session session, Request request) {
      List<String> args = arguments(request);
      MailboxMessage m = message(session, args.get(0));
      String count = args.get(1);
      long lines = count.length() > 18 ? Long.MAX_VALUE : Long.parseLong(count);
      return new MessageResponse(
          "Top of message follows", new Pop3MessageStream(m.mail().rawStream(), lines));
    }

    @Override
    public Set<String> getImplementedCapabilities(POP3Session session) {
      return Set.of("TOP");
    }

    @Override
    public Collection<String> getImplCommands() {
      return Set.of("TOP");
    }
  }

  /** James's UIDL, announced in CAPA before login too (clients ask then). */
  static final class Uidl extends UidlCmdHandler {
    Uidl(MetricFactory metrics) {
      super(metrics);
    }

    @Override
    public Set<String> getImplementedCapabilities(POP3Session session) {
      return Set.of("UIDL");
    }
  }

  /** James's QUIT (it applies the deletions), signing off in our words with what it deleted. */
  static final class Quit extends QuitCmdHandler {
    Quit(MetricFactory metrics) {
      super(metrics);
    }

    @Override
    protected Response quit(POP3Session session) {
      boolean loggedIn = session.getHandlerState() == POP3Session.TRANSACTION;
      Response response = super.quit(session);
      if (!OK.equals(response.getRetCode())) {
        return response;
      }
      String text = "FakeMail POP3 server signing off";
      if (loggedIn) {
        int n = ((Pop3Session) session).maildrop().removed();
        text += " (" + n + (n == 1 ? " message" : " messages") + " deleted)";
      }
      POP3Response bye = new POP3Response(OK, text);
      bye.setEndSession(true);
      return bye;
    }
  }

  /** Any other command. */
  static final class Unknown extends UnknownCommandHandler<POP3Session> {
    private static final Response EMPTY = reply(ERR, "Empty command");

    @Override
    public Response onCommand(POP3Session session, Request request) {
      String command = request.getCommand();
      return command.isEmpty() ? EMPTY : reply(ERR, "Unknown command: " + command);
    }
  }
}
