package dev.fakemail;

import java.util.List;
import java.util.Optional;

/**
 * The scripted SMTP behaviour of a server: {@link SmtpRule}s to add, list and remove. {@link
 * FakeMailServer#smtp()} holds the rules of the whole server; {@link Inbox#smtp()} of an inbox from
 * {@link FakeMailServer#newInbox()} holds rules that apply only to mail for that inbox's address
 * (so parallel tests on one server never fail each other's mail) and are removed when the inbox is
 * cleared. Over HTTP, {@link FakeMailHttpClient#smtp()} is the same contract.
 *
 * <p>Implementations are thread-safe.
 */
public interface SmtpBehavior {

  /**
   * Adds a rule; it applies to SMTP commands read from now on.
   *
   * @return the rule as registered: its id, and the seed the server picked if it had none
   * @throws IllegalArgumentException if the rule cannot act in this scope (an inbox's rules act
   *     only at {@link SmtpPhase#RCPT_TO}, {@link SmtpPhase#DATA} and {@link
   *     SmtpPhase#END_OF_DATA}, where its address is known)
   */
  RegisteredRule add(SmtpRule rule);

  /** The rules of this scope in the order they were added, with their counts as of now. */
  List<RegisteredRule> rules();

  /** The rule with this id in this scope, with its counts as of now. */
  Optional<RegisteredRule> rule(String id);

  /**
   * Removes the rule with this id from this scope.
   *
   * @return whether there was one
   */
  boolean remove(String id);

  /**
   * Removes every rule of this scope (for the server-wide one, every rule of the server, inbox
   * rules included).
   */
  void clear();
}
