package dev.fakemail.bench;

/**
 * The listeners a mail server under test can run. A target declares which of them it supports; the
 * "every protocol" rows start all of those, so a protocol added to a target shows up in them
 * without touching any benchmark.
 */
public enum Protocol {
  SMTP,
  SMTPS,
  POP3,
  POP3S,
  IMAP,
  IMAPS,
  LMTP,
  HTTP;

  /** Lower-case name, as used on the command line and in result keys. */
  public String key() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
