package dev.fakemail.internal.imap.message;

import dev.fakemail.Envelope;
import dev.fakemail.ReceivedMail;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/** Views of test messages. */
final class Fetch {
  private Fetch() {}

  static ImapMessageView view(String message) {
    return view(message.getBytes(StandardCharsets.UTF_8));
  }

  static ImapMessageView view(byte[] message) {
    return new ImapMessageView(
        ReceivedMail.of(
            "1", Instant.EPOCH, Envelope.builder().mailFrom("a@example.test").build(), message));
  }

  /** The lines joined, each ending with CRLF. */
  static String crlf(String... lines) {
    return String.join("\r\n", lines) + "\r\n";
  }

  static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
