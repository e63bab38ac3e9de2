package dev.fakemail.bench.suite;

import dev.fakemail.bench.Context;
import dev.fakemail.bench.Protocol;
import dev.fakemail.bench.child.Child;
import dev.fakemail.bench.report.Measurement;
import dev.fakemail.bench.report.Row;
import dev.fakemail.bench.report.Target;
import dev.fakemail.bench.target.FakeMailTarget;
import dev.fakemail.bench.target.GreenMailTarget;
import dev.fakemail.bench.target.RunningServer;
import dev.fakemail.bench.target.ServerTarget;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Item 6b, retrieval over IMAP: 10,000 stored 1 KB messages seeded with each server's own API (as
 * in 6a), then one IMAP session: LOGIN, {@code SELECT INBOX}, and one {@code FETCH 1:*
 * BODY.PEEK[]}, read to its tagged OK. Timed from writing SELECT to reading FETCH's tagged OK;
 * SELECT alone is in the details. Every body is compared with the bytes seeded.
 */
public final class ImapRetrieval {
  private static final int MESSAGES = 10_000;
  private static final String USER = "reader@server.test";
  private static final String PASSWORD = "secret";

  private ImapRetrieval() {}

  /** Adds row 6b (part of the retrieval suite). */
  public static void run(Context ctx) {
    Row row =
        Row.lowerIsBetter(
                "6b",
                "IMAP SELECT + FETCH 1:* BODY.PEEK[] of 10,000 stored 1 KB messages, one session")
            .target(Target.atMostVsGreenMail(0.5, 2.9, "s"));
    ctx.results().section(Retrieval.SECTION).add(row);
    int count = ctx.quick() ? 1_000 : MESSAGES;
    for (String server : List.of(FakeMailTarget.ID, GreenMailTarget.ID)) {
      ctx.log("retrieval: IMAP FETCH, " + server);
      String label = "imapretrieval-" + server;
      Measurement m;
      try {
        Map<String, String> r =
            ctx.children()
                .run(
                    label,
                    ctx.jvmArgs(label, server, List.of("-Xmx1g")),
                    Duration.ofSeconds(120),
                    "imapretrieval",
                    server,
                    Integer.toString(count));
        double fetched = Lifecycle.num(r, "fetched");
        double matched = Lifecycle.num(r, "matched");
        String detail =
            String.format(
                Locale.ROOT,
                "%.0f messages seeded in %s ms; SELECT %s ms; FETCH %s ms for %.0f bodies (%s MiB);"
                    + " bytes identical to those seeded for %.0f of %.0f%s",
                Lifecycle.num(r, "seeded"),
                Measurement.format(Lifecycle.num(r, "seedMs")),
                Measurement.format(Lifecycle.num(r, "selectMs")),
                Measurement.format(Lifecycle.num(r, "fetchMs")),
                fetched,
                Measurement.format(Lifecycle.num(r, "bytes") / (1 << 20)),
                matched,
                fetched,
                matched < fetched ? " (first difference: " + r.get("firstDifference") + ")" : "");
        m = Measurement.of(Lifecycle.num(r, "totalMs") / 1000, "s", detail);
        if (server.equals(FakeMailTarget.ID) && (matched < fetched || fetched < count)) {
          m = Measurement.error("bodies missing or different: " + detail);
        }
      } catch (Exception e) {
        m = Measurement.error(e.getMessage());
      }
      Lifecycle.set(row, server, m);
    }
  }

  /** The child side: {@code server count}. */
  public static void child(String[] args) throws Exception {
    ServerTarget target = ServerTarget.byId(args[0]);
    int count = Integer.parseInt(args[1]);
    List<byte[]> messages = Retrieval.seedMessages("imap", count);
    try (RunningServer server = target.start(EnumSet.of(Protocol.SMTP, Protocol.IMAP))) {
      long s0 = System.nanoTime();
      server.seedMailbox(USER, USER, PASSWORD, messages);
      Child.report("seedMs", (System.nanoTime() - s0) / 1e6);
      Child.report("seeded", count);
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress(server.host(), server.port(Protocol.IMAP)), 5000);
        socket.setSoTimeout(30_000);
        socket.setTcpNoDelay(true);
        InputStream in = new BufferedInputStream(socket.getInputStream(), 65536);
        OutputStream out = socket.getOutputStream();
        String greeting = Retrieval.readLine(in);
        if (!greeting.startsWith("* OK")) {
          throw new IllegalStateException("greeting: " + greeting);
        }
        send(out, "a LOGIN " + USER + " " + PASSWORD);
        untilTagged(in, "a", null);
        long t0 = System.nanoTime();
        send(out, "b SELECT INBOX");
        untilTagged(in, "b", null);
        long t1 = System.nanoTime();
        send(out, "c FETCH 1:* BODY.PEEK[]");
        List<byte[]> bodies = new ArrayList<>(count);
        untilTagged(in, "c", bodies);
        long t2 = System.nanoTime();
        send(out, "d LOGOUT");
        int matched = 0;
        long bytes = 0;
        String firstDifference = "none";
        for (int i = 0; i < bodies.size(); i++) {
          bytes += bodies.get(i).length;
          if (i < messages.size() && Arrays.equals(bodies.get(i), messages.get(i))) {
            matched++;
          } else if (firstDifference.equals("none")) {
            firstDifference = "message " + (i + 1) + ", " + bodies.get(i).length + " bytes";
          }
        }
        Child.report("fetched", bodies.size());
        Child.report("matched", matched);
        Child.report("bytes", bytes);
        Child.report("firstDifference", firstDifference);
        Child.report("selectMs", (t1 - t0) / 1e6);
        Child.report("fetchMs", (t2 - t1) / 1e6);
        Child.report("totalMs", (t2 - t0) / 1e6);
      }
    }
  }

  private static void send(OutputStream out, String line) throws IOException {
    out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  /**
   * Reads responses up to the one tagged {@code tag}, which must be OK; the literals of untagged
   * FETCH responses go into {@code bodies} when it is given.
   */
  private static void untilTagged(InputStream in, String tag, List<byte[]> bodies)
      throws IOException {
    while (true) {
      String line = Retrieval.readLine(in);
      if (line.startsWith(tag + " ")) {
        if (!line.startsWith(tag + " OK")) {
          throw new IllegalStateException(line);
        }
        return;
      }
      while (line.endsWith("}") && line.lastIndexOf('{') >= 0) {
        int n = Integer.parseInt(line.substring(line.lastIndexOf('{') + 1, line.length() - 1));
        byte[] literal = in.readNBytes(n);
        if (literal.length != n) {
          throw new IOException("connection closed inside a literal");
        }
        if (bodies != null) {
          bodies.add(literal);
        }
        line = Retrieval.readLine(in);
      }
    }
  }
}
