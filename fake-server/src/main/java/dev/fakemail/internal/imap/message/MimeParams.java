package dev.fakemail.internal.imap.message;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The parameters after a Content-Type or Content-Disposition value: {@code ; name=value} pairs,
 * values as tokens or quoted strings, names as written. Broken pairs are skipped and reading goes
 * on at the next {@code ;}.
 *
 * <p>RFC 2231 parameters are put back together but not decoded, as Dovecot sends them: {@code
 * name*0*=utf-8''a%20; name*1=b} becomes {@code "name*" "utf-8''a%20b"} (a plain segment among
 * encoded ones gets its {@code %} escaped), so the client, which knows how to decode RFC 2231, sees
 * one parameter. They follow the plain parameters. If a continuation has a gap, its segments stay
 * as they were.
 */
final class MimeParams {
  private MimeParams() {}

  /** A parameter: name and value, raw bytes. */
  static final class Param {
    final byte[] name;
    final byte[] value;

    Param(byte[] name, byte[] value) {
      this.name = name;
      this.value = value;
    }

    boolean is(String n) {
      return new String(name, StandardCharsets.ISO_8859_1).equalsIgnoreCase(n);
    }

    String valueText() {
      return new String(value, StandardCharsets.ISO_8859_1);
    }
  }

  /** A segment of an RFC 2231 parameter. */
  private static final class Segment {
    final String key; // the name before the first '*'
    final int index;
    final boolean extended; // "name*n*=": charset'language'percent-encoded
    final byte[] value;

    Segment(String key, int index, boolean extended, byte[] value) {
      this.key = key;
      this.index = index;
      this.extended = extended;
      this.value = value;
    }
  }

  /** Reads parameters from the lexer's position to the end. */
  static List<Param> parse(Rfc822Lexer in) {
    in.replaceNul();
    List<Param> plain = new ArrayList<>();
    List<Segment> segments = new ArrayList<>();
    while (!in.atEnd()) {
      ByteBuilder name = new ByteBuilder(16);
      ByteBuilder value = new ByteBuilder(32);
      if (!param(in, name, value)) {
        in.skip(); // try again from the next byte
        continue;
      }
      Segment s = segment(name.toByteArray(), value.toByteArray());
      if (s == null) {
        plain.add(new Param(name.toByteArray(), value.toByteArray()));
      } else {
        segments.add(s);
      }
    }
    if (!segments.isEmpty()) {
      merge(segments, plain);
    }
    return plain;
  }

  /** {@code ; name = value}; false when broken. */
  private static boolean param(Rfc822Lexer in, ByteBuilder name, ByteBuilder value) {
    if (!in.at(';')) {
      return false;
    }
    in.skip();
    if (in.skipCfws() <= 0) {
      return false;
    }
    if (in.token(name) <= 0 || !in.at('=')) {
      return false;
    }
    in.skip();
    int r = in.skipCfws();
    if (r <= 0) {
      return r == 0; // "name=" at the end: an empty value
    }
    if (in.at('"')) {
      r = in.quotedString(value);
    } else if (in.at('=')) {
      // broken but common: name==?utf-8?b?...?= (an unquoted encoded word)
      while (!in.atEnd()) {
        int c = in.peek();
        if (c == ';' || c == ' ' || c == '\t' || c == '\r' || c == '\n') {
          break;
        }
        value.append((byte) c);
        in.skip();
      }
    } else {
      r = in.token(value);
    }
    return r >= 0;
  }

  /** An RFC 2231 segment ({@code name*}, {@code name*0}, {@code name*0*}), or null. */
  private static Segment segment(byte[] name, byte[] value) {
    String n = new String(name, StandardCharsets.ISO_8859_1);
    int star = n.indexOf('*');
    if (star < 0) {
      return null;
    }
    int p = star;
    int index = 0;
    if (star + 1 < n.length()) {
      p = star + 1;
      while (p < n.length() && n.charAt(p) >= '0' && n.charAt(p) <= '9') {
        index = index * 10 + (n.charAt(p) - '0');
        if (index > 1_000_000) {
          return null;
        }
        p++;
      }
    }
    boolean extended = p < n.length() && n.charAt(p) == '*'; // "name*" or "name*n*"
    if (extended) {
      p++;
    }
    if (p != n.length()) {
      return null;
    }
    return new Segment(n.substring(0, star), index, extended, value);
  }

  private static void merge(List<Segment> segments, List<Param> out) {
    segments.sort(
        Comparator.comparing((Segment s) -> s.key).thenComparingInt((Segment s) -> s.index));
    int i = 0;
    while (i < segments.size()) {
      int next = i;
      boolean complete = true;
      boolean anyExtended = false;
      int expected = 0;
      while (next < segments.size()
          && segments.get(next).key.equalsIgnoreCase(segments.get(i).key)) {
        Segment s = segments.get(next);
        if (s.index != expected) {
          complete = false;
        }
        anyExtended |= s.extended;
        expected++;
        next++;
      }
      if (!complete) {
        for (int j = i; j < next; j++) {
          Segment s = segments.get(j);
          String name = s.key + "*" + s.index + (s.extended ? "*" : "");
          out.add(new Param(name.getBytes(StandardCharsets.ISO_8859_1), s.value));
        }
      } else {
        ByteBuilder value = new ByteBuilder(64);
        if (anyExtended && !segments.get(i).extended) {
          value.ascii("''"); // a plain first segment: no charset, no language
        }
        for (int j = i; j < next; j++) {
          Segment s = segments.get(j);
          if (anyExtended && !s.extended) {
            for (byte b : s.value) {
              if (b == '%') {
                value.ascii("%25");
              } else {
                value.append(b);
              }
            }
          } else {
            value.append(s.value);
          }
        }
        String name = segments.get(i).key + (anyExtended ? "*" : "");
        out.add(new Param(name.getBytes(StandardCharsets.ISO_8859_1), value.toByteArray()));
      }
      i = next;
    }
  }

  /** The value of the first parameter with this name, ignoring case, or null. */
  static String value(List<Param> params, String name) {
    for (Param p : params) {
      if (p.is(name)) {
        return p.valueText();
      }
    }
    return null;
  }
}
