package dev.fakemail.internal.imap.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** RFC 3501 §5.1.3 and its example. */
class ModifiedUtf7Test {
  @Test
  void encodesAndDecodesTheRfcExample() {
    String name = "~peter/mail/\u53f0\u5317/\u65e5\u672c\u8a9e";
    assertThat(ModifiedUtf7.encode(name)).isEqualTo("~peter/mail/&U,BTFw-/&ZeVnLIqe-");
    assertThat(ModifiedUtf7.decode("~peter/mail/&U,BTFw-/&ZeVnLIqe-")).isEqualTo(name);
  }

  @Test
  void escapesTheAmpersandAndEncodesAccents() {
    assertThat(ModifiedUtf7.encode("R&D")).isEqualTo("R&-D");
    assertThat(ModifiedUtf7.decode("R&-D")).isEqualTo("R&D");
    assertThat(ModifiedUtf7.encode("Entw\u00fcrfe")).isEqualTo("Entw&APw-rfe");
    assertThat(ModifiedUtf7.decode("Entw&APw-rfe")).isEqualTo("Entw\u00fcrfe");
    assertThat(ModifiedUtf7.decode(ModifiedUtf7.encode("\ud83d\ude00 mail")))
        .isEqualTo("\ud83d\ude00 mail");
  }

  @Test
  void refusesWhatIsNotModifiedUtf7() {
    assertThatThrownBy(() -> ModifiedUtf7.decode("Entw\u00fcrfe"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ModifiedUtf7.decode("a&APw"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> ModifiedUtf7.decode("&AGE-")) // encodes "a", which must stand for itself
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ModifiedUtf7.decode("&U/BTFw-")) // "/" instead of ","
        .isInstanceOf(IllegalArgumentException.class);
  }
}
