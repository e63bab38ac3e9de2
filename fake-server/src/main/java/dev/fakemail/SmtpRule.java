package dev.fakemail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A scripted SMTP behaviour: at a {@link SmtpPhase}, when a condition holds, the server answers
 * differently (a failure reply, a delay, a dropped connection, a dropped message, changed EHLO
 * keywords). Rules are immutable values; they take effect once added to a {@link SmtpBehavior}:
 * {@link FakeMailServer#smtp()} for the whole server, {@link Inbox#smtp()} for mail to one inbox's
 * address only.
 *
 * <pre>{@code
 * server.smtp().add(SmtpRule.on(SmtpPhase.RCPT_TO).recipient("bob@example.test")
 *     .times(1).reply(452, "4.2.2 Mailbox full"));
 * server.smtp().add(SmtpRule.on(SmtpPhase.MAIL_FROM).delay(Duration.ofSeconds(2)).proceed());
 * server.smtp().add(SmtpRule.on(SmtpPhase.DATA).disconnectAfterBytes(1024));
 * server.smtp().add(SmtpRule.greylisting());
 * }</pre>
 *
 * <p>How a rule counts: every time its phase is reached and its conditions hold is an
 * <em>occurrence</em>. The first {@link Builder#afterPassing(int) afterPassing} occurrences pass
 * untouched (handled as if the rule were not there); after those the rule <em>fires</em> on each
 * occurrence, at most {@link Builder#times(int) times} times (always, unless limited), each time
 * with its {@link Builder#withProbability(double) probability}. Counts are kept per added rule,
 * across connections. When several rules match one occurrence, they are evaluated in the order they
 * were added and the first that fires decides the reply (the matching rules after it count the
 * occurrence, toward {@code afterPassing} and {@code nth}, but do not fire on it: {@code nth(2)} is
 * the second time the phase is reached with its conditions, whatever decided the first); a rule
 * that only delays ({@link Builder#proceed()}) or changes EHLO keywords ({@link
 * Builder#hideKeywords}, {@link Builder#addKeywords}) does not decide: when it fires, its delay
 * adds to the delay of whatever follows (the next rule that fires, or the usual reply), its
 * keywords combine with those of the others, and evaluation goes on. A preset whose condition does
 * not hold (a greylisted pair's accepted retry, a rate under its limit) counts the occurrence but
 * does not fire.
 *
 * <p>What counts as reaching a phase: the greeting, and each command that the server would
 * otherwise handle. A command refused for its sequence or syntax ({@code RCPT} before {@code MAIL},
 * {@code MAIL FROM:<bad@@address>}, a second {@code MAIL}), or refused by require-TLS mode, is
 * answered as usual and is no occurrence. A rule's reply replaces the server's answer and the
 * command has no effect: a refused {@code MAIL} sets no sender, a refused {@code RCPT} adds no
 * recipient, a refused {@code DATA} keeps the transaction, a refusal at {@link
 * SmtpPhase#END_OF_DATA} stores nothing and ends the transaction. A {@code 421} reply closes the
 * connection after it. At {@link SmtpPhase#CONNECT} any other reply (say {@code 554}) replaces the
 * greeting and, as RFC 5321 §3.1 asks, every later command but {@code QUIT} is answered {@code 503
 * 5.5.1 Bad sequence of commands: this server refused the connection}. A rule that hides {@code
 * STARTTLS} or {@code AUTH} also refuses that command on the connection, {@code 502 5.5.1 Error:
 * command not implemented} as Postfix does when the feature is off; keyword rules do not count
 * {@code HELO}, whose one-line reply has no keywords.
 *
 * <p>Delays never hold a server thread. Until a delayed reply is written, no later command of the
 * connection is handled (pipelined commands wait, in order); a client that hangs up during the
 * delay, or a server that stops, cancels it, and what the delay was in front of never happens (no
 * message is stored). Rules act on the SMTP and SMTPS listeners; LMTP is never affected.
 */
public final class SmtpRule {
  /** What a rule does when it fires. */
  public enum Action {
    /** Answer with {@link #replyCode()} and {@link #replyText()} instead of the usual reply. */
    REPLY,
    /** Close the connection without a reply. */
    DISCONNECT,
    /** Handle the command as usual, after the {@link #delay()}. */
    PROCEED,
    /** At {@link SmtpPhase#DATA}: close the connection after {@link #afterBytes()} of content. */
    DISCONNECT_AFTER_BYTES,
    /** At {@link SmtpPhase#END_OF_DATA}: answer {@code 250} as usual but store nothing. */
    DROP,
    /** At {@link SmtpPhase#EHLO}: leave {@link #keywords()} out of the EHLO reply. */
    HIDE_KEYWORDS,
    /** At {@link SmtpPhase#EHLO}: add {@link #keywords()} to the EHLO reply. */
    ADD_KEYWORDS,
    /** The greylisting preset: see {@link SmtpRule#greylisting(Duration)}. */
    GREYLIST,
    /** The rate-limit preset per connection: see {@link SmtpRule#rateLimitPerConnection(int)}. */
    RATE_LIMIT_PER_CONNECTION,
    /** The rate-limit preset per minute: see {@link SmtpRule#rateLimitPerMinute(int)}. */
    RATE_LIMIT_PER_MINUTE,
    /** The chaos preset: see {@link SmtpRule#chaos(long, double, SmtpPhase...)}. */
    CHAOS
  }

  private final Set<SmtpPhase> phases;
  private final String sender;
  private final String senderPattern;
  private final String recipient;
  private final String recipientPattern;
  private final boolean unknownRecipient;
  private final int afterPassing;
  private final int times; // 0: no limit
  private final double probability;
  private final Long seed;
  private final Duration delay;
  private final Action action;
  private final int replyCode;
  private final String replyText;
  private final long afterBytes;
  private final List<String> keywords;
  private final int limit;
  private final Duration minRetryDelay;

  private SmtpRule(Builder b, Action action) {
    this.phases = Collections.unmodifiableSet(EnumSet.copyOf(b.phases));
    this.sender = b.sender;
    this.senderPattern = b.senderPattern;
    this.recipient = b.recipient;
    this.recipientPattern = b.recipientPattern;
    this.unknownRecipient = b.unknownRecipient;
    this.afterPassing = b.afterPassing;
    this.times = b.times;
    this.probability = b.probability;
    this.seed = b.seed;
    this.delay = b.delay;
    this.action = action;
    this.replyCode = b.replyCode;
    this.replyText = b.replyText;
    this.afterBytes = b.afterBytes;
    this.keywords = List.copyOf(b.keywords);
    this.limit = b.limit;
    this.minRetryDelay = b.minRetryDelay;
  }

  /** Starts a rule acting at these phases (usually one). */
  public static Builder on(SmtpPhase phase, SmtpPhase... more) {
    EnumSet<SmtpPhase> phases = EnumSet.of(Objects.requireNonNull(phase, "phase"));
    for (SmtpPhase p : more) {
      phases.add(Objects.requireNonNull(p, "phase"));
    }
    return new Builder(phases);
  }

  // ---------------------------------------------------------------- presets

  /** {@link #greylisting(Duration)} with no minimum delay: any retry succeeds. */
  public static SmtpRule greylisting() {
    return greylisting(Duration.ZERO);
  }

  /**
   * Greylisting (RFC 6647): the first {@code RCPT TO} of each sender/recipient pair (ignoring case;
   * the last 100,000 pairs are remembered) is answered {@code 450 4.2.0 <recipient>: Recipient
   * address rejected: Greylisted, please try again later}; a retry of the same pair, on any
   * connection, at least {@code minRetryDelay} after the first attempt, is accepted (an earlier
   * retry is refused again and does not restart the clock).
   */
  public static SmtpRule greylisting(Duration minRetryDelay) {
    Builder b = new Builder(EnumSet.of(SmtpPhase.RCPT_TO));
    b.minRetryDelay = nonNegative(minRetryDelay, "minRetryDelay");
    return b.build(Action.GREYLIST);
  }

  /**
   * A rate limit per connection: after {@code messages} messages accepted on one connection (since
   * it was opened, whenever the rule was added), the next {@code MAIL FROM} on it is answered
   * {@code 421 4.7.0 <host> Error: too many messages on this connection, closing} and the
   * connection is closed.
   */
  public static SmtpRule rateLimitPerConnection(int messages) {
    Builder b = new Builder(EnumSet.of(SmtpPhase.MAIL_FROM));
    b.limit = positive(messages, "messages");
    return b.build(Action.RATE_LIMIT_PER_CONNECTION);
  }

  /**
   * A rate limit per minute: once {@code messages} messages were accepted in the last 60 seconds
   * (counted from when the rule was added, across connections), a {@code MAIL FROM} is answered
   * {@code 421 4.7.0 <host> Error: too much mail, try again later} and the connection is closed.
   */
  public static SmtpRule rateLimitPerMinute(int messages) {
    Builder b = new Builder(EnumSet.of(SmtpPhase.MAIL_FROM));
    b.limit = positive(messages, "messages");
    return b.build(Action.RATE_LIMIT_PER_MINUTE);
  }

  /**
   * A full mailbox: {@code RCPT TO} this address (ignoring case) is answered {@code 552 5.2.2
   * <address>: Recipient address rejected: Mailbox full}.
   */
  public static SmtpRule mailboxFull(String address) {
    requireText(address, "address");
    return on(SmtpPhase.RCPT_TO)
        .recipient(address)
        .reply(552, "5.2.2 <" + address.trim() + ">: Recipient address rejected: Mailbox full");
  }

  /**
   * Unknown users: {@code RCPT TO} an address that is not a configured user ({@link
   * FakeMailConfig.Builder#user}) is answered {@code 550 5.1.1 <address>: Recipient address
   * rejected: User unknown in local recipient table} (Postfix's text).
   */
  public static SmtpRule unknownUsers() {
    return on(SmtpPhase.RCPT_TO).unknownRecipient().replyUnknownUser();
  }

  /**
   * Chaos with a seed: at each occurrence of the phases (every phase but {@link SmtpPhase#QUIT}
   * when none are given), with {@code probability}, the server fails the way a real one does at
   * that phase, choosing with equal chances among: at the greeting, {@code 421 4.3.2 <host> Service
   * not available, closing transmission channel} (then a close) or a dropped connection; at {@link
   * SmtpPhase#DATA}, {@code 451 4.3.0 Temporary failure, please try again later}, a dropped
   * connection, or {@code 354} and a connection dropped within the first 4096 bytes of content;
   * elsewhere that {@code 451} or a dropped connection. The same seed and the same client behaviour
   * (the same commands in the same order) give the same outcome; a seed the server picks is logged
   * when the rule is added and shown by {@link RegisteredRule#rule()}.
   */
  public static SmtpRule chaos(long seed, double probability, SmtpPhase... phases) {
    Builder b =
        new Builder(
            phases.length == 0
                ? EnumSet.complementOf(EnumSet.of(SmtpPhase.QUIT))
                : EnumSet.copyOf(Arrays.asList(phases)));
    b.withProbability(probability, seed);
    return b.build(Action.CHAOS);
  }

  // ---------------------------------------------------------------- accessors

  /** The phases this rule acts at; never empty. */
  public Set<SmtpPhase> phases() {
    return phases;
  }

  /** The sender it requires (ignoring case; {@code ""} is the null sender {@code <>}). */
  public Optional<String> sender() {
    return Optional.ofNullable(sender);
  }

  /** The regular expression the whole sender must match, if any. */
  public Optional<String> senderPattern() {
    return Optional.ofNullable(senderPattern);
  }

  /**
   * The recipient it requires (ignoring case): at {@link SmtpPhase#RCPT_TO} the one being added, at
   * {@link SmtpPhase#DATA} and {@link SmtpPhase#END_OF_DATA} any of the transaction's. A recipient
   * given without a domain ({@code RCPT TO:<bob>}) is {@code bob@} the server's host name.
   */
  public Optional<String> recipient() {
    return Optional.ofNullable(recipient);
  }

  /** The regular expression the whole recipient must match, if any. */
  public Optional<String> recipientPattern() {
    return Optional.ofNullable(recipientPattern);
  }

  /** Whether it requires a recipient that is not a configured user. */
  public boolean unknownRecipient() {
    return unknownRecipient;
  }

  /** How many occurrences pass untouched before the rule fires. */
  public int afterPassing() {
    return afterPassing;
  }

  /** How many times the rule fires at most; empty: every time. */
  public OptionalInt times() {
    return times == 0 ? OptionalInt.empty() : OptionalInt.of(times);
  }

  /** The probability with which it fires on each occurrence; 1 unless set. */
  public double probability() {
    return probability;
  }

  /**
   * The seed of its random choices; empty for a rule without chance until it is added (the server
   * then picks one, logs it and shows it in {@link RegisteredRule#rule()}).
   */
  public OptionalLong seed() {
    return seed == null ? OptionalLong.empty() : OptionalLong.of(seed);
  }

  /** How long the server waits before it acts; zero unless set. */
  public Duration delay() {
    return delay;
  }

  public Action action() {
    return action;
  }

  /** The reply code of a {@link Action#REPLY} rule; 0 for other actions. */
  public int replyCode() {
    return replyCode;
  }

  /**
   * The reply text of a {@link Action#REPLY} rule, enhanced status code first if it has one ({@code
   * "4.2.2 Mailbox full"}); lines are separated by {@code \n}. Empty for other actions.
   */
  public String replyText() {
    return replyText;
  }

  /** For {@link Action#DISCONNECT_AFTER_BYTES}: how much message content is read first. */
  public long afterBytes() {
    return afterBytes;
  }

  /** For {@link Action#HIDE_KEYWORDS} and {@link Action#ADD_KEYWORDS}, upper case. */
  public List<String> keywords() {
    return keywords;
  }

  /** For the rate-limit presets: how many messages are accepted. */
  public int limit() {
    return limit;
  }

  /** For {@link Action#GREYLIST}: how long a retry must wait to succeed. */
  public Duration minRetryDelay() {
    return minRetryDelay;
  }

  /** This rule with the seed of its random choices set. */
  public SmtpRule withSeed(long seed) {
    Builder b = toBuilder();
    b.seed = seed;
    return b.build(action);
  }

  private Builder toBuilder() {
    Builder b = new Builder(EnumSet.copyOf(phases));
    b.sender = sender;
    b.senderPattern = senderPattern;
    b.recipient = recipient;
    b.recipientPattern = recipientPattern;
    b.unknownRecipient = unknownRecipient;
    b.afterPassing = afterPassing;
    b.times = times;
    b.probability = probability;
    b.seed = seed;
    b.delay = delay;
    b.replyCode = replyCode;
    b.replyText = replyText;
    b.afterBytes = afterBytes;
    b.keywords = keywords;
    b.limit = limit;
    b.minRetryDelay = minRetryDelay;
    return b;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof SmtpRule)) {
      return false;
    }
    SmtpRule r = (SmtpRule) o;
    return phases.equals(r.phases)
        && Objects.equals(sender, r.sender)
        && Objects.equals(senderPattern, r.senderPattern)
        && Objects.equals(recipient, r.recipient)
        && Objects.equals(recipientPattern, r.recipientPattern)
        && unknownRecipient == r.unknownRecipient
        && afterPassing == r.afterPassing
        && times == r.times
        && Double.compare(probability, r.probability) == 0
        && Objects.equals(seed, r.seed)
        && delay.equals(r.delay)
        && action == r.action
        && replyCode == r.replyCode
        && replyText.equals(r.replyText)
        && afterBytes == r.afterBytes
        && keywords.equals(r.keywords)
        && limit == r.limit
        && minRetryDelay.equals(r.minRetryDelay);
  }

  @Override
  public int hashCode() {
    return Objects.hash(phases, sender, recipient, action, replyCode, replyText, times, seed);
  }

  /**
   * {@code SmtpRule{on RCPT_TO, recipient bob@example.test, times 1: reply 452 4.2.2 Mailbox
   * full}}.
   */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("SmtpRule{on ");
    sb.append(phases.size() == 1 ? phases.iterator().next().toString() : phases.toString());
    if (sender != null) {
      sb.append(", sender ").append(sender.isEmpty() ? "<>" : sender);
    }
    if (senderPattern != null) {
      sb.append(", sender matching ").append(senderPattern);
    }
    if (recipient != null) {
      sb.append(", recipient ").append(recipient);
    }
    if (recipientPattern != null) {
      sb.append(", recipient matching ").append(recipientPattern);
    }
    if (unknownRecipient) {
      sb.append(", unknown recipient");
    }
    if (afterPassing > 0) {
      sb.append(", after passing ").append(afterPassing);
    }
    if (times > 0) {
      sb.append(", times ").append(times);
    }
    if (probability < 1 || action == Action.CHAOS) {
      sb.append(", probability ").append(probability);
    }
    if (seed != null) {
      sb.append(", seed ").append(seed);
    }
    if (!delay.isZero()) {
      sb.append(", delay ").append(delay.toMillis()).append(" ms");
    }
    sb.append(": ").append(action.name().toLowerCase(Locale.ROOT).replace('_', ' '));
    switch (action) {
      case REPLY:
        sb.append(' ').append(replyCode).append(' ').append(replyText.replace("\n", " / "));
        break;
      case DISCONNECT_AFTER_BYTES:
        sb.append(' ').append(afterBytes);
        break;
      case HIDE_KEYWORDS:
      case ADD_KEYWORDS:
        sb.append(' ').append(String.join(" ", keywords));
        break;
      case RATE_LIMIT_PER_CONNECTION:
      case RATE_LIMIT_PER_MINUTE:
        sb.append(' ').append(limit);
        break;
      case GREYLIST:
        if (!minRetryDelay.isZero()) {
          sb.append(" min retry delay ").append(minRetryDelay.toMillis()).append(" ms");
        }
        break;
      default:
        break;
    }
    return sb.append('}').toString();
  }

  /**
   * Conditions, counts and timing of a rule, ended by the action it takes. Not thread-safe; each
   * call returns the same builder, and the action methods return the rule.
   */
  public static final class Builder {
    private final EnumSet<SmtpPhase> phases;
    private String sender;
    private String senderPattern;
    private String recipient;
    private String recipientPattern;
    private boolean unknownRecipient;
    private int afterPassing;
    private int times;
    private double probability = 1;
    private Long seed;
    private Duration delay = Duration.ZERO;
    private int replyCode;
    private String replyText = "";
    private long afterBytes;
    private List<String> keywords = List.of();
    private int limit;
    private Duration minRetryDelay = Duration.ZERO;

    private Builder(EnumSet<SmtpPhase> phases) {
      this.phases = phases;
    }

    /**
     * Only when the sender is this address (ignoring case); {@code ""} is the null sender {@code
     * <>}. Needs phases from {@link SmtpPhase#MAIL_FROM} to {@link SmtpPhase#END_OF_DATA}.
     */
    public Builder sender(String address) {
      requirePhases(SmtpPhase::knowsSender, "a sender condition");
      this.sender = Objects.requireNonNull(address, "address").trim();
      return this;
    }

    /** Only when the whole sender matches this regular expression. */
    public Builder senderMatching(String regex) {
      requirePhases(SmtpPhase::knowsSender, "a sender condition");
      this.senderPattern = compile(regex);
      return this;
    }

    /**
     * Only when the recipient is this address (ignoring case). Needs phases from {@link
     * SmtpPhase#RCPT_TO} to {@link SmtpPhase#END_OF_DATA}.
     */
    public Builder recipient(String address) {
      requirePhases(SmtpPhase::knowsRecipient, "a recipient condition");
      this.recipient = requireText(address, "address").trim();
      return this;
    }

    /** Only when the whole recipient matches this regular expression. */
    public Builder recipientMatching(String regex) {
      requirePhases(SmtpPhase::knowsRecipient, "a recipient condition");
      this.recipientPattern = compile(regex);
      return this;
    }

    /**
     * Only when the recipient is not a configured user ({@link FakeMailConfig.Builder#user}). Only
     * at {@link SmtpPhase#RCPT_TO}.
     */
    public Builder unknownRecipient() {
      requirePhases(p -> p == SmtpPhase.RCPT_TO, "an unknown-recipient condition");
      this.unknownRecipient = true;
      return this;
    }

    /** Lets the first {@code occurrences} matching occurrences pass untouched; 0 by default. */
    public Builder afterPassing(int occurrences) {
      if (occurrences < 0) {
        throw new IllegalArgumentException("afterPassing must not be negative: " + occurrences);
      }
      this.afterPassing = occurrences;
      return this;
    }

    /** Fires at most {@code times} times, then is spent; by default it fires every time. */
    public Builder times(int times) {
      this.times = positive(times, "times");
      return this;
    }

    /** Fires once, on the {@code n}-th matching occurrence (1 is the first). */
    public Builder nth(int n) {
      positive(n, "n");
      return afterPassing(n - 1).times(1);
    }

    /**
     * Fires on each occurrence with this probability (0 < p ≤ 1), from a seed the server picks and
     * logs when the rule is added.
     */
    public Builder withProbability(double probability) {
      if (!(probability > 0 && probability <= 1)) {
        throw new IllegalArgumentException(
            "probability must be greater than 0 and at most 1: " + probability);
      }
      this.probability = probability;
      return this;
    }

    /** Fires on each occurrence with this probability, from this seed: reproducible. */
    public Builder withProbability(double probability, long seed) {
      withProbability(probability);
      this.seed = seed;
      return this;
    }

    /** Waits this long before acting (before the reply, the close or the usual handling). */
    public Builder delay(Duration delay) {
      this.delay = nonNegative(delay, "delay");
      return this;
    }

    /**
     * Answers with this reply instead of the usual one. {@code text} starts with the enhanced
     * status code when the reply should have one ({@code "4.2.2 Mailbox full"}); {@code \n}
     * separates lines of a multi-line reply. A {@code 421} closes the connection after the reply
     * (RFC 5321 §3.8). In the text, {@code {recipient}} and {@code {sender}} stand for the
     * recipient and the sender ({@code <>} as empty) where known: at {@link SmtpPhase#RCPT_TO} the
     * recipient being added; at {@link SmtpPhase#DATA} and {@link SmtpPhase#END_OF_DATA} the one
     * the rule is about (its inbox's address, the one its recipient condition matched), else the
     * first. Addresses appear as the client sent them, with the domain in lower case.
     *
     * @throws IllegalArgumentException unless the code is 4xx or 5xx and the text has no CR
     */
    public SmtpRule reply(int code, String text) {
      if (code < 400 || code > 599) {
        throw new IllegalArgumentException(
            "A rule replies with a failure, 4xx or 5xx: "
                + code
                + " (to delay a normal reply, use delay(...).proceed())");
      }
      Objects.requireNonNull(text, "text");
      if (text.indexOf('\r') >= 0) {
        throw new IllegalArgumentException("Reply text must not contain CR; use \\n between lines");
      }
      this.replyCode = code;
      this.replyText = text.strip();
      return build(Action.REPLY);
    }

    /**
     * Answers with this reply: {@code reply(452, "4.2.2", "Mailbox full")} is {@code reply(452,
     * "4.2.2 Mailbox full")}.
     */
    public SmtpRule reply(int code, String enhancedStatus, String text) {
      if (!enhancedStatus.matches("[245]\\.\\d{1,3}\\.\\d{1,3}")
          || enhancedStatus.charAt(0) != Integer.toString(code).charAt(0)) {
        throw new IllegalArgumentException(
            "Enhanced status " + enhancedStatus + " does not fit reply code " + code);
      }
      return reply(code, enhancedStatus + " " + text);
    }

    /** Closes the connection without replying. */
    public SmtpRule disconnect() {
      return build(Action.DISCONNECT);
    }

    /** Handles the command as usual, after the {@link #delay(Duration)} (which it needs). */
    public SmtpRule proceed() {
      if (delay.isZero()) {
        throw new IllegalStateException(
            "A rule that proceeds as usual does nothing without a delay; set delay(...) first");
      }
      return build(Action.PROCEED);
    }

    /**
     * At {@link SmtpPhase#DATA}: answers {@code 354} as usual, reads {@code bytes} of message
     * content (as sent, dot-stuffing and line endings included; whole lines, so at least that
     * many), then closes the connection without a reply; if the content ends first, at its final
     * dot. Nothing is stored. With 0, the connection is closed right after the {@code 354}.
     */
    public SmtpRule disconnectAfterBytes(long bytes) {
      requireOnly(SmtpPhase.DATA, "disconnectAfterBytes");
      if (bytes < 0) {
        throw new IllegalArgumentException("bytes must not be negative: " + bytes);
      }
      this.afterBytes = bytes;
      return build(Action.DISCONNECT_AFTER_BYTES);
    }

    /**
     * At {@link SmtpPhase#END_OF_DATA}: answers {@code 250} as usual but stores nothing. The reply
     * is {@code 250 2.0.0 Ok: queued as D1} ({@code D2}…): a queue id no stored message has. A
     * dropped message counts as accepted for the rate limits.
     */
    public SmtpRule drop() {
      requireOnly(SmtpPhase.END_OF_DATA, "drop");
      return build(Action.DROP);
    }

    /** At {@link SmtpPhase#EHLO}: leaves these keywords (e.g. {@code STARTTLS}) out. */
    public SmtpRule hideKeywords(String... keywords) {
      requireOnly(SmtpPhase.EHLO, "hideKeywords");
      this.keywords = keywords(keywords);
      return build(Action.HIDE_KEYWORDS);
    }

    /** At {@link SmtpPhase#EHLO}: adds these keywords (e.g. {@code SMTPUTF8}), each a line. */
    public SmtpRule addKeywords(String... keywords) {
      requireOnly(SmtpPhase.EHLO, "addKeywords");
      this.keywords = keywords(keywords);
      return build(Action.ADD_KEYWORDS);
    }

    /** The 550 "User unknown" reply of {@link SmtpRule#unknownUsers()}; address filled in. */
    private SmtpRule replyUnknownUser() {
      this.replyCode = 550;
      this.replyText =
          "5.1.1 <{recipient}>: Recipient address rejected: User unknown in local recipient table";
      return build(Action.REPLY);
    }

    private SmtpRule build(Action action) {
      return new SmtpRule(this, action);
    }

    private void requirePhases(java.util.function.Predicate<SmtpPhase> ok, String what) {
      List<SmtpPhase> wrong = new ArrayList<>();
      for (SmtpPhase p : phases) {
        if (!ok.test(p)) {
          wrong.add(p);
        }
      }
      if (!wrong.isEmpty()) {
        throw new IllegalArgumentException(
            capitalized(what) + " cannot hold at " + joined(wrong) + ": nothing is known there");
      }
    }

    private void requireOnly(SmtpPhase phase, String what) {
      if (!phases.equals(EnumSet.of(phase))) {
        throw new IllegalArgumentException(
            what + " acts only at " + phase + "; this rule is on " + joined(phases));
      }
    }

    private static List<String> keywords(String... keywords) {
      if (keywords.length == 0) {
        throw new IllegalArgumentException("Name at least one keyword");
      }
      List<String> list = new ArrayList<>();
      for (String k : keywords) {
        String t = requireText(k, "keyword").trim().toUpperCase(Locale.ROOT);
        if (t.indexOf('\r') >= 0 || t.indexOf('\n') >= 0) {
          throw new IllegalArgumentException("A keyword is one line: " + k);
        }
        list.add(t);
      }
      return List.copyOf(list);
    }
  }

  // ---------------------------------------------------------------- helpers

  private static String compile(String regex) {
    Objects.requireNonNull(regex, "regex");
    try {
      Pattern.compile(regex);
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException("Not a regular expression: " + e.getMessage(), e);
    }
    return regex;
  }

  private static int positive(int n, String name) {
    if (n < 1) {
      throw new IllegalArgumentException(name + " must be at least 1: " + n);
    }
    return n;
  }

  private static Duration nonNegative(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative()) {
      throw new IllegalArgumentException(name + " must not be negative: " + d);
    }
    return d;
  }

  private static String requireText(String s, String name) {
    Objects.requireNonNull(s, name);
    if (s.isBlank()) {
      throw new IllegalArgumentException(name + " must not be blank");
    }
    return s;
  }

  private static String capitalized(String s) {
    return Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }

  private static String joined(Iterable<SmtpPhase> phases) {
    StringBuilder sb = new StringBuilder();
    for (SmtpPhase p : phases) {
      sb.append(sb.length() == 0 ? "" : ", ").append(p);
    }
    return sb.toString();
  }
}
