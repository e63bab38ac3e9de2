package dev.fakemail.internal.imap.protocol;

import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads the arguments of one IMAP command (RFC 3501 §9 grammar) from the bytes {@link
 * ImapFrameDecoder} framed: atoms, quoted strings with their escapes, literals (synchronising or
 * LITERAL+), NIL, parenthesised lists, numbers, sequence sets with {@code *}, dates. Every method
 * throws {@link BadSyntax}, whose message says what was expected, when the input does not fit. Not
 * thread-safe; one per command.
 */
public final class ImapReader {
  private static final String[] MONTHS = {
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"
  };

  private final byte[] b;
  private int pos;

  public ImapReader(byte[] command) {
    this.b = command;
  }

  /** The input did not match the grammar; the message is fit for a {@code BAD} response. */
  public static final class BadSyntax extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public BadSyntax(String message) {
      super(message, null, false, false);
    }
  }

  /** ATOM-CHAR of RFC 3501: any CHAR except atom-specials. */
  public static boolean isAtomChar(byte c) {
    return c > 0x20 && c < 0x7f && c != '(' && c != ')' && c != '{' && c != '%' && c != '*'
        && c != '"' && c != '\\' && c != ']';
  }

  /** ASTRING-CHAR: an ATOM-CHAR or {@code ]}. */
  public static boolean isAstringChar(byte c) {
    return isAtomChar(c) || c == ']';
  }

  public boolean atEnd() {
    return pos >= b.length;
  }

  /** Fails unless every argument was read. */
  public void end() {
    if (!atEnd()) {
      throw new BadSyntax("Unexpected extra arguments");
    }
  }

  /** The next byte without reading it, or -1 at the end. */
  public int peek() {
    return pos < b.length ? b[pos] & 0xff : -1;
  }

  /** Reads the character if it comes next. */
  public boolean skip(char c) {
    if (pos < b.length && b[pos] == c) {
      pos++;
      return true;
    }
    return false;
  }

  public void expect(char c) {
    if (!skip(c)) {
      throw new BadSyntax(
          c == ' ' ? (atEnd() ? "Missing arguments" : "Expected a space") : "Expected '" + c + "'");
    }
  }

  /** One space between arguments. */
  public void sp() {
    expect(' ');
  }

  /** The tag: astring characters except {@code +}. */
  public String tag() {
    int start = pos;
    while (pos < b.length && isAstringChar(b[pos]) && b[pos] != '+') {
      pos++;
    }
    if (pos == start) {
      throw new BadSyntax("Missing tag");
    }
    return ascii(start, pos);
  }

  /** An atom. */
  public String atom() {
    int start = pos;
    while (pos < b.length && isAtomChar(b[pos])) {
      pos++;
    }
    if (pos == start) {
      throw new BadSyntax(atEnd() ? "Missing arguments" : "Expected an atom");
    }
    return ascii(start, pos);
  }

  /** An atom that ends before a {@code [} (FETCH's {@code BODY[}). */
  public String atomBeforeBracket() {
    int start = pos;
    while (pos < b.length && isAtomChar(b[pos]) && b[pos] != '[') {
      pos++;
    }
    if (pos == start) {
      throw new BadSyntax(atEnd() ? "Missing arguments" : "Expected an atom");
    }
    return ascii(start, pos);
  }

  /** Characters up to the next space or the end, whatever they are (SASL responses, IDLE DONE). */
  public String word() {
    int start = pos;
    while (pos < b.length && b[pos] != ' ') {
      pos++;
    }
    return ascii(start, pos);
  }

  /** An astring as UTF-8 text. */
  public String astring() {
    return new String(astringBytes(), StandardCharsets.UTF_8);
  }

  /** An astring: an atom (with {@code ]}), a quoted string or a literal. */
  public byte[] astringBytes() {
    int c = peek();
    if (c == '"' || c == '{' || c == '~') {
      return stringBytes();
    }
    int start = pos;
    while (pos < b.length && isAstringChar(b[pos])) {
      pos++;
    }
    if (pos == start) {
      throw new BadSyntax(atEnd() ? "Missing arguments" : "Expected a string");
    }
    return java.util.Arrays.copyOfRange(b, start, pos);
  }

  /** A quoted string or literal as UTF-8 text. */
  public String string() {
    return new String(stringBytes(), StandardCharsets.UTF_8);
  }

  /** A quoted string or a literal. */
  public byte[] stringBytes() {
    int c = peek();
    if (c == '"') {
      return quoted();
    }
    if (c == '{') {
      return literal();
    }
    throw new BadSyntax(atEnd() ? "Missing arguments" : "Expected a string");
  }

  /** NIL as {@code null}, else a string. */
  public String nstring() {
    if (peekAtomIgnoringCase("NIL")) {
      pos += 3;
      return null;
    }
    return string();
  }

  /**
   * A list-mailbox of LIST and LSUB: a string or list characters including {@code %} and {@code *}.
   */
  public String listMailbox() {
    int c = peek();
    if (c == '"' || c == '{') {
      return string();
    }
    int start = pos;
    while (pos < b.length && (isAstringChar(b[pos]) || b[pos] == '%' || b[pos] == '*')) {
      pos++;
    }
    if (pos == start) {
      throw new BadSyntax(atEnd() ? "Missing arguments" : "Expected a mailbox pattern");
    }
    return ascii(start, pos);
  }

  /** A literal {@code {n}CRLF} or {@code {n+}CRLF} followed by n bytes. */
  public byte[] literal() {
    expect('{');
    long n = 0;
    int digits = 0;
    while (pos < b.length && b[pos] >= '0' && b[pos] <= '9') {
      n = n * 10 + (b[pos++] - '0');
      if (++digits > 18) {
        throw new BadSyntax("Literal size too large");
      }
    }
    if (digits == 0) {
      throw new BadSyntax("Expected a literal size");
    }
    skip('+');
    expect('}');
    if (!(skip('\r') && skip('\n')) || n > b.length - pos) {
      throw new BadSyntax("Broken literal");
    }
    byte[] out = java.util.Arrays.copyOfRange(b, pos, pos + (int) n);
    pos += (int) n;
    return out;
  }

  private byte[] quoted() {
    expect('"');
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    while (true) {
      if (pos >= b.length) {
        throw new BadSyntax("Missing '\"'");
      }
      byte c = b[pos++];
      if (c == '"') {
        return out.toByteArray();
      }
      if (c == '\\') {
        if (pos >= b.length || (b[pos] != '"' && b[pos] != '\\')) {
          throw new BadSyntax("Invalid escape in a quoted string");
        }
        c = b[pos++];
      } else if (c == '\r' || c == '\n' || c == 0) {
        throw new BadSyntax("CR, LF or NUL in a quoted string");
      }
      out.write(c);
    }
  }

  /** A number (RFC 3501 number: 32-bit unsigned). */
  public long number() {
    int start = pos;
    long n = 0;
    while (pos < b.length && b[pos] >= '0' && b[pos] <= '9') {
      n = n * 10 + (b[pos++] - '0');
      if (n > 0xffffffffL) {
        throw new BadSyntax("Number too large");
      }
    }
    if (pos == start) {
      throw new BadSyntax(atEnd() ? "Missing arguments" : "Expected a number");
    }
    return n;
  }

  /** A non-zero number. */
  public long nzNumber() {
    long n = number();
    if (n == 0) {
      throw new BadSyntax("Expected a number greater than zero");
    }
    return n;
  }

  /** Whether a sequence set starts here (a digit or {@code *}). */
  public boolean atSequenceSet() {
    int c = peek();
    return (c >= '0' && c <= '9') || c == '*';
  }

  /** A sequence set: numbers and ranges with {@code *}, comma-separated. */
  public SequenceSet sequenceSet() {
    if (peek() == '$') {
      throw new BadSyntax("$ needs SEARCHRES, which this server does not support");
    }
    List<long[]> ranges = new ArrayList<>();
    do {
      long lo = seqNumber();
      long hi = lo;
      if (skip(':')) {
        hi = seqNumber();
      }
      ranges.add(new long[] {Math.min(lo, hi), Math.max(lo, hi)});
    } while (skip(','));
    if (pos < b.length && b[pos] != ' ' && b[pos] != ')') {
      throw new BadSyntax("Invalid messageset");
    }
    return new SequenceSet(ranges);
  }

  private long seqNumber() {
    if (skip('*')) {
      return SequenceSet.STAR;
    }
    int c = peek();
    if (c < '0' || c > '9') {
      throw new BadSyntax("Invalid messageset");
    }
    long n = number();
    if (n == 0) {
      throw new BadSyntax("Invalid messageset");
    }
    return n;
  }

  /** A parenthesised list of flags; {@code \*} is not a flag a client may set. */
  public List<String> flagList() {
    expect('(');
    List<String> flags = new ArrayList<>();
    if (skip(')')) {
      return flags;
    }
    do {
      flags.add(flag());
    } while (skip(' '));
    expect(')');
    return flags;
  }

  /** A flag: {@code \Name} or a keyword atom. */
  public String flag() {
    if (skip('\\')) {
      return "\\" + atom();
    }
    return atom();
  }

  /** Whether the next characters are this atom (ignoring case) followed by a delimiter. */
  public boolean peekAtomIgnoringCase(String atom) {
    int end = pos + atom.length();
    if (end > b.length) {
      return false;
    }
    for (int i = 0; i < atom.length(); i++) {
      if (Character.toUpperCase(b[pos + i]) != Character.toUpperCase(atom.charAt(i))) {
        return false;
      }
    }
    return end == b.length || !isAtomChar(b[end]);
  }

  /** APPEND's date-time: {@code "dd-Mon-yyyy hh:mm:ss +zzzz"} (day may be space-padded). */
  public OffsetDateTime dateTime() {
    byte[] q = quoted();
    String s = new String(q, StandardCharsets.US_ASCII);
    if (s.length() != 26 || s.charAt(2) != '-' || s.charAt(6) != '-' || s.charAt(11) != ' ') {
      throw new BadSyntax("Invalid date-time: " + s);
    }
    try {
      int day = Integer.parseInt(s.substring(0, 2).trim());
      int month = month(s.substring(3, 6));
      int year = Integer.parseInt(s.substring(7, 11));
      int hour = Integer.parseInt(s.substring(12, 14));
      int minute = Integer.parseInt(s.substring(15, 17));
      int second = Integer.parseInt(s.substring(18, 20));
      char sign = s.charAt(21);
      int zh = Integer.parseInt(s.substring(22, 24));
      int zm = Integer.parseInt(s.substring(24, 26));
      if (s.charAt(14) != ':' || s.charAt(17) != ':' || s.charAt(20) != ' ') {
        throw new NumberFormatException();
      }
      if (sign != '+' && sign != '-') {
        throw new NumberFormatException();
      }
      int offset = (zh * 3600 + zm * 60) * (sign == '-' ? -1 : 1);
      return OffsetDateTime.of(
          year, month, day, hour, minute, second, 0, ZoneOffset.ofTotalSeconds(offset));
    } catch (NumberFormatException | DateTimeException e) {
      throw new BadSyntax("Invalid date-time: " + s);
    }
  }

  /** SEARCH's date: {@code d-Mon-yyyy}, optionally quoted. */
  public LocalDate date() {
    String s;
    if (peek() == '"') {
      s = new String(quoted(), StandardCharsets.US_ASCII);
    } else {
      s = atom();
    }
    String[] parts = s.split("-", -1);
    try {
      if (parts.length != 3
          || parts[0].isEmpty()
          || parts[0].length() > 2
          || parts[2].length() != 4) {
        throw new NumberFormatException();
      }
      return LocalDate.of(Integer.parseInt(parts[2]), month(parts[1]), Integer.parseInt(parts[0]));
    } catch (NumberFormatException | DateTimeException e) {
      throw new BadSyntax("Invalid date: " + s);
    }
  }

  private static int month(String name) {
    String m = name.toLowerCase(Locale.ROOT);
    for (int i = 0; i < MONTHS.length; i++) {
      if (MONTHS[i].equals(m)) {
        return i + 1;
      }
    }
    throw new NumberFormatException(name);
  }

  /** The bytes not read yet, as text (for SASL responses). */
  public String rest() {
    String s = ascii(pos, b.length);
    pos = b.length;
    return s;
  }

  private String ascii(int from, int to) {
    return new String(b, from, to - from, StandardCharsets.ISO_8859_1);
  }
}
