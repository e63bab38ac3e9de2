package dev.fakemail.bench.target;

import dev.fakemail.bench.Net;
import dev.fakemail.bench.Protocol;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Postfix's {@code smtp-sink}, a C SMTP server that accepts and discards mail (it announces
 * PIPELINING), run with {@code -c}: its running message counter on stdout is what "stored" means
 * here.
 */
public final class SmtpSinkTarget implements ServerTarget {
  public static final String ID = "smtp-sink";
  private static final String HOST = "127.0.0.1";

  /** The smtp-sink binary, if installed. */
  public static Optional<File> binary() {
    for (String path : List.of("/usr/sbin/smtp-sink", "/usr/bin/smtp-sink")) {
      File f = new File(path);
      if (f.canExecute()) {
        return Optional.of(f);
      }
    }
    return Optional.empty();
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String displayName() {
    return "smtp-sink";
  }

  @Override
  public Set<Protocol> supported() {
    return EnumSet.of(Protocol.SMTP);
  }

  @Override
  public RunningServer start(Set<Protocol> protocols) throws Exception {
    File bin = binary().orElseThrow(() -> new IOException("smtp-sink is not installed"));
    IOException last = null;
    for (int attempt = 0; attempt < 5; attempt++) {
      int port = Net.freePort();
      ProcessBuilder pb =
          new ProcessBuilder(bin.getPath(), "-c", "-u", "nobody", HOST + ":" + port, "1024")
              .redirectErrorStream(true);
      Process p = pb.start();
      Running r = new Running(p, port);
      if (Net.awaitAccepting(HOST, port, Duration.ofSeconds(5)) && p.isAlive()) {
        return r;
      }
      r.close();
      last = new IOException("smtp-sink did not listen on port " + port);
    }
    throw last;
  }

  private static final class Running implements RunningServer {
    private final Process process;
    private final int port;
    private final AtomicLong count = new AtomicLong();
    private final AtomicLong base = new AtomicLong();

    Running(Process process, int port) {
      this.process = process;
      this.port = port;
      Thread reader = new Thread(this::readCounters, "smtp-sink-counter");
      reader.setDaemon(true);
      reader.start();
    }

    /** Parses {@code sess=N quit=N mesg=N} records separated by CR or LF. */
    private void readCounters() {
      StringBuilder record = new StringBuilder();
      try (InputStream in = process.getInputStream()) {
        byte[] buf = new byte[8192];
        int n;
        while ((n = in.read(buf)) > 0) {
          String s = new String(buf, 0, n, StandardCharsets.US_ASCII);
          for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\r' || c == '\n') {
              int at = record.indexOf("mesg=");
              if (at >= 0) {
                try {
                  count.set(Long.parseLong(record.substring(at + 5).trim()));
                } catch (NumberFormatException e) {
                  // a partial record: ignore
                }
              }
              record.setLength(0);
            } else if (record.length() < 200) {
              record.append(c);
            }
          }
        }
      } catch (IOException e) {
        // the sink stopped
      }
    }

    @Override
    public String host() {
      return HOST;
    }

    @Override
    public Map<Protocol, Integer> ports() {
      return Map.of(Protocol.SMTP, port);
    }

    /** The counter once it has stopped moving (it reaches us through a pipe), at most 2 s. */
    @Override
    public long storedCount() throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
      long last = count.get();
      int stable = 0;
      while (stable < 3 && System.nanoTime() < deadline) {
        Thread.sleep(20);
        long now = count.get();
        stable = now == last ? stable + 1 : 0;
        last = now;
      }
      return last - base.get();
    }

    @Override
    public void clear() throws InterruptedException {
      base.set(storedCount() + base.get());
    }

    @Override
    public void awaitOne(String subject, Duration timeout) {
      throw new UnsupportedOperationException("smtp-sink keeps no messages");
    }

    @Override
    public List<String> storedHeaderValues(String header) {
      throw new UnsupportedOperationException("smtp-sink keeps no messages");
    }

    @Override
    public void close() throws InterruptedException {
      process.destroy();
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
      }
    }
  }
}
