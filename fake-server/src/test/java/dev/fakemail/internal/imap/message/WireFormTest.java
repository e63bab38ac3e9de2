package dev.fakemail.internal.imap.message;

import static dev.fakemail.internal.imap.message.Fetch.text;
import static dev.fakemail.internal.imap.message.Fetch.view;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fakemail.Envelope;
import dev.fakemail.ReceivedMail;
import dev.fakemail.internal.store.MailboxMessage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code full()}, {@code fullStream()} and {@code size()}: the CRLF form of the stored bytes. */
class WireFormTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "Subject: crlf\r\n\r\nbody\r\n",
        "Subject: lf\n\nbody\nmore\n",
        "Subject: mixed\r\n\nbody\r\nmore\n",
        "Subject: no final line ending\r\n\r\nbody",
        "Subject: final CR\r\n\r\nbody\r",
        "Subject: bare CR\r\n\r\na\rb\r\n",
        "\n",
        "x",
        ""
      })
  void sizeIsTheStoresCanonicalSizeAndFullHasThatLength(String message) throws IOException {
    byte[] raw = message.getBytes(StandardCharsets.UTF_8);
    ImapMessageView v = view(raw);
    long expected =
        MailboxMessage.canonicalSize(
            ReceivedMail.of("1", Instant.EPOCH, Envelope.builder().build(), raw));
    assertThat(v.size()).isEqualTo(expected);
    byte[] full = v.full();
    assertThat((long) full.length).isEqualTo(expected);
    assertThat(text(full).replace("\r\n", "")).doesNotContain("\n");
    assertThat(readInOddChunks(v.fullStream())).isEqualTo(full);
    assertThat(readInOddChunks(view(raw).fullStream())).isEqualTo(full); // before size()
    assertThat(view(raw).full()).isEqualTo(full); // full() first
  }

  @ParameterizedTest
  @ValueSource(strings = {"a\nb\n", "a\r\nb", "a\rb\r\n", "\n\n\n", "a\r", "a\n"})
  void convertsLineEndingsAsThePop3WireFormDoes(String message) {
    String expected = message.replace("\r\n", "\n").replace("\n", "\r\n").replaceAll("\r$", "\r\n");
    if (!expected.endsWith("\r\n")) {
      expected += "\r\n";
    }
    assertThat(text(view(message).full())).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void aNulGoesOutAs0x80(boolean crlf) throws IOException {
    byte[] raw =
        (crlf ? "S: x\r\n\r\na\0b\r\n" : "S: x\n\na\0b\n").getBytes(StandardCharsets.UTF_8);
    byte[] expected = "S: x\r\n\r\na\u0080b\r\n".getBytes(StandardCharsets.ISO_8859_1);
    assertThat(view(raw).full()).isEqualTo(expected);
    assertThat(readInOddChunks(view(raw).fullStream())).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void aStoredCrlfMessageIsServedAsStored(boolean sizeFirst) {
    byte[] raw = "Subject: x\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII);
    ImapMessageView v = view(raw);
    if (sizeFirst) {
      assertThat(v.size()).isEqualTo(raw.length);
    }
    byte[] first = v.full();
    byte[] second = v.full();
    assertThat(first).isEqualTo(raw).isNotSameAs(second); // a fresh copy each time
    first[0] = 'X';
    assertThat(v.full()).isEqualTo(raw);
  }

  private static byte[] readInOddChunks(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[3];
    int n;
    int round = 0;
    while ((n = in.read(buffer, 0, 1 + (round++ % 3))) > 0) {
      out.write(buffer, 0, n);
    }
    int single = in.read();
    assertThat(single).isEqualTo(-1);
    return out.toByteArray();
  }
}
