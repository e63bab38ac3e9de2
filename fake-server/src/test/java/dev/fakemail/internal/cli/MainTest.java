package dev.fakemail.internal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class MainTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final Lines out = new Lines();
  private final Lines err = new Lines();
  private final AtomicReference<Thread> hook = new AtomicReference<>();
  private final AtomicReference<Boolean> loggingVerbose = new AtomicReference<>();

  private Main main(Map<String, String> env) {
    return new Main(
        out.stream,
        err.stream,
        env,
        "1.2.3",
        () -> Optional.of(Instant.now()),
        hook::set,
        loggingVerbose::set);
  }

  private int run(String... args) {
    return main(Map.of()).run(List.of(args));
  }

  @Test
  void helpPrintsTheUsageAndExitsZero() {
    assertThat(run("--help")).isZero();

    assertThat(out.text()).isEqualTo(Help.usage());
    assertThat(err.text()).isEmpty();
    assertThat(hook.get()).isNull();
  }

  @Test
  void versionPrintsOneLine() {
    assertThat(run("--version")).isZero();

    assertThat(out.text()).isEqualTo("FakeMail 1.2.3\n");
  }

  @Test
  void aBadOptionIsOneLineOnStderrAndExitTwo() {
    assertThat(run("--smtp-port", "x")).isEqualTo(2);

    assertThat(err.all())
        .containsExactly(
            "Invalid value \"x\" for --smtp-port: expected a port number from 0 to 65535"
                + " (0 picks a free port); see --help");
    assertThat(out.text()).isEmpty();
    assertThat(loggingVerbose.get()).as("logging is not configured").isNull();
  }

  @Test
  void aPortInUseIsOneLineAndExitOne() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int port = taken.getLocalPort();

      assertThat(run("--smtp-port", Integer.toString(port))).isEqualTo(1);

      assertThat(err.all())
          .containsExactly(
              "Cannot bind SMTP to 127.0.0.1:"
                  + port
                  + ": Address already in use (another process uses the port; choose another"
                  + " with --smtp-port or FAKEMAIL_SMTP_PORT, or 0 for a free one)");
      assertThat(out.text()).isEmpty();
      assertThat(hook.get()).isNull();
    }
  }

  @Test
  void aPop3PortInUseNamesThePop3Option() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int port = taken.getLocalPort();

      assertThat(
              run(
                  "--smtp-port=0",
                  "--lmtp-port=0",
                  "--smtps-port=0",
                  "--pop3s-port=0",
                  "--imaps-port=0",
                  "--imap-port=0",
                  "--http-port=0",
                  "--pop3-port",
                  Integer.toString(port)))
          .isEqualTo(1);

      assertThat(err.all())
          .containsExactly(
              "Cannot bind POP3 to 127.0.0.1:"
                  + port
                  + ": Address already in use (another process uses the port; choose another"
                  + " with --pop3-port or FAKEMAIL_POP3_PORT, or 0 for a free one)");
      assertThat(hook.get()).isNull();
    }
  }

  @Test
  void aTlsCertificateThatCannotBeReadIsOneLineAndExitOne() {
    String missing = Path.of("no-such-server-for-fakemail.p12").toAbsolutePath().toString();

    assertThat(run("--smtp-port=0", "--tls-pkcs12=" + missing, "--tls-pkcs12-password=pw"))
        .isEqualTo(1);

    assertThat(err.all())
        .containsExactly("FakeMail could not start: TLS key store " + missing + " does not exist");
    assertThat(out.text()).isEmpty();
    assertThat(hook.get()).isNull();
  }

  @Test
  void mailThatCannotBePreloadedIsOneLineAndExitOne() {
    String missing = Path.of("no-such-folder-for-fakemail").toAbsolutePath().toString();

    assertThat(
            run(
                "--smtp-port=0",
                "--pop3-port=0",
                "--imap-port=0",
                "--lmtp-port=0",
                "--smtps-port=0",
                "--pop3s-port=0",
                "--imaps-port=0",
                "--http-port=0",
                "--preload=" + missing))
        .isEqualTo(1);

    assertThat(err.all())
        .containsExactly(
            "FakeMail could not start: Cannot read mailboxes from " + missing + ": no such folder");
    assertThat(out.text()).isEmpty();
  }

  @Test
  void verboseAddsTheStackTrace() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int port = taken.getLocalPort();

      int status =
          main(Map.of("FAKEMAIL_VERBOSE", "true"))
              .run(List.of("--smtp-port", Integer.toString(port)));

      assertThat(status).isEqualTo(1);
      assertThat(loggingVerbose.get()).isTrue();
      assertThat(err.all().get(0)).startsWith("Cannot bind SMTP to 127.0.0.1:" + port + ": ");
      assertThat(err.all()).hasSizeGreaterThan(3);
      assertThat(err.text()).contains("java.io.UncheckedIOException", "\tat ");
    }
  }

  @Test
  void unknownEnvironmentVariablesAreWarnedAbout() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      main(Map.of("FAKEMAIL_SMTP_PROT", "1"))
          .run(List.of("--smtp-port", Integer.toString(taken.getLocalPort())));

      assertThat(err.all().get(0))
          .isEqualTo(
              "Ignoring unknown environment variable FAKEMAIL_SMTP_PROT"
                  + " (did you mean FAKEMAIL_SMTP_PORT?); see --help");
    }
  }

  @Test
  void runsUntilTheShutdownHookStopsIt() throws Exception {
    CompletableFuture<Integer> status =
        CompletableFuture.supplyAsync(
            () ->
                run(
                    "--smtp-port=0",
                    "--pop3-port=0",
                    "--imap-port=0",
                    "--lmtp-port=0",
                    "--smtps-port=0",
                    "--pop3s-port=0",
                    "--imaps-port=0",
                    "--http-port=0",
                    "--io-threads=1"));

    String ready = out.next(TIMEOUT);
    Matcher m =
        Pattern.compile(
                "FakeMail 1\\.2\\.3 ready in \\d+ ms: smtp=127\\.0\\.0\\.1:(\\d+)"
                    + " smtps=127\\.0\\.0\\.1:\\d+ pop3=127\\.0\\.0\\.1:\\d+"
                    + " pop3s=127\\.0\\.0\\.1:\\d+ imap=127\\.0\\.0\\.1:\\d+"
                    + " imaps=127\\.0\\.0\\.1:\\d+ lmtp=127\\.0\\.0\\.1:\\d+"
                    + " http=127\\.0\\.0\\.1:\\d+")
            .matcher(ready);
    assertThat(m.matches()).as(ready).isTrue();
    assertThat(loggingVerbose.get()).isFalse();
    assertThat(hook.get()).as("hook registered before the ready line").isNotNull();
    assertThat(status).isNotDone();

    Smtp.send(Integer.parseInt(m.group(1)), "hello");
    Smtp.send(Integer.parseInt(m.group(1)), "again");
    hook.get().start();

    assertThat(status.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).isZero();
    assertThat(out.next(TIMEOUT)).isEqualTo("FakeMail stopped; 2 messages received");
    assertThat(err.text()).isEmpty();
  }
}
