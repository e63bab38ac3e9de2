package dev.fakemail.internal.behavior;

import java.util.List;

/**
 * What the SMTP session knows when a phase is reached, for the conditions of the rules: an
 * immutable value built by the protocol side for one occurrence.
 */
public final class Facts {
  private static final Facts NONE = new Facts(false, null, null, List.of(), 0);

  private final boolean helo;
  private final String sender;
  private final String recipient;
  private final List<String> recipients;
  private final int acceptedOnConnection;

  private Facts(
      boolean helo,
      String sender,
      String recipient,
      List<String> recipients,
      int acceptedOnConnection) {
    this.helo = helo;
    this.sender = sender;
    this.recipient = recipient;
    this.recipients = recipients;
    this.acceptedOnConnection = acceptedOnConnection;
  }

  /** Nothing known: the greeting, STARTTLS, AUTH, RSET, QUIT. */
  public static Facts none() {
    return NONE;
  }

  /** {@code EHLO}, or {@code HELO} (whose one-line reply has no keywords to hide or add). */
  public static Facts greeting(boolean helo) {
    return helo ? new Facts(true, null, null, List.of(), 0) : NONE;
  }

  /**
   * {@code MAIL FROM}.
   *
   * @param sender the address given ({@code ""} for the null sender)
   * @param acceptedOnConnection how many messages this connection has had accepted so far
   */
  public static Facts mail(String sender, int acceptedOnConnection) {
    return new Facts(false, sender, null, List.of(), acceptedOnConnection);
  }

  /** {@code RCPT TO}: the transaction's sender and the recipient being added. */
  public static Facts rcpt(String sender, String recipient) {
    return new Facts(false, sender, recipient, List.of(recipient), 0);
  }

  /** {@code DATA} and the end of data: the transaction's sender and recipients. */
  public static Facts data(String sender, List<String> recipients) {
    return new Facts(false, sender, null, List.copyOf(recipients), 0);
  }

  boolean helo() {
    return helo;
  }

  /** The sender, {@code ""} for the null sender, {@code null} where not known. */
  String sender() {
    return sender;
  }

  /** At RCPT_TO the recipient being added; {@code null} elsewhere. */
  String recipient() {
    return recipient;
  }

  /** At RCPT_TO the recipient being added; at DATA and END_OF_DATA the transaction's. */
  List<String> recipients() {
    return recipients;
  }

  int acceptedOnConnection() {
    return acceptedOnConnection;
  }
}
