package dev.fakemail.internal.behavior;

import dev.fakemail.RegisteredRule;
import dev.fakemail.SmtpPhase;
import dev.fakemail.SmtpRule;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Applies the rules of a {@link RuleRegistry} to one occurrence of an SMTP phase. Protocol-neutral:
 * the SMTP side describes the occurrence ({@link Facts}) and carries out the {@link Decision}.
 *
 * <p>Rules are evaluated in the order they were added. A rule whose phase, scope and conditions
 * hold counts an occurrence; if it fires, a rule that only delays ({@code proceed}) or changes EHLO
 * keywords adds its effect and evaluation goes on; any other action decides, after the sum of the
 * delays of every rule that fired. The matching rules after the one that decided count the
 * occurrence without firing. Thread-safe.
 */
public final class RuleEngine {
  private static final System.Logger LOG = System.getLogger(RuleEngine.class.getName());

  private final RuleRegistry registry;
  private final Predicate<String> configuredUser;
  private final String hostname;
  private final AtomicLong dropped = new AtomicLong();

  /**
   * @param configuredUser whether an address is a configured user (for {@code unknownRecipient})
   * @param hostname the server's host name, for the texts of the presets
   */
  public RuleEngine(RuleRegistry registry, Predicate<String> configuredUser, String hostname) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.configuredUser = Objects.requireNonNull(configuredUser, "configuredUser");
    this.hostname = Objects.requireNonNull(hostname, "hostname");
  }

  /** Whether there is no rule at all: the fast path, nothing to evaluate. */
  public boolean isEmpty() {
    return registry.isEmpty();
  }

  /**
   * Evaluates the rules for one occurrence of {@code phase}.
   *
   * @return what to do, or {@code null} when no rule fired (handle as usual, at once)
   */
  public Decision decide(SmtpPhase phase, Facts facts) {
    if (registry.isEmpty()) {
      return null;
    }
    Duration delay = Duration.ZERO;
    Set<String> hidden = null;
    List<String> added = null;
    List<RegisteredRule> fired = null;
    for (RuleRegistry.Entry entry : registry.entries()) {
      SmtpRule rule = entry.rule();
      if (!rule.phases().contains(phase) || !applies(entry, phase, facts)) {
        continue;
      }
      Outcome outcome = entry.occurrence(random -> act(entry, phase, facts, random));
      if (outcome == null) {
        continue;
      }
      RegisteredRule snapshot = entry.snapshot();
      log(snapshot, phase);
      if (fired == null) {
        fired = new ArrayList<>(2);
      }
      fired.add(snapshot);
      delay = delay.plus(rule.delay());
      switch (outcome.kind) {
        case PROCEED:
          if (rule.action() == SmtpRule.Action.HIDE_KEYWORDS) {
            hidden = hidden == null ? new LinkedHashSet<>() : hidden;
            hidden.addAll(rule.keywords());
          } else if (rule.action() == SmtpRule.Action.ADD_KEYWORDS) {
            added = added == null ? new ArrayList<>() : added;
            for (String k : rule.keywords()) {
              if (!added.contains(k)) {
                added.add(k);
              }
            }
          }
          continue;
        default:
          countPast(entry, phase, facts);
          return new Decision(
              outcome.kind,
              delay,
              outcome.code,
              outcome.text,
              outcome.afterBytes,
              hidden == null ? Set.of() : hidden,
              added == null ? List.of() : added,
              fired);
      }
    }
    if (fired == null) {
      return null;
    }
    return new Decision(
        Decision.Kind.PROCEED,
        delay,
        0,
        "",
        0,
        hidden == null ? Set.of() : hidden,
        added == null ? List.of() : added,
        fired);
  }

  /**
   * The rules after the one that decided still count the occurrence when they match (it was theirs
   * too: {@code nth(2)} means the second time the phase is reached with its conditions), but they
   * do not fire on it.
   */
  private void countPast(RuleRegistry.Entry decided, SmtpPhase phase, Facts facts) {
    boolean past = false;
    for (RuleRegistry.Entry entry : registry.entries()) {
      if (past && entry.rule().phases().contains(phase) && applies(entry, phase, facts)) {
        entry.countOnly();
      }
      past |= entry == decided;
    }
  }

  /** A message was accepted (answered 250 at the end of data, dropped or not): for rate limits. */
  public void messageAccepted() {
    if (registry.isEmpty()) {
      return;
    }
    for (RuleRegistry.Entry entry : registry.entries()) {
      if (entry.preset() instanceof PresetState.MinuteWindow) {
        ((PresetState.MinuteWindow) entry.preset()).accepted();
      }
    }
  }

  /**
   * The queue id a dropped message is "queued as": {@code D1}, {@code D2}… — never the id of a
   * stored message, so a log that shows it tells the drop apart.
   */
  public String droppedId() {
    return "D" + dropped.incrementAndGet();
  }

  // ---------------------------------------------------------------- conditions

  private boolean applies(RuleRegistry.Entry entry, SmtpPhase phase, Facts facts) {
    SmtpRule rule = entry.rule();
    if (entry.scopeKey() != null && matching(facts, phase, inScope(entry)) == null) {
      return false;
    }
    if (facts.helo()
        && (rule.action() == SmtpRule.Action.HIDE_KEYWORDS
            || rule.action() == SmtpRule.Action.ADD_KEYWORDS)) {
      return false; // HELO's one-line reply has no keywords
    }
    String sender = facts.sender();
    if (rule.sender().isPresent()
        && (sender == null || !rule.sender().get().equalsIgnoreCase(sender))) {
      return false;
    }
    Pattern senderPattern = entry.senderPattern();
    if (senderPattern != null && (sender == null || !senderPattern.matcher(sender).matches())) {
      return false;
    }
    if (rule.recipient().isPresent()) {
      String wanted = rule.recipient().get();
      if (matching(facts, phase, wanted::equalsIgnoreCase) == null) {
        return false;
      }
    }
    Pattern recipientPattern = entry.recipientPattern();
    if (recipientPattern != null
        && matching(facts, phase, r -> recipientPattern.matcher(r).matches()) == null) {
      return false;
    }
    if (rule.unknownRecipient()
        && (facts.recipient() == null || configuredUser.test(facts.recipient()))) {
      return false;
    }
    return true;
  }

  /** The first recipient known at the phase that passes the test, or {@code null}. */
  private static String matching(Facts facts, SmtpPhase phase, Predicate<String> test) {
    if (phase == SmtpPhase.RCPT_TO) {
      String r = facts.recipient();
      return r != null && test.test(r) ? r : null;
    }
    if (phase == SmtpPhase.DATA || phase == SmtpPhase.END_OF_DATA) {
      for (String r : facts.recipients()) {
        if (test.test(r)) {
          return r;
        }
      }
    }
    return null;
  }

  /** Whether an address is the inbox address a scoped rule is limited to (ignoring case). */
  private static Predicate<String> inScope(RuleRegistry.Entry entry) {
    String scope = entry.scopeKey();
    return r -> r.trim().toLowerCase(Locale.ROOT).equals(scope);
  }

  // ---------------------------------------------------------------- actions

  /** What a rule whose counts let it fire does; {@code null} if a preset does not act. */
  private Outcome act(RuleRegistry.Entry entry, SmtpPhase phase, Facts facts, Random random) {
    SmtpRule rule = entry.rule();
    switch (rule.action()) {
      case REPLY:
        return Outcome.reply(rule.replyCode(), fill(rule.replyText(), entry, phase, facts));
      case DISCONNECT:
        return Outcome.DISCONNECT;
      case PROCEED:
      case HIDE_KEYWORDS:
      case ADD_KEYWORDS:
        return Outcome.PROCEED;
      case DISCONNECT_AFTER_BYTES:
        return Outcome.afterBytes(rule.afterBytes());
      case DROP:
        return Outcome.DROP;
      case GREYLIST:
        {
          String sender = facts.sender() == null ? "" : facts.sender();
          String rcpt = facts.recipient();
          if (rcpt == null || !((PresetState.Greylist) entry.preset()).refuses(sender, rcpt)) {
            return null;
          }
          return Outcome.reply(
              450,
              "4.2.0 <"
                  + rcpt
                  + ">: Recipient address rejected: Greylisted, please try again later");
        }
      case RATE_LIMIT_PER_CONNECTION:
        if (facts.acceptedOnConnection() < rule.limit()) {
          return null;
        }
        return Outcome.reply(
            421, "4.7.0 " + hostname + " Error: too many messages on this connection, closing");
      case RATE_LIMIT_PER_MINUTE:
        if (!((PresetState.MinuteWindow) entry.preset()).full()) {
          return null;
        }
        return Outcome.reply(421, "4.7.0 " + hostname + " Error: too much mail, try again later");
      case CHAOS:
        return chaos(phase, random);
      default:
        throw new IllegalStateException("Unknown action " + rule.action());
    }
  }

  /** Texts of the failures chaos picks from. */
  static final String CHAOS_421_SUFFIX = " Service not available, closing transmission channel";

  static final String CHAOS_451 = "4.3.0 Temporary failure, please try again later";

  /** Chaos content drops happen within this many bytes of content. */
  static final int CHAOS_MAX_BYTES = 4096;

  /**
   * A failure that fits the phase, chosen with the rule's random source: at the greeting a {@code
   * 421} (closing) or a dropped connection; at DATA a {@code 451}, a dropped connection or one
   * dropped within the first {@value #CHAOS_MAX_BYTES} bytes of content; elsewhere a {@code 451} or
   * a dropped connection.
   */
  private Outcome chaos(SmtpPhase phase, Random random) {
    if (phase == SmtpPhase.CONNECT) {
      return random.nextInt(2) == 0
          ? Outcome.reply(421, "4.3.2 " + hostname + CHAOS_421_SUFFIX)
          : Outcome.DISCONNECT;
    }
    int choice = random.nextInt(phase == SmtpPhase.DATA ? 3 : 2);
    switch (choice) {
      case 0:
        return Outcome.reply(451, CHAOS_451);
      case 1:
        return Outcome.DISCONNECT;
      default:
        return Outcome.afterBytes(random.nextInt(CHAOS_MAX_BYTES));
    }
  }

  /** Fills {@code {recipient}} and {@code {sender}} in; the null sender is empty. */
  private static String fill(String text, RuleRegistry.Entry entry, SmtpPhase phase, Facts facts) {
    if (text.indexOf('{') < 0) {
      return text;
    }
    String recipient = facts.recipient();
    if (recipient == null && !facts.recipients().isEmpty()) {
      // DATA, END_OF_DATA: the recipient the rule is about (its condition's, its inbox's) or the
      // first
      SmtpRule rule = entry.rule();
      Predicate<String> about = r -> true;
      if (entry.scopeKey() != null) {
        about = inScope(entry);
      } else if (rule.recipient().isPresent()) {
        about = rule.recipient().get()::equalsIgnoreCase;
      } else if (entry.recipientPattern() != null) {
        Pattern p = entry.recipientPattern();
        about = r -> p.matcher(r).matches();
      }
      recipient = matching(facts, phase, about);
    }
    return text.replace("{recipient}", recipient == null ? "" : recipient)
        .replace("{sender}", facts.sender() == null ? "" : facts.sender());
  }

  private static void log(RegisteredRule snapshot, SmtpPhase phase) {
    // The first firing of each rule at INFO (a test that sees an odd reply finds its cause in the
    // log), the others at DEBUG (a chaos run or a rate limit fires thousands of times).
    if (snapshot.fired() == 1) {
      LOG.log(
          System.Logger.Level.INFO,
          "SMTP rule {0} fired at {1} (its first time; later firings are logged at DEBUG): {2}",
          snapshot.id(),
          phase,
          snapshot.rule());
    } else if (LOG.isLoggable(System.Logger.Level.DEBUG)) {
      LOG.log(
          System.Logger.Level.DEBUG,
          "SMTP rule {0} fired at {1} ({2} times so far)",
          snapshot.id(),
          phase,
          snapshot.fired());
    }
  }

  /** What one rule does when it fires. */
  private static final class Outcome {
    static final Outcome PROCEED = new Outcome(Decision.Kind.PROCEED, 0, "", 0);
    static final Outcome DISCONNECT = new Outcome(Decision.Kind.DISCONNECT, 0, "", 0);
    static final Outcome DROP = new Outcome(Decision.Kind.DROP, 0, "", 0);

    final Decision.Kind kind;
    final int code;
    final String text;
    final long afterBytes;

    private Outcome(Decision.Kind kind, int code, String text, long afterBytes) {
      this.kind = kind;
      this.code = code;
      this.text = text;
      this.afterBytes = afterBytes;
    }

    static Outcome reply(int code, String text) {
      return new Outcome(Decision.Kind.REPLY, code, text, 0);
    }

    static Outcome afterBytes(long bytes) {
      return new Outcome(Decision.Kind.DISCONNECT_AFTER_BYTES, 0, "", bytes);
    }
  }
}
