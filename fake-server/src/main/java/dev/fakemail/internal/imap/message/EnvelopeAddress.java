package dev.fakemail.internal.imap.message;

/**
 * One element of an ENVELOPE address list (RFC 3501 §7.4.2): {@code (name adl mailbox host)}, each
 * a raw byte string or {@code null} for NIL. A group is a start element with only the mailbox set
 * to the group name and an end element with everything NIL.
 */
final class EnvelopeAddress {
  final byte[] name;
  final byte[] route;
  final byte[] mailbox;
  final byte[] host;

  EnvelopeAddress(byte[] name, byte[] route, byte[] mailbox, byte[] host) {
    this.name = name;
    this.route = route;
    this.mailbox = mailbox;
    this.host = host;
  }

  static EnvelopeAddress groupStart(byte[] groupName) {
    return new EnvelopeAddress(null, null, groupName, null);
  }

  static EnvelopeAddress groupEnd() {
    return new EnvelopeAddress(null, null, null, null);
  }
}
