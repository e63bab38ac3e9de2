package dev.fakemail.internal.store;

import dev.fakemail.ReceivedMail;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Every mailbox of a server, one per normalised address, created on first delivery. This is the
 * mail server's state that POP3 (and later IMAP) clients read and change; the capture log ({@link
 * MailStore}) is a separate view of what the server received.
 *
 * <p>Addresses are normalised by {@link #normalise(String)}: lower case, an address without
 * {@code @} is a local user at the server's host name, and by default a {@code +detail} is dropped
 * from the local part so {@code bob+tag@x} is delivered to {@code bob@x}.
 *
 * <p>Thread-safe; each mailbox has its own lock.
 */
public final class Mailboxes {
  private final String hostname;
  private final boolean stripPlusDetail;
  private final ConcurrentHashMap<String, Mailbox> mailboxes = new ConcurrentHashMap<>();
  private final AtomicLong lastUidValidity = new AtomicLong();

  /**
   * @param hostname the domain of addresses given without one
   * @param stripPlusDetail whether {@code bob+tag@x} is delivered to {@code bob@x}
   */
  public Mailboxes(String hostname, boolean stripPlusDetail) {
    this.hostname = hostname.toLowerCase(Locale.ROOT);
    this.stripPlusDetail = stripPlusDetail;
  }

  /**
   * The mailbox address for an address or login name: trimmed and lower-cased; {@code bob} becomes
   * {@code bob@<hostname>}; {@code bob+tag@x} becomes {@code bob@x} unless plus-detail stripping is
   * off. An empty local part before the {@code +} is kept as it is.
   */
  public String normalise(String address) {
    String a = address.trim().toLowerCase(Locale.ROOT);
    if (a.length() > 1 && a.startsWith("<") && a.endsWith(">")) {
      a = a.substring(1, a.length() - 1);
    }
    int at = a.lastIndexOf('@');
    String local = at < 0 ? a : a.substring(0, at);
    String domain = at < 0 ? hostname : a.substring(at + 1);
    if (stripPlusDetail) {
      int plus = local.indexOf('+');
      if (plus > 0) {
        local = local.substring(0, plus);
      }
    }
    return local + "@" + domain;
  }

  /** The mailbox of the address, if it has one. */
  public Optional<Mailbox> find(String address) {
    return Optional.ofNullable(mailboxes.get(normalise(address)));
  }

  /** The mailbox of the address, created if missing. */
  public Mailbox mailbox(String address) {
    return mailboxes.computeIfAbsent(normalise(address), a -> new Mailbox(a, this::uidValidity));
  }

  /**
   * Files a message into the INBOX of each recipient's mailbox, once per mailbox even when several
   * recipients normalise to the same address ({@code bob+a@x} and {@code bob+b@x}).
   *
   * @return the mailbox addresses it was filed into, in recipient order
   */
  public List<String> deliver(ReceivedMail mail, Collection<String> recipients, Instant date) {
    Objects.requireNonNull(mail, "mail");
    Set<String> addresses = new LinkedHashSet<>();
    for (String recipient : recipients) {
      addresses.add(normalise(recipient));
    }
    for (String address : addresses) {
      mailbox(address).inbox().append(mail, Flags.NONE, date);
    }
    return List.copyOf(addresses);
  }

  /**
   * Removes these messages from every folder of their recipients' mailboxes: when the capture log
   * drops its oldest messages, their mailbox copies go too, so the store stays bounded.
   */
  public void expungeEverywhere(List<ReceivedMail> mails) {
    if (mails.isEmpty()) {
      return;
    }
    Set<ReceivedMail> doomed = Collections.newSetFromMap(new IdentityHashMap<>());
    doomed.addAll(mails);
    Set<String> addresses = new LinkedHashSet<>();
    for (ReceivedMail m : mails) {
      for (String r : m.envelope().recipients()) {
        addresses.add(normalise(r));
      }
    }
    for (String address : addresses) {
      Mailbox mailbox = mailboxes.get(address);
      if (mailbox != null) {
        for (Folder folder : mailbox.folders()) {
          folder.expungeIf(m -> doomed.contains(m.mail()));
        }
      }
    }
  }

  /** The addresses that have a mailbox, sorted. */
  public List<String> addresses() {
    List<String> all = new ArrayList<>(mailboxes.keySet());
    Collections.sort(all);
    return all;
  }

  /**
   * Removes every mailbox. A mailbox made again later gets a new UIDVALIDITY, so POP3 and IMAP
   * clients that remember UIDs never mistake new mail for mail they have seen.
   */
  public void clear() {
    for (String address : new ArrayList<>(mailboxes.keySet())) {
      Mailbox removed = mailboxes.remove(address);
      if (removed != null) {
        removed.clearAway(); // IMAP sessions on it say BYE; POP3 sessions keep their snapshot
      }
    }
  }

  /**
   * A new UIDVALIDITY: the current time in seconds, or one more than the last one given if that is
   * not smaller, so values increase and survive a restart of the server (clients keep them).
   */
  private long uidValidity() {
    long now = Instant.now().getEpochSecond();
    return lastUidValidity.accumulateAndGet(now, (last, t) -> Math.max(last + 1, t));
  }
}
