package dev.fakemail.internal.transcript;

import dev.fakemail.Protocol;

/** The protocol a {@link SessionRecorder} reads: where credentials and content are. */
public enum Dialect {
  SMTP(Protocol.SMTP, Protocol.SMTPS),
  LMTP(Protocol.LMTP, Protocol.LMTP),
  POP3(Protocol.POP3, Protocol.POP3S),
  IMAP(Protocol.IMAP, Protocol.IMAPS);

  private final Protocol plain;
  private final Protocol implicitTls;

  Dialect(Protocol plain, Protocol implicitTls) {
    this.plain = plain;
    this.implicitTls = implicitTls;
  }

  /** The listener's protocol: the implicit-TLS variant when the session began on TLS. */
  Protocol protocol(boolean tls) {
    return tls ? implicitTls : plain;
  }

  boolean isSmtp() {
    return this == SMTP || this == LMTP;
  }
}
