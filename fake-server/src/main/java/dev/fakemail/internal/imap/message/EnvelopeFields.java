package dev.fakemail.internal.imap.message;

import java.util.ArrayList;
import java.util.List;

/**
 * The ENVELOPE of one message (the whole message or an attached message/rfc822), from its raw
 * header fields: strings as written (encoded words kept; clients decode them), the last Date,
 * Subject, In-Reply-To and Message-ID field winning, the addresses of repeated address fields
 * joined as if they were one list (as Dovecot does). Immutable once parsed.
 */
final class EnvelopeFields {
  byte[] date;
  byte[] subject;
  List<EnvelopeAddress> from;
  List<EnvelopeAddress> sender;
  List<EnvelopeAddress> replyTo;
  List<EnvelopeAddress> to;
  List<EnvelopeAddress> cc;
  List<EnvelopeAddress> bcc;
  byte[] inReplyTo;
  byte[] messageId;

  /**
   * @param message true for the message itself, false for an attached one: Dovecot builds the first
   *     from its header cache, which has no bare CR before a line ending
   */
  static EnvelopeFields parse(byte[] b, List<HeaderFields.Field> fields, boolean message) {
    EnvelopeFields e = new EnvelopeFields();
    for (HeaderFields.Field f : fields) {
      String n = f.name();
      if (n.length() < 2 || n.length() > 11) {
        continue;
      }
      if (n.equalsIgnoreCase("Date")) {
        e.date = f.text(b, message);
      } else if (n.equalsIgnoreCase("Subject")) {
        e.subject = f.text(b, message);
      } else if (n.equalsIgnoreCase("In-Reply-To")) {
        e.inReplyTo = f.text(b, message);
      } else if (n.equalsIgnoreCase("Message-ID")) {
        e.messageId = f.text(b, message);
      } else if (n.equalsIgnoreCase("From")) {
        e.from = join(e.from, f.value(b, message));
      } else if (n.equalsIgnoreCase("Sender")) {
        e.sender = join(e.sender, f.value(b, message));
      } else if (n.equalsIgnoreCase("Reply-To")) {
        e.replyTo = join(e.replyTo, f.value(b, message));
      } else if (n.equalsIgnoreCase("To")) {
        e.to = join(e.to, f.value(b, message));
      } else if (n.equalsIgnoreCase("Cc")) {
        e.cc = join(e.cc, f.value(b, message));
      } else if (n.equalsIgnoreCase("Bcc")) {
        e.bcc = join(e.bcc, f.value(b, message));
      }
    }
    return e;
  }

  private static List<EnvelopeAddress> join(List<EnvelopeAddress> list, byte[] value) {
    List<EnvelopeAddress> parsed = AddressListParser.parse(value);
    if (parsed.isEmpty()) {
      return list;
    }
    if (list == null) {
      return parsed;
    }
    List<EnvelopeAddress> joined = new ArrayList<>(list);
    joined.addAll(parsed);
    return joined;
  }
}
