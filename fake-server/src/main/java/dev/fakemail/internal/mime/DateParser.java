package dev.fakemail.internal.mime;

import java.io.StringReader;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import org.apache.james.mime4j.dom.datetime.DateTime;
import org.apache.james.mime4j.field.datetime.parser.DateTimeParser;
import org.apache.james.mime4j.field.datetime.parser.ParseException;

/** RFC 5322 {@code Date} values, with the sender's UTC offset kept. */
final class DateParser {
  private DateParser() {}

  static Optional<OffsetDateTime> parse(String rawValue) {
    String value = stripComments(rawValue).trim().replaceAll("\\s+", " ");
    try {
      return Optional.of(OffsetDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME));
    } catch (DateTimeParseException e) {
      // fall through to the lenient parser (two-digit years, obsolete zones, missing weekday…)
    }
    try {
      DateTimeParser parser = new DateTimeParser(new StringReader(value));
      DateTime parsed = parser.parseAll();
      int zone = parsed.getTimeZone();
      ZoneOffset offset = ZoneOffset.ofHoursMinutes(zone / 100, zone % 100);
      // field by field: an impossible date (31 Feb, 25:00) is rejected, not rolled over
      return Optional.of(
          OffsetDateTime.of(
              parsed.getYear(),
              parsed.getMonth(),
              parsed.getDay(),
              parsed.getHour(),
              parsed.getMinute(),
              parsed.getSecond(),
              0,
              offset));
    } catch (ParseException | RuntimeException | Error e) {
      return Optional.empty();
    }
  }

  private static String stripComments(String value) {
    if (value.indexOf('(') < 0) {
      return value;
    }
    StringBuilder sb = new StringBuilder(value.length());
    int depth = 0;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '(') {
        depth++;
      } else if (c == ')' && depth > 0) {
        depth--;
      } else if (depth == 0) {
        sb.append(c);
      }
    }
    return sb.toString();
  }
}
