package dev.fakemail;

/**
 * A protocol a {@link FakeMailServer} can serve, each on its own port. Choose them with {@link
 * FakeMailConfig.Builder#protocols(Protocol...)}.
 */
public enum Protocol {
  /** SMTP (RFC 5321): mail the application sends is captured and filed into mailboxes. */
  SMTP,
  /**
   * SMTP with implicit TLS (RFC 8314 "submissions"): TLS from the first byte, on its own port; off
   * by default in the library (it would build the certificate at every start), on in the standalone
   * server. Clients trust it through {@link FakeMailServer#tls()}.
   */
  SMTPS,
  /** POP3 (RFC 1939): clients read and delete the mail in a mailbox's INBOX. */
  POP3,
  /** POP3 with implicit TLS (RFC 8314 §3.3; "pop3s"), on its own port; off by default. */
  POP3S,
  /**
   * IMAP4rev1 (RFC 3501) with IDLE, UIDPLUS, MOVE and the other extensions the README lists:
   * clients read, flag, file and delete the mail in a mailbox's folders, and see other sessions'
   * changes (SMTP deliveries, POP3 deletions) as they happen.
   */
  IMAP,
  /** IMAP with implicit TLS (RFC 8314 §3.3; "imaps"), on its own port; off by default. */
  IMAPS,
  /** LMTP (RFC 2033): SMTP's local delivery variant, with one reply per recipient after DATA. */
  LMTP,
  /**
   * The HTTP inspection API (JSON under {@code /api/v1}) and the web page at {@code /}; off by
   * default in the library, on in the standalone server. See {@link FakeMailServer#httpUrl()}.
   */
  HTTP
}
