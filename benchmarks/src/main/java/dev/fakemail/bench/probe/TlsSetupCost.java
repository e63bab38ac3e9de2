package dev.fakemail.bench.probe;

import dev.fakemail.bench.Stats;
import dev.fakemail.internal.net.tls.CertificateMaterial;
import dev.fakemail.internal.net.tls.SelfSignedCertificates;
import dev.fakemail.internal.net.tls.ServerTlsContext;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Where the first TLS server of a JVM spends its time, step by step, in fresh JVMs (by hand, not
 * part of {@code run.sh}):
 *
 * <pre>
 * java -cp "benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)" \
 *   dev.fakemail.bench.probe.TlsSetupCost [samples]
 * </pre>
 *
 * <p>Two pipelines, each in its own fresh JVM per sample, interleaved: {@code old} is how FakeMail
 * built its TLS material before (BouncyCastle's certificate builder, Netty's {@code
 * SslContextBuilder} with a key store and key manager factory), {@code new} is the current code
 * ({@link SelfSignedCertificates}, {@link ServerTlsContext}). Both end with the first handshake
 * against an in-memory client engine. Netty's channel classes are loaded before the clock starts
 * (every server loads them anyway). Prints the median wall and thread-CPU time of every step; the
 * CPU figure is the steadier one on a shared machine.
 */
public final class TlsSetupCost {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private final Map<String, double[]> steps = new LinkedHashMap<>();
  private long wall = System.nanoTime();
  private long cpu = THREADS.getCurrentThreadCpuTime();

  private TlsSetupCost() {}

  public static void main(String[] args) throws Exception {
    if (args.length == 2 && args[0].equals("--child")) {
      child(args[1]);
      return;
    }
    int samples = args.length > 0 ? Integer.parseInt(args[0]) : 7;
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String classpath = System.getProperty("java.class.path");
    Map<String, Map<String, List<double[]>>> results = new LinkedHashMap<>();
    for (int i = 0; i < samples; i++) {
      for (String mode : List.of("old", "new")) {
        Process p =
            new ProcessBuilder(
                    java, "-cp", classpath, TlsSetupCost.class.getName(), "--child", mode)
                .redirectErrorStream(true)
                .start();
        String last = null;
        try (BufferedReader in =
            new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
          for (String line = in.readLine(); line != null; line = in.readLine()) {
            last = line;
          }
        }
        if (p.waitFor() != 0 || last == null) {
          throw new IllegalStateException(mode + " child failed: " + last);
        }
        Map<String, List<double[]>> byStep =
            results.computeIfAbsent(mode, k -> new LinkedHashMap<>());
        for (String kv : last.split(" ")) {
          String[] parts = kv.split("[=/]");
          byStep
              .computeIfAbsent(parts[0], k -> new ArrayList<>())
              .add(new double[] {Double.parseDouble(parts[1]), Double.parseDouble(parts[2])});
        }
      }
    }
    for (Map.Entry<String, Map<String, List<double[]>>> mode : results.entrySet()) {
      StringBuilder line = new StringBuilder(mode.getKey() + ":");
      for (Map.Entry<String, List<double[]>> step : mode.getValue().entrySet()) {
        List<Double> w = new ArrayList<>();
        List<Double> c = new ArrayList<>();
        for (double[] v : step.getValue()) {
          w.add(v[0]);
          c.add(v[1]);
        }
        line.append(
            String.format(
                Locale.ROOT,
                " %s=%.0f/%.0f",
                step.getKey(),
                Stats.of(w).median(),
                Stats.of(c).median()));
      }
      System.out.println(line + "   (ms wall/thread CPU, median of " + samples + " fresh JVMs)");
    }
  }

  private void mark(String step) {
    long w = System.nanoTime();
    long c = THREADS.getCurrentThreadCpuTime();
    steps.put(step, new double[] {(w - wall) / 1e6, (c - cpu) / 1e6});
    wall = w;
    cpu = c;
  }

