package dev.fakemail.internal.transcript;

import dev.fakemail.Protocol;
import dev.fakemail.Transcript;
import dev.fakemail.Transcript.Direction;
import dev.fakemail.Transcript.Entry;
import io.netty.buffer.ByteBuf;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;

/**
 * Records one connection: the lines it reads and writes, redacted and summarized as {@link
 * Transcript} documents, and the facts derived from them (recipients, refusals, messages).
 *
 * <p>It reads the protocol as an observer: a {@code 354} reply starts message content (counted, not
 * kept, up to the final dot), a {@code 334} (POP3: {@code +}) continuation makes the next client
 * line a SASL response (redacted), and a 4xx/5xx reply (POP3: {@code -ERR}) is a refusal of the
 * last command.
 *
 * <p>Written on the connection's event loop, read by any thread: every method is synchronized (the
 * lock is uncontended but for a snapshot). Never calls out while holding its lock.
 */
public final class SessionRecorder {
  private final long seq;
  private final String id;
  private final Protocol protocol;
  private final Dialect dialect;
  private final InetSocketAddress client;
  private final Instant startedAt;
  private final TranscriptSettings settings;

  private final AppendOnly<Entry> entries = new AppendOnly<>(32);
  private int chars;
  private boolean truncated;
  private Instant endedAt;
  private String user;
  private final AppendOnly<String> recipients = new AppendOnly<>(2);
  private final HashSet<String> recipientSet = new HashSet<>();
  private final AppendOnly<String> messageIds = new AppendOnly<>(1);
  private final AppendOnly<String> rulesFired = new AppendOnly<>(1);
  private final AppendOnly<Transcript.Refusal> refusals = new AppendOnly<>(1);

  // protocol state
  private String lastCommand = "";
  private String lastVerb = "";
  private String pendingRcpt;
  private final List<String> transaction = new ArrayList<>(2); // accepted RCPTs
  private List<String> endOfData = List.of(); // the recipients the end-of-data replies are for
  private int endOfDataReply;
  private boolean inData;
  private long dataBytes;
  private int dataLines;
  private int bodyShown;
  private boolean saslResponseNext;
  private List<String> replyLines; // lines of a multi-line reply so far, for a refusal
  private boolean endsWithNextWrite;

  // IMAP: the tagged commands waiting for their completion, and the output parser's state
  private final java.util.HashMap<String, String> imapPending = new java.util.HashMap<>();
  private final StringBuilder imapLine = new StringBuilder();
  private long imapLiteralLeft;

  SessionRecorder(
      long seq,
      Dialect dialect,
      boolean tls,
      InetSocketAddress client,
      TranscriptSettings settings) {
    this.seq = seq;
    this.id = "s" + seq;
    this.dialect = dialect;
    this.protocol = dialect.protocol(tls);
    this.client = client;
    this.settings = settings;
    // to the millisecond, as Transcript keeps it: a snapshot per message then reuses this Instant
    this.startedAt = Instant.ofEpochMilli(System.currentTimeMillis());
  }

  long seq() {
    return seq;
  }

  public String id() {
    return id;
  }

  /** One line the client sent, delimiter included; {@code line} is not consumed. */
  public synchronized void clientLine(ByteBuf line) {
    int length = line.readableBytes();
    if (inData) {
      if (isEndOfData(line)) {
        inData = false;
        add(
            Direction.EVENT,
            "message content: " + dataBytes + " bytes in " + dataLines + " lines (not recorded)");
        command(".", ".");
        endOfData = List.copyOf(transaction);
        endOfDataReply = 0;
        transaction.clear();
        return;
      }
      dataBytes += length;
      dataLines++;
      if (bodyShown < settings.bodyBytes) {
        int shown = Math.min(length, settings.bodyBytes - bodyShown);
        bodyShown += shown;
        add(Direction.CLIENT, text(line, shown));
      }
      return;
    }
    String text = text(line, length);
    if (saslResponseNext) {
      saslResponseNext = false;
      add(Direction.CLIENT, settings.credentials || text.equals("*") ? text : Transcript.REDACTED);
      return;
    }
    int space = text.indexOf(' ');
    String verb = (space < 0 ? text : text.substring(0, space)).toUpperCase(Locale.ROOT);
    command(verb, redact(verb, text));
  }

