package dev.fakemail;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Which messages a query or a wait is about: an immutable conjunction of criteria.
 *
 * <pre>{@code
 * import static dev.fakemail.MailFilter.*;
 *
 * inbox.awaitMessage(to("bob@example.test").and(subjectContains("Welcome")));
 * }</pre>
 *
 * <p>Addresses compare ignoring case and display names; texts compare exactly (case-sensitive) on
 * the decoded values. {@link #toString()} describes the filter the way failure messages print it,
 * e.g. {@code {to=bob@example.test, subject contains "Welcome"}}.
 */
public final class MailFilter {
  private static final MailFilter ANY = new MailFilter(List.of());

  private final List<Criterion> criteria;

  private MailFilter(List<Criterion> criteria) {
    this.criteria = List.copyOf(criteria);
  }

  /** Matches every message. */
  public static MailFilter any() {
    return ANY;
  }

  /**
   * Messages delivered to this address: it is one of the envelope recipients ({@code RCPT TO}),
   * which covers To, Cc and Bcc recipients alike, as the recipient's mailbox would see it.
   */
  public static MailFilter to(String address) {
    String a = address(address);
    return single("to", "to=" + a, m -> m.envelope().hasRecipient(a));
  }

  /** Messages whose From header has this address. */
  public static MailFilter from(String address) {
    String a = address(address);
    return single("from", "from=" + a, m -> m.from().stream().anyMatch(x -> x.hasAddress(a)));
  }

  /** Messages whose Cc header has this address. */
  public static MailFilter cc(String address) {
    String a = address(address);
    return single("cc", "cc=" + a, m -> m.cc().stream().anyMatch(x -> x.hasAddress(a)));
  }

  /** Messages whose decoded Subject equals this text exactly. */
  public static MailFilter subject(String subject) {
    Objects.requireNonNull(subject, "subject");
    return single("subject", "subject=" + quote(subject), m -> m.subject().equals(subject));
  }

  /** Messages whose decoded Subject contains this text. */
  public static MailFilter subjectContains(String text) {
    Objects.requireNonNull(text, "text");
    return single("subject", "subject contains " + quote(text), m -> m.subject().contains(text));
  }

  /** Messages with a header of this name (ignoring case) whose decoded value equals this value. */
  public static MailFilter header(String name, String value) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(value, "value");
    if (name.isBlank()) {
      throw new IllegalArgumentException("header name must not be blank");
    }
    return single(
        "header " + name,
        "header " + name + "=" + quote(value),
        m -> m.headers(name).contains(value));
  }

  /** Messages whose plain-text body contains this text. */
  public static MailFilter textContains(String text) {
    Objects.requireNonNull(text, "text");
    return single(
        "text",
        "text contains " + quote(text),
        m -> m.text().map(t -> t.contains(text)).orElse(false));
  }

  /** Messages whose HTML body contains this text. */
  public static MailFilter htmlContains(String text) {
    Objects.requireNonNull(text, "text");
    return single(
        "html",
        "html contains " + quote(text),
        m -> m.html().map(t -> t.contains(text)).orElse(false));
  }

  /** A filter matching what both this and the other filter match. */
  public MailFilter and(MailFilter other) {
    Objects.requireNonNull(other, "other");
    List<Criterion> all = new ArrayList<>(criteria);
    for (Criterion c : other.criteria) {
      if (!all.contains(c)) {
        all.add(c);
      }
    }
    return new MailFilter(all);
  }

  /** Whether the message meets every criterion. */
  public boolean matches(ReceivedMail mail) {
    for (Criterion c : criteria) {
      if (!c.test(mail)) {
        return false;
      }
    }
    return true;
  }

  /**
   * The criteria the message fails, by short name ({@code to}, {@code from}, {@code cc}, {@code
   * subject}, {@code header X-Name}, {@code text}, {@code html}); empty when it matches.
   */
  public List<String> mismatches(ReceivedMail mail) {
    List<String> failed = new ArrayList<>();
    for (Criterion c : criteria) {
      if (!c.test(mail) && !failed.contains(c.label)) {
        failed.add(c.label);
      }
    }
    return List.copyOf(failed);
  }

  /** Whether this is {@link #any()}: it has no criterion. */
  public boolean isAny() {
    return criteria.isEmpty();
  }

  /** Equal when both have the same criteria, in any order. */
  @Override
  public boolean equals(Object o) {
    if (!(o instanceof MailFilter)) {
      return false;
    }
    List<Criterion> other = ((MailFilter) o).criteria;
    return other.size() == criteria.size() && other.containsAll(criteria);
  }

  @Override
  public int hashCode() {
    int h = 0;
    for (Criterion c : criteria) {
      h += c.hashCode();
    }
    return h;
  }

  /** E.g. {@code {to=bob@example.test, subject contains "Receipt"}}; {@code {any message}}. */
  @Override
  public String toString() {
    if (criteria.isEmpty()) {
      return "{any message}";
    }
    StringBuilder sb = new StringBuilder("{");
    for (int i = 0; i < criteria.size(); i++) {
      if (i > 0) {
        sb.append(", ");
      }
      sb.append(criteria.get(i).description);
    }
    return sb.append('}').toString();
  }

  private static MailFilter single(
      String label, String description, Predicate<ReceivedMail> predicate) {
    return new MailFilter(List.of(new Criterion(label, description, predicate)));
  }

  private static String address(String address) {
    Objects.requireNonNull(address, "address");
    String a = address.trim();
    if (a.isEmpty()) {
      throw new IllegalArgumentException("address must not be blank");
    }
    return a;
  }

  static String quote(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"':
          sb.append("\\\"");
          break;
        case '\\':
          sb.append("\\\\");
          break;
        case '\n':
          sb.append("\\n");
          break;
        case '\r':
          sb.append("\\r");
          break;
        case '\t':
          sb.append("\\t");
          break;
        default:
          sb.append(c);
      }
    }
    return sb.append('"').toString();
  }

  /** One test on a message. Equal when the descriptions are equal (they encode every argument). */
  private static final class Criterion {
    final String label;
    final String description;
    final Predicate<ReceivedMail> predicate;

    Criterion(String label, String description, Predicate<ReceivedMail> predicate) {
      this.label = label;
      this.description = description;
      this.predicate = predicate;
    }

    boolean test(ReceivedMail mail) {
      return predicate.test(mail);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Criterion && ((Criterion) o).description.equals(description);
    }

    @Override
    public int hashCode() {
      return description.hashCode();
    }
  }
}
