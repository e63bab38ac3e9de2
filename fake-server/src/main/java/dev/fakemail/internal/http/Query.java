package dev.fakemail.internal.http;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The decoded query parameters of a request, with checks that fail as 400 problems. */
final class Query {
  private final Map<String, List<String>> params;

  Query(Map<String, List<String>> params) {
    this.params = params;
  }

  boolean isEmpty() {
    return params.isEmpty();
  }

  Set<String> names() {
    return params.keySet();
  }

  /**
   * Fails on a parameter the route does not know: a misspelt filter would otherwise match every
   * message silently.
   */
  Query allowOnly(List<String> known) {
    for (String name : params.keySet()) {
      if (!known.contains(name)) {
        throw HttpProblem.badRequest(
            "Unknown parameter \"" + name + "\"; expected one of: " + String.join(", ", known));
      }
    }
    return this;
  }

  /** Every value of a repeatable parameter, in order. */
  List<String> all(String name) {
    return params.getOrDefault(name, List.of());
  }

  /** The value of a parameter given at most once. */
  Optional<String> single(String name) {
    List<String> values = all(name);
    if (values.size() > 1) {
      throw HttpProblem.badRequest(
          "Parameter " + name + " was given " + values.size() + " times; give it once");
    }
    return values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }

  /** An integer parameter in {@code [min, max]}. */
  int integer(String name, int defaultValue, int min, int max) {
    Optional<String> value = single(name);
    if (value.isEmpty()) {
      return defaultValue;
    }
    String v = value.get();
    try {
      long n = Long.parseLong(v.trim());
      if (n >= min && n <= max) {
        return (int) n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    String range = max == Integer.MAX_VALUE ? "of at least " + min : "from " + min + " to " + max;
    throw invalid(name, v, "expected an integer " + range);
  }

  /** An ISO-8601 duration parameter between zero and {@code max}. */
  Optional<Duration> duration(String name, Duration max) {
    Optional<String> value = single(name);
    if (value.isEmpty()) {
      return Optional.empty();
    }
    String v = value.get();
    Duration d;
    try {
      d = Duration.parse(v.trim());
    } catch (DateTimeParseException e) {
      throw invalid(name, v, "expected an ISO-8601 duration such as PT10S, at most " + max);
    }
    if (d.isNegative() || d.compareTo(max) > 0) {
      throw invalid(name, v, "expected a duration from PT0S to " + max);
    }
    return Optional.of(d);
  }

  /** A parameter with one of a few values. */
  Optional<String> oneOf(String name, List<String> values) {
    Optional<String> value = single(name);
    if (value.isPresent() && !values.contains(value.get())) {
      throw invalid(name, value.get(), "expected one of: " + String.join(", ", values));
    }
    return value;
  }

  static HttpProblem invalid(String name, String value, String expected) {
    return HttpProblem.badRequest(
        "Invalid parameter " + name + "=" + quote(value) + ": " + expected);
  }

  static String quote(String s) {
    return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }
}
