package dev.fakemail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.UncheckedIOException;
import java.net.BindException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Starting, stopping, ports and threads. */
class LifecycleTest {

  @Test
  void startsAndStopsAHundredTimesWithoutLeavingThreads() {
    cycle(); // warm-up: whatever the JVM or Netty start once (class loading, cleaners) starts here
    Set<String> before = fakemailThreads();
    int liveBefore = liveThreads().size();
    int cycles = 100;
    long started = System.nanoTime();
    long closing = 0;
    for (int i = 0; i < cycles; i++) {
      closing += cycle();
      // close() has returned: the threads must already be gone, not merely on their way out
      assertThat(fakemailThreads()).as("fakemail threads after cycle %d", i).isEqualTo(before);
    }
    long total = System.nanoTime() - started;
    assertThat(liveThreads()).as("live threads").hasSizeLessThanOrEqualTo(liveBefore);
    System.out.printf(
        "LifecycleTest: %d start/connect/stop cycles in %d ms (%.2f ms per cycle, close %.2f ms)%n",
        cycles, total / 1_000_000, total / 1e6 / cycles, closing / 1e6 / cycles);
    // generous: a close that waited for Netty's default quiet period (2 s) would take 200 s
    assertThat(total / 1_000_000).as("ms for %d cycles", cycles).isLessThan(20_000);
  }

  /** Starts a server, talks to it, stops it; returns the nanoseconds close() took. */
  private static long cycle() {
    FakeMailServer server = FakeMailServer.start();
    // a connection makes the server use a second event-loop thread besides the acceptor's
    try (SmtpWire smtp = SmtpWire.connect(server)) {
      assertThat(smtp.send("NOOP")).isEqualTo("250 2.0.0 OK");
    }
    long t = System.nanoTime();
    server.close();
    return System.nanoTime() - t;
  }

  @Test
  void closeIsIdempotentAndClosesOpenConnections() {
    FakeMailServer server = FakeMailServer.start();
    String listeners =
        "smtp="
            + server.smtpHost()
            + ":"
            + server.smtpPort()
            + ", pop3="
            + server.pop3Host()
            + ":"
            + server.pop3Port()
            + ", imap="
            + server.imapHost()
            + ":"
            + server.imapPort();
    assertThat(server.isClosed()).isFalse();
    assertThat(server).hasToString("FakeMailServer{" + listeners + "}");
    try (SmtpWire idle = SmtpWire.connect(server);
        Pop3Wire reader = Pop3Wire.connect(server)) {
      server.close();
      assertThat(idle.readUntilClosed()).isEmpty();
      assertThat(reader.readUntilClosed()).isEmpty();
    }
    assertThat(server.isClosed()).isTrue();
    server.close();
    assertThat(server.isClosed()).isTrue();
    assertThat(server).hasToString("FakeMailServer{" + listeners + ", closed}");
  }

  @Test
  void servesOnlyTheProtocolsAskedForAndSaysHowToEnableTheOthers() {
    try (FakeMailServer server =
        FakeMailServer.start(FakeMailConfig.builder().protocols(Protocol.POP3).build())) {
      assertThat(server.pop3Port()).isPositive();
      assertThat(server).hasToString("FakeMailServer{pop3=127.0.0.1:" + server.pop3Port() + "}");
      assertThatThrownBy(server::smtpPort)
          .isInstanceOf(IllegalStateException.class)
          .hasMessage(
              "SMTP is not enabled on this server; enable it with"
                  + " FakeMailConfig.builder().protocols(Protocol.SMTP, Protocol.POP3)");
      assertThatThrownBy(server::smtpHost)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageStartingWith("SMTP is not enabled on this server");
      assertThatThrownBy(server::lmtpHost)
          .isInstanceOf(IllegalStateException.class)
          .hasMessage(
              "LMTP is not enabled on this server; enable it with"
                  + " FakeMailConfig.builder().protocols(Protocol.POP3, Protocol.LMTP)");
    }
    try (FakeMailServer server =
        FakeMailServer.start(FakeMailConfig.builder().protocols(Protocol.SMTP).build())) {
      assertThatThrownBy(server::pop3Port)
          .isInstanceOf(IllegalStateException.class)
          .hasMessage(
              "POP3 is not enabled on this server; enable it with"
                  + " FakeMailConfig.builder().protocols(Protocol.SMTP, Protocol.POP3)");
      try (SmtpWire smtp = SmtpWire.connect(server)) {
        assertThat(smtp.send("NOOP")).isEqualTo("250 2.0.0 OK");
      }
    }
  }

