package dev.fakemail.internal.imap;

import dev.fakemail.Envelope;
import dev.fakemail.ReceivedMail;
import dev.fakemail.internal.imap.protocol.ImapReader;
import dev.fakemail.internal.imap.protocol.ImapReader.BadSyntax;
import dev.fakemail.internal.imap.protocol.ModifiedUtf7;
import dev.fakemail.internal.store.Flags;
import dev.fakemail.internal.store.Flags.SystemFlag;
import dev.fakemail.internal.store.Folder;
import dev.fakemail.internal.store.Mailbox;
import dev.fakemail.internal.store.Mailbox.FolderException;
import dev.fakemail.internal.store.MailboxMessage;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The commands of the authenticated state (RFC 3501 §6.3), also valid when a folder is selected:
 * SELECT and EXAMINE (§6.3.1, §6.3.2), CREATE (§6.3.3), DELETE (§6.3.4), RENAME (§6.3.5), SUBSCRIBE
 * and UNSUBSCRIBE (§6.3.6, §6.3.7), LIST and LSUB (§6.3.8, §6.3.9, with RFC 3348's children and RFC
 * 6154's special-use attributes), STATUS (§6.3.10), APPEND (§6.3.11, with RFC 4315's APPENDUID),
 * NAMESPACE (RFC 2342) and ENABLE (RFC 5161). Folder names travel in modified UTF-7 (§5.1.3).
 */
final class AuthenticatedCommands {
  private final ImapSession s;

  AuthenticatedCommands(ImapSession session) {
    this.s = session;
  }

  void namespace(String tag, ImapReader r) {
    r.end();
    s.out.line("*", "NAMESPACE ((\"\" \"" + Mailbox.DELIMITER + "\")) NIL NIL");
    s.ok(tag, "Namespace completed.");
  }

  void enable(String tag, ImapReader r) {
    do {
      r.sp();
      r.atom(); // nothing we support needs enabling: CONDSTORE, QRESYNC, UTF8=ACCEPT are not
      // offered
    } while (!r.atEnd());
    s.out.line("*", "ENABLED");
    s.ok(tag, "Enabled.");
  }

  void writeName(String name) {
    s.out.astring(ModifiedUtf7.encode(name));
  }

  void select(String tag, ImapReader r, boolean readOnly) {
    r.sp();
    String name = ImapSession.mailboxName(r);
    r.end();
    s.deselect();
    s.state = ImapSession.State.AUTHENTICATED;
    Folder folder = s.mailbox.folder(name).orElse(null);
    if (folder == null) {
      s.out.line(tag, "NO Mailbox doesn't exist: " + ModifiedUtf7.encode(name));
      return;
    }
    s.selected = new SelectedMailbox(folder, readOnly, s::wake, Thread.currentThread());
    s.state = ImapSession.State.SELECTED;
    TreeSet<String> keywords = new TreeSet<>();
    int firstUnseen = 0;
    List<MailboxMessage> messages = s.selected.messages();
    for (int i = 0; i < messages.size(); i++) {
      Flags f = messages.get(i).flags();
      keywords.addAll(f.keywords());
      if (firstUnseen == 0 && !f.has(SystemFlag.SEEN)) {
        firstUnseen = i + 1;
      }
    }
    StringBuilder flags = new StringBuilder("\\Answered \\Flagged \\Deleted \\Seen \\Draft");
    keywords.forEach(k -> flags.append(' ').append(k));
    s.out.line("*", "FLAGS (" + flags + ")");
    s.out.line(
        "*",
        readOnly
            ? "OK [PERMANENTFLAGS ()] Read-only mailbox."
            : "OK [PERMANENTFLAGS (" + flags + " \\*)] Flags permitted.");
    s.out.line("*", s.selected.count() + " EXISTS");
    s.out.line("*", s.selected.recentCount() + " RECENT");
    if (firstUnseen > 0) {
      s.out.line("*", "OK [UNSEEN " + firstUnseen + "] First unseen.");
    }
    s.out.line("*", "OK [UIDVALIDITY " + folder.uidValidity() + "] UIDs valid");
    long uidNext = Math.max(folder.uidNext(), s.selected.maxUid() + 1);
    s.out.line("*", "OK [UIDNEXT " + uidNext + "] Predicted next UID");
    s.out.line(
        tag, readOnly ? "OK [READ-ONLY] Examine completed." : "OK [READ-WRITE] Select completed.");
  }

  void create(String tag, ImapReader r) {
    r.sp();
    String name = ImapSession.mailboxName(r);
    r.end();
    if (name.length() > 1 && name.charAt(name.length() - 1) == Mailbox.DELIMITER) {
      name = name.substring(0, name.length() - 1); // "foo/" announces children (RFC 3501 §6.3.3)
    }
    s.mailbox.create(name);
    s.ok(tag, "Create completed.");
  }

  void delete(String tag, ImapReader r) {
    r.sp();
    String name = ImapSession.mailboxName(r);
    r.end();
    s.mailbox.delete(name);
    s.ok(tag, "Delete completed.");
  }

  void rename(String tag, ImapReader r) {
    r.sp();
    String from = ImapSession.mailboxName(r);
    r.sp();
    String to = ImapSession.mailboxName(r);
    r.end();
    s.mailbox.rename(from, to);
    s.ok(tag, "Rename completed.");
  }

  void subscribe(String tag, ImapReader r, boolean subscribe) {
    r.sp();
    String name = ImapSession.mailboxName(r);
    r.end();
    if (subscribe) {
      s.mailbox.subscribe(name);
      s.ok(tag, "Subscribe completed.");
    } else {
      s.mailbox.unsubscribe(name);
      s.ok(tag, "Unsubscribe completed.");
    }
  }

