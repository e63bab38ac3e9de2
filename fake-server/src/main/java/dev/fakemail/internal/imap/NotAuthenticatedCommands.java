package dev.fakemail.internal.imap;

import dev.fakemail.Protocol;
import dev.fakemail.internal.auth.SaslExchange;
import dev.fakemail.internal.auth.SaslStep;
import dev.fakemail.internal.imap.protocol.ImapReader;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The commands of the not-authenticated state (RFC 3501 §6.2): LOGIN (§6.2.3) and AUTHENTICATE
 * (§6.2.2) for every mechanism the {@link dev.fakemail.internal.auth.AuthPolicy} offers, with an
 * initial response (SASL-IR, RFC 4959) or after {@code +} continuations; STARTTLS is in {@link
 * ImapSession}. A successful login opens the address's mailbox and makes its special-use folders.
 * Reply texts are Dovecot's where Dovecot has one.
 */
final class NotAuthenticatedCommands {
  /** LOGIN before TLS when login needs TLS (RFC 5530 PRIVACYREQUIRED; Dovecot's words). */
  static final String CLEARTEXT_DISALLOWED =
      "NO [PRIVACYREQUIRED] Cleartext authentication disallowed on non-secure (SSL/TLS)"
          + " connections.";

  /** AUTHENTICATE before TLS when login needs TLS (Dovecot's words for ssl=required). */
  static final String AUTH_DISALLOWED =
      "NO [PRIVACYREQUIRED] Authentication disallowed on non-secure (SSL/TLS) connections.";

  static final String FAILED = "NO [AUTHENTICATIONFAILED] Authentication failed.";
  static final String UNSUPPORTED = "NO Unsupported authentication mechanism.";
  static final String ABORTED = "BAD Authentication aborted by client.";
  static final String NOT_BASE64 = "BAD Invalid base64 data in the response.";

  private final ImapSession s;

  NotAuthenticatedCommands(ImapSession session) {
    this.s = session;
  }

  void login(String tag, ImapReader r) {
    r.sp();
    String user = r.astring();
    r.sp();
    String password = r.astring();
    r.end();
    if (!loginAllowed()) {
      s.out.line(tag, CLEARTEXT_DISALLOWED);
    } else if (!s.service.users().authenticate(user, password)) {
      s.out.line(tag, FAILED);
    } else {
      loggedIn(tag, user);
    }
  }

  private boolean loginAllowed() {
    return s.service.auth().loginAllowed(Protocol.IMAP, s.tls());
  }

  private void loggedIn(String tag, String user) {
    s.mailbox = s.service.mailboxes().mailbox(s.service.users().mailboxAddress(user));
    s.mailbox.ensureSpecialUseFolders();
    s.state = ImapSession.State.AUTHENTICATED;
    s.recordLogin(user);
    s.out.line(tag, "OK [CAPABILITY " + s.service.capabilities(true, s.tls()) + "] Logged in");
  }

  /** {@code AUTHENTICATE mechanism [initial-response]}. */
  void authenticate(String tag, ImapReader r) {
    r.sp();
    String mechanism = r.atom();
    String initial = null;
    if (r.skip(' ')) {
      initial = r.word();
    }
    r.end();
    if (!loginAllowed()) {
      s.out.line(tag, AUTH_DISALLOWED);
      return;
    }
    Optional<SaslExchange> started = s.service.auth().start(mechanism);
    if (started.isEmpty()) {
      s.out.line(tag, UNSUPPORTED);
      return;
    }
    SaslExchange exchange = started.get();
    byte[] response = null;
    if (initial != null) {
      response = SaslExchange.decode(initial);
      if (response == null) {
        exchange.notBase64();
        s.out.line(tag, NOT_BASE64);
        return;
      }
    }
    step(tag, exchange, exchange.start(response));
  }

  /** A line the client sent in answer to a {@code +} continuation. */
  void authenticateResponse(byte[] line) {
    String tag = s.authTag;
    SaslExchange exchange = s.authExchange;
    s.authTag = null;
    s.authExchange = null;
    String text = new String(line, StandardCharsets.US_ASCII).trim();
    if (text.equals(SaslExchange.CANCEL)) {
      exchange.cancel();
      s.out.line(tag, ABORTED);
      return;
    }
    byte[] response = SaslExchange.decode(text);
    if (response == null) {
      exchange.notBase64();
      s.out.line(tag, NOT_BASE64);
      return;
    }
    step(tag, exchange, exchange.next(response));
  }

  private void step(String tag, SaslExchange exchange, SaslStep step) {
    if (step instanceof SaslStep.Challenge) {
      s.authTag = tag;
      s.authExchange = exchange;
      s.out.ascii("+ ").ascii(SaslExchange.encode(((SaslStep.Challenge) step).data())).crlf();
    } else if (step instanceof SaslStep.Success) {
      loggedIn(tag, ((SaslStep.Success) step).user());
    } else {
      SaslStep.Failure failure = (SaslStep.Failure) step;
      switch (failure.reason()) {
        case CANCELLED:
          s.out.line(tag, ABORTED);
          break;
        case MALFORMED:
          s.out.line(tag, "BAD " + failure.detail());
          break;
        default:
          s.out.line(tag, FAILED);
          break;
      }
    }
  }
}
