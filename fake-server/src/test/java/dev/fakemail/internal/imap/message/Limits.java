package dev.fakemail.internal.imap.message;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Messages past Dovecot's parser limits: 100 nesting levels, 10,000 parts. */
final class Limits {
  private Limits() {}

  /** Items worth comparing for them, besides the usual first ones. */
  static final List<String> ITEMS =
      List.of(
          "BODY[1]",
          "BODY[1.1.1]",
          "BODY[9999]",
          "BODY[9999.MIME]",
          "BODY[10000]",
          "BODY[10001]",
          "BODY[10002]");

  static Map<String, byte[]> messages() {
    Map<String, byte[]> m = new LinkedHashMap<>();
    m.put("generated-deep-nesting", deep(105));
    m.put("generated-deep-rfc822", deepMessages(105));
    m.put("generated-many-parts", many(10_010));
    return m;
  }

  /** Multiparts nested {@code levels} deep around one text part. */
  static byte[] deep(int levels) {
    StringBuilder sb = new StringBuilder("From: deep@example.org\r\nSubject: deep\r\n");
    for (int i = 0; i < levels; i++) {
      sb.append("Content-Type: multipart/mixed; boundary=b").append(i).append("\r\n\r\n");
      sb.append("--b").append(i).append("\r\n");
    }
    sb.append("Content-Type: text/plain\r\n\r\ndeep\r\n");
    for (int i = levels - 1; i >= 0; i--) {
      sb.append("--b").append(i).append("--\r\n");
    }
    return sb.toString().getBytes(StandardCharsets.US_ASCII);
  }

  /** message/rfc822 parts nested {@code levels} deep. */
  static byte[] deepMessages(int levels) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < levels; i++) {
      sb.append("Subject: level ").append(i).append("\r\n");
      sb.append("Content-Type: message/rfc822\r\n\r\n");
    }
    sb.append("Subject: innermost\r\n\r\ntext\r\n");
    return sb.toString().getBytes(StandardCharsets.US_ASCII);
  }

  /** One multipart with {@code parts} text parts. */
  static byte[] many(int parts) {
    StringBuilder sb =
        new StringBuilder(
            "From: many@example.org\r\nSubject: many\r\n"
                + "Content-Type: multipart/mixed; boundary=x\r\n\r\n");
    for (int i = 1; i <= parts; i++) {
      sb.append("--x\r\nContent-Type: text/plain\r\n\r\npart ").append(i).append("\r\n");
    }
    sb.append("--x--\r\n");
    return sb.toString().getBytes(StandardCharsets.US_ASCII);
  }
}
