package dev.fakemail.internal.imap;

import dev.fakemail.internal.imap.protocol.ImapReader;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;

/**
 * The commands of the not-authenticated state (RFC 3501 §6.2): LOGIN (§6.2.3) and AUTHENTICATE
 * PLAIN (§6.2.2, RFC 4616) with an initial response (SASL-IR, RFC 4959) or after a {@code +}
 * continuation. STARTTLS (§6.2.1) will join them when TLS lands. A successful login opens the
 * address's mailbox and makes its special-use folders.
 */
final class NotAuthenticatedCommands {
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
    loggedIn(tag, user, password);
  }

  void loggedIn(String tag, String user, String password) {
    if (!s.service.users().authenticate(user, password)) {
      s.out.line(tag, "NO [AUTHENTICATIONFAILED] Authentication failed.");
      return;
    }
    s.mailbox = s.service.mailboxes().mailbox(s.service.users().mailboxAddress(user));
    s.mailbox.ensureSpecialUseFolders();
    s.state = ImapSession.State.AUTHENTICATED;
    s.out.line(tag, "OK [CAPABILITY " + s.service.capabilities(true, s.tls()) + "] Logged in");
  }

  void authenticate(String tag, ImapReader r) {
    r.sp();
    String mechanism = r.atom().toUpperCase(Locale.ROOT);
    String initial = null;
    if (r.skip(' ')) {
      initial = r.word();
    }
    r.end();
    if (!mechanism.equals("PLAIN")) {
      s.out.line(tag, "NO Unsupported authentication mechanism.");
      return;
    }
    if (initial == null) {
      s.authTag = tag;
      s.out.ascii("+ ").crlf();
      return;
    }
    plain(tag, initial);
  }

  void authenticateResponse(byte[] line) {
    String tag = s.authTag;
    s.authTag = null;
    String response = new String(line, StandardCharsets.US_ASCII).trim();
    if (response.equals("*")) {
      s.out.line(tag, "BAD Authentication aborted by client.");
      return;
    }
    plain(tag, response);
  }

  void plain(String tag, String base64) {
    byte[] decoded;
    try {
      decoded = base64.equals("=") ? new byte[0] : Base64.getDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      s.out.line(tag, "BAD Invalid base64 data in the response.");
      return;
    }
    String[] parts = new String(decoded, StandardCharsets.UTF_8).split("\0", -1);
    if (parts.length != 3 || (!parts[0].isEmpty() && !parts[0].equals(parts[1]))) {
      s.out.line(tag, "NO [AUTHENTICATIONFAILED] Authentication failed.");
      return;
    }
    loggedIn(tag, parts[1], parts[2]);
  }
}
