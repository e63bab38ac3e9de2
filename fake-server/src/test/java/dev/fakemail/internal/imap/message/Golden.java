package dev.fakemail.internal.imap.message;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Answers recorded from Dovecot, one file per corpus message: for each FETCH item a line {@code
 * <item> <length>}, the answer's bytes, and a line break. Binary-safe, readable in an editor.
 */
final class Golden {
  private Golden() {}

  static byte[] write(Map<String, byte[]> answers) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Map.Entry<String, byte[]> e : answers.entrySet()) {
      byte[] head =
          (e.getKey() + " " + e.getValue().length + "\n").getBytes(StandardCharsets.UTF_8);
      out.write(head, 0, head.length);
      out.write(e.getValue(), 0, e.getValue().length);
      out.write('\n');
    }
    return out.toByteArray();
  }

  static Map<String, byte[]> read(byte[] file) throws IOException {
    Map<String, byte[]> answers = new LinkedHashMap<>();
    int pos = 0;
    while (pos < file.length) {
      int lf = pos;
      while (file[lf] != '\n') {
        lf++;
      }
      String head = new String(file, pos, lf - pos, StandardCharsets.UTF_8);
      int space = head.lastIndexOf(' ');
      int length = Integer.parseInt(head.substring(space + 1));
      int start = lf + 1;
      byte[] value = new byte[length];
      System.arraycopy(file, start, value, 0, length);
      if (file[start + length] != '\n') {
        throw new IOException("malformed golden file at item " + head);
      }
      answers.put(head.substring(0, space), value);
      pos = start + length + 1;
    }
    return answers;
  }
}
