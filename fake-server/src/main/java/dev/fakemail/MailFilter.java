package dev.fakemail;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
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
    return single(Field.TO, null, a, m -> m.envelope().hasRecipient(a));
  }

  /** Messages whose From header has this address. */
  public static MailFilter from(String address) {
    String a = address(address);
    return single(Field.FROM, null, a, m -> m.from().stream().anyMatch(x -> x.hasAddress(a)));
  }

  /** Messages whose Cc header has this address. */
  public static MailFilter cc(String address) {
    String a = address(address);
    return single(Field.CC, null, a, m -> m.cc().stream().anyMatch(x -> x.hasAddress(a)));
  }

  /** Messages whose decoded Subject equals this text exactly. */
  public static MailFilter subject(String subject) {
    Objects.requireNonNull(subject, "subject");
    return single(Field.SUBJECT, null, subject, m -> m.subject().equals(subject));
  }

  /** Messages whose decoded Subject contains this text. */
  public static MailFilter subjectContains(String text) {
    Objects.requireNonNull(text, "text");
    return single(Field.SUBJECT_CONTAINS, null, text, m -> m.subject().contains(text));
  }

  /** Messages with a header of this name (ignoring case) whose decoded value equals this value. */
  public static MailFilter header(String name, String value) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(value, "value");
    if (name.isBlank()) {
      throw new IllegalArgumentException("header name must not be blank");
    }
    return single(Field.HEADER, name, value, m -> m.headers(name).contains(value));
  }

  /** Messages whose plain-text body contains this text. */
  public static MailFilter textContains(String text) {
    Objects.requireNonNull(text, "text");
    return single(
        Field.TEXT_CONTAINS, null, text, m -> m.text().map(t -> t.contains(text)).orElse(false));
  }

  /** Messages whose HTML body contains this text. */
  public static MailFilter htmlContains(String text) {
    Objects.requireNonNull(text, "text");
    return single(
        Field.HTML_CONTAINS, null, text, m -> m.html().map(t -> t.contains(text)).orElse(false));
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
      if (!c.test(mail) && !failed.contains(c.label())) {
        failed.add(c.label());
      }
    }
    return List.copyOf(failed);
  }

  /**
   * The criteria of this filter in the order they were combined, without repeats; empty for {@link
   * #any()}. Each is the argument of one factory call: {@code to("bob@example.test").and(header(
   * "X-Order", "41"))} has a {@link Field#TO} criterion with value {@code bob@example.test} and a
   * {@link Field#HEADER} criterion named {@code X-Order} with value {@code 41}. This is how a
   * filter is sent elsewhere, e.g. as the query parameters of the HTTP API.
   */
  public List<Criterion> criteria() {
    return criteria;
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
      sb.append(criteria.get(i));
    }
    return sb.append('}').toString();
  }

  private static MailFilter single(
      Field field, String name, String value, Predicate<ReceivedMail> predicate) {
    return new MailFilter(List.of(new Criterion(field, name, value, predicate)));
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

  /** What a {@link Criterion} looks at, one constant per factory method of {@link MailFilter}. */
  public enum Field {
    /** {@link MailFilter#to(String)}: an envelope recipient, ignoring case. */
    TO,
    /** {@link MailFilter#from(String)}: an address of the From header, ignoring case. */
    FROM,
    /** {@link MailFilter#cc(String)}: an address of a Cc header, ignoring case. */
    CC,
    /** {@link MailFilter#subject(String)}: the decoded Subject, exactly. */
    SUBJECT,
    /** {@link MailFilter#subjectContains(String)}: text within the decoded Subject. */
    SUBJECT_CONTAINS,
    /** {@link MailFilter#header(String, String)}: the decoded value of a named header. */
    HEADER,
    /** {@link MailFilter#textContains(String)}: text within the plain-text body. */
    TEXT_CONTAINS,
    /** {@link MailFilter#htmlContains(String)}: text within the HTML body. */
    HTML_CONTAINS
  }

  /**
   * One test of a filter, as the factory call that made it: the {@link #field()}, the header {@link
   * #name()} for {@link Field#HEADER}, and the {@link #value()} to compare with. Immutable; equal
   * when field, name and value are equal. {@link #toString()} is the way failure messages print it,
   * e.g. {@code subject contains "Receipt"}.
   */
  public static final class Criterion {
    private final Field field;
    private final String name;
    private final String value;
    private final Predicate<ReceivedMail> predicate;

    private Criterion(Field field, String name, String value, Predicate<ReceivedMail> predicate) {
      this.field = field;
      this.name = name;
      this.value = value;
      this.predicate = predicate;
    }

    /** What this criterion looks at. */
    public Field field() {
      return field;
    }

    /**
     * The header name as given to {@link MailFilter#header(String, String)}; empty for every other
     * field.
     */
    public Optional<String> name() {
      return Optional.ofNullable(name);
    }

    /**
     * The value as given to the factory: the address (trimmed) for {@link Field#TO}, {@link
     * Field#FROM} and {@link Field#CC}; the text otherwise, unchanged.
     */
    public String value() {
      return value;
    }

    boolean test(ReceivedMail mail) {
      return predicate.test(mail);
    }

    /** The short name {@link MailFilter#mismatches} reports, e.g. {@code header X-Order}. */
    String label() {
      switch (field) {
        case TO:
          return "to";
        case FROM:
          return "from";
        case CC:
          return "cc";
        case SUBJECT:
        case SUBJECT_CONTAINS:
          return "subject";
        case HEADER:
          return "header " + name;
        case TEXT_CONTAINS:
          return "text";
        case HTML_CONTAINS:
          return "html";
      }
      throw new AssertionError(field);
    }

    @Override
    public boolean equals(Object o) {
      if (!(o instanceof Criterion)) {
        return false;
      }
      Criterion c = (Criterion) o;
      return c.field == field && Objects.equals(c.name, name) && c.value.equals(value);
    }

    @Override
    public int hashCode() {
      return Objects.hash(field, name, value);
    }

    /**
     * E.g. {@code to=bob@example.test}, {@code subject="Receipt #41"}, {@code subject contains
     * "Receipt"}, {@code header X-Order="41"}, {@code text contains "Thanks"}.
     */
    @Override
    public String toString() {
      switch (field) {
        case TO:
          return "to=" + value;
        case FROM:
          return "from=" + value;
        case CC:
          return "cc=" + value;
        case SUBJECT:
          return "subject=" + quote(value);
        case SUBJECT_CONTAINS:
          return "subject contains " + quote(value);
        case HEADER:
          return "header " + name + "=" + quote(value);
        case TEXT_CONTAINS:
          return "text contains " + quote(value);
        case HTML_CONTAINS:
          return "html contains " + quote(value);
      }
      throw new AssertionError(field);
    }
  }
}
