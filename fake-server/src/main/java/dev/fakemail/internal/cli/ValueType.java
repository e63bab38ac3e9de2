package dev.fakemail.internal.cli;

import dev.fakemail.AuthMechanism;
import dev.fakemail.FakeMailConfig;
import dev.fakemail.Protocol;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.StringJoiner;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How an option's text value is read and shown: a placeholder for the usage ({@code PORT}), the
 * accepted form in words (quoted verbatim in error messages), a parser and a formatter whose output
 * the parser reads back.
 *
 * <p>Immutable; the factories are the only instances.
 *
 * @param <T> the parsed value's type
 */
public final class ValueType<T> {
  private static final Pattern INTEGER = Pattern.compile("[0-9]+");
  private static final Pattern SIZE =
      Pattern.compile("([0-9]+)\\s*(b|kb|mb|gb|kib|mib|gib)?", Pattern.CASE_INSENSITIVE);
  private static final Pattern DURATION_PART =
      Pattern.compile("([0-9]+)(ms|s|m|h|d)", Pattern.CASE_INSENSITIVE);
  private static final Pattern DURATION =
      Pattern.compile("(" + DURATION_PART.pattern() + ")+", Pattern.CASE_INSENSITIVE);

  private final String placeholder;
  private final String form;
  private final Function<String, T> parser;
  private final Function<T, String> formatter;

  private ValueType(
      String placeholder, String form, Function<String, T> parser, Function<T, String> formatter) {
    this.placeholder = placeholder;
    this.form = form;
    this.parser = parser;
    this.formatter = formatter;
  }

  /** A TCP port, 0 to 65535. */
  public static ValueType<Integer> port() {
    return new ValueType<>(
        "PORT",
        "a port number from 0 to 65535 (0 picks a free port)",
        s -> parseInt(s, 0, 65535),
        String::valueOf);
  }

  /** A whole number from {@code min} to {@code max}. */
  public static ValueType<Integer> integer(int min, int max) {
    String form =
        max == Integer.MAX_VALUE
            ? "a whole number of at least " + min
            : "a whole number from " + min + " to " + max;
    return new ValueType<>("COUNT", form, s -> parseInt(s, min, max), String::valueOf);
  }

  /**
   * A number of bytes, plain or with a suffix: {@code KB}, {@code MB}, {@code GB} count in powers
   * of 1000, {@code KiB}, {@code MiB}, {@code GiB} in powers of 1024; case does not matter.
   */
  public static ValueType<Long> size(long max) {
    return new ValueType<>(
        "SIZE",
        "a size in bytes, optionally with a suffix KB, MB, GB (powers of 1000) or KiB, MiB, GiB"
            + " (powers of 1024), e.g. 10MiB",
        s -> parseSize(s, max),
        ValueType::formatSize);
  }

  /**
   * A non-negative duration: ISO-8601 ({@code PT30S}), or whole numbers with {@code ms}, {@code s},
   * {@code m}, {@code h}, {@code d}, which may be combined ({@code 1m30s}); a plain {@code 0} is
   * zero.
   */
  public static ValueType<Duration> duration() {
    return new ValueType<>(
        "DURATION",
        "a duration like 30s, 5m, 250ms, 1h30m or ISO-8601 PT30S",
        ValueType::parseDuration,
        ValueType::formatDuration);
  }

  /** {@code true} or {@code false}; also {@code yes}/{@code no}, {@code on}/{@code off}, 1/0. */
  public static ValueType<Boolean> bool() {
    return new ValueType<>(
        "BOOL", "true or false (also yes/no, on/off, 1/0)", ValueType::parseBool, String::valueOf);
  }

  /** An IP literal, or a host name resolved at once. */
  public static ValueType<InetAddress> address() {
    return new ValueType<>(
        "ADDRESS",
        "an IP address such as 127.0.0.1, 0.0.0.0 or ::1, or a host name that resolves",
        ValueType::parseAddress,
        InetAddress::getHostAddress);
  }

