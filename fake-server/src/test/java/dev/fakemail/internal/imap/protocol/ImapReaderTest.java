package dev.fakemail.internal.imap.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ImapReaderTest {
  private static ImapReader reader(String s) {
    return new ImapReader(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void readsAtomsQuotedStringsAndLiterals() {
    ImapReader r = reader("a1 LOGIN \"b\\\"o\\\\b\" {4}\r\npass {2+}\r\nx) NIL");
    assertThat(r.tag()).isEqualTo("a1");
    r.sp();
    assertThat(r.atom()).isEqualTo("LOGIN");
    r.sp();
    assertThat(r.astring()).isEqualTo("b\"o\\b");
    r.sp();
    assertThat(r.astring()).isEqualTo("pass");
    r.sp();
    assertThat(r.string()).isEqualTo("x)");
    r.sp();
    assertThat(r.nstring()).isNull();
    r.end();
  }

  @Test
  void astringMayHoldAClosingBracket() {
    assertThat(reader("a]b").astring()).isEqualTo("a]b");
  }

  @Test
  void refusesBadEscapesAndUnterminatedStrings() {
    assertThatThrownBy(() -> reader("\"a\\b\"").string())
        .hasMessage("Invalid escape in a quoted string");
    assertThatThrownBy(() -> reader("\"abc").string()).hasMessage("Missing '\"'");
    assertThatThrownBy(() -> reader("{5}\r\nab").string()).hasMessage("Broken literal");
  }

  @Test
  void readsSequenceSetsWithStar() {
    SequenceSet set = reader("1:3,7,*:9").sequenceSet();
    assertThat(set.contains(2, 20)).isTrue();
    assertThat(set.contains(5, 20)).isFalse();
    assertThat(set.contains(15, 20)).isTrue();
    assertThat(set.contains(8, 20)).isFalse();
    assertThat(set.contains(9, 20)).isTrue();
    assertThat(set.max(20)).isEqualTo(20);
    assertThat(set).hasToString("1:3,7,9:*");
    assertThat(reader("5:*").sequenceSet().contains(3, 3)).isTrue(); // 5:* is 3:5 when * is 3
    assertThat(set.ranges(20))
        .containsExactly(new long[] {1, 3}, new long[] {7, 7}, new long[] {9, 20});
    assertThat(reader("5:*").sequenceSet().ranges(3)).containsExactly(new long[] {3, 5});
  }

  @Test
  void refusesBadSequenceSetsAndSearchres() {
    assertThatThrownBy(() -> reader("0").sequenceSet()).hasMessage("Invalid messageset");
    assertThatThrownBy(() -> reader("1:x").sequenceSet()).hasMessage("Invalid messageset");
    assertThatThrownBy(() -> reader("1,").sequenceSet()).hasMessage("Invalid messageset");
    assertThatThrownBy(() -> reader("$").sequenceSet())
        .hasMessage("$ needs SEARCHRES, which this server does not support");
  }

  @Test
  void readsFlagListsAndDates() {
    assertThat(reader("(\\Seen $Junk)").flagList()).containsExactly("\\Seen", "$Junk");
    assertThat(reader("()").flagList()).isEmpty();
    assertThat(reader("1-Feb-1994").date()).isEqualTo(LocalDate.of(1994, 2, 1));
    assertThat(reader("\"17-Jul-1996\"").date()).isEqualTo(LocalDate.of(1996, 7, 17));
    assertThat(reader("\" 7-Feb-1994 21:52:25 -0800\"").dateTime())
        .isEqualTo(OffsetDateTime.of(1994, 2, 7, 21, 52, 25, 0, ZoneOffset.ofHours(-8)));
    assertThatThrownBy(() -> reader("31-Feb-1994").date()).hasMessage("Invalid date: 31-Feb-1994");
    assertThatThrownBy(() -> reader("\"7-Feb-1994 21:52:25\"").dateTime())
        .hasMessage("Invalid date-time: 7-Feb-1994 21:52:25");
  }
}
