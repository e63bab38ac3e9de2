package dev.fakemail.internal.store;

import dev.fakemail.AuthMode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;

/**
 * Who may log in: in {@link AuthMode#ANY} everyone with any password, in {@link AuthMode#USERS} the
 * configured address/password pairs. Login names and user addresses are compared as mailbox
 * addresses ({@link Mailboxes#normalise(String)}): ignoring case, {@code bob} meaning {@code
 * bob@<hostname>}. Immutable.
 */
public final class Users {
  private final AuthMode mode;
  private final Mailboxes mailboxes;
  private final Map<String, String> passwords = new HashMap<>();

  public Users(AuthMode mode, Map<String, String> users, Mailboxes mailboxes) {
    this.mode = mode;
    this.mailboxes = mailboxes;
    users.forEach((address, password) -> passwords.put(mailboxes.normalise(address), password));
  }

  public AuthMode mode() {
    return mode;
  }

  /** Whether the login name and password may log in. */
  public boolean authenticate(String login, String password) {
    if (mode == AuthMode.ANY) {
      return true;
    }
    String expected = passwords.get(mailboxes.normalise(login));
    return expected != null
        && password != null
        && MessageDigest.isEqual(
            expected.getBytes(StandardCharsets.UTF_8), password.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Whether an APOP digest (RFC 1939 §7) is right: the lower-case hex MD5 of the greeting's
   * timestamp followed by the password. Any digest is right in {@link AuthMode#ANY}.
   */
  public boolean authenticateApop(String login, String timestamp, String digest) {
    if (mode == AuthMode.ANY) {
      return true;
    }
    String password = passwords.get(mailboxes.normalise(login));
    if (password == null || digest == null) {
      return false;
    }
    byte[] expected = md5Hex(timestamp + password).getBytes(StandardCharsets.US_ASCII);
    return MessageDigest.isEqual(
        expected, digest.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
  }

  /** Whether mail may be delivered to the address by LMTP: always in ANY mode. */
  public boolean isKnown(String address) {
    return mode == AuthMode.ANY || passwords.containsKey(mailboxes.normalise(address));
  }

  /** The mailbox address a login name reads. */
  public String mailboxAddress(String login) {
    return mailboxes.normalise(login);
  }

  static String md5Hex(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Every Java platform has MD5", e);
    }
  }
}
