package dev.fakemail.internal.store;

import dev.fakemail.AuthMode;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

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
  private final Map<String, String> tokens = new HashMap<>();

  public Users(AuthMode mode, Map<String, String> users, Mailboxes mailboxes) {
    this(mode, users, Map.of(), mailboxes);
  }

  /** With the OAuth bearer tokens of {@link dev.fakemail.FakeMailConfig#oauthTokens()}. */
  public Users(
      AuthMode mode, Map<String, String> users, Map<String, String> tokens, Mailboxes mailboxes) {
    this.mode = mode;
    this.mailboxes = mailboxes;
    users.forEach((address, password) -> passwords.put(mailboxes.normalise(address), password));
    tokens.forEach((address, token) -> this.tokens.put(mailboxes.normalise(address), token));
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

  /**
   * Whether a CRAM-MD5 response (RFC 2195) is right: the lower-case hex HMAC-MD5 of the challenge,
   * keyed with the password. Any digest is right in {@link AuthMode#ANY}.
   */
  public boolean authenticateCramMd5(String login, byte[] challenge, String digest) {
    if (mode == AuthMode.ANY) {
      return true;
    }
    String password = passwords.get(mailboxes.normalise(login));
    if (password == null || digest == null) {
      return false;
    }
    byte[] expected = hmacMd5Hex(password, challenge).getBytes(StandardCharsets.US_ASCII);
    return MessageDigest.isEqual(
        expected, digest.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
  }

  /**
   * Whether the OAuth bearer token is right for the login name (XOAUTH2, OAUTHBEARER): always in
   * {@link AuthMode#ANY}, else the token configured for that user.
   */
  public boolean authenticateToken(String login, String token) {
    if (mode == AuthMode.ANY) {
      return true;
    }
    String expected = tokens.get(mailboxes.normalise(login));
    return expected != null
        && token != null
        && MessageDigest.isEqual(
            expected.getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The user whose configured token this is, for an OAUTHBEARER exchange that names no user; empty
   * in {@link AuthMode#ANY} (a token alone names nobody there) or for an unknown token.
   */
  public Optional<String> userWithToken(String token) {
    if (mode == AuthMode.ANY || token == null) {
      return Optional.empty();
    }
    for (Map.Entry<String, String> e : tokens.entrySet()) {
      if (MessageDigest.isEqual(
          e.getValue().getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8))) {
        return Optional.of(e.getKey());
      }
    }
    return Optional.empty();
  }

  /** Whether mail may be delivered to the address by LMTP: always in ANY mode. */
  public boolean isKnown(String address) {
    if (mode == AuthMode.ANY) {
      return true;
    }
    String a = mailboxes.normalise(address);
    return passwords.containsKey(a) || tokens.containsKey(a);
  }

  /**
   * Whether the address is a configured user (a password or an OAuth token was given for it), in
   * any mode: what the {@code unknownRecipient} condition of SMTP rules asks.
   */
  public boolean isConfigured(String address) {
    String a = mailboxes.normalise(address);
    return passwords.containsKey(a) || tokens.containsKey(a);
  }

  /** The mailbox address a login name reads. */
  public String mailboxAddress(String login) {
    return mailboxes.normalise(login);
  }

  static String hmacMd5Hex(String key, byte[] data) {
    try {
      Mac mac = Mac.getInstance("HmacMD5");
      mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacMD5"));
      return HexFormat.of().formatHex(mac.doFinal(data));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("Every Java platform has HmacMD5", e);
    }
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
