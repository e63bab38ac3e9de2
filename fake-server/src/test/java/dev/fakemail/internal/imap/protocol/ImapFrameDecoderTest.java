package dev.fakemail.internal.imap.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Framing of commands, literals and limits, fed in pieces split at every possible place. */
class ImapFrameDecoderTest {
  private static List<String> decode(ImapFrameDecoder decoder, ByteBuf in, String input) {
    in.writeCharSequence(input, StandardCharsets.ISO_8859_1);
    List<String> frames = new ArrayList<>();
    ImapFrameDecoder.Frame f;
    while ((f = decoder.next(in)) != null) {
      frames.add(f.toString());
    }
    in.discardReadBytes();
    return frames;
  }

  /** The frames of the input fed in one piece, and fed split at every index, must be the same. */
  private static List<String> framesSplitEverywhere(String input, int maxLine, long maxLiteral) {
    List<String> whole =
        decode(new ImapFrameDecoder(maxLine, maxLiteral), Unpooled.buffer(), input);
    for (int i = 1; i < input.length(); i++) {
      ImapFrameDecoder d = new ImapFrameDecoder(maxLine, maxLiteral);
      ByteBuf in = Unpooled.buffer();
      List<String> split = new ArrayList<>(decode(d, in, input.substring(0, i)));
      split.addAll(decode(d, in, input.substring(i)));
      assertThat(split).as("split at %d", i).isEqualTo(whole);
    }
    for (int step = 1; step <= 3; step++) {
      ImapFrameDecoder d = new ImapFrameDecoder(maxLine, maxLiteral);
      ByteBuf in = Unpooled.buffer();
      List<String> bytewise = new ArrayList<>();
      for (int i = 0; i < input.length(); i += step) {
        bytewise.addAll(decode(d, in, input.substring(i, Math.min(input.length(), i + step))));
      }
      assertThat(bytewise).as("fed %d bytes at a time", step).isEqualTo(whole);
    }
    return whole;
  }

  @Test
  void framesLinesEndedByCrlfOrLf() {
    assertThat(framesSplitEverywhere("a NOOP\r\nb CAPABILITY\nc LOGOUT\r\n", 100, 100))
        .containsExactly("Command[a NOOP]", "Command[b CAPABILITY]", "Command[c LOGOUT]");
  }

  @Test
  void asksForContinuationBeforeASynchronisingLiteral() {
    assertThat(framesSplitEverywhere("a LOGIN {3}\r\nbob {6}\r\nsecret\r\nb NOOP\r\n", 100, 100))
        .containsExactly(
            "Continue", "Continue", "Command[a LOGIN {3}\r\nbob {6}\r\nsecret]", "Command[b NOOP]");
  }

  @Test
  void readsLiteralPlusWithoutContinuation() {
    assertThat(framesSplitEverywhere("a LOGIN {3+}\r\nbob {0+}\r\n\r\n", 100, 100))
        .containsExactly("Command[a LOGIN {3+}\r\nbob {0+}\r\n]");
  }

  @Test
  void literalBytesMayHoldCrLfAndBraces() {
    assertThat(framesSplitEverywhere("a APPEND x {7+}\r\n{1}\r\n\nx\r\n", 100, 100))
        .containsExactly("Command[a APPEND x {7+}\r\n{1}\r\n\nx]");
  }

  @Test
  void refusesAnOverLongLineAndReadsTheNextInStep() {
    String longLine = "t1 LOGIN " + "x".repeat(50) + "\r\n";
    assertThat(framesSplitEverywhere(longLine + "t2 NOOP\r\n", 20, 100))
        .containsExactly("LineTooLong[t1]", "Command[t2 NOOP]");
  }

  @Test
  void refusesATooBigSynchronisingLiteralAtOnce() {
    assertThat(framesSplitEverywhere("a APPEND x {101}\r\nb NOOP\r\n", 100, 100))
        .containsExactly("LiteralTooBig[a, 101]", "Command[b NOOP]");
  }

  @Test
  void dropsATooBigLiteralPlusAndTheRestOfItsCommand() {
    String input = "a APPEND x {12+}\r\nhello world!  {3+}\r\nabc\r\nb NOOP\r\n";
    assertThat(framesSplitEverywhere(input, 100, 10))
        .containsExactly("LiteralTooBig[a, 12]", "Command[b NOOP]");
  }

  @Test
  void reportsAStarTagWhenTheLineHasNone() {
    assertThat(framesSplitEverywhere("+" + "y".repeat(40) + "\r\n", 20, 100))
        .containsExactly("LineTooLong[*]");
  }
}
