package dev.fakemail;

/**
 * A protocol a {@link FakeMailServer} can serve, each on its own port. Choose them with {@link
 * FakeMailConfig.Builder#protocols(Protocol...)}.
 */
public enum Protocol {
  /** SMTP (RFC 5321): mail the application sends is captured and filed into mailboxes. */
  SMTP,
  /** POP3 (RFC 1939): clients read and delete the mail in a mailbox's INBOX. */
  POP3,
  /** LMTP (RFC 2033): SMTP's local delivery variant, with one reply per recipient after DATA. */
  LMTP,
  /**
   * The HTTP inspection API (JSON under {@code /api/v1}) and the web page at {@code /}; off by
   * default in the library, on in the standalone server. See {@link FakeMailServer#httpUrl()}.
   */
  HTTP
}
