package dev.fakemail;

/**
 * Who may log in, with POP3 (USER/PASS, APOP, AUTH), IMAP (LOGIN, AUTHENTICATE) and SMTP AUTH
 * alike. Set with {@link FakeMailConfig.Builder#authMode(AuthMode)}.
 */
public enum AuthMode {
  /**
   * The default: any login name with any password is accepted and reads the mailbox of that
   * address.
   */
  ANY,
  /**
   * Only the pairs added with {@link FakeMailConfig.Builder#user(String, String)}: an unknown name
   * or a wrong password is rejected on every protocol, and LMTP refuses recipients that are not
   * users. SMTP still accepts mail without AUTH, for every recipient.
   */
  USERS
}
