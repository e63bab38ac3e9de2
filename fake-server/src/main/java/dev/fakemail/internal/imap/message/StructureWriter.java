package dev.fakemail.internal.imap.message;

import java.util.List;

/**
 * Writes ENVELOPE and BODY/BODYSTRUCTURE (RFC 3501 §7.4.2) from parsed {@link Part}s, in the string
 * forms Dovecot uses so that the bytes match: names and subjects cleaned for humans, header values
 * unfolded, everything else quoted or sent as a literal by {@link ImapStrings}' rules.
 */
final class StructureWriter {
  private StructureWriter() {}

  /** {@code (date subject from sender reply-to to cc bcc in-reply-to message-id)}. */
  static void envelope(ByteBuilder out, EnvelopeFields e) {
    out.append('(');
    if (e == null) {
      out.ascii("NIL NIL NIL NIL NIL NIL NIL NIL NIL NIL");
    } else {
      ImapStrings.nstringUnfolded(out, e.date);
      out.append(' ');
      if (e.subject == null) {
        out.ascii("NIL");
      } else {
        ImapStrings.stringForHumans(out, e.subject);
      }
      out.append(' ');
      addresses(out, e.from);
      out.append(' ');
      addresses(out, e.sender != null ? e.sender : e.from);
      out.append(' ');
      addresses(out, e.replyTo != null ? e.replyTo : e.from);
      out.append(' ');
      addresses(out, e.to);
      out.append(' ');
      addresses(out, e.cc);
      out.append(' ');
      addresses(out, e.bcc);
      out.append(' ');
      ImapStrings.nstringUnfolded(out, e.inReplyTo);
      out.append(' ');
      ImapStrings.nstringUnfolded(out, e.messageId);
    }
    out.append(')');
  }

  private static void addresses(ByteBuilder out, List<EnvelopeAddress> list) {
    if (list == null) {
      out.ascii("NIL");
      return;
    }
    out.append('(');
    for (EnvelopeAddress a : list) {
      out.append('(');
      if (a.name == null) {
        out.ascii("NIL");
      } else {
        ImapStrings.stringForHumans(out, a.name);
      }
      out.append(' ');
      ImapStrings.nstring(out, a.route);
      out.append(' ');
      ImapStrings.nstring(out, a.mailbox);
      out.append(' ');
      ImapStrings.nstring(out, a.host);
      out.append(')');
    }
    out.append(')');
  }

  /**
   * BODY or BODYSTRUCTURE of a whole message. A single-part message that is plain US-ASCII text and
   * says nothing else about itself (no Content-Type, or text/plain with at most {@code
   * charset=us-ascii}, 7bit, no other Content-* field) is written in lower case whatever its header
   * says, as Dovecot writes it from its cache flag for such messages.
   */
  static void message(ByteBuilder out, Part root, boolean extensible) {
    if (plainSevenBit(root)) {
      out.ascii("(\"text\" \"plain\" (\"charset\" \"us-ascii\") NIL NIL \"7bit\" ");
      out.number(root.bodyEnd - root.bodyStart).append(' ').number(root.lines);
      out.ascii(extensible ? " NIL NIL NIL NIL)" : ")");
    } else {
      body(out, root, extensible);
    }
  }

  private static boolean plainSevenBit(Part p) {
    if (p.kind != Part.Kind.TEXT || p.textFallback || p.overflow) {
      return false;
    }
    ContentFields c = p.content;
    if (c == null) {
      return true;
    }
    if (c.type != null && (!c.typeIs("text") || !c.subtypeIs("plain"))) {
      return false;
    }
    if (c.params.size() > 1
        || (c.params.size() == 1
            && !(c.params.get(0).is("charset")
                && c.params.get(0).valueText().equalsIgnoreCase("us-ascii")))) {
      return false;
    }
    String cte = c.transferEncodingText();
    return c.id == null
        && c.description == null
        && (cte == null || cte.equalsIgnoreCase("7bit"))
        && c.md5 == null
        && c.disposition == null
        && c.language == null
        && c.location == null;
  }

