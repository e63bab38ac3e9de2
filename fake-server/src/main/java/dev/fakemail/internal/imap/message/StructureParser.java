package dev.fakemail.internal.imap.message;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Splits a message in its wire form into its MIME entities ({@link Part}), recording where each
 * header and body starts and ends. Lenient in the way Dovecot's message parser is, so that part
 * numbers, sizes and line counts agree with Dovecot's:
 *
 * <ul>
 *   <li>a header ends at its blank line, at the end of the message, or at a line that starts a
 *       boundary of an enclosing multipart;
 *   <li>a boundary line is {@code --} followed by the boundary of the innermost enclosing multipart
 *       it starts with (the longest such, when several do), whatever follows on the line; a close
 *       delimiter {@code --boundary--} retires that boundary, and what follows it is epilogue;
 *   <li>a boundary of an outer multipart also ends every inner one;
 *   <li>the CRLF before a boundary line belongs to the boundary, not to the parts it ends; when the
 *       boundary line ends a header (with or right after its blank line), that CRLF goes to the
 *       enclosing part instead, and so stays in every part the boundary ends;
 *   <li>nesting deeper than 100 levels or more than 10,000 parts are not followed: such a part is
 *       reported as application/octet-stream.
 * </ul>
 *
 * Where Dovecot shows a multipart without parts as an empty text/plain part and a broken
 * Content-Type as empty strings, we show the body itself as text/plain (RFC 2045 §5.2). Nothing
 * here throws on bad input. Not thread-safe; one instance per parse.
 */
final class StructureParser {
  static final int MAX_DEPTH = 100;
  static final int MAX_PARTS = 10_000;
  static final int MAX_BOUNDARY = 80;

  private final byte[] b;
  private final int n;
  private final List<Boundary> boundaries = new ArrayList<>(); // innermost last
  private int parts = 1;

  private static final class Boundary {
    final byte[] value;
    final Part owner;

    Boundary(byte[] value, Part owner) {
      this.value = value;
      this.owner = owner;
    }
  }

  /** A boundary line at {@code line}; the parts it ends, end at {@code partEnd}. */
  private static final class Hit {
    final int line;
    final Boundary boundary;
    final boolean close;
    final int partEnd;

    Hit(int line, Boundary boundary, boolean close, int partEnd) {
      this.line = line;
      this.boundary = boundary;
      this.close = close;
      this.partEnd = partEnd;
    }
  }

  private StructureParser(byte[] wire) {
    this.b = wire;
    this.n = wire.length;
  }

  /** The message's entities; the root is the message itself. */
  static Part parse(byte[] wire) {
    try {
      Part root = new Part(0);
      new StructureParser(wire).entity(root, null, false, true, 0);
      return root;
    } catch (RuntimeException | StackOverflowError e) {
      return fallback(wire);
    }
  }

  /** Should the parser itself fail: the header up to the first blank line, the rest as text. */
  private static Part fallback(byte[] wire) {
    Part root = new Part(0);
    int pos = 0;
    while (pos < wire.length) {
      int end = HeaderFields.lineEnd(wire, pos, wire.length);
      if (HeaderFields.contentEnd(wire, pos, end) == pos) {
        root.blankLine = true;
        pos = end;
        break;
      }
      pos = end;
    }
    root.bodyStart = pos;
    root.bodyEnd = wire.length;
    root.lines = countLines(wire, pos, wire.length);
    try {
      root.envelope = EnvelopeFields.parse(wire, HeaderFields.split(wire, 0, pos), true);
    } catch (RuntimeException e) {
      root.envelope = new EnvelopeFields();
    }
    return root;
  }

