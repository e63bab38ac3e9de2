package dev.fakemail.internal.store;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The flags of a message in a folder: IMAP's system flags (RFC 9051 §2.3.2) plus keywords.
 * Immutable; {@link #NONE} has none.
 */
public final class Flags {
  /**
   * The system flags. {@code \Recent} is left out: it belongs to an IMAP session, not a message.
   */
  public enum SystemFlag {
    SEEN("\\Seen"),
    ANSWERED("\\Answered"),
    FLAGGED("\\Flagged"),
    DELETED("\\Deleted"),
    DRAFT("\\Draft");

    private final String imapName;

    SystemFlag(String imapName) {
      this.imapName = imapName;
    }

    /** The name as IMAP writes it, such as {@code \Seen}. */
    public String imapName() {
      return imapName;
    }
  }

  public static final Flags NONE = new Flags(0, Set.of());

  private final int system; // bit i set: SystemFlag.values()[i]
  private final Set<String> keywords; // sorted, unmodifiable

  private Flags(int system, Set<String> keywords) {
    this.system = system;
    this.keywords = keywords;
  }

  /** Flags with these system flags and no keywords. */
  public static Flags of(SystemFlag... flags) {
    int bits = 0;
    for (SystemFlag f : flags) {
      bits |= bit(f);
    }
    return bits == 0 ? NONE : new Flags(bits, Set.of());
  }

  public boolean has(SystemFlag flag) {
    return (system & bit(flag)) != 0;
  }

  /** The keywords, sorted. */
  public Set<String> keywords() {
    return keywords;
  }

  public boolean hasKeyword(String keyword) {
    return keywords.contains(keyword);
  }

  public boolean isEmpty() {
    return system == 0 && keywords.isEmpty();
  }

  /** These flags with {@code flag} set. */
  public Flags with(SystemFlag flag) {
    return has(flag) ? this : new Flags(system | bit(flag), keywords);
  }

  /** These flags with {@code flag} cleared. */
  public Flags without(SystemFlag flag) {
    return has(flag) ? new Flags(system & ~bit(flag), keywords) : this;
  }

  /** These flags with the keyword set. */
  public Flags withKeyword(String keyword) {
    Objects.requireNonNull(keyword, "keyword");
    if (keywords.contains(keyword)) {
      return this;
    }
    TreeSet<String> k = new TreeSet<>(keywords);
    k.add(keyword);
    return new Flags(system, Collections.unmodifiableSet(k));
  }

  /** These flags with the keyword cleared. */
  public Flags withoutKeyword(String keyword) {
    if (!keywords.contains(keyword)) {
      return this;
    }
    TreeSet<String> k = new TreeSet<>(keywords);
    k.remove(keyword);
    return new Flags(system, Collections.unmodifiableSet(k));
  }

  /** Every flag set in either. */
  public Flags plus(Flags other) {
    Flags result = new Flags(system | other.system, keywords);
    for (String k : other.keywords) {
      result = result.withKeyword(k);
    }
    return result;
  }

  /** These flags without any set in {@code other}. */
  public Flags minus(Flags other) {
    Flags result = new Flags(system & ~other.system, keywords);
    for (String k : other.keywords) {
      result = result.withoutKeyword(k);
    }
    return result;
  }

  /** Every flag as IMAP names it: system flags first, in declaration order, then keywords. */
  public List<String> names() {
    List<String> names = new ArrayList<>();
    for (SystemFlag f : SystemFlag.values()) {
      if (has(f)) {
        names.add(f.imapName());
      }
    }
    names.addAll(keywords);
    return names;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Flags
        && ((Flags) o).system == system
        && ((Flags) o).keywords.equals(keywords);
  }

  @Override
  public int hashCode() {
    return 31 * system + keywords.hashCode();
  }

  /** {@code (\Seen \Flagged $Forwarded)}, as in an IMAP FETCH response. */
  @Override
  public String toString() {
    return "(" + String.join(" ", names()) + ")";
  }

  private static int bit(SystemFlag flag) {
    return 1 << flag.ordinal();
  }
}
