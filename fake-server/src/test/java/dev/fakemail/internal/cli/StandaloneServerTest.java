package dev.fakemail.internal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fakemail.FakeMailConfig;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StandaloneServerTest {

  @Test
  void readyLineNamesVersionStartupTimeAndEachListener() {
    try (StandaloneServer server = StandaloneServer.start(FakeMailConfig.defaults())) {
      int port = server.server().smtpPort();

      assertThat(server.readyLine("1.2.3", Optional.of(Duration.ofMillis(87))))
          .isEqualTo("FakeMail 1.2.3 ready in 87 ms: smtp=127.0.0.1:" + port);
      assertThat(server.readyLine("1.2.3", Optional.empty()))
          .isEqualTo("FakeMail 1.2.3 ready: smtp=127.0.0.1:" + port);
    }
  }

  @Test
  void readyLineShowsTheBoundAddress() {
    FakeMailConfig config = FakeMailConfig.builder().bindAddress("0.0.0.0").build();
    try (StandaloneServer server = StandaloneServer.start(config)) {
      assertThat(server.listeners())
          .containsExactly(Map.entry("smtp", "0.0.0.0:" + server.server().smtpPort()));
    }
  }

  @Test
  void ipv6AddressesAreBracketed() throws Exception {
    assertThat(StandaloneServer.hostPort(InetAddress.getByName("::1"), 25))
        .isEqualTo("[0:0:0:0:0:0:0:1]:25");
    assertThat(StandaloneServer.hostPort(InetAddress.getByName("127.0.0.1"), 25))
        .isEqualTo("127.0.0.1:25");
  }

  @Test
  void stoppedLineCountsMessages() throws Exception {
    StandaloneServer server = StandaloneServer.start(FakeMailConfig.defaults());
    try {
      assertThat(server.stoppedLine()).isEqualTo("FakeMail stopped; 0 messages received");
      Smtp.send(server.server().smtpPort(), "one");
    } finally {
      server.close();
    }

    assertThat(server.stoppedLine()).isEqualTo("FakeMail stopped; 1 message received");
  }

  @Test
  void stoppedLineGivesALowerBoundWhenOldMessagesWereDropped() throws Exception {
    StandaloneServer server =
        StandaloneServer.start(FakeMailConfig.builder().maxStoredMessages(2).build());
    try {
      for (int i = 0; i < 3; i++) {
        Smtp.send(server.server().smtpPort(), "message " + i);
      }
    } finally {
      server.close();
    }

    assertThat(server.stoppedLine())
        .isEqualTo("FakeMail stopped; at least 2 messages received (the last 2 kept)");
  }
}
