package dev.fakemail.internal.imap;

import dev.fakemail.internal.imap.message.ImapMessageView;
import dev.fakemail.internal.imap.message.ImapMessageView.SectionText;
import dev.fakemail.internal.imap.protocol.ImapReader;
import dev.fakemail.internal.imap.protocol.ImapReader.BadSyntax;
import dev.fakemail.internal.imap.protocol.ImapWriter;
import dev.fakemail.internal.store.MailboxMessage;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * FETCH data items (RFC 3501 §6.4.5): parsing the item list and writing one message's response. The
 * whole message ({@code BODY[]}, {@code RFC822}) is streamed from the stored bytes straight into
 * the output buffer.
 */
final class FetchCommand {
  static final DateTimeFormatter INTERNALDATE =
      DateTimeFormatter.ofPattern("dd-MMM-yyyy HH:mm:ss Z", Locale.ROOT).withZone(ZoneOffset.UTC);

  enum Kind {
    FLAGS,
    UID,
    INTERNALDATE,
    RFC822_SIZE,
    ENVELOPE,
    BODY,
    BODYSTRUCTURE,
    RFC822,
    RFC822_HEADER,
    RFC822_TEXT,
    SECTION
  }

  /** One requested item. */
  static final class Item {
    final Kind kind;
    final boolean peek;
    final int[] part;
    final SectionText text;
    final List<String> fields;
    final String spec; // the section as echoed in the response, e.g. 1.HEADER.FIELDS (FROM)
    final long partialStart; // -1: none
    final long partialLength;

    Item(Kind kind) {
      this(kind, true, new int[0], SectionText.NONE, List.of(), "", -1, -1);
    }

    Item(
        Kind kind,
        boolean peek,
        int[] part,
        SectionText text,
        List<String> fields,
        String spec,
        long partialStart,
        long partialLength) {
      this.kind = kind;
      this.peek = peek;
      this.part = part;
      this.text = text;
      this.fields = fields;
      this.spec = spec;
      this.partialStart = partialStart;
      this.partialLength = partialLength;
    }

    /** Whether fetching it sets \Seen (RFC 3501: BODY[...] and RFC822, RFC822.TEXT). */
    boolean setsSeen() {
      return (kind == Kind.SECTION && !peek) || kind == Kind.RFC822 || kind == Kind.RFC822_TEXT;
    }
  }

  final List<Item> items;

  private FetchCommand(List<Item> items) {
    this.items = items;
  }

  boolean setsSeen() {
    return items.stream().anyMatch(Item::setsSeen);
  }

  boolean has(Kind kind) {
    return items.stream().anyMatch(i -> i.kind == kind);
  }

  /** Reads {@code ALL}, {@code FAST}, {@code FULL}, one item or a parenthesised list of items. */
  static FetchCommand parse(ImapReader r, boolean uid) {
    List<Item> items = new ArrayList<>();
    if (uid) {
      items.add(new Item(Kind.UID)); // UID FETCH always answers with the UID, first (as Dovecot)
    }
    if (r.skip('(')) {
      do {
        item(r, items);
      } while (r.skip(' '));
      r.expect(')');
    } else {
      item(r, items);
    }
    r.end();
    return new FetchCommand(items);
  }

  private static void item(ImapReader r, List<Item> items) {
    String name = r.atomBeforeBracket().toUpperCase(Locale.ROOT);
    switch (name) {
      case "ALL":
        add(items, Kind.FLAGS, Kind.INTERNALDATE, Kind.RFC822_SIZE, Kind.ENVELOPE);
        return;
      case "FAST":
        add(items, Kind.FLAGS, Kind.INTERNALDATE, Kind.RFC822_SIZE);
        return;
      case "FULL":
        add(items, Kind.FLAGS, Kind.INTERNALDATE, Kind.RFC822_SIZE, Kind.ENVELOPE, Kind.BODY);
        return;
      case "FLAGS":
        add(items, Kind.FLAGS);
        return;
      case "UID":
        add(items, Kind.UID);
        return;
      case "INTERNALDATE":
        add(items, Kind.INTERNALDATE);
        return;
      case "RFC822.SIZE":
        add(items, Kind.RFC822_SIZE);
        return;
      case "ENVELOPE":
        add(items, Kind.ENVELOPE);
        return;
      case "BODYSTRUCTURE":
        add(items, Kind.BODYSTRUCTURE);
        return;
      case "RFC822":
        add(items, Kind.RFC822);
        return;
      case "RFC822.HEADER":
        add(items, Kind.RFC822_HEADER);
        return;
      case "RFC822.TEXT":
        add(items, Kind.RFC822_TEXT);
        return;
      case "BODY":
      case "BODY.PEEK":
        if (r.peek() != '[') {
          if (name.equals("BODY.PEEK")) {
            throw new BadSyntax("BODY.PEEK needs a section");
          }
          add(items, Kind.BODY);
          return;
        }
        items.add(section(r, name.equals("BODY.PEEK")));
        return;
      default:
        throw new BadSyntax("Unknown FETCH item " + name);
    }
  }

  private static void add(List<Item> items, Kind... kinds) {
    for (Kind k : kinds) {
      if (items.stream().noneMatch(i -> i.kind == k)) {
        items.add(new Item(k));
      }
    }
  }

