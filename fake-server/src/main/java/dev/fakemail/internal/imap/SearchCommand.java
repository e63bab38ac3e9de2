package dev.fakemail.internal.imap;

import dev.fakemail.internal.imap.protocol.ImapReader;
import dev.fakemail.internal.imap.protocol.ImapReader.BadSyntax;
import dev.fakemail.internal.imap.protocol.SequenceSet;
import dev.fakemail.internal.store.Flags.SystemFlag;
import dev.fakemail.internal.store.MailboxMessage;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * SEARCH criteria (RFC 3501 §6.4.4): every key, parsed into a tree and tested message by message.
 * Content keys (HEADER, BODY, TEXT and the address and subject keys) go to the message view, which
 * decodes RFC 2047 words and transfer encodings and compares ignoring case. Dates without time and
 * zone: the internal date's day in UTC (the zone INTERNALDATE is shown in), the Date header's day
 * in its own zone.
 */
final class SearchCommand {
  /** The charsets SEARCH accepts; their names go into {@code [BADCHARSET]} for any other. */
  static final List<String> CHARSETS = List.of("UTF-8", "US-ASCII");

  /** A charset SEARCH does not support. */
  static final class BadCharset extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BadCharset(String charset) {
      super(charset, null, false, false);
    }
  }

  /** One message as the keys see it. */
  static final class Candidate {
    final int msn;
    final MailboxMessage message;
    final SelectedMailbox selected;

    Candidate(int msn, MailboxMessage message, SelectedMailbox selected) {
      this.msn = msn;
      this.message = message;
      this.selected = selected;
    }

    boolean has(SystemFlag flag) {
      return message.flags().has(flag);
    }
  }

  interface Key {
    boolean test(Candidate c);
  }

  private SearchCommand() {}

  /** Reads {@code [CHARSET name] key *(SP key)} up to the end of the command: all must match. */
  static Key parse(ImapReader r) {
    if (r.peekAtomIgnoringCase("CHARSET")) {
      r.atom();
      r.sp();
      String charset = r.astring();
      if (CHARSETS.stream().noneMatch(c -> c.equalsIgnoreCase(charset))) {
        throw new BadCharset(charset);
      }
      r.sp();
    }
    List<Key> keys = new ArrayList<>();
    do {
      keys.add(key(r));
    } while (r.skip(' '));
    r.end();
    return and(keys);
  }

  private static Key and(List<Key> keys) {
    if (keys.size() == 1) {
      return keys.get(0);
    }
    Key[] all = keys.toArray(new Key[0]);
    return c -> {
      for (Key k : all) {
        if (!k.test(c)) {
          return false;
        }
      }
      return true;
    };
  }

  private static Key key(ImapReader r) {
    if (r.skip('(')) {
      List<Key> keys = new ArrayList<>();
      do {
        keys.add(key(r));
      } while (r.skip(' '));
      r.expect(')');
      return and(keys);
    }
    if (r.atSequenceSet() || r.peek() == '$') {
      SequenceSet set = r.sequenceSet();
      return c -> set.contains(c.msn, c.selected.count());
    }
    String name = r.atom().toUpperCase(Locale.ROOT);
    switch (name) {
      case "ALL":
        return c -> true;
      case "ANSWERED":
        return c -> c.has(SystemFlag.ANSWERED);
      case "DELETED":
        return c -> c.has(SystemFlag.DELETED);
      case "DRAFT":
        return c -> c.has(SystemFlag.DRAFT);
      case "FLAGGED":
        return c -> c.has(SystemFlag.FLAGGED);
      case "SEEN":
        return c -> c.has(SystemFlag.SEEN);
      case "UNANSWERED":
        return c -> !c.has(SystemFlag.ANSWERED);
      case "UNDELETED":
        return c -> !c.has(SystemFlag.DELETED);
      case "UNDRAFT":
        return c -> !c.has(SystemFlag.DRAFT);
      case "UNFLAGGED":
        return c -> !c.has(SystemFlag.FLAGGED);
      case "UNSEEN":
        return c -> !c.has(SystemFlag.SEEN);
      case "RECENT":
        return c -> c.selected.isRecent(c.message);
      case "OLD":
        return c -> !c.selected.isRecent(c.message);
      case "NEW":
        return c -> c.selected.isRecent(c.message) && !c.has(SystemFlag.SEEN);
      case "KEYWORD":
        {
          r.sp();
          String k = r.flag();
          return c -> hasKeyword(c.message, k);
        }
      case "UNKEYWORD":
        {
          r.sp();
          String k = r.flag();
          return c -> !hasKeyword(c.message, k);
        }
      case "BCC":
      case "CC":
      case "FROM":
      case "SUBJECT":
      case "TO":
        {
          r.sp();
          String text = r.astring();
          String field = name.charAt(0) + name.substring(1).toLowerCase(Locale.ROOT);
          return c -> SelectedMailbox.view(c.message).headerContains(field, text);
        }
      case "HEADER":
        {
          r.sp();
          String field = r.astring();
          r.sp();
          String text = r.astring();
          return c -> SelectedMailbox.view(c.message).headerContains(field, text);
        }
      case "BODY":
        {
          r.sp();
          String text = r.astring();
          return c -> SelectedMailbox.view(c.message).bodyContains(text);
        }
      case "TEXT":
        {
          r.sp();
          String text = r.astring();
          return c -> SelectedMailbox.view(c.message).textContains(text);
        }
      case "BEFORE":
        {
          LocalDate d = date(r);
          return c -> internalDay(c).isBefore(d);
        }
      case "ON":
        {
          LocalDate d = date(r);
          return c -> internalDay(c).isEqual(d);
        }
      case "SINCE":
        {
          LocalDate d = date(r);
          return c -> !internalDay(c).isBefore(d);
        }
      case "SENTBEFORE":
        {
          LocalDate d = date(r);
          return c -> sentDay(c).map(s -> s.isBefore(d)).orElse(false);
        }
      case "SENTON":
        {
          LocalDate d = date(r);
          return c -> sentDay(c).map(s -> s.isEqual(d)).orElse(false);
        }
      case "SENTSINCE":
        {
          LocalDate d = date(r);
          return c -> sentDay(c).map(s -> !s.isBefore(d)).orElse(false);
        }
      case "LARGER":
        {
          r.sp();
          long n = r.number();
          return c -> SelectedMailbox.view(c.message).size() > n;
        }
      case "SMALLER":
        {
          r.sp();
          long n = r.number();
          return c -> SelectedMailbox.view(c.message).size() < n;
        }
      case "UID":
        {
          r.sp();
          SequenceSet set = r.sequenceSet();
          return c -> set.contains(c.message.uid(), c.selected.maxUid());
        }
      case "NOT":
        {
          r.sp();
          Key k = key(r);
          return c -> !k.test(c);
        }
      case "OR":
        {
          r.sp();
          Key a = key(r);
          r.sp();
          Key b = key(r);
          return c -> a.test(c) || b.test(c);
        }
      default:
        throw new BadSyntax("Unknown search key " + name);
    }
  }

  private static boolean hasKeyword(MailboxMessage m, String keyword) {
    for (String k : m.flags().keywords()) {
      if (k.equalsIgnoreCase(keyword)) {
        return true;
      }
    }
    return false;
  }

  private static LocalDate date(ImapReader r) {
    r.sp();
    return r.date();
  }

  private static LocalDate internalDay(Candidate c) {
    return c.message.internalDate().atOffset(ZoneOffset.UTC).toLocalDate();
  }

  private static Optional<LocalDate> sentDay(Candidate c) {
    return SelectedMailbox.view(c.message).sentDate();
  }
}
