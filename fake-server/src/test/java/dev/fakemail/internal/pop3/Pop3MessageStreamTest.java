package dev.fakemail.internal.pop3;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The wire form of a stored message: CRLF line endings, dot-stuffing, terminator, TOP. */
class Pop3MessageStreamTest {

  @Test
  void passesCrlfMessagesThroughAndEndsThem() throws IOException {
    assertThat(wire("a\r\nb\r\n", -1)).isEqualTo("a\r\nb\r\n.\r\n");
    assertThat(wire("", -1)).as("an empty message").isEqualTo(".\r\n");
  }

  @Test
  void stuffsEveryLineThatStartsWithADot() throws IOException {
    assertThat(wire(".\r\n..\r\n.x\r\nx.\r\n", -1)).isEqualTo("..\r\n...\r\n..x\r\nx.\r\n.\r\n");
    assertThat(wire(".first", -1)).isEqualTo("..first\r\n.\r\n");
    assertThat(wire("a\n.\nb", -1)).as("after bare LFs too").isEqualTo("a\r\n..\r\nb\r\n.\r\n");
  }

  @Test
  void makesEveryLineEndACrlf() throws IOException {
    assertThat(wire("a\nb\n", -1)).isEqualTo("a\r\nb\r\n.\r\n");
    assertThat(wire("a\r\nb", -1)).isEqualTo("a\r\nb\r\n.\r\n");
    assertThat(wire("a\r", -1)).isEqualTo("a\r\n.\r\n");
    assertThat(wire("a\rb\r\n", -1)).as("a bare CR inside a line stays").isEqualTo("a\rb\r\n.\r\n");
    assertThat(wire("\n\n", -1)).isEqualTo("\r\n\r\n.\r\n");
  }

  @Test
  void topSendsTheHeaderAndTheFirstBodyLines() throws IOException {
    String message = "A: 1\r\nB: 2\r\n\r\none\r\n.two\r\nthree\r\n";
    assertThat(wire(message, 0)).isEqualTo("A: 1\r\nB: 2\r\n\r\n.\r\n");
    assertThat(wire(message, 1)).isEqualTo("A: 1\r\nB: 2\r\n\r\none\r\n.\r\n");
    assertThat(wire(message, 2)).isEqualTo("A: 1\r\nB: 2\r\n\r\none\r\n..two\r\n.\r\n");
    assertThat(wire(message, Long.MAX_VALUE)).isEqualTo(wire(message, -1));
    assertThat(wire("A: 1\nB: 2", 0)).as("no body at all").isEqualTo("A: 1\r\nB: 2\r\n.\r\n");
    assertThat(wire("A: 1\n\nbody", 5)).isEqualTo("A: 1\r\n\r\nbody\r\n.\r\n");
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 7, 8192, 100_000})
  void readsTheSameInAnyChunkSize(int chunk) throws IOException {
    StringBuilder sb = new StringBuilder("Subject: chunks\n\n");
    Random random = new Random(chunk);
    for (int i = 0; i < 3000; i++) {
      sb.append(random.nextInt(4) == 0 ? "." : "").append("line ").append(i);
      sb.append(random.nextBoolean() ? "\r\n" : "\n");
    }
    String expected =
        sb.toString().replace("\r\n", "\n").replace("\n", "\r\n").replace("\r\n.", "\r\n..")
            + ".\r\n";

    Pop3MessageStream stream = stream(sb.toString(), -1);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[chunk];
    int n;
    while ((n = stream.read(buffer, 0, chunk)) >= 0) {
      assertThat(n).as("never an empty read before the end").isPositive();
      out.write(buffer, 0, n);
    }
    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(expected);
  }

  @Test
  void availableIsPositiveUntilTheEndAndZeroAfterIt() throws IOException {
    Pop3MessageStream stream = stream("a\r\n", -1);
    assertThat(stream.available()).isPositive();
    assertThat(stream.read()).isEqualTo('a');
    assertThat(new String(stream.readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("\r\n.\r\n");
    assertThat(stream.available()).isZero();
    assertThat(stream.read()).isEqualTo(-1);

    Pop3MessageStream top = stream("A: 1\r\n\r\nbody\r\nmore\r\n", 0);
    assertThat(new String(top.readAllBytes(), StandardCharsets.US_ASCII))
        .isEqualTo("A: 1\r\n\r\n.\r\n");
    assertThat(top.available()).as("the unsent body is not available").isZero();
  }

  private static String wire(String raw, long lines) throws IOException {
    return new String(stream(raw, lines).readAllBytes(), StandardCharsets.UTF_8);
  }

  private static Pop3MessageStream stream(String raw, long lines) {
    return new Pop3MessageStream(
        new ByteArrayInputStream(raw.getBytes(StandardCharsets.UTF_8)), lines);
  }
}
