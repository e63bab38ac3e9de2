package dev.fakemail;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A mailbox address as it appears in a message header ({@code From}, {@code To}, {@code Cc}, …) or
 * in the SMTP envelope: the address itself and, for headers, the display name if there was one.
 *
 * <p>Immutable. Two addresses are equal when both the address and the display name are equal; use
 * {@link #hasAddress(String)} to compare the address alone, ignoring case.
 */
public final class Address {
  private final String address;
  private final String name;

  private Address(String address, String name) {
    this.address = Objects.requireNonNull(address, "address");
    this.name = name == null || name.isBlank() ? null : name;
  }

  /** An address without a display name. */
  public static Address of(String address) {
    return new Address(address, null);
  }

  /** An address with a display name ({@code null} or blank for none). */
  public static Address of(String address, String name) {
    return new Address(address, name);
  }

  /** The address, {@code local@domain}, as written (case preserved). */
  public String address() {
    return address;
  }

  /** The decoded display name, if the header gave one. */
  public Optional<String> name() {
    return Optional.ofNullable(name);
  }

  /** Whether this is the given address, ignoring case and any display name. */
  public boolean hasAddress(String other) {
    return other != null && address.equalsIgnoreCase(other.trim());
  }

  /** The domain part, lower-cased; empty when the address has no {@code @}. */
  public String domain() {
    int at = address.lastIndexOf('@');
    return at < 0 ? "" : address.substring(at + 1).toLowerCase(Locale.ROOT);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Address
        && ((Address) o).address.equals(address)
        && Objects.equals(((Address) o).name, name);
  }

  @Override
  public int hashCode() {
    return Objects.hash(address, name);
  }

  /** {@code "Bob Example" <bob@example.test>}, or the bare address when there is no name. */
  @Override
  public String toString() {
    if (name == null) {
      return address;
    }
    return '"' + name.replace("\\", "\\\\").replace("\"", "\\\"") + "\" <" + address + '>';
  }
}