  /**
   * A comma-separated set of enum constants, named in any case, e.g. {@code smtp,pop3}; shown in
   * lower case, in declaration order. At least one.
   */
  public static <E extends Enum<E>> ValueType<Set<E>> enumSet(String placeholder, Class<E> type) {
    StringJoiner names = new StringJoiner(", ");
    for (E e : type.getEnumConstants()) {
      names.add(e.name().toLowerCase(Locale.ROOT));
    }
    return new ValueType<>(
        placeholder,
        "a comma-separated list of " + names,
        s -> {
          EnumSet<E> set = EnumSet.noneOf(type);
          for (String part : s.split(",", -1)) {
            set.add(Enum.valueOf(type, part.trim().toUpperCase(Locale.ROOT)));
          }
          return Collections.unmodifiableSet(set);
        },
        set -> {
          StringJoiner j = new StringJoiner(",");
          for (E e : EnumSet.copyOf(set)) {
            j.add(e.name().toLowerCase(Locale.ROOT));
          }
          return j.toString();
        });
  }

  /** One enum constant, named in any case; shown in lower case. */
  public static <E extends Enum<E>> ValueType<E> enumValue(String placeholder, Class<E> type) {
    StringJoiner names = new StringJoiner(" or ");
    for (E e : type.getEnumConstants()) {
      names.add(e.name().toLowerCase(Locale.ROOT));
    }
    return new ValueType<>(
        placeholder,
        names.toString(),
        s -> Enum.valueOf(type, s.trim().toUpperCase(Locale.ROOT)),
        e -> e.name().toLowerCase(Locale.ROOT));
  }

  /**
   * {@code address:password} pairs separated by commas, in the order given (a later pair for the
   * same address wins); the password is everything after the first colon, so it may contain colons
   * but not commas. Empty text is no users.
   */
  public static ValueType<Map<String, String>> users() {
    return pairs("ADDRESS:PASSWORD", "address:password, or several separated by commas");
  }

  /** {@code address:token} pairs separated by commas, read like {@link #users()}. */
  public static ValueType<Map<String, String>> tokens() {
    return pairs("ADDRESS:TOKEN", "address:token, or several separated by commas");
  }

  private static ValueType<Map<String, String>> pairs(String placeholder, String form) {
    return new ValueType<>(
        placeholder,
        form,
        s -> {
          Map<String, String> pairs = new LinkedHashMap<>();
          for (String part : parts(s)) {
            int colon = part.indexOf(':');
            if (colon < 1) {
              return fail();
            }
            pairs.put(part.substring(0, colon).trim(), part.substring(colon + 1));
          }
          return Collections.unmodifiableMap(pairs);
        },
        pairs -> {
          StringJoiner j = new StringJoiner(",");
          pairs.forEach((a, p) -> j.add(a + ":" + p));
          return j.toString();
        });
  }

  /**
   * SASL mechanism names ({@code plain,login,cram-md5,xoauth2,oauthbearer}, any case) separated by
   * commas, in the order to advertise them; empty text is none. Shown in lower case.
   */
  public static ValueType<List<AuthMechanism>> mechanisms() {
    StringJoiner names = new StringJoiner(", ");
    for (AuthMechanism m : AuthMechanism.values()) {
      names.add(m.saslName().toLowerCase(Locale.ROOT));
    }
    return new ValueType<>(
        "MECHANISMS",
        "a comma-separated list of " + names + ", or empty for none",
        s -> {
          Set<AuthMechanism> list = new LinkedHashSet<>();
          for (String part : parts(s)) {
            list.add(AuthMechanism.bySaslName(part).orElseThrow());
          }
          return List.copyOf(list);
        },
        list -> {
          StringJoiner j = new StringJoiner(",");
          list.forEach(m -> j.add(m.saslName().toLowerCase(Locale.ROOT)));
          return j.toString();
        });
  }