  /** BODY ({@code extensible == false}) or BODYSTRUCTURE of a part, in parentheses. */
  static void body(ByteBuilder out, Part p, boolean extensible) {
    out.append('(');
    if (p.kind == Part.Kind.MULTIPART) {
      multipart(out, p, extensible);
    } else {
      single(out, p, extensible);
    }
    out.append(')');
  }

  private static void multipart(ByteBuilder out, Part p, boolean extensible) {
    for (Part child : p.children) {
      body(out, child, extensible);
    }
    out.append(' ');
    ImapStrings.string(out, p.content.subtype);
    if (extensible) {
      out.append(' ');
      params(out, p.content.params, false);
      dispositionLanguageLocation(out, p.content);
    }
  }

  private static void single(ByteBuilder out, Part p, boolean extensible) {
    ContentFields c = p.content;
    boolean text = false;
    boolean typeParams = c != null;
    if (p.kind == Part.Kind.MESSAGE) {
      out.ascii("\"message\" \"rfc822\"");
    } else if (p.overflow) {
      out.ascii("\"application\" \"octet-stream\"");
    } else if (c == null || c.type == null || p.textFallback) {
      text = true;
      typeParams = false;
      out.ascii("\"text\" \"plain\"");
    } else {
      text = c.typeIs("text");
      ImapStrings.string(out, c.type);
      out.append(' ');
      ImapStrings.string(out, c.subtype);
    }
    out.append(' ');
    params(out, typeParams ? c.params : List.of(), text);
    out.append(' ');
    ImapStrings.nstringUnfolded(out, c == null ? null : c.id);
    out.append(' ');
    ImapStrings.nstringUnfolded(out, c == null ? null : c.description);
    out.append(' ');
    if (c != null && c.transferEncoding != null) {
      ImapStrings.string(out, c.transferEncoding);
    } else {
      out.ascii("\"7bit\"");
    }
    out.append(' ').number(p.bodyEnd - p.bodyStart);
    if (text) {
      out.append(' ').number(p.lines);
    } else if (p.kind == Part.Kind.MESSAGE) {
      out.append(' ');
      envelope(out, p.message().envelope);
      out.append(' ');
      body(out, p.message(), extensible);
      out.append(' ').number(p.lines);
    }
    if (extensible) {
      out.append(' ');
      ImapStrings.nstringUnfolded(out, c == null ? null : c.md5);
      dispositionLanguageLocation(out, c);
    }
  }

  private static void dispositionLanguageLocation(ByteBuilder out, ContentFields c) {
    out.append(' ');
    if (c == null || c.disposition == null) {
      out.ascii("NIL");
    } else {
      out.append('(');
      ImapStrings.string(out, c.disposition);
      out.append(' ');
      params(out, c.dispositionParams, false);
      out.append(')');
    }
    out.append(' ');
    if (c == null || c.language == null) {
      out.ascii("NIL");
    } else {
      out.append('(');
      for (int i = 0; i < c.language.size(); i++) {
        if (i > 0) {
          out.append(' ');
        }
        ImapStrings.string(out, c.language.get(i));
      }
      out.append(')');
    }
    out.append(' ');
    ImapStrings.nstringUnfolded(out, c == null ? null : c.location);
  }

  /** {@code ("name" "value" ...)} or NIL; text parts always name a charset (us-ascii). */
  private static void params(ByteBuilder out, List<MimeParams.Param> params, boolean text) {
    if (!text && params.isEmpty()) {
      out.ascii("NIL");
      return;
    }
    out.append('(');
    boolean charset = false;
    for (int i = 0; i < params.size(); i++) {
      MimeParams.Param p = params.get(i);
      if (i > 0) {
        out.append(' ');
      }
      charset |= p.is("charset");
      ImapStrings.string(out, p.name);
      out.append(' ');
      ImapStrings.string(out, p.value);
    }
    if (text && !charset) {
      if (!params.isEmpty()) {
        out.append(' ');
      }
      out.ascii("\"charset\" \"us-ascii\"");
    }
    out.append(')');
  }
}