  @Test
  void everyProtocolHasItsOwnPort() {
    FakeMailConfig all =
        FakeMailConfig.builder().protocols(Protocol.SMTP, Protocol.POP3, Protocol.LMTP).build();
    try (FakeMailServer server = FakeMailServer.start(all)) {
      assertThat(Set.of(server.smtpPort(), server.pop3Port(), server.lmtpPort())).hasSize(3);
      assertThat(server.lmtpHost()).isEqualTo("127.0.0.1");
      try (SmtpWire lmtp = SmtpWire.lmtp(server);
          Pop3Wire pop3 = Pop3Wire.connect(server)) {
        assertThat(lmtp.send("NOOP")).isEqualTo("250 2.0.0 OK");
        assertThat(pop3.send("QUIT")).isEqualTo("+OK FakeMail POP3 server signing off");
      }
    }
  }

  @Test
  void keepsReceivedMailReadableAfterClose() {
    FakeMailServer server = FakeMailServer.start();
    try (SmtpWire smtp = SmtpWire.connect(server)) {
      assertThat(smtp.send("MAIL FROM:<a@example.test>")).startsWith("250 ");
      assertThat(smtp.send("RCPT TO:<b@example.test>")).startsWith("250 ");
      assertThat(smtp.send("DATA")).startsWith("354 ");
      assertThat(smtp.send("Subject: kept\r\n\r\n.")).startsWith("250 ");
    }
    server.inbox().awaitMessage();
    server.close();
    assertThat(server.inbox().messages()).extracting(ReceivedMail::subject).containsExactly("kept");
  }

  @Test
  void portZeroGivesEachServerItsOwnEphemeralPort() {
    List<FakeMailServer> servers = new ArrayList<>();
    try {
      for (int i = 0; i < 5; i++) {
        servers.add(FakeMailServer.start());
      }
      Set<Integer> ports = new HashSet<>();
      for (FakeMailServer server : servers) {
        assertThat(server.config().smtpPort()).isZero();
        assertThat(server.smtpPort()).isPositive();
        ports.add(server.smtpPort());
        try (SmtpWire smtp = SmtpWire.connect(server)) {
          assertThat(smtp.send("NOOP")).isEqualTo("250 2.0.0 OK");
        }
      }
      assertThat(ports).hasSize(servers.size());
    } finally {
      servers.forEach(FakeMailServer::close);
    }
  }

  @Test
  void bindingATakenPortFailsWithTheAddressInTheMessage() {
    Set<String> before = fakemailThreads();
    try (FakeMailServer first = FakeMailServer.start()) {
      int port = first.smtpPort();
      FakeMailConfig clash = FakeMailConfig.builder().smtpPort(port).build();

      assertThatThrownBy(() -> FakeMailServer.start(clash))
          .isInstanceOf(UncheckedIOException.class)
          .hasMessageStartingWith("java.net.BindException: Cannot bind SMTP to 127.0.0.1:" + port)
          .cause()
          .isInstanceOf(BindException.class)
          .hasMessageStartingWith("Cannot bind SMTP to 127.0.0.1:" + port + ": ");

      // the failed server stopped its threads; the first one still serves
      try (SmtpWire smtp = SmtpWire.connect(first)) {
        assertThat(smtp.send("NOOP")).isEqualTo("250 2.0.0 OK");
      }
    }
    assertThat(fakemailThreads()).isEqualTo(before);
  }

  @Test
  void smtpHostIsLoopbackForAWildcardBind() {
    try (FakeMailServer server =
        FakeMailServer.start(FakeMailConfig.builder().bindAddress("0.0.0.0").build())) {
      assertThat(server.smtpHost()).isEqualTo("127.0.0.1");
      try (SmtpWire smtp = SmtpWire.connect(server)) {
        assertThat(smtp.send("NOOP")).isEqualTo("250 2.0.0 OK");
      }
    }
  }

  @Test
  void smtpHostIsTheBoundAddress() {
    FakeMailServer server;
    try {
      server = FakeMailServer.start(FakeMailConfig.builder().bindAddress("127.0.0.2").build());
    } catch (UncheckedIOException e) {
      // Linux routes all of 127/8 to loopback; macOS has only 127.0.0.1 unless configured
      assumeTrue(false, "127.0.0.2 is not a local address here: " + e.getMessage());
      return;
    }
    try (server) {
      assertThat(server.smtpHost()).isEqualTo("127.0.0.2");
      try (SmtpWire smtp = SmtpWire.connect(server)) {
        assertThat(smtp.send("NOOP")).isEqualTo("250 2.0.0 OK");
      }
    }
  }

  private static Set<Thread> liveThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .collect(Collectors.toSet());
  }

  private static Set<String> fakemailThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .map(Thread::getName)
        .filter(name -> name.contains("fakemail"))
        .collect(Collectors.toSet());
  }
}
