package dev.fakemail.internal.mime;

import dev.fakemail.Address;
import dev.fakemail.Header;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The header section of a message, parsed: every field decoded, plus address and date views. */
public final class ParsedHeaders {
  private final List<Header> all;
  private final List<String> rawValues;
  private final int bodyOffset;

  ParsedHeaders(List<Header> all, List<String> rawValues, int bodyOffset) {
    this.all = List.copyOf(all);
    this.rawValues = List.copyOf(rawValues);
    this.bodyOffset = bodyOffset;
  }

  public List<Header> all() {
    return all;
  }

  /** Index of the first body byte in the raw message (after the blank line), or its length. */
  public int bodyOffset() {
    return bodyOffset;
  }

  public List<String> values(String name) {
    List<String> values = new ArrayList<>(2);
    for (Header h : all) {
      if (h.hasName(name)) {
        values.add(h.value());
      }
    }
    return List.copyOf(values);
  }

  public Optional<String> first(String name) {
    for (Header h : all) {
      if (h.hasName(name)) {
        return Optional.of(h.value());
      }
    }
    return Optional.empty();
  }

  /** The addresses of every header with this name; unparseable parts are skipped. */
  public List<Address> addresses(String name) {
    List<Address> addresses = new ArrayList<>();
    for (int i = 0; i < all.size(); i++) {
      if (all.get(i).hasName(name)) {
        addresses.addAll(AddressParser.parse(rawValues.get(i)));
      }
    }
    return List.copyOf(addresses);
  }

  public Optional<OffsetDateTime> date() {
    for (int i = 0; i < all.size(); i++) {
      if (all.get(i).hasName("Date")) {
        return DateParser.parse(rawValues.get(i));
      }
    }
    return Optional.empty();
  }
}