  void list(String tag, ImapReader r, boolean lsub) {
    r.sp();
    String reference = ImapSession.mailboxName(r);
    r.sp();
    String wirePattern = r.listMailbox();
    r.end();
    String pattern;
    try {
      pattern = ModifiedUtf7.decode(wirePattern);
    } catch (IllegalArgumentException e) {
      throw new FolderException("Mailbox name is not valid modified UTF-7: " + wirePattern);
    }
    String kind = lsub ? "LSUB" : "LIST";
    if (!lsub && pattern.isEmpty()) {
      s.out.ascii("* LIST (\\Noselect) \"" + Mailbox.DELIMITER + "\" \"\"").crlf();
      s.ok(tag, "List completed.");
      return;
    }
    Pattern regex = listPattern(reference + pattern);
    if (lsub) {
      for (String name : s.mailbox.subscriptions()) {
        if (regex.matcher(name).matches()) {
          boolean exists = s.mailbox.folder(name).isPresent();
          s.out.ascii("* LSUB (" + (exists ? "" : "\\Noselect") + ") \"/\" ");
          writeName(name);
          s.out.crlf();
        }
      }
    } else {
      for (Folder f : s.mailbox.folders()) {
        String name = f.name();
        if (!regex.matcher(name).matches()) {
          continue;
        }
        StringBuilder attributes =
            new StringBuilder(s.mailbox.hasChildren(name) ? "\\HasChildren" : "\\HasNoChildren");
        if (f.specialUse() != null) {
          attributes.append(' ').append(f.specialUse());
        }
        s.out.ascii("* " + kind + " (" + attributes + ") \"/\" ");
        writeName(name);
        s.out.crlf();
      }
    }
    s.ok(tag, (lsub ? "Lsub" : "List") + " completed.");
  }

  /** LIST's wildcards as a regular expression: {@code *} any text, {@code %} no delimiter. */
  static Pattern listPattern(String pattern) {
    String p = pattern;
    if (p.regionMatches(true, 0, Mailbox.INBOX, 0, 5)
        && (p.length() == 5 || p.charAt(5) == Mailbox.DELIMITER)) {
      p = Mailbox.INBOX + p.substring(5);
    }
    StringBuilder regex = new StringBuilder();
    for (char c : p.toCharArray()) {
      if (c == '*') {
        regex.append(".*");
      } else if (c == '%') {
        regex.append("[^").append(Mailbox.DELIMITER).append("]*");
      } else {
        regex.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(regex.toString(), Pattern.DOTALL);
  }

  void status(String tag, ImapReader r) {
    r.sp();
    String name = ImapSession.mailboxName(r);
    r.sp();
    r.expect('(');
    List<String> items = new ArrayList<>();
    do {
      String item = r.atom().toUpperCase(Locale.ROOT);
      if (!List.of("MESSAGES", "RECENT", "UIDNEXT", "UIDVALIDITY", "UNSEEN").contains(item)) {
        throw new BadSyntax("Unknown STATUS item " + item);
      }
      items.add(item);
    } while (r.skip(' '));
    r.expect(')');
    r.end();
    Folder folder = s.mailbox.folder(name).orElse(null);
    if (folder == null) {
      s.no(tag, "Mailbox doesn't exist: " + ModifiedUtf7.encode(name));
      return;
    }
    List<MailboxMessage> messages = folder.messages();
    s.out.ascii("* STATUS ");
    writeName(folder.name());
    s.out.ascii(" (");
    for (int i = 0; i < items.size(); i++) {
      String item = items.get(i);
      long value;
      switch (item) {
        case "MESSAGES":
          value = messages.size();
          break;
        case "RECENT":
          value = folder.unclaimedRecent();
          break;
        case "UIDNEXT":
          value = folder.uidNext();
          break;
        case "UIDVALIDITY":
          value = folder.uidValidity();
          break;
        default:
          value = messages.stream().filter(m -> !m.flags().has(SystemFlag.SEEN)).count();
          break;
      }
      s.out.ascii(i == 0 ? "" : " ").ascii(item).sp().number(value);
    }
    s.out.ascii(")").crlf();
    s.ok(tag, "Status completed.");
  }

  void append(String tag, ImapReader r) {
    r.sp();
    String name = ImapSession.mailboxName(r);
    r.sp();
    Flags flags = Flags.NONE;
    if (r.peek() == '(') {
      flags = ImapSession.flags(r.flagList());
      r.sp();
    }
    Instant date = Instant.now();
    if (r.peek() == '"') {
      OffsetDateTime d = r.dateTime();
      date = d.toInstant();
      r.sp();
    }
    if (r.peek() != '{') {
      throw new BadSyntax("Expected the message as a literal");
    }
    byte[] message = r.literal();
    r.end();
    Folder folder = s.mailbox.folder(name).orElse(null);
    if (folder == null) {
      s.no(tag, "[TRYCREATE] Mailbox doesn't exist: " + ModifiedUtf7.encode(name));
      return;
    }
    if (message.length == 0) {
      s.no(tag, "Can't save a zero byte message.");
      return;
    }
    Envelope envelope = Envelope.builder().addRecipient(s.mailbox.address()).build();
    ReceivedMail mail = ReceivedMail.of(s.service.nextAppendId(), Instant.now(), envelope, message);
    MailboxMessage appended = folder.append(mail, flags, date);
    s.ok(tag, "[APPENDUID " + folder.uidValidity() + " " + appended.uid() + "] Append completed.");
  }
}