  /**
   * Reads the entity starting at {@code p.start}: its header, then its body.
   *
   * @return the boundary line that ended it, or null at the end of the message
   */
  private Hit entity(Part p, Part multipart, boolean mimePart, boolean message, int depth) {
    Hit cut = null;
    int headerEnd;
    int pos = p.start;
    while (true) {
      if (pos >= n) {
        p.bodyStart = n;
        headerEnd = n;
        break;
      }
      cut = boundaries.isEmpty() ? null : boundaryAt(pos, p.start, true);
      if (cut != null) { // a boundary line inside the header: the part has no body
        p.bodyStart = pos == p.start ? pos : pos - 2;
        headerEnd = p.bodyStart;
        break;
      }
      int lineEnd = HeaderFields.lineEnd(b, pos, n);
      if (HeaderFields.contentEnd(b, pos, lineEnd) == pos) {
        p.bodyStart = lineEnd;
        p.blankLine = true;
        headerEnd = pos;
        break;
      }
      pos = lineEnd;
    }

    List<HeaderFields.Field> fields = HeaderFields.split(b, p.start, headerEnd);
    boolean isMime =
        mimePart
            || HeaderFields.first(fields, "MIME-Version") != null
            || HeaderFields.first(fields, "Content-Type") != null;
    ContentFields c = isMime ? ContentFields.parse(b, fields) : null;
    p.content = c;
    if (message) {
      p.envelope = EnvelopeFields.parse(b, fields, p.start == 0);
    }
    p.kind = kind(c, multipart);
    if (c != null && c.invalidType) {
      p.textFallback = true;
    }
    if ((p.kind == Part.Kind.MULTIPART || p.kind == Part.Kind.MESSAGE)
        && (depth + 1 >= MAX_DEPTH || (p.kind == Part.Kind.MESSAGE && parts >= MAX_PARTS))) {
      p.kind = Part.Kind.OTHER;
      p.overflow = true;
    }
    byte[] boundary = p.kind == Part.Kind.MULTIPART ? ownBoundary(c) : null;

    if (cut == null && p.blankLine && enclosingBoundaryAt(p.bodyStart, boundary)) {
      // An enclosing multipart's boundary right after the blank line takes the blank line's CRLF
      // (as it takes the CRLF before any boundary line): the header ends without it.
      cut = boundaryAt(p.bodyStart, -1, true);
      p.bodyStart -= 2;
      p.blankLine = false;
    }
    if (cut != null) {
      p.bodyEnd = p.bodyStart;
      if (p.kind == Part.Kind.MULTIPART) {
        p.kind = Part.Kind.TEXT;
        p.textFallback = true;
      } else if (p.kind == Part.Kind.MESSAGE) {
        Part inner = new Part(p.bodyStart);
        inner.bodyStart = p.bodyStart;
        inner.bodyEnd = p.bodyStart;
        inner.envelope = new EnvelopeFields();
        p.children = List.of(inner);
        parts++;
      }
      return cut;
    }

    switch (p.kind) {
      case MULTIPART:
        if (boundary != null) {
          return multipart(p, boundary, depth);
        }
        p.kind = Part.Kind.TEXT; // RFC 2046 requires the boundary: without one, show the text
        p.textFallback = true;
        return leaf(p);
      case MESSAGE:
        Part inner = new Part(p.bodyStart);
        parts++;
        Hit hit = entity(inner, null, false, true, depth + 1);
        p.children = List.of(inner);
        p.bodyEnd = hit == null ? inner.bodyEnd : hit.partEnd;
        p.lines = countLines(b, p.bodyStart, p.bodyEnd);
        return hit;
      default:
        return leaf(p);
    }
  }

  private static byte[] ownBoundary(ContentFields c) {
    byte[] boundary = c.boundary(); // boundary="" is invalid, but "--" lines still delimit
    if (boundary == null) {
      return null;
    }
    return boundary.length > MAX_BOUNDARY ? Arrays.copyOf(boundary, MAX_BOUNDARY) : boundary;
  }

  private static Part.Kind kind(ContentFields c, Part multipart) {
    if (c == null || c.type == null) {
      if (c != null && c.invalidType) {
        return Part.Kind.TEXT;
      }
      boolean digest = multipart != null && multipart.content.subtypeIs("digest");
      return digest ? Part.Kind.MESSAGE : Part.Kind.TEXT;
    }
    if (c.typeIs("message") && c.subtypeIs("rfc822")) {
      return Part.Kind.MESSAGE;
    }
    if (c.typeIs("text")) {
      return Part.Kind.TEXT;
    }
    if (c.typeIs("multipart")) {
      return Part.Kind.MULTIPART;
    }
    return Part.Kind.OTHER;
  }

  private Hit leaf(Part p) {
    Hit hit = scan(p.bodyStart);
    p.bodyEnd = hit == null ? n : hit.partEnd;
    if (p.kind == Part.Kind.TEXT) {
      p.lines = countLines(b, p.bodyStart, p.bodyEnd);
    }
    return hit;
  }