  private static void child(String mode) throws Exception {
    EmbeddedChannel channel = new EmbeddedChannel(); // Netty's core: loaded by any server
    TlsSetupCost t = new TlsSetupCost();
    long wall0 = t.wall;
    long cpu0 = t.cpu;
    SSLEngine server;
    if (mode.equals("old")) {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      KeyPair keys = generator.generateKeyPair();
      t.mark("ecKey");
      Instant now = Instant.now();
      X500Name subject = new X500Name("CN=FakeMail self-signed test certificate, O=FakeMail");
      JcaX509v3CertificateBuilder builder =
          new JcaX509v3CertificateBuilder(
              subject,
              new BigInteger(64, new SecureRandom()).setBit(63),
              Date.from(now.minus(Duration.ofDays(1))),
              Date.from(now.plus(Duration.ofDays(3650))),
              subject,
              keys.getPublic());
      builder.addExtension(
          Extension.subjectAlternativeName,
          false,
          new GeneralNames(new GeneralName(GeneralName.dNSName, "localhost")));
      X509Certificate certificate =
          new JcaX509CertificateConverter()
              .getCertificate(
                  builder.build(
                      new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
      t.mark("certificateBouncyCastle");
      SslContext context =
          SslContextBuilder.forServer(keys.getPrivate(), certificate)
              .sslProvider(SslProvider.JDK)
              .protocols("TLSv1.3", "TLSv1.2")
              .build();
      t.mark("nettySslContext");
      server = context.newEngine(ByteBufAllocator.DEFAULT);
      t.mark("engine");
    } else {
      CertificateMaterial material = SelfSignedCertificates.forHostname("localhost");
      t.mark("keyAndCertificateJdk");
      ServerTlsContext context = ServerTlsContext.build(material);
      t.mark("jdkSslContext");
      server = context.newHandler(channel, Duration.ofSeconds(10)).engine();
      t.mark("engine");
    }
    SSLContext clientContext = SSLContext.getInstance("TLS");
    clientContext.init(null, new TrustManager[] {new TrustAll()}, null);
    SSLEngine client = clientContext.createSSLEngine("localhost", 1);
    client.setUseClientMode(true);
    t.mark("clientContext");
    handshake(client, server);
    t.mark("firstHandshake");
    StringBuilder out = new StringBuilder();
    t.steps.forEach(
        (k, v) -> out.append(String.format(Locale.ROOT, "%s=%.2f/%.2f ", k, v[0], v[1])));
    out.append(
        String.format(
            Locale.ROOT,
            "total=%.2f/%.2f",
            (System.nanoTime() - wall0) / 1e6,
            (THREADS.getCurrentThreadCpuTime() - cpu0) / 1e6));
    System.out.println(out);
  }

  /** Drives both engines in memory until neither has handshake work left (bounded). */
  private static void handshake(SSLEngine client, SSLEngine server) throws Exception {
    ByteBuffer toServer = ByteBuffer.allocate(1 << 17);
    ByteBuffer toClient = ByteBuffer.allocate(1 << 17);
    ByteBuffer app = ByteBuffer.allocate(1 << 17);
    ByteBuffer empty = ByteBuffer.allocate(0);
    client.beginHandshake();
    server.beginHandshake();
    for (int i = 0; i < 100; i++) {
      if (done(client) && done(server)) {
        return;
      }
      tasks(client);
      tasks(server);
      client.wrap(empty, toServer);
      server.wrap(empty, toClient);
      toServer.flip();
      toClient.flip();
      server.unwrap(toServer, app);
      app.clear();
      client.unwrap(toClient, app);
      app.clear();
      tasks(client);
      tasks(server);
      toServer.compact();
      toClient.compact();
    }
    throw new IllegalStateException("no handshake after 100 rounds");
  }

  private static boolean done(SSLEngine e) {
    SSLEngineResult.HandshakeStatus s = e.getHandshakeStatus();
    return s == SSLEngineResult.HandshakeStatus.NOT_HANDSHAKING
        || s == SSLEngineResult.HandshakeStatus.FINISHED;
  }

  private static void tasks(SSLEngine e) {
    for (Runnable r = e.getDelegatedTask(); r != null; r = e.getDelegatedTask()) {
      r.run();
    }
  }

  private static final class TrustAll implements X509TrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
