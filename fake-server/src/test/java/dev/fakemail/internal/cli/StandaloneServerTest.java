package dev.fakemail.internal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fakemail.FakeMailConfig;
import dev.fakemail.Protocol;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StandaloneServerTest {

  @Test
  void readyLineNamesVersionStartupTimeAndEachListener() {
    FakeMailConfig config =
        FakeMailConfig.builder().protocols(Protocol.LMTP, Protocol.POP3, Protocol.SMTP).build();
    try (StandaloneServer server = StandaloneServer.start(config)) {
      String listeners =
          "smtp=127.0.0.1:"
              + server.server().smtpPort()
              + " pop3=127.0.0.1:"
              + server.server().pop3Port()
              + " lmtp=127.0.0.1:"
              + server.server().lmtpPort();

      assertThat(server.readyLine("1.2.3", Optional.of(Duration.ofMillis(87))))
          .isEqualTo("FakeMail 1.2.3 ready in 87 ms: " + listeners);
      assertThat(server.readyLine("1.2.3", Optional.empty()))
          .isEqualTo("FakeMail 1.2.3 ready: " + listeners);
    }
  }

  @Test
  void readyLineListsEachImplicitTlsListenerAfterItsPlainOne() {
    FakeMailConfig config =
        FakeMailConfig.builder()
            .protocols(Protocol.IMAPS, Protocol.POP3S, Protocol.SMTP, Protocol.SMTPS)
            .build();
    try (StandaloneServer server = StandaloneServer.start(config)) {
      assertThat(server.readyLine("1.2.3", Optional.empty()))
          .isEqualTo(
              "FakeMail 1.2.3 ready: smtp=127.0.0.1:"
                  + server.server().smtpPort()
                  + " smtps=127.0.0.1:"
                  + server.server().smtpsPort()
                  + " pop3s=127.0.0.1:"
                  + server.server().pop3sPort()
                  + " imaps=127.0.0.1:"
                  + server.server().imapsPort());
    }
  }

  @Test
  void readyLineLeavesOutWhatIsOff() {
    FakeMailConfig config = FakeMailConfig.builder().protocols(Protocol.LMTP).build();
    try (StandaloneServer server = StandaloneServer.start(config)) {
      assertThat(server.readyLine("1.2.3", Optional.empty()))
          .isEqualTo("FakeMail 1.2.3 ready: lmtp=127.0.0.1:" + server.server().lmtpPort());
    }
  }

  @Test
  void readyLineShowsTheBoundAddress() {
    FakeMailConfig config = FakeMailConfig.builder().bindAddress("0.0.0.0").build();
    try (StandaloneServer server = StandaloneServer.start(config)) {
      assertThat(server.listeners())
          .containsExactly(
              Map.entry("smtp", "0.0.0.0:" + server.server().smtpPort()),
              Map.entry("pop3", "0.0.0.0:" + server.server().pop3Port()),
              Map.entry("imap", "0.0.0.0:" + server.server().imapPort()));
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
