package dev.fakemail.internal.imap;

import dev.fakemail.internal.imap.protocol.ImapReader;
import dev.fakemail.internal.imap.protocol.ImapReader.BadSyntax;
import dev.fakemail.internal.imap.protocol.ModifiedUtf7;
import dev.fakemail.internal.imap.protocol.SequenceSet;
import dev.fakemail.internal.store.Flags;
import dev.fakemail.internal.store.Flags.SystemFlag;
import dev.fakemail.internal.store.Folder;
import dev.fakemail.internal.store.Mailbox;
import dev.fakemail.internal.store.MailboxMessage;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;

/**
 * The commands of the selected state (RFC 3501 §6.4): CHECK (§6.4.1), CLOSE (§6.4.2), UNSELECT (RFC
 * 3691), EXPUNGE (§6.4.3) and UID EXPUNGE (RFC 4315), SEARCH (§6.4.4), FETCH (§6.4.5), STORE
 * (§6.4.6), COPY (§6.4.7, with COPYUID), MOVE (RFC 6851) and their UID forms (§6.4.8). Message
 * numbers are the session's own ({@link SelectedMailbox}).
 */
final class SelectedCommands {
  private final ImapSession s;

  SelectedCommands(ImapSession session) {
    this.s = session;
  }

  void check(String tag, ImapReader r) {
    r.end();
    s.ok(tag, "Check completed.");
  }

  void close(String tag, ImapReader r) {
    r.end();
    if (!s.selected.readOnly()) {
      s.selected.folder().expungeIf(m -> m.flags().has(SystemFlag.DELETED));
    }
    s.deselect();
    s.state = ImapSession.State.AUTHENTICATED;
    s.out.line(tag, "OK Close completed.");
  }

  void unselect(String tag, ImapReader r) {
    r.end();
    s.deselect();
    s.state = ImapSession.State.AUTHENTICATED;
    s.out.line(tag, "OK Unselect completed.");
  }

  /**
   * The sequence numbers a set names, ascending: message numbers (all must exist) or UIDs (those
   * the view has).
   */
  private int[] resolve(SequenceSet set, boolean uid) {
    int count = s.selected.count();
    BitSet msns = new BitSet(count + 1);
    if (uid) {
      // a binary search per range: fetching UIDs one at a time stays linear in all
      for (long[] range : set.ranges(s.selected.maxUid())) {
        for (int i = s.selected.firstIndexAtLeast(range[0]); i < count; i++) {
          if (s.selected.at(i + 1).uid() > range[1]) {
            break;
          }
          msns.set(i + 1);
        }
      }
    } else {
      if (count == 0 || set.max(count) > count) {
        throw new BadSyntax("Invalid messageset");
      }
      for (long[] range : set.ranges(count)) {
        msns.set((int) range[0], (int) range[1] + 1);
      }
    }
    return msns.stream().toArray();
  }

  void expunge(String tag, ImapReader r, boolean uid) {
    SequenceSet set = null;
    if (uid) {
      r.sp();
      set = r.sequenceSet();
    }
    r.end();
    if (s.selected.readOnly()) {
      s.no(tag, "Mailbox is read-only.");
      return;
    }
    List<Long> doomed = new ArrayList<>();
    if (set != null) {
      for (int msn : resolve(set, true)) {
        MailboxMessage m = s.selected.at(msn);
        if (m.flags().has(SystemFlag.DELETED)) {
          doomed.add(m.uid());
        }
      }
      s.selected.folder().expunge(doomed);
    } else {
      s.selected.folder().expungeIf(m -> m.flags().has(SystemFlag.DELETED));
    }
    s.ok(tag, "Expunge completed.");
  }

  void search(String tag, ImapReader r, boolean uid) {
    r.sp();
    SearchCommand.Key key;
    try {
      key = SearchCommand.parse(r);
    } catch (SearchCommand.BadCharset e) {
      s.no(tag, "[BADCHARSET (UTF-8 US-ASCII)] Unsupported charset " + e.getMessage());
      return;
    }
    StringBuilder result = new StringBuilder("SEARCH");
    List<MailboxMessage> messages = s.selected.messages();
    for (int i = 0; i < messages.size(); i++) {
      MailboxMessage m = messages.get(i);
      if (key.test(new SearchCommand.Candidate(i + 1, m, s.selected))) {
        result.append(' ').append(uid ? m.uid() : i + 1);
      }
    }
    s.out.line("*", result.toString());
    s.ok(tag, "Search completed.");
  }

