package dev.fakemail.internal.http;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Writes JSON with Jackson's streaming generator: the API writes JSON and reads only the small rule
 * objects of {@code /api/v1/behaviors} ({@link RuleJson}), so data binding would add classes and
 * start-up time for nothing.
 */
final class Json {
  /** One factory per server is enough; it is thread-safe once configured. */
  private static final JsonFactory FACTORY = JsonFactory.builder().build();

  private static final DateTimeFormatter INSTANT =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter OFFSET_DATE_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX");

  /** Writes a JSON value to the generator. */
  @FunctionalInterface
  interface Writer {
    void write(JsonGenerator g) throws IOException;
  }

  private Json() {}

  /** The UTF-8 bytes of the JSON the writer writes. */
  static byte[] bytes(Writer writer) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(512);
    try (JsonGenerator g = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
      writer.write(g);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a ByteArrayOutputStream does not throw
    }
    return out.toByteArray();
  }

  /** {@code 2026-11-28T08:00:00.123Z}. */
  static String instant(Instant instant) {
    return INSTANT.format(instant);
  }

  /** {@code 2026-11-28T09:00:00+01:00} (RFC 3339). */
  static String dateTime(OffsetDateTime dateTime) {
    return OFFSET_DATE_TIME.format(dateTime);
  }

  /** Writes a string field, or null. */
  static void stringOrNull(JsonGenerator g, String field, String value) throws IOException {
    if (value == null) {
      g.writeNullField(field);
    } else {
      g.writeStringField(field, value);
    }
  }
}
