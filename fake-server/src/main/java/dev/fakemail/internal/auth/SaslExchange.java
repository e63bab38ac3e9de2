package dev.fakemail.internal.auth;

import dev.fakemail.AuthMechanism;
import dev.fakemail.internal.auth.SaslStep.Challenge;
import dev.fakemail.internal.auth.SaslStep.Failure;
import dev.fakemail.internal.auth.SaslStep.Reason;
import dev.fakemail.internal.auth.SaslStep.Success;
import dev.fakemail.internal.store.Users;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The server side of one SASL exchange (RFC 4422) for one of the {@link AuthMechanism}s, shared by
 * SMTP, POP3 and IMAP. Protocol-neutral: it takes decoded responses and returns {@link SaslStep}s;
 * each protocol handles its own framing, base64 ({@link #decode(String)}) and the {@code *} that
 * cancels ({@link #CANCEL}). One instance per attempt, used by one connection at a time.
 *
 * <p>Start with {@link #start(byte[])} (the initial response, or {@code null} if the client sent
 * none), then call {@link #next(byte[])} with each response to a {@link Challenge}.
 */
public final class SaslExchange {
  /** The line that cancels an exchange in every protocol. */
  public static final String CANCEL = "*";

  static final byte[] USERNAME = "Username:".getBytes(StandardCharsets.US_ASCII);
  static final byte[] PASSWORD = "Password:".getBytes(StandardCharsets.US_ASCII);

  private static final SecureRandom RANDOM = new SecureRandom();

  private final AuthMechanism mechanism;
  private final Users users;
  private final String hostname;
  private State state = State.NEW;
  private String loginUser; // LOGIN: the user name, between the two challenges
  private byte[] cramChallenge; // CRAM-MD5: the challenge sent
  private Failure pendingFailure; // XOAUTH2/OAUTHBEARER: sent after the client acknowledges

  private enum State {
    NEW,
    AWAIT_RESPONSE,
    AWAIT_LOGIN_PASSWORD,
    AWAIT_ERROR_ACK,
    DONE
  }

  SaslExchange(AuthMechanism mechanism, Users users, String hostname) {
    this.mechanism = mechanism;
    this.users = users;
    this.hostname = hostname;
  }

  public AuthMechanism mechanism() {
    return mechanism;
  }

  /**
   * The first step: {@code initialResponse} is the decoded initial response (RFC 4954 §4, RFC 4959;
   * empty for {@code =}), or {@code null} if the client sent none.
   */
  public SaslStep start(byte[] initialResponse) {
    if (state != State.NEW) {
      throw new IllegalStateException("already started");
    }
    state = State.AWAIT_RESPONSE;
    switch (mechanism) {
      case CRAM_MD5:
        if (initialResponse != null) {
          return fail(Reason.MALFORMED, "CRAM-MD5 does not take an initial response");
        }
        cramChallenge =
            ("<"
                    + Long.toUnsignedString(RANDOM.nextLong())
                    + "."
                    + System.nanoTime()
                    + "@"
                    + hostname
                    + ">")
                .getBytes(StandardCharsets.US_ASCII);
        return new Challenge(cramChallenge);
      case LOGIN:
        return initialResponse == null ? new Challenge(USERNAME) : loginUser(initialResponse);
      default:
        return initialResponse == null ? new Challenge(new byte[0]) : respond(initialResponse);
    }
  }

  /** The next step after the client answered a {@link Challenge} with {@code response}. */
  public SaslStep next(byte[] response) {
    switch (state) {
      case AWAIT_RESPONSE:
        return mechanism == AuthMechanism.LOGIN ? loginUser(response) : respond(response);
      case AWAIT_LOGIN_PASSWORD:
        return finish(
            users.authenticate(loginUser, utf8(response)) ? success(loginUser) : invalid());
      case AWAIT_ERROR_ACK:
        return finish(pendingFailure);
      default:
        throw new IllegalStateException("the exchange is " + state);
    }
  }

  /** Ends the exchange because a response line was not base64 ({@link #decode} gave null). */
  public SaslStep notBase64() {
    return fail(Reason.MALFORMED, "Cannot decode the response: it is not base64");
  }

  /** Ends the exchange because the client cancelled it. */
  public SaslStep cancel() {
    return fail(Reason.CANCELLED, "Authentication cancelled");
  }

  private SaslStep respond(byte[] response) {
    switch (mechanism) {
      case PLAIN:
        return plain(response);
      case CRAM_MD5:
        return cramMd5(response);
      case XOAUTH2:
        return xoauth2(response);
      case OAUTHBEARER:
        return oauthBearer(response);
      default:
        throw new IllegalStateException(mechanism.name());
    }
  }

  private SaslStep plain(byte[] response) {
    String text = utf8(response);
    int first = text.indexOf('\0');
    int second = first < 0 ? -1 : text.indexOf('\0', first + 1);
    if (second < 0 || text.indexOf('\0', second + 1) >= 0 || second == first + 1) {
      return fail(
          Reason.MALFORMED,
          "Malformed AUTH PLAIN response: expected authzid NUL authcid NUL password");
    }
    String authzid = text.substring(0, first);
    String authcid = text.substring(first + 1, second);
    if (!authzid.isEmpty() && !authzid.equalsIgnoreCase(authcid)) {
      return fail(
          Reason.INVALID_CREDENTIALS, authcid + " may not act as another user (" + authzid + ")");
    }
    return finish(
        users.authenticate(authcid, text.substring(second + 1)) ? success(authcid) : invalid());
  }

  private SaslStep loginUser(byte[] response) {
    loginUser = utf8(response);
    if (loginUser.isEmpty()) {
      return fail(Reason.MALFORMED, "Malformed AUTH LOGIN response: the user name is empty");
    }
    state = State.AWAIT_LOGIN_PASSWORD;
    return new Challenge(PASSWORD);
  }

  private SaslStep cramMd5(byte[] response) {
    String text = new String(response, StandardCharsets.UTF_8);
    int space = text.lastIndexOf(' ');
    String digest = space < 0 ? "" : text.substring(space + 1);
    if (space <= 0 || !digest.matches("[0-9a-fA-F]{32}")) {
      return fail(Reason.MALFORMED, "Malformed CRAM-MD5 response: expected user SP 32 hex digits");
    }
    String user = text.substring(0, space);
    return finish(
        users.authenticateCramMd5(user, cramChallenge, digest) ? success(user) : invalid());
  }

  /** {@code user=<user>^Aauth=Bearer <token>^A^A}. */
  private SaslStep xoauth2(byte[] response) {
    String text = utf8(response);
    if (!text.endsWith("\u0001\u0001")) {
      return fail(
          Reason.MALFORMED,
          "Malformed XOAUTH2 response: expected user=<user>^Aauth=Bearer <token>^A^A");
    }
    String user = null;
    String token = null;
    for (String field : text.substring(0, text.length() - 2).split("\u0001", -1)) {
      if (field.startsWith("user=")) {
        user = field.substring(5);
      } else if (field.regionMatches(true, 0, "auth=Bearer ", 0, 12)) {
        token = field.substring(12).trim();
      }
    }
    if (user == null || user.isEmpty() || token == null || token.isEmpty()) {
      return fail(
          Reason.MALFORMED,
          "Malformed XOAUTH2 response: expected user=<user>^Aauth=Bearer <token>^A^A");
    }
    if (users.authenticateToken(user, token)) {
      return finish(success(user));
    }
    // Google's behaviour: an error challenge, the client answers with an empty line, then failure
    return errorChallenge(
        "{\"status\":\"401\",\"schemes\":\"Bearer\",\"scope\":\"https://mail.google.com/\"}");
  }

  /**
   * RFC 7628 §3.1: {@code n,a=<user>,^Ahost=…^Aport=…^Aauth=Bearer <token>^A^A}; the authzid may be
   * left out when the token names the user.
   */
  private SaslStep oauthBearer(byte[] response) {
    String text = utf8(response);
    String malformed =
        "Malformed OAUTHBEARER response: expected n,a=<user>,^Aauth=Bearer <token>^A^A (RFC 7628)";
    int headerEnd = text.indexOf('\u0001');
    if (!text.endsWith("\u0001\u0001") || headerEnd < 0) {
      return fail(Reason.MALFORMED, malformed);
    }
    String[] gs2 = text.substring(0, headerEnd).split(",", -1);
    if (gs2.length != 3 || !(gs2[0].equals("n") || gs2[0].equals("y")) || !gs2[2].isEmpty()) {
      return fail(Reason.MALFORMED, malformed);
    }
    String user = null;
    if (gs2[1].startsWith("a=")) {
      user = gs2[1].substring(2).replace("=2C", ",").replace("=3D", "=");
    } else if (!gs2[1].isEmpty()) {
      return fail(Reason.MALFORMED, malformed);
    }
    String token = null;
    for (String kv : text.substring(headerEnd + 1, text.length() - 2).split("\u0001", -1)) {
      if (kv.regionMatches(true, 0, "auth=Bearer ", 0, 12)) {
        token = kv.substring(12).trim();
      }
    }
    if (token == null || token.isEmpty()) {
      return fail(Reason.MALFORMED, malformed);
    }
    if (user == null || user.isEmpty()) {
      user = users.userWithToken(token).orElse(null);
    }
    if (user != null && users.authenticateToken(user, token)) {
      return finish(success(user));
    }
    return errorChallenge(
        "{\"status\":\"invalid_token\",\"schemes\":\"bearer\",\"scope\":\"mail\"}");
  }

  private SaslStep errorChallenge(String json) {
    pendingFailure = invalid();
    state = State.AWAIT_ERROR_ACK;
    return new Challenge(json.getBytes(StandardCharsets.US_ASCII));
  }

  private SaslStep fail(Reason reason, String detail) {
    return finish(new Failure(reason, detail));
  }

  private SaslStep finish(SaslStep step) {
    state = State.DONE;
    return step;
  }

  private static Success success(String user) {
    return new Success(user);
  }

  private static Failure invalid() {
    return new Failure(Reason.INVALID_CREDENTIALS, "Authentication credentials invalid");
  }

  private static String utf8(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  /**
   * A base64 response line decoded (RFC 4648), or {@code null} if it is not base64; {@code =} alone
   * is an empty initial response (RFC 4954 §4, RFC 4959).
   */
  public static byte[] decode(String line) {
    String base64 = line.trim();
    if (base64.equals("=")) {
      return new byte[0];
    }
    try {
      return Base64.getDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** A challenge as sent on the wire: base64, or empty for an empty challenge. */
  public static String encode(byte[] challenge) {
    return Base64.getEncoder().encodeToString(challenge);
  }
}
