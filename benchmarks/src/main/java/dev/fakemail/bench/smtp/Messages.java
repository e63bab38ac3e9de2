package dev.fakemail.bench.smtp;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.SplittableRandom;

/**
 * Test messages as wire bytes: a small per-message head (unique Message-ID, X-Bench-Id and Subject)
 * and a shared body, so generating load costs the client next to nothing. Bodies never start a line
 * with a dot, so the bytes sent are the bytes stored (no dot-stuffing in play).
 */
public final class Messages {
  public static final String FROM = "sender@client.test";
  public static final String TO = "rcpt@server.test";

  /** The id header every benchmark message carries. */
  public static final String ID_HEADER = "X-Bench-Id";

  private static final String DATE = "Thu, 01 Jan 2026 00:00:00 +0000";

  private static final String BOUNDARY = "=_bench_boundary_7f3a";

  private Messages() {}

  /** A text/plain head for the message with this id; the subject is {@code "bench " + id}. */
  public static byte[] textHead(String id) {
    return head(id, "text/plain; charset=us-ascii");
  }

  /** The head of a multipart/mixed message made with {@link #attachmentBody}. */
  public static byte[] multipartHead(String id) {
    return head(id, "multipart/mixed; boundary=\"" + BOUNDARY + "\"");
  }

  /** The subject {@link #textHead} and {@link #multipartHead} give the message with this id. */
  public static String subject(String id) {
    return "bench " + id;
  }

  private static byte[] head(String id, String contentType) {
    String h =
        "From: Bench <"
            + FROM
            + ">\r\n"
            + "To: <"
            + TO
            + ">\r\n"
            + "Subject: "
            + subject(id)
            + "\r\n"
            + "Message-ID: <"
            + id
            + "@client.test>\r\n"
            + ID_HEADER
            + ": "
            + id
            + "\r\n"
            + "Date: "
            + DATE
            + "\r\n"
            + "MIME-Version: 1.0\r\n"
            + "Content-Type: "
            + contentType
            + "\r\n\r\n";
    return h.getBytes(StandardCharsets.US_ASCII);
  }

  /**
   * A text body that makes a message of {@code totalSize} bytes with a head of {@code headSize}
   * bytes: lines of 76 letters and digits, CRLF-ended.
   */
  public static byte[] textBody(int totalSize, int headSize) {
    int size = Math.max(2, totalSize - headSize);
    byte[] body = new byte[size];
    byte[] alphabet =
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
            .getBytes(StandardCharsets.US_ASCII);
    int i = 0;
    while (i < size) {
      int lineLength = Math.min(76, size - i - 2);
      if (size - i - lineLength - 2 == 1) {
        lineLength--; // never leave a single byte: the last line must end with CRLF
      }
      for (int c = 0; c < lineLength; c++) {
        body[i] = alphabet[(i + c) % alphabet.length];
        i++;
      }
      body[i++] = '\r';
      body[i++] = '\n';
    }
    return body;
  }

  /**
   * The body of a multipart/mixed message: a short text part and {@code attachmentBytes} random
   * bytes as a base64 attachment (76-character lines).
   */
  public static byte[] attachmentBody(int attachmentBytes) {
    byte[] data = new byte[attachmentBytes];
    new SplittableRandom(42).nextBytes(data);
    String b64 = Base64.getMimeEncoder(76, new byte[] {'\r', '\n'}).encodeToString(data);
    ByteArrayOutputStream out = new ByteArrayOutputStream(b64.length() + 1024);
    String start =
        "--"
            + BOUNDARY
            + "\r\n"
            + "Content-Type: text/plain; charset=us-ascii\r\n\r\n"
            + "The attachment is random data.\r\n"
            + "--"
            + BOUNDARY
            + "\r\n"
            + "Content-Type: application/octet-stream; name=\"data.bin\"\r\n"
            + "Content-Disposition: attachment; filename=\"data.bin\"\r\n"
            + "Content-Transfer-Encoding: base64\r\n\r\n";
    out.writeBytes(start.getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(b64.getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.US_ASCII));
    return out.toByteArray();
  }
}
