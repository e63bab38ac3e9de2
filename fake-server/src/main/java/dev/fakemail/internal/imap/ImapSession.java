package dev.fakemail.internal.imap;

import dev.fakemail.Envelope;
import dev.fakemail.ReceivedMail;
import dev.fakemail.internal.imap.protocol.ImapFrameDecoder;
import dev.fakemail.internal.imap.protocol.ImapReader;
import dev.fakemail.internal.imap.protocol.ImapReader.BadSyntax;
import dev.fakemail.internal.imap.protocol.ImapWriter;
import dev.fakemail.internal.imap.protocol.ModifiedUtf7;
import dev.fakemail.internal.imap.protocol.SequenceSet;
import dev.fakemail.internal.store.Flags;
import dev.fakemail.internal.store.Flags.SystemFlag;
import dev.fakemail.internal.store.Folder;
import dev.fakemail.internal.store.Mailbox;
import dev.fakemail.internal.store.Mailbox.FolderException;
import dev.fakemail.internal.store.MailboxMessage;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleStateEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;

/**
 * One IMAP connection: the RFC 3501 state machine (not authenticated, authenticated, selected,
 * logout) and its commands, grouped below by the state they need. Runs on the channel's event loop
 * only; folder changes made elsewhere reach it through {@link SelectedMailbox}.
 *
 * <p>A FETCH of many messages is written in pieces: when the channel's outbound buffer passes its
 * high-water mark the session stops, stops reading, and goes on when the channel is writable again,
 * so a huge FETCH never sits whole in memory.
 */
final class ImapSession extends ChannelInboundHandlerAdapter {
  private static final System.Logger LOG = System.getLogger(ImapSession.class.getName());
  private static final int CHUNK = 64 * 1024;

  enum State {
    NOT_AUTHENTICATED,
    AUTHENTICATED,
    SELECTED,
    LOGOUT
  }

  /** Work that continues over several writability turns; {@code step} returns true when done. */
  private interface Step {
    boolean step();
  }

  private final ImapService service;
  private final AtomicBoolean wakeScheduled = new AtomicBoolean();
  private final ImapFrameDecoder decoder;
  private ChannelHandlerContext ctx;
  private ByteBuf input;
  private ImapWriter out;
  private State state = State.NOT_AUTHENTICATED;
  private Mailbox mailbox;
  private SelectedMailbox selected;
  private String idleTag;
  private String authTag;
  private Step running;
  private boolean expungeAllowed = true;

  ImapSession(ImapService service) {
    this.service = service;
    this.decoder = new ImapFrameDecoder(service.maxLineLength(), service.maxLiteralSize());
  }

  // --- connection ---

  @Override
  public void channelActive(ChannelHandlerContext ctx) throws Exception {
    this.ctx = ctx;
    this.input = ctx.alloc().buffer(256);
    this.out = new ImapWriter(ctx.alloc().buffer(256));
    out.ascii("* OK [CAPABILITY ")
        .ascii(service.capabilities(false))
        .ascii("] FakeMail IMAP4rev1 server ready.")
        .crlf();
    flush();
    super.channelActive(ctx);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    ByteBuf bytes = (ByteBuf) msg;
    try {
      if (input != null) {
        input.writeBytes(bytes);
      }
    } finally {
      bytes.release();
    }
    drain();
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
    if (running != null && ctx.channel().isWritable()) {
      continueRunning();
    }
    super.channelWritabilityChanged(ctx);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    state = State.LOGOUT;
    running = null;
    deselect();
    if (input != null) {
      input.release();
      input = null;
    }
    if (out != null) {
      out.buffer().release();
      out = null;
    }
    super.channelInactive(ctx);
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
    if (evt instanceof IdleStateEvent) {
      if (idleTag != null) {
        out.ascii("* OK Still here").crlf(); // RFC 2177: an IDLE session may wait long
        flush();
      } else {
        out.ascii("* BYE Disconnected for inactivity.").crlf();
        closeAfterFlush();
      }
      return;
    }
    super.userEventTriggered(ctx, evt);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (!(cause instanceof IOException)) {
      LOG.log(
          System.Logger.Level.WARNING, "Closing an IMAP session after an unexpected error", cause);
    }
    ctx.close();
  }