  private void command(String verb, String text) {
    lastVerb = verb;
    lastCommand = text;
    add(Direction.CLIENT, text);
    switch (verb) {
      case "RCPT":
        pendingRcpt = address(text);
        if (pendingRcpt != null && recipientSet.add(pendingRcpt)) {
          recipients.add(pendingRcpt);
        }
        break;
      case "MAIL":
      case "RSET":
      case "HELO":
      case "EHLO":
      case "LHLO":
        transaction.clear();
        break;
      case "USER":
      case "APOP":
        if (!dialect.isSmtp()) {
          String[] words = text.split(" ");
          if (words.length > 1) {
            user = words[1];
          }
        }
        break;
      default:
        break;
    }
  }

  private String redact(String verb, String text) {
    if (settings.credentials) {
      return text;
    }
    switch (verb) {
      case "AUTH":
        {
          // AUTH mechanism [initial-response]
          String[] words = text.split(" ", -1);
          return words.length > 2 ? words[0] + " " + words[1] + " " + Transcript.REDACTED : text;
        }
      case "PASS":
        return dialect.isSmtp() ? text : text.split(" ", -1)[0] + " " + Transcript.REDACTED;
      case "APOP":
        {
          String[] words = text.split(" ", -1);
          return dialect.isSmtp() || words.length < 3
              ? text
              : words[0] + " " + words[1] + " " + Transcript.REDACTED;
        }
      default:
        return text; // most lines: nothing to split
    }
  }

  /**
   * The client sent a line longer than the limit, discarded unread: in message content it counts as
   * a line; otherwise it is what the server's next reply answers.
   */
  public synchronized void lineTooLong() {
    if (inData) {
      dataLines++;
      return;
    }
    if (saslResponseNext) {
      saslResponseNext = false;
    }
    lastVerb = "";
    lastCommand = "(a line over the length limit)";
    add(Direction.EVENT, "the client sent a line over the length limit; it was discarded");
  }

  /** Bytes the server wrote: whole reply lines, CRLF-terminated. */
  public synchronized void serverWrite(byte[] bytes) {
    String all = new String(bytes, StandardCharsets.ISO_8859_1);
    int from = 0;
    boolean first = true;
    while (from < all.length()) {
      int end = all.indexOf("\r\n", from);
      String line = all.substring(from, end < 0 ? all.length() : end);
      from = end < 0 ? all.length() : end + 2;
      add(Direction.SERVER, line);
      if (dialect.isSmtp()) {
        smtpReplyLine(line);
      } else if (first) {
        pop3StatusLine(line);
      }
      first = false;
    }
    if (endsWithNextWrite) {
      endsWithNextWrite = false;
      end("connection closed by the server");
    }
  }

  /**
   * The next reply ends the session (QUIT, a 421): the session is recorded as closed as that reply
   * is, so that a client that has read it finds the transcript closed.
   */
  public synchronized void endsWithNextWrite() {
    endsWithNextWrite = true;
  }

  /** The largest IMAP literal shown in a command (a LOGIN name, a mailbox name). */
  private static final int IMAP_SHOWN_LITERAL = 100;

  /**
   * One whole IMAP command ({@code tag SP name …}, literals in place, without the final CRLF):
   * recorded as one line, each literal's content shown when short and single-line, otherwise
   * replaced by its size; the password of LOGIN and the initial response of AUTHENTICATE redacted.
   */
  public synchronized void imapCommand(byte[] bytes) {
    String text = imapText(bytes);
    String[] words = text.split(" ", 4);
    if (words.length >= 3 && !settings.credentials) {
      String verb = words[1].toUpperCase(Locale.ROOT);
      if (verb.equals("LOGIN")) {
        String rest = text.substring(words[0].length() + words[1].length() + 2);
        int end = firstArgumentEnd(rest);
        user = unquote(rest.substring(0, end));
        text = words[0] + " " + words[1] + " " + rest.substring(0, end) + " " + Transcript.REDACTED;
      } else if (verb.equals("AUTHENTICATE") && words.length == 4) {
        text = words[0] + " " + words[1] + " " + words[2] + " " + Transcript.REDACTED;
      }
    } else if (words.length >= 3 && words[1].equalsIgnoreCase("LOGIN")) {
      String rest = text.substring(words[0].length() + words[1].length() + 2);
      user = unquote(rest.substring(0, firstArgumentEnd(rest)));
    }
    if (words.length >= 2 && imapPending.size() < 1000) { // a client that never waits: bounded
      imapPending.put(words[0], text);
    }
    lastCommand = text;
    add(Direction.CLIENT, text);
  }

