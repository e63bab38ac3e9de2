package dev.fakemail.internal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Runs the real {@code fakemail-standalone.jar} that {@code package} built, as a separate process.
 */
class StandaloneJarIT {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
  private static final Path JAR =
      Path.of(System.getProperty("fakemail.standalone.jar", "target/fakemail-standalone.jar"));
  private static final String VERSION = System.getProperty("fakemail.version", "dev");

  private final List<Process> processes = new ArrayList<>();

  @BeforeAll
  static void jarExists() {
    assertThat(JAR).as("built by mvn package").isRegularFile();
  }

  @AfterEach
  void killLeftovers() {
    processes.forEach(Process::destroyForcibly);
  }

  @Test
  void startsOnFreePortsReceivesMailServesItByPop3ImapAndLmtpAndStopsOnSigterm() throws Exception {
    Running server =
        start(
            Map.of("FAKEMAIL_USERS", "bob@example.test:secret"),
            "--smtp-port",
            "0",
            "--pop3-port=0",
            "--imap-port=0",
            "--lmtp-port=0",
            "--smtps-port=0",
            "--pop3s-port=0",
            "--imaps-port=0",
            "--http-port=0",
            "--auth-mode=users");

    String ready = server.out.next(START_TIMEOUT);
    Matcher m =
        Pattern.compile(
                "FakeMail "
                    + Pattern.quote(VERSION)
                    + " ready in \\d+ ms: smtp=127\\.0\\.0\\.1:(\\d+)"
                    + " smtps=127\\.0\\.0\\.1:(\\d+)"
                    + " pop3=127\\.0\\.0\\.1:(\\d+) pop3s=127\\.0\\.0\\.1:(\\d+)"
                    + " imap=127\\.0\\.0\\.1:(\\d+) imaps=127\\.0\\.0\\.1:(\\d+)"
                    + " lmtp=127\\.0\\.0\\.1:(\\d+) http=127\\.0\\.0\\.1:(\\d+)")
            .matcher(ready);
    assertThat(m.matches()).as(ready).isTrue();
    int smtp = Integer.parseInt(m.group(1));
    int smtps = Integer.parseInt(m.group(2));
    int pop3 = Integer.parseInt(m.group(3));
    int pop3s = Integer.parseInt(m.group(4));
    int imap = Integer.parseInt(m.group(5));
    int imaps = Integer.parseInt(m.group(6));
    int lmtp = Integer.parseInt(m.group(7));
    int http = Integer.parseInt(m.group(8));
    assertThat(List.of(smtp, smtps, pop3, pop3s, imap, imaps, lmtp, http))
        .doesNotHaveDuplicates()
        .doesNotContain(1025, 1465, 1110, 1995, 1143, 1993, 1024, 8025);

    Smtp.send(smtp, "Hello from the integration test");
    lmtpDeliver(lmtp);

    assertThat(Smtp.pop3Subjects(pop3, "bob@example.test", "secret"))
        .containsExactly("Hello from the integration test", "By LMTP");
    assertThat(Smtp.imapSubjects(imap, "bob@example.test", "secret"))
        .containsExactly("Hello from the integration test", "By LMTP");
    // the shaded jar carries the HTTP codec and Jackson
    java.net.http.HttpResponse<String> list =
        java.net.http.HttpClient.newHttpClient()
            .send(
                java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(
                            "http://127.0.0.1:" + http + "/api/v1/messages?subjectContains=LMTP"))
                    .timeout(Duration.ofSeconds(10))
                    .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(list.statusCode()).isEqualTo(200);
    assertThat(list.body()).startsWith("{\"total\":1,");

    server.sigterm();
    assertThat(server.process.waitFor(2, TimeUnit.SECONDS)).as("exited within 2 s").isTrue();
    assertThat(server.process.exitValue()).as("exit status after SIGTERM").isEqualTo(143);
    assertThat(server.out.next(Duration.ofSeconds(2)))
        .isEqualTo("FakeMail stopped; 2 messages received");
    assertThat(server.err.text()).as("stderr").isEmpty();
  }