  /** Reads and runs whole commands until input runs out or a long response has to wait. */
  private void drain() {
    while (running == null && state != State.LOGOUT && input != null) {
      ImapFrameDecoder.Frame frame = decoder.next(input);
      if (frame == null) {
        break;
      }
      handle(frame);
    }
    if (input != null) {
      input.discardSomeReadBytes();
    }
    flush();
    if (running != null) {
      ctx.channel().config().setAutoRead(false);
    }
  }

  private void continueRunning() {
    boolean done = running.step();
    flush();
    if (done) {
      running = null;
      ctx.channel().config().setAutoRead(true);
      drain();
    }
  }

  private void flush() {
    if (out != null && out.buffer().isReadable()) {
      ctx.writeAndFlush(out.swap(ctx.alloc().buffer(256)));
    }
  }

  private void closeAfterFlush() {
    state = State.LOGOUT;
    ByteBuf last = out.swap(ctx.alloc().buffer(0));
    ctx.writeAndFlush(last).addListener(f -> ctx.close());
  }

  /** Called from any thread when the selected folder changed: IDLE reports at once. */
  private void wake() {
    ChannelHandlerContext c = ctx;
    if (c != null && wakeScheduled.compareAndSet(false, true)) {
      c.executor()
          .execute(
              () -> {
                wakeScheduled.set(false);
                if (idleTag != null && selected != null && running == null && out != null) {
                  selected.report(out, true);
                  flush();
                }
              });
    }
  }

  private void handle(ImapFrameDecoder.Frame frame) {
    if (frame instanceof ImapFrameDecoder.Continue) {
      out.ascii("+ Ready for literal data").crlf();
      flush();
    } else if (frame instanceof ImapFrameDecoder.LineTooLong) {
      String tag = ((ImapFrameDecoder.LineTooLong) frame).tag();
      out.line(
          tag, "BAD Command line too long (the limit is " + service.maxLineLength() + " bytes)");
    } else if (frame instanceof ImapFrameDecoder.LiteralTooBig) {
      ImapFrameDecoder.LiteralTooBig big = (ImapFrameDecoder.LiteralTooBig) frame;
      out.line(
          big.tag(),
          "NO [TOOBIG] Literal too big: "
              + big.size()
              + " bytes, the limit is "
              + service.maxLiteralSize()
              + " bytes");
    } else {
      byte[] bytes = ((ImapFrameDecoder.Command) frame).bytes();
      if (idleTag != null) {
        idleDone(bytes);
      } else if (authTag != null) {
        authenticateResponse(bytes);
      } else {
        command(bytes);
      }
    }
  }