  void fetch(String tag, ImapReader r, boolean uid) {
    r.sp();
    SequenceSet set = r.sequenceSet();
    r.sp();
    FetchCommand fetch = FetchCommand.parse(r, uid);
    int[] msns = resolve(set, uid);
    boolean setSeen = fetch.setsSeen() && !s.selected.readOnly();
    SelectedMailbox sel = s.selected;
    ImapSession.Step step =
        new ImapSession.Step() {
          int next;

          @Override
          public boolean step() {
            while (next < msns.length) {
              int msn = msns[next++];
              MailboxMessage m = sel.at(msn);
              boolean flagsChanged = false;
              if (setSeen && !m.flags().has(SystemFlag.SEEN)) {
                boolean[] changed = {false};
                sel.ownFlagChange(
                    () ->
                        changed[0] =
                            sel.folder()
                                .updateFlags(m.uid(), f -> f.with(SystemFlag.SEEN))
                                .isPresent());
                flagsChanged = changed[0];
              }
              fetch.write(s.out, msn, m, sel.flags(m), flagsChanged);
              if (s.out.buffer().readableBytes() >= ImapSession.CHUNK) {
                s.flush();
                if (!s.ctx.channel().isWritable()) {
                  return false;
                }
              }
            }
            if (s.selected == sel) {
              s.ok(tag, "Fetch completed.");
            } else {
              s.out.line(tag, "OK Fetch completed.");
            }
            return true;
          }
        };
    if (!step.step()) {
      s.running = step;
    }
  }

  void store(String tag, ImapReader r, boolean uid) {
    r.sp();
    SequenceSet set = r.sequenceSet();
    r.sp();
    String item = r.atom().toUpperCase(Locale.ROOT);
    int mode; // +1 add, -1 remove, 0 replace
    if (item.startsWith("+")) {
      mode = 1;
      item = item.substring(1);
    } else if (item.startsWith("-")) {
      mode = -1;
      item = item.substring(1);
    } else {
      mode = 0;
    }
    boolean silent = item.equals("FLAGS.SILENT");
    if (!silent && !item.equals("FLAGS")) {
      throw new BadSyntax("Invalid STORE item " + item);
    }
    r.sp();
    List<String> names;
    if (r.peek() == '(') {
      names = r.flagList();
    } else {
      names = new ArrayList<>();
      do {
        names.add(r.flag());
      } while (r.skip(' '));
    }
    r.end();
    Flags change = ImapSession.flags(names);
    int[] msns = resolve(set, uid);
    if (s.selected.readOnly()) {
      s.no(tag, "Mailbox is read-only.");
      return;
    }
    for (int msn : msns) {
      MailboxMessage m = s.selected.at(msn);
      s.selected.ownFlagChange(
          () ->
              s.selected
                  .folder()
                  .updateFlags(
                      m.uid(),
                      f -> mode > 0 ? f.plus(change) : mode < 0 ? f.minus(change) : change));
      if (!silent) {
        s.out.ascii("* ").number(msn).ascii(" FETCH (");
        if (uid) {
          s.out.ascii("UID ").number(m.uid()).sp();
        }
        s.out.ascii("FLAGS ").ascii(s.selected.flags(m)).ascii(")").crlf();
      }
    }
    s.ok(tag, "Store completed.");
  }

  void copy(String tag, ImapReader r, boolean uid, boolean move) {
    r.sp();
    SequenceSet set = r.sequenceSet();
    r.sp();
    String name = ImapSession.mailboxName(r);
    r.end();
    int[] msns = resolve(set, uid);
    Folder target = s.mailbox.folder(name).orElse(null);
    if (target == null) {
      s.no(tag, "[TRYCREATE] Mailbox doesn't exist: " + ModifiedUtf7.encode(name));
      return;
    }
    if (move && s.selected.readOnly()) {
      s.no(tag, "Mailbox is read-only.");
      return;
    }
    List<MailboxMessage> messages = new ArrayList<>(msns.length);
    for (int msn : msns) {
      messages.add(s.selected.at(msn));
    }
    Mailbox.CopyResult result = s.mailbox.copy(s.selected.folder(), messages, target, move);
    String code =
        result.sourceUids().isEmpty()
            ? ""
            : "[COPYUID "
                + result.uidValidity()
                + " "
                + uidSet(result.sourceUids())
                + " "
                + uidSet(result.targetUids())
                + "] ";
    if (move) {
      if (!code.isEmpty()) {
        s.out.line("*", "OK " + code + "Moved UIDs.");
      }
      s.ok(tag, "Move completed.");
    } else {
      s.ok(tag, code + "Copy completed.");
    }
  }

  /** {@code 1:3,7}: ascending UIDs as a compact set. */
  static String uidSet(List<Long> uids) {
    StringBuilder sb = new StringBuilder();
    int i = 0;
    while (i < uids.size()) {
      long start = uids.get(i);
      int j = i;
      while (j + 1 < uids.size() && uids.get(j + 1) == uids.get(j) + 1) {
        j++;
      }
      sb.append(sb.length() > 0 ? "," : "").append(start);
      if (j > i) {
        sb.append(':').append(uids.get(j));
      }
      i = j + 1;
    }
    return sb.toString();
  }
}
