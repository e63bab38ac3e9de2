package dev.fakemail;

/**
 * Where in an SMTP session an {@link SmtpRule} acts: at the greeting, or on the server's reply to
 * one command. Rules act on the SMTP and SMTPS listeners; LMTP is never affected.
 */
public enum SmtpPhase {
  /** The connection is accepted; the rule replaces or delays the {@code 220} greeting. */
  CONNECT,
  /** {@code EHLO} or {@code HELO}. */
  EHLO,
  /** {@code STARTTLS}. */
  STARTTLS,
  /** {@code AUTH}, at the command (before any challenge). */
  AUTH,
  /** {@code MAIL FROM}: the sender is known from here on. */
  MAIL_FROM,
  /** {@code RCPT TO}, once per recipient: the recipient is known. */
  RCPT_TO,
  /** The {@code DATA} command, before the {@code 354}; and the message content that follows it. */
  DATA,
  /** The final {@code .} of the message content: the reply that says whether it was accepted. */
  END_OF_DATA,
  /** {@code RSET}. */
  RSET,
  /** {@code QUIT}. */
  QUIT;

  /** Whether the transaction's sender is known at this phase. */
  boolean knowsSender() {
    return compareTo(MAIL_FROM) >= 0 && compareTo(END_OF_DATA) <= 0;
  }

  /** Whether a recipient is known at this phase (the one being added, or the transaction's). */
  boolean knowsRecipient() {
    return compareTo(RCPT_TO) >= 0 && compareTo(END_OF_DATA) <= 0;
  }
}
