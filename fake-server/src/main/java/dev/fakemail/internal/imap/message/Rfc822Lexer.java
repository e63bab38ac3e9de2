package dev.fakemail.internal.imap.message;

/**
 * The RFC 5322 / RFC 2045 lexical layer over the raw bytes of one header value: white space and
 * comments, atoms, dot-atoms, MIME tokens, quoted strings, domain literals and phrases. Lenient in
 * the way Dovecot's {@code rfc822-parser} is, so that ENVELOPE and BODYSTRUCTURE come out as
 * Dovecot's do; 8-bit bytes count as atom characters (RFC 6532).
 *
 * <p>The reading methods share one convention: they return {@code -1} when the input is broken,
 * {@code 0} when it is used up and {@code 1} when more follows. Not thread-safe.
 */
final class Rfc822Lexer {
  private final byte[] data;
  private final int end;
  private int pos;

  /** The text of the last comment skipped, when asked for (addresses: "user@host (Name)"). */
  private final ByteBuilder lastComment;

  /** Whether a NUL in quoted text becomes U+FFFD (it always ends an atom or a token). */
  private boolean replaceNul;

  Rfc822Lexer(byte[] data, boolean keepComments) {
    this.data = data;
    this.pos = 0;
    this.end = data.length;
    this.lastComment = keepComments ? new ByteBuilder(32) : null;
  }

  /** From here on, a NUL in a quoted string, comment or domain literal reads as U+FFFD. */
  void replaceNul() {
    this.replaceNul = true;
  }

  /** Appends U+FFFD, REPLACEMENT CHARACTER, in UTF-8. */
  static ByteBuilder appendReplacement(ByteBuilder out) {
    return out.append((byte) 0xef).append((byte) 0xbf).append((byte) 0xbd);
  }

  boolean atEnd() {
    return pos >= end;
  }

  /** The current byte; only when not {@link #atEnd()}. */
  int peek() {
    return data[pos];
  }

  boolean at(char c) {
    return pos < end && data[pos] == c;
  }

  void skip() {
    pos++;
  }

  int position() {
    return pos;
  }

  void reset(int position) {
    pos = position;
  }

  ByteBuilder lastComment() {
    return lastComment;
  }

