package dev.fakemail;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The idle timeout (RFC 3501 §5.4 autologout): a silent session is closed, an IDLE one is kept. */
class ImapTimeoutTest {
  @Test
  void closesASilentSessionButKeepsAnIdlingOne() {
    try (FakeMailServer server =
        FakeMailServer.start(
            FakeMailConfig.builder()
                .protocols(Protocol.IMAP)
                .idleTimeout(Duration.ofMillis(300))
                .build())) {
      try (ImapWire silent = ImapWire.connect(server)) {
        assertThat(silent.response()).isEqualTo("* BYE Disconnected for inactivity.\r\n");
        assertThat(silent.readUntilClosed()).isEmpty();
      }
      try (ImapWire idling = ImapWire.login(server, "bob@example.test")) {
        idling.write("i IDLE\r\n");
        assertThat(idling.response()).isEqualTo("+ idling\r\n");
        assertThat(idling.response()).isEqualTo("* OK Still here\r\n");
        assertThat(idling.response()).isEqualTo("* OK Still here\r\n");
        idling.write("DONE\r\n");
        assertThat(idling.response()).isEqualTo("i OK Idle completed.\r\n");
      }
    }
  }
}
