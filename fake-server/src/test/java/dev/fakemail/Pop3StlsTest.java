package dev.fakemail;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.Folder;
import jakarta.mail.Session;
import jakarta.mail.Store;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** STLS on POP3 (RFC 2595 §4): a real client that requires it, and the wire-level rules. */
class Pop3StlsTest {
  private static FakeMailServer server;

  @BeforeAll
  static void start() {
    server = FakeMailServer.start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void angusWithStartTlsRequiredReadsUsingOnlyServerTlsForTrust() throws Exception {
    server.deliver(
        "carol@example.test",
        "Subject: Over STLS\r\n\r\nhi\r\n".getBytes(StandardCharsets.US_ASCII));
    Properties props = server.tls().mailProperties(Protocol.POP3, TlsMode.STARTTLS);
    try (Store store = Session.getInstance(props).getStore()) {
      store.connect("carol@example.test", "any");
      Folder inbox = store.getFolder("INBOX");
      inbox.open(Folder.READ_ONLY);
      assertThat(inbox.getMessages()).extracting(m -> m.getSubject()).contains("Over STLS");
      inbox.close(false);
    }
  }

  @Test
  void capaOffersStlsOnlyBeforeTlsAndUserIsForgotten() {
    try (Pop3Wire plain = Pop3Wire.connect(server)) {
      assertThat(plain.sendMulti("CAPA")).contains("STLS");
      assertThat(plain.send("STLS")).startsWith("+OK");
      try (Pop3Wire tls = plain.startTls(server.tls().socketFactory(), "localhost")) {
        assertThat(tls.sendMulti("CAPA")).doesNotContain("STLS");
        assertThat(tls.send("STLS")).startsWith("-ERR");
        assertThat(tls.send("USER dave@example.test")).startsWith("+OK");
        assertThat(tls.send("PASS x")).startsWith("+OK Welcome ");
      }
    }
  }

  @Test
  void commandsPipelinedAfterStlsAreDiscarded() {
    try (Pop3Wire plain = Pop3Wire.connect(server)) {
      plain.write("STLS\r\nUSER evil@example.test\r\nNO");
      assertThat(plain.line()).startsWith("+OK");
      try (Pop3Wire tls = plain.startTls(server.tls().socketFactory(), "127.0.0.1")) {
        assertThat(tls.send("NOOP")).startsWith("-ERR"); // NOOP is for TRANSACTION only
        assertThat(tls.send("PASS x")).startsWith("-ERR"); // the pipelined USER was dropped
      }
    }
  }
}
