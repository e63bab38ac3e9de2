package dev.fakemail;

import java.util.Objects;
import java.util.Optional;

/**
 * A snapshot of an {@link SmtpRule} added to a {@link SmtpBehavior}: its id, where it applies, and
 * how often it matched and fired so far. An immutable value; ask {@link SmtpBehavior#rule(String)}
 * again for fresh counts.
 */
public final class RegisteredRule {
  private final String id;
  private final SmtpRule rule;
  private final String scope;
  private final int occurrences;
  private final int fired;

  private RegisteredRule(String id, SmtpRule rule, String scope, int occurrences, int fired) {
    this.id = Objects.requireNonNull(id, "id");
    this.rule = Objects.requireNonNull(rule, "rule");
    this.scope = scope;
    this.occurrences = occurrences;
    this.fired = fired;
  }

  /**
   * A snapshot; for implementations of {@link SmtpBehavior}.
   *
   * @param scope the inbox address the rule is limited to, {@code null} for the whole server
   */
  public static RegisteredRule of(
      String id, SmtpRule rule, String scope, int occurrences, int fired) {
    if (occurrences < 0 || fired < 0 || fired > occurrences) {
      throw new IllegalArgumentException(
          "Need 0 <= fired <= occurrences: fired " + fired + ", occurrences " + occurrences);
    }
    return new RegisteredRule(id, rule, scope, occurrences, fired);
  }

  /** The server-assigned id, e.g. {@code r3}: unique for the server's lifetime. */
  public String id() {
    return id;
  }

  /** The rule, with the seed the server picked if it was added without one. */
  public SmtpRule rule() {
    return rule;
  }

  /** The inbox address the rule is limited to; empty for a rule of the whole server. */
  public Optional<String> scope() {
    return Optional.ofNullable(scope);
  }

  /** How often the rule's phase was reached with its conditions holding. */
  public int occurrences() {
    return occurrences;
  }

  /** How often it acted (at most {@link #occurrences()}). */
  public int fired() {
    return fired;
  }

  /** Whether it fired as often as {@link SmtpRule#times()} allows and will not fire again. */
  public boolean isSpent() {
    return rule.times().isPresent() && fired >= rule.times().getAsInt();
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof RegisteredRule)) {
      return false;
    }
    RegisteredRule r = (RegisteredRule) o;
    return id.equals(r.id)
        && rule.equals(r.rule)
        && Objects.equals(scope, r.scope)
        && occurrences == r.occurrences
        && fired == r.fired;
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, rule, scope, occurrences, fired);
  }

  /** {@code RegisteredRule{r3 for bob@x.test, fired 1 of 2: SmtpRule{…}}}. */
  @Override
  public String toString() {
    return "RegisteredRule{"
        + id
        + (scope == null ? "" : " for " + scope)
        + ", fired "
        + fired
        + " of "
        + occurrences
        + ": "
        + rule
        + "}";
  }
}
