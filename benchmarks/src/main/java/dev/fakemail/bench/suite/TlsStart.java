package dev.fakemail.bench.suite;

import dev.fakemail.bench.Context;
import dev.fakemail.bench.Net;
import dev.fakemail.bench.Protocol;
import dev.fakemail.bench.Stats;
import dev.fakemail.bench.child.Child;
import dev.fakemail.bench.report.Measurement;
import dev.fakemail.bench.report.Results;
import dev.fakemail.bench.report.Row;
import dev.fakemail.bench.target.FakeMailTarget;
import dev.fakemail.bench.target.GreenMailTarget;
import dev.fakemail.bench.target.RunningServer;
import dev.fakemail.bench.target.ServerTarget;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Item 7, the start cost of TLS per server (issue 6): the first server of a fresh JVM with and
 * without an implicit-TLS listener, a warm per-test server with and without implicit-TLS listeners,
 * and FakeMail's first STARTTLS. "Ready" for a TLS port means what a test needs: a TLS handshake
 * completed and the greeting read over it, not just a TCP connect (FakeMail binds its TLS ports
 * before its TLS context is built). The client trusts any certificate and builds its own context
 * inside the clock (both servers' figures include the same client work).
 */
public final class TlsStart {
  public static final String ID = "tls";
  private static final String SECTION = "7. TLS start cost";
  private static final List<String> SERVERS = List.of(FakeMailTarget.ID, GreenMailTarget.ID);
  private static final Set<Protocol> WARM_TLS =
      EnumSet.of(Protocol.SMTP, Protocol.SMTPS, Protocol.POP3S, Protocol.IMAPS);

  private TlsStart() {}

  /** Runs the three parts and adds rows T1–T7. */
  public static void run(Context ctx) throws Exception {
    Results.Section section = ctx.results().section(SECTION);
    Row firstTls =
        Row.lowerIsBetter(
            "T1", "First start in a fresh JVM → SMTPS greeting read over TLS (SMTP+SMTPS)");
    Row firstPlain =
        Row.lowerIsBetter(
            "T2", "First start in a fresh JVM → SMTP greeting, no TLS listener (SMTP only)");
    Row firstExtra = Row.lowerIsBetter("T3", "Extra first-start cost of TLS (T1 − T2 medians)");
    Row warmPlain =
        Row.lowerIsBetter("T4", "Warm start → SMTP greeting → stop, no TLS (SMTP only; median)");
    Row warmTls =
        Row.lowerIsBetter(
            "T5", "Warm start → SMTPS greeting over TLS → stop (SMTP+SMTPS+POP3S+IMAPS; median)");
    Row warmExtra =
        Row.lowerIsBetter("T6", "Extra warm per-server start cost of TLS (T5 − T4 medians)");
    Row startTls =
        Row.lowerIsBetter(
            "T7", "First STARTTLS in a fresh JVM: STARTTLS sent → TLS handshake done");
    warmTls.note(
        "T5 reads the SMTPS greeting over a new TLS handshake each cycle and TCP-connects to"
            + " POP3S and IMAPS; GreenMail's connection threads then log the missing handshake"
            + " (its log level is warn in the child).");
    startTls.greenmail(Measurement.notApplicable("GreenMail has no STARTTLS"));
    section
        .add(firstTls)
        .add(firstPlain)
        .add(firstExtra)
        .add(warmPlain)
        .add(warmTls)
        .add(warmExtra)
        .add(startTls);

    ctx.log("tls: first start in fresh JVMs, with and without an SMTPS listener");
    first(ctx, firstTls, firstPlain, firstExtra);
    for (String server : SERVERS) {
      ctx.log("tls: warm start/stop with and without TLS listeners, " + server);
      warm(ctx, server, warmPlain, warmTls, warmExtra);
    }
    ctx.log("tls: first STARTTLS in fresh JVMs");
    startTls(ctx, startTls);
  }

  private static void first(Context ctx, Row tls, Row plain, Row extra) {
    int samples = ctx.quick() ? 2 : 5;
    Map<String, List<Double>> start = new HashMap<>();
    Map<String, List<Double>> handshake = new HashMap<>();
    Map<String, List<Double>> uptime = new HashMap<>();
    Map<String, String> errors = new HashMap<>();
    for (int i = 0; i < samples; i++) {
      for (String variant : List.of("tls", "plain")) {
        for (String server : SERVERS) {
          String key = server + "/" + variant;
          if (errors.containsKey(key)) {
            continue;
          }
          String label = "tls-first-" + server + "-" + variant + "-" + i;
          try {
            Map<String, String> m =
                ctx.children()
                    .run(
                        label,
                        ctx.jvmArgs(label, server, List.of()),
                        Duration.ofSeconds(60),
                        "tls-first",
                        server,
                        variant);
            start.computeIfAbsent(key, k -> new ArrayList<>()).add(num(m, "startMs"));
            uptime.computeIfAbsent(key, k -> new ArrayList<>()).add(num(m, "uptimeMs"));
            if (variant.equals("tls")) {
              handshake.computeIfAbsent(key, k -> new ArrayList<>()).add(num(m, "handshakeMs"));
            }
          } catch (Exception e) {
            errors.put(key, e.getMessage());
          }
        }
      }
    }
    for (String server : SERVERS) {
      Map<String, Double> medians = new HashMap<>();
      for (String variant : List.of("tls", "plain")) {
        String key = server + "/" + variant;
        Row row = variant.equals("tls") ? tls : plain;
        if (errors.containsKey(key)) {
          Lifecycle.set(row, server, Measurement.error(errors.get(key)));
          continue;
        }
        Stats s = Stats.of(start.get(key));
        Stats up = Stats.of(uptime.get(key));
        medians.put(variant, s.median());
        String handshakePart = "";
        if (variant.equals("tls")) {
          Stats h = Stats.of(handshake.get(key));
          handshakePart =
              String.format(
                  Locale.ROOT,
                  "; of which SMTPS connect → greeting over TLS: median %s ms (range %s–%s)",
                  Measurement.format(h.median()),
                  Measurement.format(h.min()),
                  Measurement.format(h.max()));
        }
        Lifecycle.set(
            row,
            server,
            Measurement.of(
                s.median(),
                "ms",
                String.format(
                    Locale.ROOT,
                    "median of %d fresh JVMs, main() → start() → SMTP greeting read%s"
                        + " (range %s–%s ms)%s; counting JVM boot too: median %s ms",
                    s.n(),
                    variant.equals("tls") ? " → SMTPS greeting read over TLS" : "",
                    Measurement.format(s.min()),
                    Measurement.format(s.max()),
                    handshakePart,
                    Measurement.format(up.median()))));
      }
      if (medians.size() == 2) {
        Lifecycle.set(
            extra,
            server,
            Measurement.of(
                medians.get("tls") - medians.get("plain"),
                "ms",
                "difference of the two medians above"));
      }
    }
  }

  private static void warm(Context ctx, String server, Row plain, Row tls, Row extra) {
    String label = "tls-warm-" + server;
    int cycles = ctx.quick() ? 20 : 300;
    int millis = ctx.quick() ? 2_000 : 8_000;
    try {
      Map<String, String> m =
          ctx.children()
              .run(
                  label,
                  ctx.jvmArgs(label, server, List.of("-Xmx1g")),
                  Duration.ofSeconds(120),
                  "tls-warm",
                  server,
                  Integer.toString(cycles),
                  Integer.toString(millis));
      double p = num(m, "plainMs");
      double t = num(m, "tlsMs");
      Lifecycle.set(
          plain,
          server,
          Measurement.of(
              p,
              "ms",
              String.format(
                  Locale.ROOT,
                  "median of %s cycles (p90 %s ms) after %s warm-up cycles, interleaved with T5's",
                  m.get("plainN"),
                  Measurement.format(num(m, "plainP90Ms")),
                  m.get("warmup"))));
      Lifecycle.set(
          tls,
          server,
          Measurement.of(
              t,
              "ms",
              String.format(
                  Locale.ROOT,
                  "median of %s cycles (p90 %s ms) after %s warm-up cycles, interleaved with T4's",
                  m.get("tlsN"),
                  Measurement.format(num(m, "tlsP90Ms")),
                  m.get("warmup"))));
      Lifecycle.set(
          extra, server, Measurement.of(t - p, "ms", "difference of the two medians above"));
    } catch (Exception e) {
      Lifecycle.set(plain, server, Measurement.error(e.getMessage()));
      Lifecycle.set(tls, server, Measurement.error(e.getMessage()));
    }
  }

  private static void startTls(Context ctx, Row row) {
    int samples = ctx.quick() ? 2 : 5;
    List<Double> first = new ArrayList<>();
    List<Double> second = new ArrayList<>();
    try {
      for (int i = 0; i < samples; i++) {
        String label = "tls-starttls-" + i;
        Map<String, String> m =
            ctx.children()
                .run(
                    label,
                    ctx.jvmArgs(label, FakeMailTarget.ID, List.of()),
                    Duration.ofSeconds(60),
                    "tls-starttls",
                    FakeMailTarget.ID);
        first.add(num(m, "firstMs"));
        second.add(num(m, "secondMs"));
      }
      Stats f = Stats.of(first);
      Stats s = Stats.of(second);
      row.fakemail(
          Measurement.of(
              f.median(),
              "ms",
              String.format(
                  Locale.ROOT,
                  "median of %d fresh JVMs (range %s–%s ms): the server's TLS context is built on"
                      + " this first STARTTLS (off the event loop) and the client's TLS classes"
                      + " load; the second connection's STARTTLS → handshake: median %s ms",
                  f.n(),
                  Measurement.format(f.min()),
                  Measurement.format(f.max()),
                  Measurement.format(s.median()))));
    } catch (Exception e) {
      row.fakemail(Measurement.error(e.getMessage()));
    }
  }

  // ---- child side ----

  /** {@code tls-first <server> tls|plain}: this JVM is fresh. */
  public static void firstChild(long mainEntered, String[] args) throws Exception {
    ServerTarget target = ServerTarget.byId(args[0]);
    boolean tls = args[1].equals("tls");
    RunningServer running =
        target.start(tls ? EnumSet.of(Protocol.SMTP, Protocol.SMTPS) : EnumSet.of(Protocol.SMTP));
    greeting(running.host(), running.ports().get(Protocol.SMTP));
    double handshakeMs = 0;
    if (tls) {
      long t0 = System.nanoTime();
      tlsGreeting(trustAll(), running.host(), running.ports().get(Protocol.SMTPS));
      handshakeMs = (System.nanoTime() - t0) / 1e6;
    }
    long ready = System.nanoTime();
    running.close();
    long uptimeNow = java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime();
    Child.report("startMs", (ready - mainEntered) / 1e6);
    Child.report("handshakeMs", handshakeMs);
    Child.report("uptimeMs", uptimeNow - (System.nanoTime() - ready) / 1e6);
  }

  /** {@code tls-warm <server> <cycles> <millis>}: warm-up, then interleaved cycles, bounded. */
  public static void warmChild(String[] args) throws Exception {
    ServerTarget target = ServerTarget.byId(args[0]);
    int cycles = Integer.parseInt(args[1]);
    long budget = Long.parseLong(args[2]) * 1_000_000L;
    SSLSocketFactory factory = trustAll();
    int warmup = 0;
    long warmEnd = System.nanoTime() + budget / 2;
    while (warmup < cycles && System.nanoTime() < warmEnd) {
      cycle(target, false, factory);
      cycle(target, true, factory);
      warmup++;
    }
    List<Double> plain = new ArrayList<>();
    List<Double> tls = new ArrayList<>();
    long end = System.nanoTime() + budget;
    while (plain.size() < cycles && System.nanoTime() < end) {
      plain.add(cycle(target, false, factory));
      tls.add(cycle(target, true, factory));
    }
    Stats p = Stats.of(plain);
    Stats t = Stats.of(tls);
    Child.report("warmup", warmup);
    Child.report("plainN", p.n());
    Child.report("plainMs", p.median());
    Child.report("plainP90Ms", p.percentile(90));
    Child.report("tlsN", t.n());
    Child.report("tlsMs", t.median());
    Child.report("tlsP90Ms", t.percentile(90));
  }

  private static double cycle(ServerTarget target, boolean tls, SSLSocketFactory factory)
      throws Exception {
    long t0 = System.nanoTime();
    RunningServer running = target.start(tls ? WARM_TLS : EnumSet.of(Protocol.SMTP));
    try {
      greeting(running.host(), running.ports().get(Protocol.SMTP));
      if (tls) {
        tlsGreeting(factory, running.host(), running.ports().get(Protocol.SMTPS));
        Net.probeAll(
            running.host(),
            Map.of(
                Protocol.POP3S,
                running.ports().get(Protocol.POP3S),
                Protocol.IMAPS,
                running.ports().get(Protocol.IMAPS)));
      }
    } finally {
      running.close();
    }
    return (System.nanoTime() - t0) / 1e6;
  }

  /** {@code tls-starttls fakemail}: two STARTTLS upgrades in a fresh JVM, each timed. */
  public static void startTlsChild(String[] args) throws Exception {
    ServerTarget target = ServerTarget.byId(args[0]);
    RunningServer running = target.start(EnumSet.of(Protocol.SMTP));
    try {
      SSLSocketFactory factory = trustAll();
      Child.report("firstMs", upgrade(factory, running.host(), running.ports().get(Protocol.SMTP)));
      Child.report(
          "secondMs", upgrade(factory, running.host(), running.ports().get(Protocol.SMTP)));
    } finally {
      running.close();
    }
  }

  /** EHLO, STARTTLS; returns ms from writing STARTTLS to the end of the handshake. */
  private static double upgrade(SSLSocketFactory factory, String host, int port)
      throws IOException {
    try (Socket plain = connect(host, port)) {
      InputStream in = plain.getInputStream();
      OutputStream out = plain.getOutputStream();
      reply(in);
      out.write("EHLO bench.example.test\r\n".getBytes(StandardCharsets.US_ASCII));
      reply(in);
      long t0 = System.nanoTime();
      out.write("STARTTLS\r\n".getBytes(StandardCharsets.US_ASCII));
      String ready = reply(in);
      if (!ready.startsWith("220")) {
        throw new IOException("STARTTLS refused: " + ready);
      }
      try (SSLSocket tls = (SSLSocket) factory.createSocket(plain, host, port, true)) {
        tls.startHandshake();
        double ms = (System.nanoTime() - t0) / 1e6;
        tls.getOutputStream().write("QUIT\r\n".getBytes(StandardCharsets.US_ASCII));
        reply(tls.getInputStream());
        return ms;
      }
    }
  }

  private static Socket connect(String host, int port) throws IOException {
    Socket s = new Socket();
    s.setTcpNoDelay(true);
    s.connect(new InetSocketAddress(host, port), 5000);
    s.setSoTimeout(10_000);
    return s;
  }

  private static void greeting(String host, int port) throws IOException {
    try (Socket s = connect(host, port)) {
      line(s.getInputStream());
    }
  }

  private static void tlsGreeting(SSLSocketFactory factory, String host, int port)
      throws IOException {
    try (Socket plain = connect(host, port);
        SSLSocket tls = (SSLSocket) factory.createSocket(plain, host, port, true)) {
      tls.startHandshake();
      String greeting = line(tls.getInputStream());
      if (!greeting.startsWith("220")) {
        throw new IOException("no SMTPS greeting: " + greeting);
      }
    }
  }

  /** One SMTP reply, continuation lines included; returns its last line. */
  private static String reply(InputStream in) throws IOException {
    String line;
    do {
      line = line(in);
    } while (line.length() > 3 && line.charAt(3) == '-');
    return line;
  }

  private static String line(InputStream in) throws IOException {
    StringBuilder sb = new StringBuilder();
    for (int b = in.read(); b != '\n'; b = in.read()) {
      if (b < 0 || sb.length() > 2000) {
        throw new IOException("no complete line: " + sb);
      }
      sb.append((char) b);
    }
    return sb.toString().strip();
  }

  /** A client context that trusts any certificate: both servers present self-signed ones. */
  private static SSLSocketFactory trustAll() throws GeneralSecurityException {
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(
        null,
        new TrustManager[] {
          new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {}

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {}

            @Override
            public X509Certificate[] getAcceptedIssuers() {
              return new X509Certificate[0];
            }
          }
        },
        null);
    return context.getSocketFactory();
  }

  private static double num(Map<String, String> m, String key) {
    return Lifecycle.num(m, key);
  }
}
