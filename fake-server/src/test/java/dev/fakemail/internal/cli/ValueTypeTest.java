package dev.fakemail.internal.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ValueTypeTest {

  @ParameterizedTest
  @CsvSource({
    "PT30S, PT30S",
    "pt30s, PT30S",
    "PT1M30S, PT1M30S",
    "P1D, PT24H",
    "30s, PT30S",
    "5m, PT5M",
    "250ms, PT0.25S",
    "2h, PT2H",
    "1d, PT24H",
    "1m30s, PT1M30S",
    "1h30m15s500ms, PT1H30M15.5S",
    "30S, PT30S",
    "0, PT0S",
    "0s, PT0S",
    "' 10s ', PT10S"
  })
  void readsDurations(String text, String expected) {
    assertThat(ValueType.duration().parse(text)).isEqualTo(Duration.parse(expected));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"", "30", "5 m", "-5s", "PT-5S", "-PT5S", "5min", "1.5s", "s", "PTS", "m5"})
  void rejectsOtherDurations(String text) {
    assertThatThrownBy(() -> ValueType.duration().parse(text))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @CsvSource({
    "PT0S, 0",
    "PT5M, 5m",
    "PT0.25S, 250ms",
    "PT1H30M15.5S, 1h30m15s500ms",
    "PT48H, 2d",
    "PT0.000001S, PT0.000001S"
  })
  void formatsDurationsReadably(String duration, String expected) {
    assertThat(ValueType.duration().format(Duration.parse(duration))).isEqualTo(expected);
    assertThat(ValueType.duration().parse(expected)).isEqualTo(Duration.parse(duration));
  }

  @ParameterizedTest
  @CsvSource({
    "0, 0",
    "1024, 1024",
    "10B, 10",
    "10KB, 10000",
    "10kb, 10000",
    "10KiB, 10240",
    "10 KiB, 10240",
    "2MB, 2000000",
    "2MiB, 2097152",
    "1GB, 1000000000",
    "1GiB, 1073741824",
    "' 64mib ', 67108864"
  })
  void readsSizes(String text, long bytes) {
    assertThat(ValueType.size(Long.MAX_VALUE).parse(text)).isEqualTo(bytes);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "-1",
        "1.5MiB",
        "10XB",
        "10 K",
        "MiB",
        "99999999999999999999",
        "9999999999GiB"
      })
  void rejectsOtherSizes(String text) {
    assertThatThrownBy(() -> ValueType.size(Long.MAX_VALUE).parse(text))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @CsvSource({"0, 0", "64, 64", "65536, 64KiB", "67108864, 64MiB", "2000, 2KB", "1500, 1500"})
  void formatsSizes(long bytes, String expected) {
    assertThat(ValueType.size(Long.MAX_VALUE).format(bytes)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"2GiB", "2147483648"})
  void sizeRespectsItsMaximum(String text) {
    assertThatThrownBy(() -> ValueType.size(Integer.MAX_VALUE).parse(text))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @CsvSource({"0, 0", "1025, 1025", "65535, 65535", "' 25 ', 25"})
  void readsPorts(String text, int port) {
    assertThat(ValueType.port().parse(text)).isEqualTo(port);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "-1", "65536", "+25", "2.5", "smtp", "99999999999"})
  void rejectsOtherPorts(String text) {
    assertThatThrownBy(() -> ValueType.port().parse(text))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @CsvSource({"1, 1", "63, 63"})
  void readsIntegersInRange(String text, int expected) {
    assertThat(ValueType.integer(1, 63).parse(text)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "64", "-1"})
  void rejectsIntegersOutOfRange(String text) {
    assertThatThrownBy(() -> ValueType.integer(1, 63).parse(text))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @CsvSource({
    "true, true",
    "TRUE, true",
    "yes, true",
    "on, true",
    "1, true",
    "false, false",
    "No, false",
    "off, false",
    "0, false"
  })
  void readsBooleans(String text, boolean expected) {
    assertThat(ValueType.bool().parse(text)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "y", "2", "enabled"})
  void rejectsOtherBooleans(String text) {
    assertThatThrownBy(() -> ValueType.bool().parse(text))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @CsvSource({"127.0.0.1, 127.0.0.1", "0.0.0.0, 0.0.0.0", "::1, 0:0:0:0:0:0:0:1"})
  void readsAddressLiterals(String text, String expected) throws Exception {
    InetAddress address = ValueType.address().parse(text);
    assertThat(address.getHostAddress()).isEqualTo(expected);
    assertThat(address).isEqualTo(InetAddress.getByName(expected));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "  ", "[::1"})
  void rejectsMalformedAddresses(String text) {
    assertThatThrownBy(() -> ValueType.address().parse(text))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
