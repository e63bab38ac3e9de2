package dev.fakemail.internal.imap.message;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** IMAP strings as Dovecot writes them: quoted when it can, literal when it must. */
class ImapStringsTest {

  @Test
  void quotesShortSevenBitStringsAndEscapesUpToFourSpecials() {
    assertThat(string("plain")).isEqualTo("\"plain\"");
    assertThat(string("a \"b\" \\c")).isEqualTo("\"a \\\"b\\\" \\\\c\"");
    assertThat(string("\"1\" \"2\" \"")).isEqualTo("{9}\r\n\"1\" \"2\" \"");
    assertThat(string("")).isEqualTo("\"\"");
  }

  @Test
  void eightBitLineBreaksAndLongStringsAreLiterals() {
    assertThat(string("Grüße")).isEqualTo("{7}\r\nGrüße");
    assertThat(string("a\r\nb")).isEqualTo("{4}\r\na\r\nb");
    assertThat(string("x".repeat(1025))).startsWith("{1025}\r\nxxx");
    assertThat(string("x".repeat(1024))).startsWith("\"xxx");
  }

  @Test
  void nilForNull() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImapStrings.nstring(out, null);
    assertThat(out.toString(StandardCharsets.US_ASCII)).isEqualTo("NIL");
  }

  @Test
  void textForHumansHasItsWhiteSpaceCollapsed() {
    assertThat(forHumans("Hello world")).isEqualTo("\"Hello world\"");
    assertThat(forHumans("  Hello \t\n world  ")).isEqualTo("{11}\r\nHello world");
    assertThat(forHumans("say \"hi\"")).isEqualTo("{8}\r\nsay \"hi\"");
    assertThat(forHumans("   ")).isEqualTo("\"\"");
    assertThat(forHumans("")).isEqualTo("\"\"");
    assertThat(forHumans("ü")).isEqualTo("{2}\r\nü");
  }

  @Test
  void unfoldedValuesLoseTheirLineBreaksButKeepASpace() {
    assertThat(unfolded("<a@x>\n\t<b@x>")).isEqualTo("\"<a@x>\t<b@x>\"");
    assertThat(unfolded("\n <id@x>")).isEqualTo("\" <id@x>\"");
    assertThat(unfolded("a\nb")).isEqualTo("\"a b\"");
  }

  private static String string(String s) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImapStrings.string(out, s);
    return out.toString(StandardCharsets.UTF_8);
  }

  private static String forHumans(String s) {
    ByteBuilder out = new ByteBuilder();
    ImapStrings.stringForHumans(out, s.getBytes(StandardCharsets.UTF_8));
    return new String(out.toByteArray(), StandardCharsets.UTF_8);
  }

  private static String unfolded(String s) {
    ByteBuilder out = new ByteBuilder();
    ImapStrings.nstringUnfolded(out, s.getBytes(StandardCharsets.UTF_8));
    return new String(out.toByteArray(), StandardCharsets.UTF_8);
  }
}