  /**
   * A comma-separated set of the protocols with STARTTLS ({@code smtp,pop3,imap}, any case); empty
   * text is none. Shown in lower case, in declaration order.
   */
  public static ValueType<Set<Protocol>> startTlsProtocols() {
    Set<Protocol> allowed = EnumSet.of(Protocol.SMTP, Protocol.POP3, Protocol.IMAP);
    return new ValueType<>(
        "PROTOCOLS",
        "a comma-separated list of smtp, pop3, imap, or empty for none",
        s -> {
          EnumSet<Protocol> set = EnumSet.noneOf(Protocol.class);
          for (String part : parts(s)) {
            Protocol p = Protocol.valueOf(part.toUpperCase(Locale.ROOT));
            if (!allowed.contains(p)) {
              return fail();
            }
            set.add(p);
          }
          return Collections.unmodifiableSet(set);
        },
        set -> {
          StringJoiner j = new StringJoiner(",");
          for (Protocol p : Protocol.values()) {
            if (set.contains(p)) {
              j.add(p.name().toLowerCase(Locale.ROOT));
            }
          }
          return j.toString();
        });
  }

  /**
   * Mail to preload, separated by commas: {@code ADDRESS=PATH} for an {@code .eml} file or a folder
   * of them, or a {@code PATH} alone for a folder whose subfolders are named by address. Empty text
   * is nothing to preload.
   */
  public static ValueType<List<FakeMailConfig.Preload>> preloads() {
    return new ValueType<>(
        "[ADDRESS=]PATH",
        "ADDRESS=PATH (an .eml file or a folder of them for one mailbox) or PATH (a folder with a"
            + " subfolder per address), or several separated by commas",
        s -> {
          List<FakeMailConfig.Preload> preloads = new ArrayList<>();
          for (String part : parts(s)) {
            int eq = part.indexOf('=');
            if (eq == 0 || eq == part.length() - 1) {
              return fail();
            }
            preloads.add(
                eq < 0
                    ? FakeMailConfig.Preload.mailboxes(Path.of(part))
                    : FakeMailConfig.Preload.of(
                        part.substring(0, eq).trim(), Path.of(part.substring(eq + 1).trim())));
          }
          return List.copyOf(preloads);
        },
        preloads -> {
          StringJoiner j = new StringJoiner(",");
          preloads.forEach(p -> j.add(p.toString()));
          return j.toString();
        });
  }

  /** Text taken as it is (trimmed); the builder validates it. */
  public static ValueType<String> text(String placeholder, String form) {
    return new ValueType<>(
        Objects.requireNonNull(placeholder), Objects.requireNonNull(form), String::trim, s -> s);
  }

  /** The placeholder shown in the usage, such as {@code PORT}. */
  public String placeholder() {
    return placeholder;
  }

  /** The accepted form in words, such as {@code a port number from 0 to 65535 …}. */
  public String form() {
    return form;
  }

  /**
   * Parses a value.
   *
   * @throws IllegalArgumentException if the text is not of the {@link #form()}
   */
  public T parse(String text) {
    Objects.requireNonNull(text, "text");
    T value;
    try {
      value = parser.apply(text);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("not " + form + ": " + text, e);
    }
    if (value == null) {
      throw new IllegalArgumentException("not " + form + ": " + text);
    }
    return value;
  }

  /** The value as text that {@link #parse(String)} reads back. */
  public String format(T value) {
    return formatter.apply(value);
  }

  private static int parseInt(String text, int min, int max) {
    String s = text.trim();
    if (!INTEGER.matcher(s).matches() || s.length() > 10) {
      return fail();
    }
    long value = Long.parseLong(s);
    if (value < min || value > max) {
      return fail();
    }
    return (int) value;
  }