  /** RFC 5322 atext, plus every 8-bit byte. */
  static boolean isAtext(int b) {
    int c = b & 0xff;
    if (c >= 0x80) {
      return true;
    }
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
      return true;
    }
    switch (c) {
      case '!':
      case '#':
      case '$':
      case '%':
      case '&':
      case '\'':
      case '*':
      case '+':
      case '-':
      case '/':
      case '=':
      case '?':
      case '^':
      case '_':
      case '`':
      case '{':
      case '|':
      case '}':
      case '~':
        return true;
      default:
        return false;
    }
  }

  /** An RFC 2045 token character: atext without the tspecials {@code / = ?}, plus {@code .}. */
  static boolean isTokenChar(int b) {
    return b == '.' || (isAtext(b) && b != '/' && b != '=' && b != '?');
  }

  /** Skips white space, line breaks and comments. */
  int skipCfws() {
    while (pos < end) {
      byte c = data[pos];
      if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
        pos++;
      } else if (c == '(') {
        if (skipComment() < 0) {
          return -1;
        }
      } else {
        break;
      }
    }
    return pos < end ? 1 : 0;
  }

  private int skipComment() {
    if (lastComment != null) {
      lastComment.truncate(0);
    }
    int depth = 1;
    int start = ++pos;
    for (; pos < end; pos++) {
      byte c = data[pos];
      if (c == 0 && replaceNul && lastComment != null) {
        appendReplacement(lastComment.append(data, start, pos));
        start = pos + 1;
      } else if (c == '(') {
        depth++;
      } else if (c == ')') {
        if (--depth == 0) {
          if (lastComment != null) {
            lastComment.append(data, start, pos);
          }
          pos++;
          return pos < end ? 1 : 0;
        }
      } else if (c == '\n') {
        if (lastComment != null) {
          lastComment.append(data, start, withoutCr(start, pos));
        }
        start = pos + 1;
      } else if (c == '\\') {
        if (++pos >= end) {
          return -1;
        }
        if (isLineBreakOrNul(data[pos])) {
          pos--; // not a quoted pair: the backslash stays
        } else {
          if (lastComment != null) {
            lastComment.append(data, start, pos - 1);
          }
          start = pos;
        }
      }
    }
    return -1; // no ')'
  }

  /** An atom: one or more atext bytes, then CFWS. */
  int atom(ByteBuilder out) {
    if (pos >= end || !isAtext(data[pos])) {
      return -1;
    }
    int start = pos++;
    while (pos < end && isAtext(data[pos])) {
      pos++;
    }
    out.append(data, start, pos);
    return pos < end ? skipCfws() : 0;
  }

  /** A dot-atom; white space around the dots is allowed, as RFC 822 did. */
  int dotAtom(ByteBuilder out) {
    if (pos >= end || !isAtext(data[pos])) {
      return -1;
    }
    int start = pos;
    while (true) {
      while (pos < end && isAtext(data[pos])) {
        pos++;
      }
      if (pos >= end) {
        out.append(data, start, pos);
        return 0;
      }
      if (start == pos) {
        return -1;
      }
      out.append(data, start, pos);
      int r = skipCfws();
      if (r <= 0) {
        return r;
      }
      if (data[pos] != '.') {
        return 1;
      }
      pos++;
      out.append('.');
      if (skipCfws() <= 0) {
        return -1;
      }
      start = pos;
    }
  }

  /** A MIME token (possibly empty), then CFWS. */
  int token(ByteBuilder out) {
    int start = pos;
    while (pos < end && isTokenChar(data[pos])) {
      pos++;
    }
    out.append(data, start, pos);
    return pos < end ? skipCfws() : 0;
  }

  /** Atext and dots (possibly none), then CFWS: a word of an obsolete phrase. */
  private int atomOrDots(ByteBuilder out) {
    int start = pos;
    while (pos < end && (isAtext(data[pos]) || data[pos] == '.')) {
      pos++;
    }
    out.append(data, start, pos);
    return pos < end ? skipCfws() : 0;
  }

  /** A quoted string at {@code "}: its content without quotes, escapes and folding breaks. */
  int quotedString(ByteBuilder out) {
    int start = ++pos;
    for (; pos < end; pos++) {
      byte c = data[pos];
      if (c == 0 && replaceNul) {
        appendReplacement(out.append(data, start, pos));
        start = pos + 1;
      } else if (c == '"') {
        out.append(data, start, pos);
        pos++;
        return skipCfws();
      } else if (c == '\n') {
        out.append(data, start, withoutCr(start, pos));
        start = pos + 1;
      } else if (c == '\\') {
        if (++pos >= end) {
          return -1;
        }
        if (isLineBreakOrNul(data[pos])) {
          pos--;
        } else {
          out.append(data, start, pos - 1);
          start = pos;
        }
      }
    }
    return -1; // no closing quote
  }

  /** A phrase: words (atoms, quoted strings, dots) joined by single spaces. */
  int phrase(ByteBuilder out) {
    if (pos >= end) {
      return 0;
    }
    if (data[pos] == '.') {
      return -1;
    }
    while (true) {
      int r = data[pos] == '"' ? quotedString(out) : atomOrDots(out);
      if (r <= 0) {
        return r;
      }
      byte c = data[pos];
      if (!isAtext(c) && c != '"' && c != '.') {
        break;
      }
      out.append(' ');
    }
    return skipCfws();
  }

  /** A domain at {@code @}: a dot-atom or a domain literal. */
  int domain(ByteBuilder out) {
    pos++;
    if (skipCfws() <= 0) {
      return -1;
    }
    return data[pos] == '[' ? domainLiteral(out) : dotAtom(out);
  }

  private int domainLiteral(ByteBuilder out) {
    int start = pos++;
    for (; pos < end; pos++) {
      byte c = data[pos];
      if (c == 0 && replaceNul) {
        appendReplacement(out.append(data, start, pos));
        start = pos + 1;
      } else if (c == '[') {
        return -1;
      } else if (c == ']') {
        out.append(data, start, pos + 1);
        pos++;
        return skipCfws();
      } else if (c == '\n') {
        out.append(data, start, withoutCr(start, pos));
        start = pos + 1;
      } else if (c == '\\') {
        // the backslash is kept; the escaped byte cannot end the literal
        if (++pos >= end) {
          return -1;
        }
        if (isLineBreakOrNul(data[pos])) {
          pos--;
        }
      }
    }
    return -1; // no ']'
  }

  private int withoutCr(int start, int lf) {
    return lf > start && data[lf - 1] == '\r' ? lf - 1 : lf;
  }

  private static boolean isLineBreakOrNul(byte b) {
    return b == '\r' || b == '\n' || b == 0;
  }
}