  private Hit multipart(Part p, byte[] boundary, int depth) {
    Boundary own = new Boundary(boundary, p);
    boundaries.add(own);
    List<Part> children = new ArrayList<>();
    Hit hit = scan(p.bodyStart); // past the preamble
    Hit result;
    while (true) {
      if (hit == null) {
        p.bodyEnd = n;
        result = null;
        break;
      }
      if (hit.boundary != own) { // an enclosing multipart's boundary ends this one too
        p.bodyEnd = hit.partEnd;
        result = hit;
        break;
      }
      int next = HeaderFields.lineEnd(b, hit.line, n); // the rest of the line is ignored
      if (hit.close) {
        Hit afterEpilogue = scan(next);
        p.bodyEnd = afterEpilogue == null ? n : afterEpilogue.partEnd;
        result = afterEpilogue;
        break;
      }
      Part child = new Part(next);
      children.add(child);
      parts++;
      hit = entity(child, p, true, false, depth + 1);
    }
    boundaries.remove(own);
    if (children.isEmpty()) {
      p.kind = Part.Kind.TEXT; // no part at all: show the body rather than nothing
      p.textFallback = true;
      p.lines = countLines(b, p.bodyStart, p.bodyEnd);
    } else {
      p.children = List.copyOf(children);
    }
    return result;
  }

  /** The next boundary line from {@code from} on, or null at the end of the message. */
  private Hit scan(int from) {
    if (boundaries.isEmpty()) {
      return null;
    }
    int pos = from;
    while (pos < n) {
      Hit hit = boundaryAt(pos, from, false);
      if (hit != null) {
        return hit;
      }
      pos = HeaderFields.lineEnd(b, pos, n);
    }
    return null;
  }

  /**
   * The boundary line at {@code pos}, if it is one; retires the boundaries it passes over (and its
   * own, when it is a close delimiter).
   *
   * @param first the start of the text being read: a boundary on its first line has no CRLF before
   *     it to take
   */
  private Hit boundaryAt(int pos, int first, boolean inHeader) {
    int best = match(pos, null);
    if (best < 0) {
      return null;
    }
    Boundary found = boundaries.get(best);
    int s = pos + 2;
    int len = HeaderFields.contentEnd(b, s, HeaderFields.lineEnd(b, s, n)) - s;
    int l = found.value.length;
    boolean close = len >= l + 2 && b[s + l] == '-' && b[s + l + 1] == '-';
    int keep = close ? best : best + 1;
    while (boundaries.size() > keep) {
      boundaries.remove(boundaries.size() - 1);
    }
    // The CRLF before the line is the boundary's, unless the line is the first of a body. When
    // the line cuts a header short, that header loses the CRLF to its parent: every part the
    // boundary ends keeps it.
    return new Hit(pos, found, close, pos == first || inHeader ? pos : pos - 2);
  }

  /**
   * Whether the line at {@code pos} is a boundary line of an enclosing multipart, rather than one
   * of {@code own} (the boundary of the multipart whose header just ended, or null).
   */
  private boolean enclosingBoundaryAt(int pos, byte[] own) {
    int best = match(pos, own);
    return best >= 0 && best < boundaries.size();
  }

  /**
   * Which boundary the line at {@code pos} starts, as an index into {@link #boundaries} ({@code
   * boundaries.size()} for {@code own}, counted innermost), or -1: the longest that matches, the
   * innermost among equals.
   */
  private int match(int pos, byte[] own) {
    if ((boundaries.isEmpty() && own == null)
        || parts >= MAX_PARTS
        || pos + 1 >= n
        || b[pos] != '-'
        || b[pos + 1] != '-') {
      return -1;
    }
    int s = pos + 2;
    int e = HeaderFields.contentEnd(b, s, HeaderFields.lineEnd(b, s, n));
    int len = e - s;
    boolean trailingDashes = len > 2 && b[e - 1] == '-' && b[e - 2] == '-';
    int best = -1;
    int bestLength = -1;
    for (int i = own == null ? boundaries.size() - 1 : boundaries.size(); i >= 0; i--) {
      byte[] v = i == boundaries.size() ? own : boundaries.get(i).value;
      if (v.length <= len && startsWith(s, v) && bestLength < v.length) {
        best = i;
        bestLength = v.length;
        if (v.length == len || (v.length == len - 2 && trailingDashes)) {
          break; // exactly this boundary: none can match better
        }
      }
    }
    return best;
  }

  private boolean startsWith(int at, byte[] v) {
    for (int i = 0; i < v.length; i++) {
      if (b[at + i] != v[i]) {
        return false;
      }
    }
    return true;
  }

  static int countLines(byte[] b, int from, int to) {
    int lines = 0;
    for (int i = from; i < to; i++) {
      if (b[i] == '\n') {
        lines++;
      }
    }
    return lines;
  }
}