  private void command(byte[] bytes) {
    ImapReader r = new ImapReader(bytes);
    if (bytes.length == 0) {
      out.line("*", "BAD Empty command line");
      return;
    }
    String tag;
    try {
      tag = r.tag();
    } catch (BadSyntax e) {
      out.line("*", "BAD Invalid tag");
      return;
    }
    String name;
    boolean uid = false;
    try {
      r.sp();
      name = r.atom().toUpperCase(Locale.ROOT);
      if (name.equals("UID")) {
        r.sp();
        name = r.atom().toUpperCase(Locale.ROOT);
        uid = true;
      }
    } catch (BadSyntax e) {
      out.line(tag, "BAD Missing command");
      return;
    }
    String display = uid ? "UID " + name : name;
    try {
      dispatch(tag, name, uid, r);
    } catch (BadSyntax e) {
      out.line(tag, "BAD Syntax error in " + display + ": " + e.getMessage());
    } catch (FolderException e) {
      no(tag, e.getMessage());
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "IMAP command failed: " + display, e);
      out.line(tag, "NO [SERVERBUG] Internal error: " + e);
    }
  }

  private void dispatch(String tag, String name, boolean uid, ImapReader r) {
    if (uid && !List.of("FETCH", "STORE", "SEARCH", "COPY", "MOVE", "EXPUNGE").contains(name)) {
      out.line(tag, "BAD Unknown command UID " + name);
      return;
    }
    expungeAllowed = uid || !List.of("FETCH", "STORE", "SEARCH").contains(name);
    switch (name) {
      // any state
      case "CAPABILITY":
        r.end();
        out.line("*", "CAPABILITY " + service.capabilities(state != State.NOT_AUTHENTICATED));
        ok(tag, "Capability completed.");
        return;
      case "NOOP":
        r.end();
        ok(tag, "NOOP completed.");
        return;
      case "LOGOUT":
        r.end();
        out.line("*", "BYE Logging out");
        out.line(tag, "OK Logout completed.");
        deselect();
        closeAfterFlush();
        return;
      case "ID":
        id(tag, r);
        return;
      default:
        break;
    }
    switch (name) {
      case "LOGIN":
      case "AUTHENTICATE":
        if (state != State.NOT_AUTHENTICATED) {
          out.line(tag, "BAD Already logged in");
        } else if (name.equals("LOGIN")) {
          login(tag, r);
        } else {
          authenticate(tag, r);
        }
        return;
      default:
        break;
    }
    boolean authenticatedCommand =
        List.of(
                "SELECT",
                "EXAMINE",
                "CREATE",
                "DELETE",
                "RENAME",
                "SUBSCRIBE",
                "UNSUBSCRIBE",
                "LIST",
                "LSUB",
                "STATUS",
                "APPEND",
                "NAMESPACE",
                "ENABLE",
                "IDLE")
            .contains(name);
    boolean selectedCommand =
        List.of("CHECK", "CLOSE", "UNSELECT", "EXPUNGE", "SEARCH", "FETCH", "STORE", "COPY", "MOVE")
            .contains(name);
    if (!authenticatedCommand && !selectedCommand) {
      out.line(tag, "BAD Unknown command " + name);
      return;
    }
    if (state == State.NOT_AUTHENTICATED) {
      out.line(tag, "BAD Log in first: " + name + " needs LOGIN or AUTHENTICATE");
      return;
    }
    if (selectedCommand && state != State.SELECTED) {
      out.line(tag, "BAD No mailbox selected: " + name + " needs SELECT or EXAMINE first");
      return;
    }
    switch (name) {
      case "SELECT":
      case "EXAMINE":
        select(tag, r, name.equals("EXAMINE"));
        return;
      case "CREATE":
        create(tag, r);
        return;
      case "DELETE":
        delete(tag, r);
        return;
      case "RENAME":
        rename(tag, r);
        return;
      case "SUBSCRIBE":
      case "UNSUBSCRIBE":
        subscribe(tag, r, name.equals("SUBSCRIBE"));
        return;
      case "LIST":
      case "LSUB":
        list(tag, r, name.equals("LSUB"));
        return;
      case "STATUS":
        status(tag, r);
        return;
      case "APPEND":
        append(tag, r);
        return;
      case "NAMESPACE":
        r.end();
        out.line("*", "NAMESPACE ((\"\" \"" + Mailbox.DELIMITER + "\")) NIL NIL");
        ok(tag, "Namespace completed.");
        return;
      case "ENABLE":
        enable(tag, r);
        return;
      case "IDLE":
        r.end();
        idleTag = tag;
        out.ascii("+ idling").crlf();
        if (selected != null) {
          selected.report(out, true);
        }
        return;
      case "CHECK":
        r.end();
        ok(tag, "Check completed.");
        return;
      case "CLOSE":
        r.end();
        if (!selected.readOnly()) {
          selected.folder().expungeIf(m -> m.flags().has(SystemFlag.DELETED));
        }
        deselect();
        state = State.AUTHENTICATED;
        out.line(tag, "OK Close completed.");
        return;
      case "UNSELECT":
        r.end();
        deselect();
        state = State.AUTHENTICATED;
        out.line(tag, "OK Unselect completed.");
        return;
      case "EXPUNGE":
        expunge(tag, r, uid);
        return;
      case "SEARCH":
        search(tag, r, uid);
        return;
      case "FETCH":
        fetch(tag, r, uid);
        return;
      case "STORE":
        store(tag, r, uid);
        return;
      case "COPY":
      case "MOVE":
        copy(tag, r, uid, name.equals("MOVE"));
        return;
      default:
        throw new IllegalStateException(name);
    }
  }

  /** A tagged OK, after the folder changes other sessions made (RFC 3501 §7). */
  private void ok(String tag, String text) {
    if (selected != null) {
      selected.report(out, expungeAllowed);
    }
    out.line(tag, "OK " + text);
  }

  private void no(String tag, String text) {
    if (selected != null) {
      selected.report(out, expungeAllowed);
    }
    out.line(tag, "NO " + text);
  }

  // --- not authenticated ---

  private void login(String tag, ImapReader r) {
    r.sp();
    String user = r.astring();
    r.sp();
    String password = r.astring();
    r.end();
    loggedIn(tag, user, password);
  }

  private void loggedIn(String tag, String user, String password) {
    if (!service.users().authenticate(user, password)) {
      out.line(tag, "NO [AUTHENTICATIONFAILED] Authentication failed.");
      return;
    }
    mailbox = service.mailboxes().mailbox(service.users().mailboxAddress(user));
    mailbox.ensureSpecialUseFolders();
    state = State.AUTHENTICATED;
    out.line(tag, "OK [CAPABILITY " + service.capabilities(true) + "] Logged in");
  }

  private void authenticate(String tag, ImapReader r) {
    r.sp();
    String mechanism = r.atom().toUpperCase(Locale.ROOT);
    String initial = null;
    if (r.skip(' ')) {
      initial = r.word();
    }
    r.end();
    if (!mechanism.equals("PLAIN")) {
      out.line(tag, "NO Unsupported authentication mechanism.");
      return;
    }
    if (initial == null) {
      authTag = tag;
      out.ascii("+ ").crlf();
      return;
    }
    plain(tag, initial);
  }

  private void authenticateResponse(byte[] line) {
    String tag = authTag;
    authTag = null;
    String response = new String(line, StandardCharsets.US_ASCII).trim();
    if (response.equals("*")) {
      out.line(tag, "BAD Authentication aborted by client.");
      return;
    }
    plain(tag, response);
  }

  private void plain(String tag, String base64) {
    byte[] decoded;
    try {
      decoded = base64.equals("=") ? new byte[0] : Base64.getDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      out.line(tag, "BAD Invalid base64 data in the response.");
      return;
    }
    String[] parts = new String(decoded, StandardCharsets.UTF_8).split("\0", -1);
    if (parts.length != 3 || (!parts[0].isEmpty() && !parts[0].equals(parts[1]))) {
      out.line(tag, "NO [AUTHENTICATIONFAILED] Authentication failed.");
      return;
    }
    loggedIn(tag, parts[1], parts[2]);
  }

  // --- any state ---

  private void id(String tag, ImapReader r) {
    r.sp();
    if (r.peekAtomIgnoringCase("NIL")) {
      r.atom();
    } else {
      r.expect('(');
      if (!r.skip(')')) {
        do {
          r.string();
          r.sp();
          r.nstring();
        } while (r.skip(' '));
        r.expect(')');
      }
    }
    r.end();
    out.line("*", "ID (\"name\" \"FakeMail\" \"vendor\" \"FakeMail\")");
    ok(tag, "ID completed.");
  }

  // --- authenticated ---

  private void enable(String tag, ImapReader r) {
    do {
      r.sp();
      r.atom(); // nothing we support needs enabling: CONDSTORE, QRESYNC, UTF8=ACCEPT are not
      // offered
    } while (!r.atEnd());
    out.line("*", "ENABLED");
    ok(tag, "Enabled.");
  }

  /** A mailbox name argument: an astring in modified UTF-7. */
  private static String mailboxName(ImapReader r) {
    String wire = r.astring();
    try {
      return ModifiedUtf7.decode(wire);
    } catch (IllegalArgumentException e) {
      throw new FolderException("Mailbox name is not valid modified UTF-7: " + wire);
    }
  }

  private void writeName(String name) {
    out.astring(ModifiedUtf7.encode(name));
  }

  private void select(String tag, ImapReader r, boolean readOnly) {
    r.sp();
    String name = mailboxName(r);
    r.end();
    deselect();
    state = State.AUTHENTICATED;
    Folder folder = mailbox.folder(name).orElse(null);
    if (folder == null) {
      out.line(tag, "NO Mailbox doesn't exist: " + ModifiedUtf7.encode(name));
      return;
    }
    selected = new SelectedMailbox(folder, readOnly, this::wake, Thread.currentThread());
    state = State.SELECTED;
    TreeSet<String> keywords = new TreeSet<>();
    int firstUnseen = 0;
    List<MailboxMessage> messages = selected.messages();
    for (int i = 0; i < messages.size(); i++) {
      Flags f = messages.get(i).flags();
      keywords.addAll(f.keywords());
      if (firstUnseen == 0 && !f.has(SystemFlag.SEEN)) {
        firstUnseen = i + 1;
      }
    }
    StringBuilder flags = new StringBuilder("\\Answered \\Flagged \\Deleted \\Seen \\Draft");
    keywords.forEach(k -> flags.append(' ').append(k));
    out.line("*", "FLAGS (" + flags + ")");
    out.line(
        "*",
        readOnly
            ? "OK [PERMANENTFLAGS ()] Read-only mailbox."
            : "OK [PERMANENTFLAGS (" + flags + " \\*)] Flags permitted.");
    out.line("*", selected.count() + " EXISTS");
    out.line("*", selected.recentCount() + " RECENT");
    if (firstUnseen > 0) {
      out.line("*", "OK [UNSEEN " + firstUnseen + "] First unseen.");
    }
    out.line("*", "OK [UIDVALIDITY " + folder.uidValidity() + "] UIDs valid");
    long uidNext = Math.max(folder.uidNext(), selected.maxUid() + 1);
    out.line("*", "OK [UIDNEXT " + uidNext + "] Predicted next UID");
    out.line(
        tag, readOnly ? "OK [READ-ONLY] Examine completed." : "OK [READ-WRITE] Select completed.");
  }

  private void deselect() {
    if (selected != null) {
      selected.close();
      selected = null;
    }
  }

  private void create(String tag, ImapReader r) {
    r.sp();
    String name = mailboxName(r);
    r.end();
    if (name.length() > 1 && name.charAt(name.length() - 1) == Mailbox.DELIMITER) {
      name = name.substring(0, name.length() - 1); // "foo/" announces children (RFC 3501 §6.3.3)
    }
    mailbox.create(name);
    ok(tag, "Create completed.");
  }

  private void delete(String tag, ImapReader r) {
    r.sp();
    String name = mailboxName(r);
    r.end();
    mailbox.delete(name);
    ok(tag, "Delete completed.");
  }

  private void rename(String tag, ImapReader r) {
    r.sp();
    String from = mailboxName(r);
    r.sp();
    String to = mailboxName(r);
    r.end();
    mailbox.rename(from, to);
    ok(tag, "Rename completed.");
  }

  private void subscribe(String tag, ImapReader r, boolean subscribe) {
    r.sp();
    String name = mailboxName(r);
    r.end();
    if (subscribe) {
      mailbox.subscribe(name);
      ok(tag, "Subscribe completed.");
    } else {
      mailbox.unsubscribe(name);
      ok(tag, "Unsubscribe completed.");
    }
  }

  private void list(String tag, ImapReader r, boolean lsub) {
    r.sp();
    String reference = mailboxName(r);
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
      out.ascii("* LIST (\\Noselect) \"" + Mailbox.DELIMITER + "\" \"\"").crlf();
      ok(tag, "List completed.");
      return;
    }
    Pattern regex = listPattern(reference + pattern);
    if (lsub) {
      for (String name : mailbox.subscriptions()) {
        if (regex.matcher(name).matches()) {
          boolean exists = mailbox.folder(name).isPresent();
          out.ascii("* LSUB (" + (exists ? "" : "\\Noselect") + ") \"/\" ");
          writeName(name);
          out.crlf();
        }
      }
    } else {
      for (Folder f : mailbox.folders()) {
        String name = f.name();
        if (!regex.matcher(name).matches()) {
          continue;
        }
        StringBuilder attributes =
            new StringBuilder(mailbox.hasChildren(name) ? "\\HasChildren" : "\\HasNoChildren");
        if (f.specialUse() != null) {
          attributes.append(' ').append(f.specialUse());
        }
        out.ascii("* " + kind + " (" + attributes + ") \"/\" ");
        writeName(name);
        out.crlf();
      }
    }
    ok(tag, (lsub ? "Lsub" : "List") + " completed.");
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

  private void status(String tag, ImapReader r) {
    r.sp();
    String name = mailboxName(r);
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
    Folder folder = mailbox.folder(name).orElse(null);
    if (folder == null) {
      no(tag, "Mailbox doesn't exist: " + ModifiedUtf7.encode(name));
      return;
    }
    List<MailboxMessage> messages = folder.messages();
    out.ascii("* STATUS ");
    writeName(folder.name());
    out.ascii(" (");
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
      out.ascii(i == 0 ? "" : " ").ascii(item).sp().number(value);
    }
    out.ascii(")").crlf();
    ok(tag, "Status completed.");
  }

  private void append(String tag, ImapReader r) {
    r.sp();
    String name = mailboxName(r);
    r.sp();
    Flags flags = Flags.NONE;
    if (r.peek() == '(') {
      flags = flags(r.flagList());
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
    Folder folder = mailbox.folder(name).orElse(null);
    if (folder == null) {
      no(tag, "[TRYCREATE] Mailbox doesn't exist: " + ModifiedUtf7.encode(name));
      return;
    }
    if (message.length == 0) {
      no(tag, "Can't save a zero byte message.");
      return;
    }
    Envelope envelope = Envelope.builder().addRecipient(mailbox.address()).build();
    ReceivedMail mail = ReceivedMail.of(service.nextAppendId(), Instant.now(), envelope, message);
    MailboxMessage appended = folder.append(mail, flags, date);
    ok(tag, "[APPENDUID " + folder.uidValidity() + " " + appended.uid() + "] Append completed.");
  }

  /** Flags from their IMAP names; {@code \Recent} and unknown system flags are refused. */
  private static Flags flags(List<String> names) {
    Flags flags = Flags.NONE;
    for (String name : names) {
      if (name.startsWith("\\")) {
        SystemFlag flag = null;
        for (SystemFlag f : SystemFlag.values()) {
          if (f.imapName().equalsIgnoreCase(name)) {
            flag = f;
          }
        }
        if (flag == null) {
          throw new BadSyntax("Invalid system flag " + name);
        }
        flags = flags.with(flag);
      } else {
        flags = flags.withKeyword(name);
      }
    }
    return flags;
  }

  // --- selected ---

  /**
   * The sequence numbers a set names, ascending: message numbers (all must exist) or UIDs (those
   * the view has).
   */
  private int[] resolve(SequenceSet set, boolean uid) {
    int count = selected.count();
    BitSet msns = new BitSet(count + 1);
    if (uid) {
      long max = selected.maxUid();
      for (int i = selected.firstIndexAtLeast(1); i < count; i++) {
        // ranges are few; a linear pass with contains() is O(n * ranges)
        MailboxMessage m = selected.at(i + 1);
        if (set.contains(m.uid(), max)) {
          msns.set(i + 1);
        }
      }
    } else {
      if (count == 0 || set.max(count) > count) {
        throw new BadSyntax("Invalid messageset");
      }
      for (int i = 1; i <= count; i++) {
        if (set.contains(i, count)) {
          msns.set(i);
        }
      }
    }
    return msns.stream().toArray();
  }

  private void expunge(String tag, ImapReader r, boolean uid) {
    SequenceSet set = null;
    if (uid) {
      r.sp();
      set = r.sequenceSet();
    }
    r.end();
    if (selected.readOnly()) {
      no(tag, "Mailbox is read-only.");
      return;
    }
    List<Long> doomed = new ArrayList<>();
    if (set != null) {
      for (int msn : resolve(set, true)) {
        MailboxMessage m = selected.at(msn);
        if (m.flags().has(SystemFlag.DELETED)) {
          doomed.add(m.uid());
        }
      }
      selected.folder().expunge(doomed);
    } else {
      selected.folder().expungeIf(m -> m.flags().has(SystemFlag.DELETED));
    }
    ok(tag, "Expunge completed.");
  }

  private void search(String tag, ImapReader r, boolean uid) {
    r.sp();
    SearchCommand.Key key;
    try {
      key = SearchCommand.parse(r);
    } catch (SearchCommand.BadCharset e) {
      no(tag, "[BADCHARSET (UTF-8 US-ASCII)] Unsupported charset " + e.getMessage());
      return;
    }
    StringBuilder result = new StringBuilder("SEARCH");
    List<MailboxMessage> messages = selected.messages();
    for (int i = 0; i < messages.size(); i++) {
      MailboxMessage m = messages.get(i);
      if (key.test(new SearchCommand.Candidate(i + 1, m, selected))) {
        result.append(' ').append(uid ? m.uid() : i + 1);
      }
    }
    out.line("*", result.toString());
    ok(tag, "Search completed.");
  }

  private void fetch(String tag, ImapReader r, boolean uid) {
    r.sp();
    SequenceSet set = r.sequenceSet();
    r.sp();
    FetchCommand fetch = FetchCommand.parse(r, uid);
    int[] msns = resolve(set, uid);
    boolean setSeen = fetch.setsSeen() && !selected.readOnly();
    SelectedMailbox sel = selected;
    Step step =
        new Step() {
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
              fetch.write(out, msn, m, sel.flags(m), flagsChanged);
              if (out.buffer().readableBytes() >= CHUNK) {
                flush();
                if (!ctx.channel().isWritable()) {
                  return false;
                }
              }
            }
            if (selected == sel) {
              ok(tag, "Fetch completed.");
            } else {
              out.line(tag, "OK Fetch completed.");
            }
            return true;
          }
        };
    if (!step.step()) {
      running = step;
    }
  }

  private void store(String tag, ImapReader r, boolean uid) {
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
    Flags change = flags(names);
    int[] msns = resolve(set, uid);
    if (selected.readOnly()) {
      no(tag, "Mailbox is read-only.");
      return;
    }
    for (int msn : msns) {
      MailboxMessage m = selected.at(msn);
      selected.ownFlagChange(
          () ->
              selected
                  .folder()
                  .updateFlags(
                      m.uid(),
                      f -> mode > 0 ? f.plus(change) : mode < 0 ? f.minus(change) : change));
      if (!silent) {
        out.ascii("* ").number(msn).ascii(" FETCH (");
        if (uid) {
          out.ascii("UID ").number(m.uid()).sp();
        }
        out.ascii("FLAGS ").ascii(selected.flags(m)).ascii(")").crlf();
      }
    }
    ok(tag, "Store completed.");
  }

  private void copy(String tag, ImapReader r, boolean uid, boolean move) {
    r.sp();
    SequenceSet set = r.sequenceSet();
    r.sp();
    String name = mailboxName(r);
    r.end();
    int[] msns = resolve(set, uid);
    Folder target = mailbox.folder(name).orElse(null);
    if (target == null) {
      no(tag, "[TRYCREATE] Mailbox doesn't exist: " + ModifiedUtf7.encode(name));
      return;
    }
    if (move && selected.readOnly()) {
      no(tag, "Mailbox is read-only.");
      return;
    }
    List<MailboxMessage> messages = new ArrayList<>(msns.length);
    for (int msn : msns) {
      messages.add(selected.at(msn));
    }
    Mailbox.CopyResult result = mailbox.copy(selected.folder(), messages, target, move);
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
        out.line("*", "OK " + code + "Moved UIDs.");
      }
      ok(tag, "Move completed.");
    } else {
      ok(tag, code + "Copy completed.");
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

  private void idleDone(byte[] line) {
    String tag = idleTag;
    idleTag = null;
    String word = new String(line, StandardCharsets.US_ASCII);
    if (word.equalsIgnoreCase("DONE")) {
      ok(tag, "Idle completed.");
    } else {
      out.line(tag, "BAD Expected DONE.");
    }
  }
}