  /** A line that answers an IMAP continuation: a SASL response (redacted), or {@code DONE}. */
  public synchronized void imapContinuation(byte[] line, boolean sasl) {
    String text = new String(line, StandardCharsets.UTF_8);
    add(
        Direction.CLIENT,
        !sasl || settings.credentials || text.equals("*") ? text : Transcript.REDACTED);
  }

  /**
   * Bytes the IMAP server is about to write ({@code out} is not consumed): each response line is
   * recorded once complete, literals (message content of FETCH) replaced by their size, even when
   * they span writes.
   */
  public synchronized void imapOutput(ByteBuf out) {
    int i = out.readerIndex();
    int end = out.writerIndex();
    while (i < end) {
      if (imapLiteralLeft > 0) {
        int skip = (int) Math.min(imapLiteralLeft, end - i);
        i += skip;
        imapLiteralLeft -= skip;
        continue;
      }
      int lf = out.indexOf(i, end, (byte) '\n');
      int stop = lf < 0 ? end : lf + 1;
      imapLine.append(out.toString(i, stop - i, StandardCharsets.UTF_8));
      i = stop;
      if (lf < 0) {
        break;
      }
      int len = imapLine.length();
      imapLine.setLength(len >= 2 && imapLine.charAt(len - 2) == '\r' ? len - 2 : len - 1);
      long literal = literalSize(imapLine);
      if (literal >= 0) {
        imapLiteralLeft = literal;
        imapLine.append(" <").append(literal).append(" bytes not recorded> ");
        continue;
      }
      String line = imapLine.toString();
      imapLine.setLength(0);
      add(Direction.SERVER, line);
      imapStatus(line);
    }
    if (endsWithNextWrite) {
      endsWithNextWrite = false;
      end("connection closed by the server");
    }
  }

  private void imapStatus(String line) {
    String[] words = line.split(" ", 3);
    if (words.length < 2) {
      return;
    }
    saslResponseNext = words[0].equals("+");
    if (words[0].equals("*") || words[0].equals("+")) {
      return;
    }
    String command = imapPending.remove(words[0]);
    if (words[1].equals("NO") || words[1].equals("BAD")) {
      refusals.add(
          Transcript.Refusal.of(
              Instant.now(), command == null ? words[0] : command, 0, line, List.of()));
    }
  }