  private static long parseSize(String text, long max) {
    Matcher m = SIZE.matcher(text.trim());
    if (!m.matches() || m.group(1).length() > 19) {
      return fail();
    }
    long number = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "b" : m.group(2).toLowerCase(Locale.ROOT);
    long factor;
    switch (unit) {
      case "b":
        factor = 1;
        break;
      case "kb":
        factor = 1000L;
        break;
      case "mb":
        factor = 1000L * 1000;
        break;
      case "gb":
        factor = 1000L * 1000 * 1000;
        break;
      case "kib":
        factor = 1024L;
        break;
      case "mib":
        factor = 1024L * 1024;
        break;
      case "gib":
        factor = 1024L * 1024 * 1024;
        break;
      default:
        return fail();
    }
    long bytes = Math.multiplyExact(number, factor);
    if (bytes > max) {
      return fail();
    }
    return bytes;
  }

  private static String formatSize(long bytes) {
    if (bytes == 0) {
      return "0";
    }
    String[] binary = {"GiB", "MiB", "KiB"};
    for (int i = 0; i < binary.length; i++) {
      long factor = 1L << (10 * (binary.length - i));
      if (bytes % factor == 0) {
        return bytes / factor + binary[i];
      }
    }
    String[] decimal = {"GB", "MB", "KB"};
    for (int i = 0; i < decimal.length; i++) {
      long factor = (long) Math.pow(1000, decimal.length - i);
      if (bytes % factor == 0) {
        return bytes / factor + decimal[i];
      }
    }
    return Long.toString(bytes);
  }

  private static Duration parseDuration(String text) {
    String s = text.trim();
    if (s.equals("0")) {
      return Duration.ZERO;
    }
    if (s.startsWith("P") || s.startsWith("p")) {
      try {
        Duration d = Duration.parse(s.toUpperCase(Locale.ROOT));
        return d.isNegative() ? fail() : d;
      } catch (DateTimeParseException e) {
        return fail();
      }
    }
    if (!DURATION.matcher(s).matches()) {
      return fail();
    }
    Duration total = Duration.ZERO;
    Matcher m = DURATION_PART.matcher(s);
    while (m.find()) {
      if (m.group(1).length() > 12) {
        return fail();
      }
      long n = Long.parseLong(m.group(1));
      switch (m.group(2).toLowerCase(Locale.ROOT)) {
        case "ms":
          total = total.plusMillis(n);
          break;
        case "s":
          total = total.plusSeconds(n);
          break;
        case "m":
          total = total.plusMinutes(n);
          break;
        case "h":
          total = total.plusHours(n);
          break;
        default: // "d"
          total = total.plusDays(n);
          break;
      }
    }
    return total;
  }

  private static String formatDuration(Duration d) {
    if (d.isZero()) {
      return "0";
    }
    if (d.getNano() % 1_000_000 != 0) {
      return d.toString();
    }
    StringBuilder sb = new StringBuilder();
    append(sb, d.toDaysPart(), "d");
    append(sb, d.toHoursPart(), "h");
    append(sb, d.toMinutesPart(), "m");
    append(sb, d.toSecondsPart(), "s");
    append(sb, d.toMillisPart(), "ms");
    return sb.toString();
  }

  private static void append(StringBuilder sb, long amount, String unit) {
    if (amount != 0) {
      sb.append(amount).append(unit);
    }
  }

  private static boolean parseBool(String text) {
    switch (text.trim().toLowerCase(Locale.ROOT)) {
      case "true":
      case "yes":
      case "on":
      case "1":
        return true;
      case "false":
      case "no":
      case "off":
      case "0":
        return false;
      default:
        return fail();
    }
  }

  private static InetAddress parseAddress(String text) {
    String s = text.trim();
    if (s.isEmpty()) {
      return fail();
    }
    try {
      return InetAddress.getByName(s);
    } catch (UnknownHostException e) {
      return fail();
    }
  }

  /** The non-blank comma-separated parts, trimmed; none for blank text. */
  private static List<String> parts(String text) {
    List<String> parts = new ArrayList<>();
    if (text.isBlank()) {
      return parts;
    }
    for (String part : text.split(",", -1)) {
      String p = part.trim();
      if (p.isEmpty()) {
        return fail();
      }
      parts.add(p);
    }
    return parts;
  }

  private static <V> V fail() {
    throw new IllegalArgumentException();
  }
}
