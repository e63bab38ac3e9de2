package dev.fakemail.internal.imap.message;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Locale;
import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.codec.DecoderUtil;

/** Bytes to text for SEARCH: charsets, RFC 2047 encoded words, and case-insensitive matching. */
final class Text {
  private Text() {}

  /**
   * A raw header value as text: UTF-8 when it is valid UTF-8 (RFC 6532), windows-1252 otherwise,
   * then with RFC 2047 encoded words decoded.
   */
  static String decodeHeaderBytes(byte[] raw) {
    String s = decode(raw, 0, raw.length, null);
    if (!s.contains("=?")) {
      return s;
    }
    try {
      return DecoderUtil.decodeEncodedWords(s, DecodeMonitor.SILENT);
    } catch (RuntimeException e) {
      return s;
    }
  }

  /**
   * Bytes in the declared charset. With no charset, US-ASCII, UTF-8 or one this JVM lacks, the
   * bytes are read as UTF-8 when they are valid UTF-8 and as windows-1252 otherwise, so that raw
   * 8-bit text is found whatever its label says.
   */
  static String decode(byte[] b, int from, int to, String declaredCharset) {
    if (asciiCompatible(declaredCharset) && isAscii(b, from, to)) {
      return new String(b, from, to - from, StandardCharsets.ISO_8859_1);
    }
    Charset charset = charset(declaredCharset);
    if (charset != null) {
      return new String(b, from, to - from, charset);
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(b, from, to - from))
          .toString();
    } catch (CharacterCodingException e) {
      return new String(b, from, to - from, windows1252());
    }
  }

  /**
   * The form in which SEARCH compares strings: lower case, composed (NFC, so that a decomposed "ö"
   * finds a composed one), runs of white space as one space. Accents count, as in Dovecot's search.
   */
  static String fold(String s) {
    char[] f = new char[s.length()];
    return new String(f, 0, fold(s, f));
  }

  /** Whether {@code text}, folded, contains {@code foldedNeedle} (a {@link #fold} result). */
  static boolean containsFolded(String text, String foldedNeedle) {
    if (foldedNeedle.isEmpty()) {
      return true;
    }
    char[] f = new char[text.length()];
    int n = fold(text, f);
    char first = foldedNeedle.charAt(0);
    int last = n - foldedNeedle.length();
    for (int i = 0; i <= last; i++) {
      if (f[i] != first) {
        continue;
      }
      int j = 1;
      while (j < foldedNeedle.length() && f[i + j] == foldedNeedle.charAt(j)) {
        j++;
      }
      if (j == foldedNeedle.length()) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether bytes in the given charset, read as text and folded, contain {@code foldedNeedle}; for
   * 7-bit text (nearly every text body) without making a string of them.
   */
  static boolean containsFolded(byte[] b, int from, int to, String charset, String foldedNeedle) {
    if (foldedNeedle.isEmpty()) {
      return true;
    }
    if (!asciiCompatible(charset) || !isAscii(b, from, to)) {
      return containsFolded(decode(b, from, to, charset), foldedNeedle);
    }
    if (!isAscii(foldedNeedle)) {
      return false; // 7-bit text folds to 7-bit text
    }
    byte[] f = new byte[to - from];
    int n = 0;
    boolean space = false;
    for (int i = from; i < to; i++) {
      byte c = b[i];
      if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
        if (!space) {
          f[n++] = ' ';
          space = true;
        }
      } else {
        f[n++] = c >= 'A' && c <= 'Z' ? (byte) (c + ('a' - 'A')) : c;
        space = false;
      }
    }
    byte first = (byte) foldedNeedle.charAt(0);
    int last = n - foldedNeedle.length();
    for (int i = 0; i <= last; i++) {
      if (f[i] != first) {
        continue;
      }
      int j = 1;
      while (j < foldedNeedle.length() && f[i + j] == foldedNeedle.charAt(j)) {
        j++;
      }
      if (j == foldedNeedle.length()) {
        return true;
      }
    }
    return false;
  }

  /** Whether 7-bit bytes in this charset are ASCII text (not so in UTF-16, UTF-32, UTF-7). */
  private static boolean asciiCompatible(String charset) {
    if (charset == null) {
      return true;
    }
    String c = charset.toLowerCase(Locale.ROOT);
    return !(c.contains("16") || c.contains("32") || c.contains("ucs") || c.contains("utf-7"));
  }

  /** Folds {@code s} into {@code out} (as long as {@code s}); returns the folded length. */
  private static int fold(String s, char[] out) {
    String t = s;
    if (!isAscii(t) && !Normalizer.isNormalized(t, Normalizer.Form.NFC)) {
      String composed = Normalizer.normalize(t, Normalizer.Form.NFC);
      if (composed.length() <= out.length) {
        t = composed;
      }
    }
    int n = 0;
    boolean space = false;
    for (int i = 0; i < t.length(); i++) {
      char c = t.charAt(i);
      if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
        if (!space) {
          out[n++] = ' ';
          space = true;
        }
      } else {
        if (c < 0x80) {
          out[n++] = c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
        } else {
          out[n++] = Character.toLowerCase(c);
        }
        space = false;
      }
    }
    return n;
  }

  private static boolean isAscii(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (b[i] < 0) {
        return false;
      }
    }
    return true;
  }

  private static boolean isAscii(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) >= 0x80) {
        return false;
      }
    }
    return true;
  }

  private static Charset charset(String name) {
    if (name == null || name.isBlank()) {
      return null;
    }
    String n = name.trim().toLowerCase(Locale.ROOT);
    if (n.equals("us-ascii") || n.equals("ascii") || n.equals("utf-8") || n.equals("utf8")) {
      return null;
    }
    try {
      return Charset.forName(n);
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static Charset windows1252() {
    try {
      return Charset.forName("windows-1252");
    } catch (RuntimeException e) {
      return StandardCharsets.ISO_8859_1;
    }
  }
}