  private static Item section(ImapReader r, boolean peek) {
    r.expect('[');
    List<Integer> part = new ArrayList<>();
    StringBuilder spec = new StringBuilder();
    SectionText text = SectionText.NONE;
    List<String> fields = List.of();
    while (r.peek() >= '0' && r.peek() <= '9') {
      long n = r.nzNumber();
      part.add((int) Math.min(n, Integer.MAX_VALUE));
      spec.append(spec.length() > 0 ? "." : "").append(n);
      if (!r.skip('.')) {
        break;
      }
      if (r.peek() < '0' || r.peek() > '9') {
        spec.append('.');
        break;
      }
    }
    if (r.peek() == ']' && spec.length() > 0 && spec.charAt(spec.length() - 1) == '.') {
      throw new BadSyntax("Invalid section");
    }
    if (r.peek() != ']') {
      if (part.size() > 0 && spec.charAt(spec.length() - 1) != '.') {
        throw new BadSyntax("Invalid section");
      }
      String t = sectionWord(r);
      switch (t) {
        case "HEADER":
          text = SectionText.HEADER;
          break;
        case "TEXT":
          text = SectionText.TEXT;
          break;
        case "MIME":
          if (part.isEmpty()) {
            throw new BadSyntax("MIME needs a part number");
          }
          text = SectionText.MIME;
          break;
        case "HEADER.FIELDS":
        case "HEADER.FIELDS.NOT":
          text = t.endsWith(".NOT") ? SectionText.HEADER_FIELDS_NOT : SectionText.HEADER_FIELDS;
          r.sp();
          r.expect('(');
          List<String> names = new ArrayList<>();
          do {
            names.add(r.astring());
          } while (r.skip(' '));
          r.expect(')');
          fields = List.copyOf(names);
          break;
        default:
          throw new BadSyntax("Invalid section " + t);
      }
      spec.append(t);
      if (!fields.isEmpty()) {
        spec.append(" (").append(String.join(" ", fields)).append(')');
      }
    }
    r.expect(']');
    long start = -1;
    long length = -1;
    if (r.skip('<')) {
      start = r.number();
      r.expect('.');
      length = r.nzNumber();
      r.expect('>');
    }
    int[] numbers = part.stream().mapToInt(Integer::intValue).toArray();
    return new Item(Kind.SECTION, peek, numbers, text, fields, spec.toString(), start, length);
  }

  private static String sectionWord(ImapReader r) {
    StringBuilder sb = new StringBuilder();
    while (true) {
      int c = r.peek();
      if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '.') {
        sb.append((char) Character.toUpperCase(c));
        r.skip((char) c);
      } else {
        return sb.toString();
      }
    }
  }

  /**
   * Writes {@code * msn FETCH (...)} for one message.
   *
   * @param flagsToo whether to add FLAGS when not asked for (a fetch that just set \Seen)
   */
  void write(ImapWriter out, int msn, MailboxMessage m, String flags, boolean flagsToo) {
    out.ascii("* ").number(msn).ascii(" FETCH (");
    boolean first = true;
    boolean flagsWritten = false;
    for (Item item : items) {
      if (!first) {
        out.sp();
      }
      first = false;
      if (item.kind == Kind.FLAGS) {
        flagsWritten = true;
      }
      writeItem(out, item, m, flags);
      if (item.kind == Kind.UID && flagsToo && !has(Kind.FLAGS) && !flagsWritten) {
        out.ascii(" FLAGS ").ascii(flags);
        flagsWritten = true;
      }
    }
    if (flagsToo && !flagsWritten) {
      out.ascii(" FLAGS ").ascii(flags);
    }
    out.ascii(")").crlf();
  }

  private static void writeItem(ImapWriter out, Item item, MailboxMessage m, String flags) {
    ImapMessageView view = SelectedMailbox.view(m);
    switch (item.kind) {
      case FLAGS:
        out.ascii("FLAGS ").ascii(flags);
        break;
      case UID:
        out.ascii("UID ").number(m.uid());
        break;
      case INTERNALDATE:
        out.ascii("INTERNALDATE \"").ascii(INTERNALDATE.format(m.internalDate())).ascii("\"");
        break;
      case RFC822_SIZE:
        out.ascii("RFC822.SIZE ").number(view.size());
        break;
      case ENVELOPE:
        out.ascii("ENVELOPE ").bytes(view.envelope());
        break;
      case BODY:
        out.ascii("BODY ").bytes(view.bodyStructure(false));
        break;
      case BODYSTRUCTURE:
        out.ascii("BODYSTRUCTURE ").bytes(view.bodyStructure(true));
        break;
      case RFC822:
        out.ascii("RFC822 ").literal(view.fullStream(), view.size());
        break;
      case RFC822_HEADER:
        out.ascii("RFC822.HEADER ").literal(view.section(new int[0], SectionText.HEADER, null));
        break;
      case RFC822_TEXT:
        out.ascii("RFC822.TEXT ").literal(view.section(new int[0], SectionText.TEXT, null));
        break;
      case SECTION:
        out.ascii("BODY[").utf8(item.spec).ascii("]");
        if (item.partialStart >= 0) {
          out.ascii("<").number(item.partialStart).ascii(">");
        }
        out.sp();
        if (item.part.length == 0 && item.text == SectionText.NONE && item.partialStart < 0) {
          out.literal(view.fullStream(), view.size());
        } else {
          byte[] bytes = view.section(item.part, item.text, item.fields);
          if (item.partialStart >= 0) {
            int from = (int) Math.min(item.partialStart, bytes.length);
            int to =
                (int) Math.min(bytes.length, from + Math.min(item.partialLength, bytes.length));
            bytes = Arrays.copyOfRange(bytes, from, to);
          }
          out.literal(bytes);
        }
        break;
      default:
        throw new IllegalStateException(item.kind.toString());
    }
  }
}
