package dev.fakemail.internal.imap.message;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Address-list header values (From, To, Cc…) to ENVELOPE addresses, from the raw bytes: display
 * names keep their encoded words (clients decode RFC 2047 themselves), quoted strings lose their
 * quotes, groups become start and end markers.
 *
 * <p>Broken input never fails: what Dovecot does is done, down to its placeholders for missing
 * parts ({@code MISSING_MAILBOX}, {@code MISSING_DOMAIN}, {@code SYNTAX_ERROR}, {@code
 * INVALID_ROUTE}), so that a client sees the same ENVELOPE from both servers. Not thread-safe; one
 * instance per header value.
 */
final class AddressListParser {
  private final Rfc822Lexer in;
  private final List<EnvelopeAddress> out = new ArrayList<>();

  // the address being read
  private byte[] name;
  private byte[] route;
  private byte[] mailbox;
  private byte[] domain;
  private boolean invalid;

  private AddressListParser(byte[] value) {
    this.in = new Rfc822Lexer(value, true);
    in.replaceNul();
  }

  /** The addresses in a header value; empty when there are none. */
  static List<EnvelopeAddress> parse(byte[] value) {
    AddressListParser p = new AddressListParser(value);
    if (p.in.skipCfws() > 0) {
      p.addressList();
    }
    return p.out;
  }

  private void addressList() {
    while (true) {
      if (address() == 0) {
        return;
      }
      if (!in.at(',')) {
        return;
      }
      in.skip();
      int r = in.skipCfws();
      if (r <= 0) {
        if (r < 0) {
          addFixed(); // ends with garbage
        }
        return;
      }
    }
  }

  private int address() {
    int start = in.position();
    int r = group();
    if (r < 0) {
      in.reset(start);
      r = mailbox();
    }
    return r;
  }

  private int group() {
    ByteBuilder phrase = new ByteBuilder(32);
    if (in.phrase(phrase) <= 0 || !in.at(':')) {
      return -1;
    }
    // a group from here on, however broken
    in.skip();
    int r = in.skipCfws();
    add(EnvelopeAddress.groupStart(phrase.toByteArray()));
    if (r > 0 && !in.at(';')) {
      while (true) {
        mailbox();
        if (!in.at(',')) {
          break;
        }
        in.skip();
        if (in.skipCfws() <= 0) {
          r = -1;
          break;
        }
      }
    }
    if (r >= 0) {
      if (!in.at(';')) {
        r = -1;
      } else {
        in.skip();
        r = in.skipCfws();
      }
    }
    add(EnvelopeAddress.groupEnd());
    return r == 0 ? 0 : 1;
  }

  private int mailbox() {
    int start = in.position();
    int r = nameAddr();
    if (r < 0) {
      in.reset(start);
      r = addrSpec();
      if (invalid && name == null && mailbox != null && domain == null) {
        name = mailbox; // "quoted string" alone: a name, not a mailbox
        mailbox = null;
      }
    }
    if (r < 0) {
      invalid = true;
    }
    addFixed();
    return r;
  }

  private int nameAddr() {
    ByteBuilder phrase = new ByteBuilder(32);
    if (in.phrase(phrase) <= 0 || !in.at('<')) {
      return -1;
    }
    name = phrase.length() == 0 ? null : phrase.toByteArray();
    if (angleAddr() < 0) {
      domain = ascii("SYNTAX_ERROR");
      invalid = true;
    }
    return in.atEnd() ? 0 : 1;
  }

  private int angleAddr() {
    in.skip(); // '<'
    if (in.skipCfws() <= 0) {
      return -1;
    }
    if (in.at('@')) {
      if (routeList() > 0 && in.at(':')) {
        in.skip();
      } else {
        route = ascii("INVALID_ROUTE");
        if (in.atEnd()) {
          return -1;
        }
      }
      if (in.skipCfws() <= 0) {
        return -1;
      }
    }
    if (!in.at('>')) { // "<>" has no address at all
      if (localPart() <= 0) {
        return -1;
      }
      if (in.at('@') && domain() <= 0) {
        return -1;
      }
    }
    if (!in.at('>')) {
      return -1;
    }
    in.skip();
    return in.skipCfws();
  }

  /** An obsolete source route {@code @a,@b:}, as "@a,@b". */
  private int routeList() {
    ByteBuilder r = new ByteBuilder(32);
    while (true) {
      if (in.atEnd()) {
        return 0;
      }
      if (!in.at('@')) {
        break;
      }
      if (r.length() > 0) {
        r.append(',');
      }
      r.append('@');
      int d = in.domain(r);
      if (d <= 0) {
        return d;
      }
      while (in.skipCfws() > 0 && in.at(',')) {
        in.skip();
      }
    }
    route = r.toByteArray();
    return 1;
  }

  private int localPart() {
    ByteBuilder local = new ByteBuilder(32);
    int r = in.at('"') ? in.quotedString(local) : lenientDotAtom(local);
    if (r < 0) {
      return -1;
    }
    mailbox = local.toByteArray();
    return r;
  }

  /** A local part that may have leading, trailing or doubled dots ("a..b@host"). */
  private int lenientDotAtom(ByteBuilder local) {
    int r = -1;
    do {
      while (in.at('.')) {
        local.append('.');
        in.skip();
        if (in.atEnd()) {
          return 0; // no @domain, but a local part
        }
        r = 1;
      }
      if (in.at('@')) {
        break;
      }
      r = in.atom(local);
    } while (r > 0 && in.at('.'));
    return r;
  }

  private int domain() {
    ByteBuilder d = new ByteBuilder(32);
    int r = in.domain(d);
    if (r < 0) {
      return -1;
    }
    domain = d.toByteArray();
    return r;
  }

  private int addrSpec() {
    in.lastComment().truncate(0);
    boolean quoted = in.at('"');
    int r = localPart();
    if (r <= 0) {
      invalid = true;
    }
    int domainResult = -2; // no "@domain" seen
    if (r != 0 && in.at('@')) {
      domainResult = domain();
      if (domainResult <= 0) {
        r = domainResult;
      }
    }
    ByteBuilder comment = in.lastComment();
    if (comment.length() > 0) {
      name = comment.toByteArray(); // user@host (Name)
    } else if (domainResult == -2) {
      // a bare word is a mailbox without a domain; more words make it a display name
      ByteBuilder words = new ByteBuilder(32);
      if (mailbox != null) {
        words.append(mailbox);
      }
      words.append(' ');
      int before = words.length();
      in.phrase(words);
      if (words.length() != before) {
        mailbox = null;
        name = words.toByteArray();
      } else if (!quoted) {
        domain = new byte[0];
      }
      invalid = true;
      r = -1;
    }
    return r;
  }

  private void addFixed() {
    if (mailbox == null) {
      mailbox = ascii("MISSING_MAILBOX");
      invalid = true;
    }
    if (domain == null || domain.length == 0) {
      domain = ascii("MISSING_DOMAIN");
      invalid = true;
    }
    add(new EnvelopeAddress(name, route, mailbox, domain));
  }

  private void add(EnvelopeAddress address) {
    out.add(address);
    name = null;
    route = null;
    mailbox = null;
    domain = null;
    invalid = false;
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