  /** One LMTP session: an unknown recipient is refused, the user gets one reply after DATA. */
  private static void lmtpDeliver(int port) throws IOException {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      socket.setSoTimeout(5000);
      BufferedReader in =
          new BufferedReader(
              new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
      OutputStream out = socket.getOutputStream();
      assertThat(in.readLine()).isEqualTo("220 localhost LMTP FakeMail");
      out.write(
          ("LHLO mta.example.test\r\nMAIL FROM:<mta@example.test>\r\n"
                  + "RCPT TO:<eve@example.test>\r\nRCPT TO:<bob@example.test>\r\nDATA\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      String line;
      while ((line = in.readLine()).startsWith("250-")) {
        // the LHLO reply
      }
      assertThat(line).startsWith("250 SIZE");
      assertThat(in.readLine()).startsWith("250 2.1.0 ");
      assertThat(in.readLine()).startsWith("550 5.1.1 <eve@example.test>");
      assertThat(in.readLine()).startsWith("250 2.1.5 ");
      assertThat(in.readLine()).startsWith("354 ");
      out.write("Subject: By LMTP\r\n\r\nHi\r\n.\r\nQUIT\r\n".getBytes(StandardCharsets.US_ASCII));
      assertThat(in.readLine()).isEqualTo("250 2.0.0 <bob@example.test> Ok: queued as 2");
      assertThat(in.readLine()).startsWith("221 ");
    }
  }

  @Test
  void readsTheEnvironmentAndFlagsWin() throws Exception {
    Running server =
        start(
            Map.of(
                "FAKEMAIL_SMTP_PORT",
                "1",
                "FAKEMAIL_BIND_ADDRESS",
                "127.0.0.1",
                "FAKEMAIL_PROTOCOLS",
                "smtp"),
            "--smtp-port=0");

    assertThat(server.out.next(START_TIMEOUT))
        .matches(".* ready in \\d+ ms: smtp=127\\.0\\.0\\.1:\\d+");

    server.sigterm();
    assertThat(server.process.waitFor(2, TimeUnit.SECONDS)).isTrue();
    assertThat(server.out.next(Duration.ofSeconds(2)))
        .isEqualTo("FakeMail stopped; 0 messages received");
  }

  @Test
  void aPortInUseIsOneLineAndExitOne() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Running server =
          start(
              Map.of(
                  "FAKEMAIL_POP3_PORT",
                  "0",
                  "FAKEMAIL_IMAP_PORT",
                  "0",
                  "FAKEMAIL_LMTP_PORT",
                  "0",
                  "FAKEMAIL_HTTP_PORT",
                  "0",
                  "FAKEMAIL_SMTPS_PORT",
                  "0",
                  "FAKEMAIL_POP3S_PORT",
                  "0",
                  "FAKEMAIL_IMAPS_PORT",
                  "0"),
              "--smtp-port",
              Integer.toString(taken.getLocalPort()));

      assertThat(server.process.waitFor(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
      assertThat(server.process.exitValue()).isEqualTo(1);
      server.drain();
      assertThat(server.err.all())
          .singleElement()
          .asString()
          .startsWith("Cannot bind SMTP to 127.0.0.1:" + taken.getLocalPort() + ": ")
          .contains("in use");
      assertThat(server.out.text()).isEmpty();
    }
  }

  @Test
  void aBadOptionIsOneLineAndExitTwo() throws Exception {
    Running server = start(Map.of(), "--smtp-prot", "25");

    assertThat(server.process.waitFor(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
    assertThat(server.process.exitValue()).isEqualTo(2);
    server.drain();
    assertThat(server.err.all())
        .containsExactly("Unknown option --smtp-prot (did you mean --smtp-port?); see --help");
  }

  @Test
  void versionComesFromTheManifest() throws Exception {
    Running server = start(Map.of(), "--version");

    assertThat(server.process.waitFor(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
    assertThat(server.process.exitValue()).isZero();
    server.drain();
    assertThat(server.out.all()).containsExactly("FakeMail " + VERSION);
  }

  @Test
  void helpExitsZero() throws Exception {
    Running server = start(Map.of(), "--help");

    assertThat(server.process.waitFor(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
    assertThat(server.process.exitValue()).isZero();
    server.drain();
    assertThat(server.out.text()).isEqualTo(Help.usage());
  }

  private Running start(Map<String, String> env, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-jar");
    command.add(JAR.toString());
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().keySet().removeIf(k -> k.startsWith(Option.ENV_PREFIX));
    builder.environment().putAll(env);
    Process process = builder.start();
    processes.add(process);
    return new Running(process);
  }

  /** A started process with its stdout and stderr pumped into {@link Lines}. */
  private static final class Running {
    final Process process;
    final Lines out = new Lines();
    final Lines err = new Lines();
    private final Thread outPump;
    private final Thread errPump;

    Running(Process process) {
      this.process = process;
      this.outPump = pump(process.getInputStream(), out, "stdout");
      this.errPump = pump(process.getErrorStream(), err, "stderr");
    }

    /**
     * Sends SIGTERM, as {@link Process#destroy()} does; but that also closes our ends of the
     * process's pipes at once, losing what it prints while stopping. {@link
     * ProcessHandle#destroy()} sends the same signal and leaves the pipes open.
     */
    void sigterm() {
      assertThat(process.toHandle().supportsNormalTermination()).isTrue();
      assertThat(process.toHandle().destroy()).as("SIGTERM sent").isTrue();
    }

    /** Waits until both streams are read to their end (the process has exited). */
    void drain() throws InterruptedException {
      outPump.join(TimeUnit.SECONDS.toMillis(5));
      errPump.join(TimeUnit.SECONDS.toMillis(5));
      assertThat(outPump.isAlive() || errPump.isAlive()).as("streams still open").isFalse();
    }

    private static Thread pump(InputStream in, Lines lines, String name) {
      Thread t =
          new Thread(
              () -> {
                try (in) {
                  in.transferTo(lines);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              },
              "pump-" + name);
      t.setDaemon(true);
      t.start();
      return t;
    }
  }
}
