package dev.fakemail.internal.net.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The DER encodings the generated certificate is made of (X.690 §8, §10, §11). */
class DerTest {
  @Test
  void objectIdentifiersUseBase128WithTheFirstTwoArcsCombined() {
    // ecdsa-with-SHA256, as RFC 5758 §3.2 lists its encoding
    assertThat(Der.oid("1.2.840.10045.4.3.2"))
        .containsExactly(0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x02);
    assertThat(Der.oid("2.5.29.17")).containsExactly(0x06, 0x03, 0x55, 0x1d, 0x11);
  }

  @Test
  void lengthsAboveSevenBitsUseTheLongForm() {
    assertThat(Arrays.copyOf(Der.octetString(new byte[127]), 2)).containsExactly(0x04, 0x7f);
    assertThat(Arrays.copyOf(Der.octetString(new byte[200]), 3)).containsExactly(0x04, 0x81, 0xc8);
    assertThat(Arrays.copyOf(Der.octetString(new byte[300]), 4))
        .containsExactly(0x04, 0x82, 0x01, 0x2c);
    assertThat(Der.octetString(new byte[300])).hasSize(304);
  }

  @Test
  void timesAreUtcTimeThrough2049AndGeneralizedTimeFrom2050() {
    byte[] utc = Der.time(ZonedDateTime.of(2049, 12, 31, 23, 59, 58, 0, ZoneOffset.ofHours(-1)));
    assertThat(utc[0]).isEqualTo((byte) 0x18); // 2050-01-01T00:59:58Z after conversion to UTC
    assertThat(new String(utc, 2, utc.length - 2, StandardCharsets.US_ASCII))
        .isEqualTo("20500101005958Z");
    byte[] before = Der.time(ZonedDateTime.of(2036, 3, 4, 5, 6, 7, 0, ZoneOffset.UTC));
    assertThat(before[0]).isEqualTo((byte) 0x17);
    assertThat(new String(before, 2, before.length - 2, StandardCharsets.US_ASCII))
        .isEqualTo("360304050607Z");
  }

  @Test
  void integersAreTwosComplementWithALeadingZeroForTheHighBit() {
    assertThat(Der.integer(BigInteger.TWO)).containsExactly(0x02, 0x01, 0x02);
    assertThat(Der.integer(BigInteger.valueOf(128))).containsExactly(0x02, 0x02, 0x00, 0x80);
    assertThat(Der.bitString(7, new byte[] {(byte) 0x80})).containsExactly(0x03, 0x02, 0x07, 0x80);
  }
}
