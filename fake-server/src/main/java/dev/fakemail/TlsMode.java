package dev.fakemail;

/** How a client secures a connection: upgrade a plain one, or speak TLS from the first byte. */
public enum TlsMode {
  /**
   * Connect to the plain port and upgrade with STARTTLS (SMTP, RFC 3207; IMAP, RFC 3501 §6.2.1) or
   * STLS (POP3, RFC 2595); the client refuses to go on without it.
   */
  STARTTLS,
  /** Connect to the implicit-TLS port (SMTPS per RFC 8314, POP3S, IMAPS). */
  IMPLICIT
}
