package dev.fakemail.internal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
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
  void startsOnAFreePortReceivesMailAndStopsOnSigterm() throws Exception {
    Running server = start(Map.of(), "--smtp-port", "0");

    String ready = server.out.next(START_TIMEOUT);
    Matcher m =
        Pattern.compile(
                "FakeMail "
                    + Pattern.quote(VERSION)
                    + " ready in \\d+ ms: smtp=127\\.0\\.0\\.1:(\\d+)")
            .matcher(ready);
    assertThat(m.matches()).as(ready).isTrue();
    int port = Integer.parseInt(m.group(1));
    assertThat(port).isPositive().isNotEqualTo(1025);

    Smtp.send(port, "Hello from the integration test");

    server.sigterm();
    assertThat(server.process.waitFor(2, TimeUnit.SECONDS)).as("exited within 2 s").isTrue();
    assertThat(server.process.exitValue()).as("exit status after SIGTERM").isEqualTo(143);
    assertThat(server.out.next(Duration.ofSeconds(2)))
        .isEqualTo("FakeMail stopped; 1 message received");
    assertThat(server.err.text()).as("stderr").isEmpty();
  }

  @Test
  void readsTheEnvironmentAndFlagsWin() throws Exception {
    Running server =
        start(
            Map.of("FAKEMAIL_SMTP_PORT", "1", "FAKEMAIL_BIND_ADDRESS", "127.0.0.1"),
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
      Running server = start(Map.of(), "--smtp-port", Integer.toString(taken.getLocalPort()));

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
