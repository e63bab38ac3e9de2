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

/** STARTTLS on IMAP (RFC 3501 §6.2.1): a real client that requires it, and the wire rules. */
class ImapStartTlsTest {
  private static final String CAPS = ImapTranscriptTest.CAPS;
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
        "erin@example.test",
        "Subject: Over IMAP TLS\r\n\r\nhi\r\n".getBytes(StandardCharsets.US_ASCII));
    Properties props = server.tls().mailProperties(Protocol.IMAP, TlsMode.STARTTLS);
    try (Store store = Session.getInstance(props).getStore()) {
      store.connect("erin@example.test", "any");
      Folder inbox = store.getFolder("INBOX");
      inbox.open(Folder.READ_ONLY);
      assertThat(inbox.getMessages()).extracting(m -> m.getSubject()).contains("Over IMAP TLS");
      inbox.close(false);
    }
  }

  @Test
  void capabilityOffersStartTlsOnlyBeforeTlsAndLogin() {
    try (ImapWire plain = ImapWire.connect(server)) {
      assertThat(plain.greeting()).contains(" STARTTLS AUTH=PLAIN AUTH=LOGIN");
      assertThat(plain.send("a STARTTLS")).isEqualTo("a OK Begin TLS negotiation now.\r\n");
      try (ImapWire tls = plain.startTls(server.tls().socketFactory(), "localhost")) {
        assertThat(tls.send("b CAPABILITY"))
            .isEqualTo(
                "* CAPABILITY "
                    + ImapTranscriptTest.CAPS_TLS
                    + "\r\nb OK Capability completed.\r\n");
        assertThat(tls.send("c STARTTLS")).isEqualTo("c BAD TLS is already active.\r\n");
        assertThat(tls.send("d LOGIN erin@example.test x"))
            .isEqualTo("d OK [CAPABILITY " + CAPS + "] Logged in\r\n");
      }
    }
  }

  @Test
  void startTlsAfterLoginIsRefused() {
    try (ImapWire imap = ImapWire.login(server, "erin@example.test")) {
      assertThat(imap.send("a STARTTLS"))
          .isEqualTo("a BAD STARTTLS is only allowed before login.\r\n");
      assertThat(imap.send("b CAPABILITY")).doesNotContain("STARTTLS");
    }
  }

  @Test
  void commandsPipelinedAfterStartTlsAreDiscarded() {
    try (ImapWire plain = ImapWire.connect(server)) {
      plain.write("a STARTTLS\r\nb LOGIN evil@example.test x\r\nc NO");
      assertThat(plain.until("a")).isEqualTo("a OK Begin TLS negotiation now.\r\n");
      try (ImapWire tls = plain.startTls(server.tls().socketFactory(), "127.0.0.1")) {
        // Still not logged in, and the half line did not join the first command over TLS.
        assertThat(tls.send("d NOOP")).isEqualTo("d OK NOOP completed.\r\n");
        assertThat(tls.send("e SELECT INBOX")).startsWith("e BAD");
      }
    }
  }
}
