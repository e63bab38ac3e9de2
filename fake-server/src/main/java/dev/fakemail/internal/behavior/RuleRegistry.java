package dev.fakemail.internal.behavior;

import dev.fakemail.RegisteredRule;
import dev.fakemail.SmtpBehavior;
import dev.fakemail.SmtpPhase;
import dev.fakemail.SmtpRule;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The SMTP rules of one server, in the order they were added: the server-wide ones and those of
 * inbox addresses. The SMTP engine reads {@link #entries()} on every phase; the views from {@link
 * #all()} and {@link #forAddress(String)} are the {@link SmtpBehavior}s users see. Thread-safe.
 */
public final class RuleRegistry {
  private static final System.Logger LOG = System.getLogger(RuleRegistry.class.getName());

  /** Where an inbox's address is known, so a rule limited to it can act. */
  public static final EnumSet<SmtpPhase> SCOPED_PHASES =
      EnumSet.of(SmtpPhase.RCPT_TO, SmtpPhase.DATA, SmtpPhase.END_OF_DATA);

  private final CopyOnWriteArrayList<Entry> entries = new CopyOnWriteArrayList<>();
  private final AtomicLong ids = new AtomicLong();
  private final SplittableRandom seeds = new SplittableRandom();
  private final SmtpBehavior all = new View(null);
  private final Clock clock;

  public RuleRegistry() {
    this(Clock.systemUTC());
  }

  /** With this clock for the time-based presets (greylisting, rate per minute): for tests. */
  RuleRegistry(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** The rules in the order they were added, for the engine; a snapshot. */
  public List<Entry> entries() {
    return entries;
  }

  /** Whether there is any rule at all: the engine's fast path. */
  public boolean isEmpty() {
    return entries.isEmpty();
  }

  /** The server-wide view: adds server-wide rules, lists and clears every rule. */
  public SmtpBehavior all() {
    return all;
  }

  /** The view of one inbox address: its rules only. */
  public SmtpBehavior forAddress(String address) {
    return new View(Objects.requireNonNull(address, "address"));
  }

  /** Removes every rule (the server-wide inbox was cleared). */
  public void clear() {
    entries.clear();
  }

  /** Removes the rules limited to this address (its inbox was cleared). */
  public void clearFor(String address) {
    String key = key(address);
    entries.removeIf(e -> key.equals(e.scopeKey));
  }

  private static String key(String address) {
    return address.trim().toLowerCase(Locale.ROOT);
  }

  private final class View implements SmtpBehavior {
    private final String scope; // null: the whole server
    private final String scopeKey;

    View(String scope) {
      this.scope = scope;
      this.scopeKey = scope == null ? null : key(scope);
    }

    @Override
    public RegisteredRule add(SmtpRule rule) {
      Objects.requireNonNull(rule, "rule");
      if (scope != null && !SCOPED_PHASES.containsAll(rule.phases())) {
        EnumSet<SmtpPhase> outside = EnumSet.copyOf(rule.phases());
        outside.removeAll(SCOPED_PHASES);
        throw new IllegalArgumentException(
            "A rule of inbox "
                + scope
                + " acts only at RCPT_TO, DATA or END_OF_DATA, where its address is known;"
                + " this one is also on "
                + joined(outside)
                + ". Add it to server.smtp() to apply it to all mail");
      }
      boolean random = rule.probability() < 1 || rule.action() == SmtpRule.Action.CHAOS;
      SmtpRule effective = rule;
      if (random && rule.seed().isEmpty()) {
        synchronized (seeds) {
          effective = rule.withSeed(seeds.nextLong());
        }
      }
      Entry entry = new Entry("r" + ids.incrementAndGet(), effective, scope, clock);
      entries.add(entry);
      if (random) {
        LOG.log(
            System.Logger.Level.INFO,
            "SMTP rule {0} added with seed {1}: {2}",
            entry.id,
            Long.toString(effective.seed().getAsLong()),
            effective);
      }
      return entry.snapshot();
    }

    @Override
    public List<RegisteredRule> rules() {
      List<RegisteredRule> list = new ArrayList<>();
      for (Entry e : entries) {
        if (inScope(e)) {
          list.add(e.snapshot());
        }
      }
      return List.copyOf(list);
    }

    @Override
    public Optional<RegisteredRule> rule(String id) {
      for (Entry e : entries) {
        if (e.id.equals(id) && inScope(e)) {
          return Optional.of(e.snapshot());
        }
      }
      return Optional.empty();
    }

    @Override
    public boolean remove(String id) {
      return entries.removeIf(e -> e.id.equals(id) && inScope(e));
    }

    @Override
    public void clear() {
      if (scope == null) {
        RuleRegistry.this.clear();
      } else {
        clearFor(scope);
      }
    }

    private boolean inScope(Entry e) {
      return scope == null || scopeKey.equals(e.scopeKey);
    }

    @Override
    public String toString() {
      return scope == null ? "SmtpBehavior{server}" : "SmtpBehavior{" + scope + "}";
    }
  }

  private static String joined(EnumSet<SmtpPhase> phases) {
    StringBuilder sb = new StringBuilder();
    for (SmtpPhase p : phases) {
      sb.append(sb.length() == 0 ? "" : ", ").append(p);
    }
    return sb.toString();
  }

  /** One added rule, its counts and the state of its preset. */
  public static final class Entry {
    private final String id;
    private final SmtpRule rule;
    private final String scope;
    private final String scopeKey;
    private final Random random; // null: fires every time
    private final Pattern senderPattern;
    private final Pattern recipientPattern;
    private final PresetState preset; // null: not a stateful preset
    private int occurrences; // guarded by this
    private int fired; // guarded by this

    Entry(String id, SmtpRule rule, String scope, Clock clock) {
      this.id = id;
      this.rule = rule;
      this.scope = scope;
      this.scopeKey = scope == null ? null : key(scope);
      this.random = rule.seed().isPresent() ? new Random(rule.seed().getAsLong()) : null;
      this.senderPattern = rule.senderPattern().map(Pattern::compile).orElse(null);
      this.recipientPattern = rule.recipientPattern().map(Pattern::compile).orElse(null);
      this.preset = PresetState.of(rule, clock);
    }

    public String id() {
      return id;
    }

    public SmtpRule rule() {
      return rule;
    }

    /** The inbox address the rule is limited to, {@code null} for the whole server. */
    public String scope() {
      return scope;
    }

    /** The scope trimmed and in lower case, {@code null} for the whole server. */
    String scopeKey() {
      return scopeKey;
    }

    /** {@link SmtpRule#senderPattern()} compiled; {@code null} without one. */
    Pattern senderPattern() {
      return senderPattern;
    }

    /** {@link SmtpRule#recipientPattern()} compiled; {@code null} without one. */
    Pattern recipientPattern() {
      return recipientPattern;
    }

    /** The state of a greylisting or per-minute rate-limit preset; {@code null} for others. */
    PresetState preset() {
      return preset;
    }

    /**
     * Counts one occurrence (the phase reached, every condition holding) and says whether the rule
     * fires on it: not while it lets the first {@link SmtpRule#afterPassing()} pass, not once
     * spent, otherwise with its probability.
     */
    public boolean occurrence() {
      return occurrence(r -> Boolean.TRUE) != null;
    }

    /**
     * Counts one occurrence like {@link #occurrence()}; when the counts and the probability let the
     * rule fire, {@code act} decides what it does (given the rule's random source, {@code null}
     * without a seed) or returns {@code null} when the rule does not act after all (a preset whose
     * condition does not hold: a greylisted pair's retry, a rate under its limit). Only a non-null
     * result counts as fired. Runs {@code act} under this entry's lock, so a seeded rule makes the
     * same choices in the same order of occurrences.
     */
    public synchronized <T> T occurrence(Function<Random, T> act) {
      occurrences++;
      if (occurrences <= rule.afterPassing()) {
        return null;
      }
      if (rule.times().isPresent() && fired >= rule.times().getAsInt()) {
        return null;
      }
      if (rule.probability() < 1 && random.nextDouble() >= rule.probability()) {
        return null;
      }
      T outcome = act.apply(random);
      if (outcome != null) {
        fired++;
      }
      return outcome;
    }

    /**
     * Counts an occurrence on which the rule cannot fire: an earlier rule already decided the
     * reply. It still counts toward {@link SmtpRule#afterPassing()}; no chance is drawn.
     */
    public synchronized void countOnly() {
      occurrences++;
    }

    /**
     * The rule's random source (its seed's), for the choices a firing rule makes (chaos); {@code
     * null} for a rule without a seed. Use under this entry's lock.
     */
    public Random random() {
      return random;
    }

    public synchronized RegisteredRule snapshot() {
      return RegisteredRule.of(id, rule, scope, occurrences, fired);
    }

    @Override
    public String toString() {
      return snapshot().toString();
    }
  }
}
