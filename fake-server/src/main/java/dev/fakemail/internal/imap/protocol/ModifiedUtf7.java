package dev.fakemail.internal.imap.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * IMAP's modified UTF-7 for mailbox names (RFC 3501 §5.1.3): printable US-ASCII stands for itself
 * except {@code &}, which is {@code &-}; anything else is UTF-16 in modified BASE64 ({@code ,}
 * instead of {@code /}, no padding) between {@code &} and {@code -}. Stateless.
 */
public final class ModifiedUtf7 {
  private static final Base64.Encoder ENCODER = Base64.getEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getDecoder();

  private ModifiedUtf7() {}

  /** The wire form of a mailbox name. */
  public static String encode(String name) {
    StringBuilder out = new StringBuilder(name.length() + 8);
    int i = 0;
    while (i < name.length()) {
      char c = name.charAt(i);
      if (c >= 0x20 && c <= 0x7e) {
        out.append(c == '&' ? "&-" : String.valueOf(c));
        i++;
        continue;
      }
      int end = i;
      while (end < name.length() && (name.charAt(end) < 0x20 || name.charAt(end) > 0x7e)) {
        end++;
      }
      byte[] utf16 = name.substring(i, end).getBytes(StandardCharsets.UTF_16BE);
      out.append('&').append(ENCODER.encodeToString(utf16).replace('/', ',')).append('-');
      i = end;
    }
    return out.toString();
  }

  /**
   * The name a wire form stands for.
   *
   * @throws IllegalArgumentException if it is not valid modified UTF-7 (a raw non-ASCII character,
   *     an unterminated or badly encoded {@code &…-} run, or one that encodes printable ASCII)
   */
  public static String decode(String wire) {
    StringBuilder out = new StringBuilder(wire.length());
    int i = 0;
    while (i < wire.length()) {
      char c = wire.charAt(i);
      if (c > 0x7e || c < 0x20) {
        throw new IllegalArgumentException("not 7-bit");
      }
      if (c != '&') {
        out.append(c);
        i++;
        continue;
      }
      int end = wire.indexOf('-', i + 1);
      if (end < 0) {
        throw new IllegalArgumentException("unterminated &");
      }
      if (end == i + 1) {
        out.append('&');
        i = end + 1;
        continue;
      }
      String b64 = wire.substring(i + 1, end).replace(',', '/');
      byte[] utf16;
      try {
        utf16 = DECODER.decode(pad(b64));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("bad base64", e);
      }
      if (utf16.length == 0 || utf16.length % 2 != 0) {
        throw new IllegalArgumentException("bad UTF-16 length");
      }
      String decoded = new String(utf16, StandardCharsets.UTF_16BE);
      for (int k = 0; k < decoded.length(); k++) {
        char d = decoded.charAt(k);
        if (d >= 0x20 && d <= 0x7e) {
          throw new IllegalArgumentException("encodes printable ASCII");
        }
      }
      if (!encode(decoded).equals(wire.substring(i, end + 1))) {
        throw new IllegalArgumentException("not in canonical form");
      }
      out.append(decoded);
      i = end + 1;
    }
    return out.toString();
  }

  private static String pad(String b64) {
    for (char c : b64.toCharArray()) {
      if (!(Character.isLetterOrDigit(c) && c < 0x80) && c != '+' && c != '/') {
        throw new IllegalArgumentException("not base64");
      }
    }
    int rest = b64.length() % 4;
    return rest == 0 ? b64 : rest == 1 ? b64 + "===" : b64 + "==".substring(0, 4 - rest);
  }
}