  /** The size of the literal a line ends with ({@code {12}} or {@code {12+}}), or -1. */
  private static long literalSize(CharSequence line) {
    int n = line.length();
    if (n < 3 || line.charAt(n - 1) != '}') {
      return -1;
    }
    int open = n - 2;
    if (line.charAt(open) == '+') {
      open--;
    }
    int digitsEnd = open + 1;
    while (open >= 0 && Character.isDigit(line.charAt(open))) {
      open--;
    }
    if (open < 0 || line.charAt(open) != '{' || open + 1 == digitsEnd) {
      return -1;
    }
    try {
      return Long.parseLong(line.subSequence(open + 1, digitsEnd).toString());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** A command's text: literals shown inline when short and single-line, else by size. */
  private static String imapText(byte[] bytes) {
    StringBuilder sb = new StringBuilder(Math.min(bytes.length, 256));
    int i = 0;
    while (i < bytes.length) {
      int lf = i;
      while (lf < bytes.length && bytes[lf] != '\n') {
        lf++;
      }
      int lineEnd = lf > i && lf < bytes.length && bytes[lf - 1] == '\r' ? lf - 1 : lf;
      sb.append(new String(bytes, i, lineEnd - i, StandardCharsets.UTF_8));
      i = Math.min(lf + 1, bytes.length);
      long literal = lf < bytes.length ? literalSize(sb) : -1;
      if (literal < 0) {
        continue;
      }
      int size = (int) Math.min(literal, bytes.length - i);
      boolean shown = size <= IMAP_SHOWN_LITERAL;
      for (int k = i; shown && k < i + size; k++) {
        shown = bytes[k] != '\r' && bytes[k] != '\n';
      }
      sb.append(
          shown
              ? new String(bytes, i, size, StandardCharsets.UTF_8)
              : "<" + literal + " bytes not recorded>");
      i += size;
    }
    return sb.toString();
  }

  /** Where the first IMAP argument of {@code rest} ends: an atom, a quoted string, a literal. */
  private static int firstArgumentEnd(String rest) {
    if (rest.startsWith("\"")) {
      for (int i = 1; i < rest.length(); i++) {
        if (rest.charAt(i) == '\\') {
          i++;
        } else if (rest.charAt(i) == '"') {
          return i + 1;
        }
      }
      return rest.length();
    }
    int space = rest.indexOf(' ');
    if (rest.startsWith("{")) {
      int close = rest.indexOf('}');
      space = close < 0 ? -1 : rest.indexOf(' ', close);
    }
    return space < 0 ? rest.length() : space;
  }

  private static String unquote(String argument) {
    if (argument.length() >= 2 && argument.startsWith("\"") && argument.endsWith("\"")) {
      return argument.substring(1, argument.length() - 1).replace("\\\"", "\"");
    }
    if (argument.startsWith("{")) {
      int close = argument.indexOf('}');
      return close < 0 ? argument : argument.substring(close + 1);
    }
    return argument;
  }

  /** The server streamed content (a POP3 RETR or TOP): not recorded. */
  public synchronized void serverStream() {
    add(Direction.EVENT, "message content sent (not recorded)");
  }

  private void smtpReplyLine(String line) {
    if (line.length() < 3 || !Character.isDigit(line.charAt(0))) {
      return;
    }
    boolean last = line.length() == 3 || line.charAt(3) != '-';
    char kind = line.charAt(0);
    if (kind == '4' || kind == '5') {
      if (replyLines == null) {
        replyLines = new ArrayList<>(1);
      }
      replyLines.add(line);
    }
    if (!last) {
      return;
    }
    saslResponseNext = line.startsWith("334");
    if (line.startsWith("354")) {
      inData = true;
      dataBytes = 0;
      dataLines = 0;
      bodyShown = 0;
    }
    List<String> affected = List.of();
    if (lastVerb.equals("RCPT") && pendingRcpt != null) {
      if (kind == '2') {
        transaction.add(pendingRcpt);
      }
      affected = List.of(pendingRcpt);
    } else if (lastVerb.equals("DATA")) {
      affected = List.copyOf(transaction);
    } else if (lastVerb.equals(".")) {
      if (dialect == Dialect.LMTP) {
        affected =
            endOfDataReply < endOfData.size() ? List.of(endOfData.get(endOfDataReply)) : List.of();
        endOfDataReply++;
      } else {
        affected = endOfData;
      }
    }
    if (kind == '4' || kind == '5') {
      int code = Integer.parseInt(line.substring(0, 3));
      refusals.add(
          Transcript.Refusal.of(
              Instant.now(), lastCommand, code, String.join("\n", replyLines), affected));
    }
    replyLines = null;
  }

  private void pop3StatusLine(String line) {
    saslResponseNext = line.startsWith("+ ") || line.equals("+");
    if (line.startsWith("-ERR")) {
      refusals.add(Transcript.Refusal.of(Instant.now(), lastCommand, 0, line, List.of()));
    }
  }

  /** The client authenticated as {@code user} (a SASL exchange, whose lines are redacted). */
  public synchronized void loggedIn(String user) {
    this.user = user;
  }

  /** Something that happened, e.g. {@code TLS started (TLSv1.3, TLS_AES_128_GCM_SHA256)}. */
  public synchronized void event(String text) {
    add(Direction.EVENT, text);
  }

  /**
   * An SMTP rule fired: an event {@code rule r3 fired at RCPT_TO: <summary>}, and the id in {@link
   * Transcript#rulesFired()}. For the rules engine.
   */
  public synchronized void ruleFired(String ruleId, String phase, String summary) {
    rulesFired.add(ruleId);
    add(
        Direction.EVENT,
        "rule "
            + ruleId
            + " fired at "
            + phase
            + (summary == null || summary.isEmpty() ? "" : ": " + summary));
  }

  /**
   * A message of this session was stored as {@code messageId}: records it and returns the session
   * as recorded so far, for {@link dev.fakemail.ReceivedMail#transcript()}.
   */
  public synchronized Transcript messageStored(String messageId) {
    messageIds.add(messageId);
    add(Direction.EVENT, "message " + messageId + " stored");
    return snapshot();
  }

  /** The connection closed (if the server has not ended the session already). */
  public synchronized void closed() {
    end("connection closed");
  }

  private void end(String how) {
    if (endedAt == null) {
      endedAt = Instant.now();
      add(Direction.EVENT, how);
    }
  }

  synchronized boolean involves(String address) {
    if (user != null && user.equalsIgnoreCase(address)) {
      return true;
    }
    for (String r : recipients.view()) {
      if (r.equalsIgnoreCase(address)) {
        return true;
      }
    }
    return false;
  }

  /** The session as recorded so far. */
  public synchronized Transcript snapshot() {
    return Transcript.builder(id, protocol, startedAt)
        .clientAddress(client)
        .endedAt(endedAt)
        .user(user)
        .recipients(recipients.view())
        .entries(entries.view())
        .messageIds(messageIds.view())
        .rulesFired(rulesFired.view())
        .refusals(refusals.view())
        .truncated(truncated)
        .build();
  }

  private void add(Direction direction, String text) {
    if (truncated) {
      return;
    }
    int room = settings.maxChars - chars;
    int size = entries.size();
    if (size >= settings.maxEntries - 1 || text.length() > room) {
      if (size < settings.maxEntries - 2 && room > 0 && text.length() > room) {
        append(direction, text.substring(0, room) + "…");
      }
      truncated = true;
      append(
          Direction.EVENT,
          "transcript truncated: later lines are not recorded (limits: "
              + settings.maxEntries
              + " entries, "
              + settings.maxChars
              + " characters)");
      return;
    }
    chars += text.length();
    append(direction, text);
  }

  private void append(Direction direction, String text) {
    entries.add(Entry.of(Instant.ofEpochMilli(System.currentTimeMillis()), direction, text));
  }

  /** The first {@code length} bytes of the line as text, without its line ending. */
  private static String text(ByteBuf line, int length) {
    int start = line.readerIndex();
    int end = start + length;
    if (length == line.readableBytes()) {
      if (end > start && line.getByte(end - 1) == '\n') {
        end--;
      }
      if (end > start && line.getByte(end - 1) == '\r') {
        end--;
      }
    }
    return line.toString(start, end - start, StandardCharsets.UTF_8);
  }

  /** {@code .CRLF} or {@code .LF}. */
  private static boolean isEndOfData(ByteBuf line) {
    int n = line.readableBytes();
    int i = line.readerIndex();
    return n >= 2
        && line.getByte(i) == '.'
        && ((n == 3 && line.getByte(i + 1) == '\r' && line.getByte(i + 2) == '\n')
            || (n == 2 && line.getByte(i + 1) == '\n'));
  }

  /** The address in {@code RCPT TO:<address> …}; {@code null} if there is none. */
  static String address(String command) {
    int open = command.indexOf('<');
    int close = open < 0 ? -1 : command.indexOf('>', open);
    if (open >= 0 && close > open) {
      return command.substring(open + 1, close);
    }
    int colon = command.indexOf(':');
    if (colon < 0) {
      return null;
    }
    String rest = command.substring(colon + 1).trim();
    int space = rest.indexOf(' ');
    rest = space < 0 ? rest : rest.substring(0, space);
    return rest.isEmpty() ? null : rest;
  }
}
