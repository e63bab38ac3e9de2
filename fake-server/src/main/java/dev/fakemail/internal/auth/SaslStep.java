package dev.fakemail.internal.auth;

import java.util.Objects;

/**
 * What the server does next in a SASL exchange: send a challenge, or end it with success or
 * failure. Each protocol frames these its own way ({@code 334}/{@code 235}/{@code 535} in SMTP,
 * {@code +}/{@code +OK}/{@code -ERR} in POP3, {@code +}/{@code OK}/{@code NO} in IMAP).
 */
public sealed interface SaslStep {

  /** Send this challenge (raw bytes; the protocol base64-encodes them) and wait for a response. */
  record Challenge(byte[] data) implements SaslStep {
    public Challenge {
      Objects.requireNonNull(data, "data");
    }
  }

  /** Authenticated as {@code user}, the login name exactly as the client sent it. */
  record Success(String user) implements SaslStep {
    public Success {
      Objects.requireNonNull(user, "user");
    }
  }

  /**
   * The exchange ended without authenticating; {@code detail} is a sentence a client user reads.
   */
  record Failure(Reason reason, String detail) implements SaslStep {
    public Failure {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(detail, "detail");
    }
  }

  /** Why an exchange failed: each protocol answers the three differently. */
  enum Reason {
    /** The client sent {@code *} (RFC 4954 §4, RFC 5034 §4, RFC 3501 §6.2.2). */
    CANCELLED,
    /** The response was not base64 or not in the mechanism's format. */
    MALFORMED,
    /** Well-formed, but the credentials are wrong (or the user may not act as another). */
    INVALID_CREDENTIALS
  }
}
