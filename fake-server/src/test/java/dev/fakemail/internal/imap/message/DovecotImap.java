package dev.fakemail.internal.imap.message;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A private Dovecot IMAP process for differential tests: Debian's {@code /usr/lib/dovecot/imap} run
 * pre-authenticated on stdin/stdout (no daemon, no port, no password), with a configuration and a
 * maildir in a temporary directory that {@link #close()} deletes after ending the process. As root
 * it runs as {@code nobody} (Dovecot refuses to give root mail access).
 */
final class DovecotImap implements AutoCloseable {
  private final Path dir;
  private final Process process;
  private final InputStream in;
  private final OutputStream out;
  private int tag;

  DovecotImap(String imapBinary) throws IOException {
    dir = Files.createTempDirectory("fakemail-dovecot-");
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
    Path conf = dir.resolve("dovecot.conf");
    Files.writeString(
        conf,
        "protocols = imap\n"
            + "mail_location = maildir:"
            + dir.resolve("mail")
            + "\n"
            + "ssl = no\n"
            // keep the bytes as sent: with LF storage "\r\r\n" would come back as "\r\n"
            + "mail_save_crlf = yes\n"
            + "base_dir = "
            + dir.resolve("run")
            + "\n"
            + "log_path = "
            + dir.resolve("dovecot.log")
            + "\n",
        StandardCharsets.US_ASCII);
    Files.setPosixFilePermissions(conf, PosixFilePermissions.fromString("rw-r--r--"));
    List<String> command = new ArrayList<>();
    if ("root".equals(System.getProperty("user.name"))) {
      command.addAll(List.of("setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"));
    }
    command.addAll(
        List.of("env", "USER=fakemail", "HOME=" + dir, imapBinary, "-c", conf.toString()));
    process = new ProcessBuilder(command).redirectErrorStream(false).start();
    in = new BufferedInputStream(process.getInputStream());
    out = process.getOutputStream();
    String greeting = line(readResponse());
    if (!greeting.startsWith("* PREAUTH")) {
      close();
      throw new IOException("Dovecot did not start: " + greeting);
    }
  }

  /** APPENDs the message to INBOX and returns its UID. */
  long append(byte[] message) throws IOException {
    String t = nextTag();
    write((t + " APPEND INBOX {" + message.length + "+}\r\n").getBytes(StandardCharsets.US_ASCII));
    out.write(message);
    write("\r\n".getBytes(StandardCharsets.US_ASCII));
    List<byte[]> responses = until(t);
    String done = line(responses.get(responses.size() - 1));
    int at = done.indexOf("[APPENDUID ");
    if (at < 0) {
      throw new IOException("APPEND failed: " + done);
    }
    String[] words = done.substring(at + 1, done.indexOf(']', at)).split(" ");
    return Long.parseLong(words[2]);
  }

  void select(String mailbox) throws IOException {
    command("SELECT " + mailbox);
  }

  /** UID FETCH of these items (BODY[...] sent as BODY.PEEK[...]); item name to raw value. */
  Map<String, byte[]> fetch(long uid, List<String> items) throws IOException {
    StringBuilder request = new StringBuilder();
    for (String item : items) {
      request.append(request.length() == 0 ? "" : " ");
      request.append(item.startsWith("BODY[") ? "BODY.PEEK[" + item.substring(5) : item);
    }
    Map<String, byte[]> values = new LinkedHashMap<>();
    for (byte[] response : command("UID FETCH " + uid + " (" + request + ")")) {
      if (line(response).matches("(?s)\\* \\d+ FETCH .*")) {
        FetchItems.parse(response, values);
      }
    }
    return values;
  }

  /**
   * Whether {@code UID SEARCH CHARSET UTF-8 UID <uid> <criterion> <value>} finds the message; the
   * value goes out as a literal, so it may be any UTF-8 text.
   */
  boolean search(long uid, String criterion, String value) throws IOException {
    String t = nextTag();
    byte[] v = value.getBytes(StandardCharsets.UTF_8);
    write(
        (t + " UID SEARCH CHARSET UTF-8 UID " + uid + " " + criterion + " {" + v.length + "+}\r\n")
            .getBytes(StandardCharsets.UTF_8));
    out.write(v);
    write("\r\n".getBytes(StandardCharsets.US_ASCII));
    for (byte[] r : until(t)) {
      String l = line(r).trim();
      if (l.startsWith("* SEARCH")) {
        return List.of(l.split(" ")).contains(Long.toString(uid));
      }
    }
    return false;
  }

  /** Sends a command; returns its untagged responses and, last, the tagged OK. */
  List<byte[]> command(String command) throws IOException {
    String t = nextTag();
    write((t + " " + command + "\r\n").getBytes(StandardCharsets.UTF_8));
    return until(t);
  }

  private List<byte[]> until(String t) throws IOException {
    List<byte[]> responses = new ArrayList<>();
    while (true) {
      byte[] r = readResponse();
      String l = line(r);
      if (l.startsWith(t + " ")) {
        if (!l.startsWith(t + " OK")) {
          throw new IOException("Dovecot: " + l);
        }
        responses.add(r);
        return responses;
      }
      responses.add(r);
    }
  }

  private String nextTag() {
    return "d" + (++tag);
  }

  private void write(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
  }

  /** One response, with the literals it holds. */
  private byte[] readResponse() throws IOException {
    ByteArrayOutputStream r = new ByteArrayOutputStream();
    while (true) {
      ByteArrayOutputStream lineBytes = new ByteArrayOutputStream();
      int c;
      while ((c = in.read()) != -1) {
        lineBytes.write(c);
        if (c == '\n') {
          break;
        }
      }
      if (c == -1) {
        throw new IOException("Dovecot closed the connection: " + r + lineBytes);
      }
      byte[] line = lineBytes.toByteArray();
      r.write(line, 0, line.length);
      String s = new String(line, StandardCharsets.ISO_8859_1);
      if (!s.endsWith("}\r\n")) {
        return r.toByteArray();
      }
      int open = s.lastIndexOf('{');
      int length = Integer.parseInt(s.substring(open + 1, s.length() - 3).replace("+", ""));
      byte[] literal = in.readNBytes(length);
      r.write(literal, 0, literal.length);
    }
  }

  private static String line(byte[] response) {
    return new String(response, StandardCharsets.ISO_8859_1);
  }

  @Override
  public void close() throws IOException {
    try {
      try {
        command("LOGOUT");
      } catch (IOException e) {
        // it may be gone already
      }
      process.getOutputStream().close();
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    } finally {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /** The items of a FETCH response, as raw IMAP values. */
  static final class FetchItems {
    private final byte[] b;
    private int pos;

    private FetchItems(byte[] b, int pos) {
      this.b = b;
      this.pos = pos;
    }

    static void parse(byte[] response, Map<String, byte[]> into) {
      String s = new String(response, StandardCharsets.ISO_8859_1);
      FetchItems p = new FetchItems(response, s.indexOf("FETCH (") + 7);
      while (true) {
        while (p.b[p.pos] == ' ') {
          p.pos++;
        }
        if (p.b[p.pos] == ')') {
          return;
        }
        String name = p.name();
        int start = p.pos;
        p.value();
        byte[] raw = java.util.Arrays.copyOfRange(response, start, p.pos);
        into.put(name.toUpperCase(Locale.ROOT), name.startsWith("BODY[") ? content(raw) : raw);
      }
    }

    private String name() {
      int start = pos;
      int depth = 0;
      while (depth > 0 || b[pos] != ' ') {
        if (b[pos] == '[') {
          depth++;
        } else if (b[pos] == ']') {
          depth--;
        }
        pos++;
      }
      String n = new String(b, start, pos - start, StandardCharsets.ISO_8859_1);
      pos++;
      return n;
    }

    private void value() {
      byte c = b[pos];
      if (c == '(') {
        pos++;
        while (b[pos] != ')') {
          if (b[pos] == ' ') {
            pos++;
          } else {
            value();
          }
        }
        pos++;
      } else if (c == '"') {
        pos++;
        while (b[pos] != '"') {
          pos += b[pos] == '\\' ? 2 : 1;
        }
        pos++;
      } else if (c == '{') {
        int close = pos;
        while (b[close] != '}') {
          close++;
        }
        int length =
            Integer.parseInt(new String(b, pos + 1, close - pos - 1, StandardCharsets.US_ASCII));
        pos = close + 3 + length;
      } else {
        while (b[pos] != ' ' && b[pos] != ')') {
          pos++;
        }
      }
    }

    /** A section's content: the literal's or quoted string's bytes; NIL is empty. */
    static byte[] content(byte[] raw) {
      if (raw[0] == '{') {
        int close = 0;
        while (raw[close] != '}') {
          close++;
        }
        return java.util.Arrays.copyOfRange(raw, close + 3, raw.length);
      }
      if (raw[0] == '"') {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        for (int i = 1; i < raw.length - 1; i++) {
          if (raw[i] == '\\') {
            i++;
          }
          o.write(raw[i]);
        }
        return o.toByteArray();
      }
      return new byte[0]; // NIL
    }
  }
}
