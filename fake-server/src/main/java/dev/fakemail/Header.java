package dev.fakemail;

import java.util.Objects;

/**
 * One header field of a received message: its name as written and its value unfolded and with RFC
 * 2047 encoded words decoded. Raw 8-bit header bytes are read as UTF-8 (RFC 6532), or as ISO-8859-1
 * where they are not valid UTF-8.
 *
 * <p>Immutable.
 */
public final class Header {
  private final String name;
  private final String value;

  private Header(String name, String value) {
    this.name = Objects.requireNonNull(name, "name");
    this.value = Objects.requireNonNull(value, "value");
  }

  public static Header of(String name, String value) {
    return new Header(name, value);
  }

  /** The field name as written in the message, e.g. {@code Subject}. */
  public String name() {
    return name;
  }

  /** The decoded, unfolded value. */
  public String value() {
    return value;
  }

  /** Whether this header has the given name, ignoring case. */
  public boolean hasName(String other) {
    return name.equalsIgnoreCase(other);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Header
        && ((Header) o).name.equals(name)
        && ((Header) o).value.equals(value);
  }

  @Override
  public int hashCode() {
    return name.hashCode() * 31 + value.hashCode();
  }

  @Override
  public String toString() {
    return name + ": " + value;
  }
}
