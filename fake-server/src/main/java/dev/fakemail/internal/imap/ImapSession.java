package dev.fakemail.internal.imap;

import dev.fakemail.internal.auth.SaslExchange;
import dev.fakemail.internal.imap.protocol.ImapFrameDecoder;
import dev.fakemail.internal.imap.protocol.ImapReader;
import dev.fakemail.internal.imap.protocol.ImapReader.BadSyntax;
import dev.fakemail.internal.imap.protocol.ImapWriter;
import dev.fakemail.internal.imap.protocol.ModifiedUtf7;
import dev.fakemail.internal.net.tls.TlsSetup;
import dev.fakemail.internal.store.Flags;
import dev.fakemail.internal.store.Flags.SystemFlag;
import dev.fakemail.internal.store.Mailbox;
import dev.fakemail.internal.store.Mailbox.FolderException;
import dev.fakemail.internal.transcript.Dialect;
import dev.fakemail.internal.transcript.SessionRecorder;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.NotSslRecordException;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.timeout.IdleStateEvent;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLException;

/**
 * One IMAP connection: framing, the RFC 3501 state machine (not authenticated, authenticated,
 * selected, logout), the commands valid in any state (CAPABILITY, NOOP, LOGOUT, ID) and IDLE; the
 * others are in {@link NotAuthenticatedCommands}, {@link AuthenticatedCommands} and {@link
 * SelectedCommands}, grouped by the state they need. Runs on the channel's event loop only; folder
 * changes made elsewhere reach it through {@link SelectedMailbox}.
 *
 * <p>A FETCH of many messages is written in pieces: when the channel's outbound buffer passes its
 * high-water mark the session stops, stops reading, and goes on when the channel is writable again,
 * so a huge FETCH never sits whole in memory.
 */
final class ImapSession extends ChannelInboundHandlerAdapter {
  private static final System.Logger LOG = System.getLogger(ImapSession.class.getName());
  static final int CHUNK = 64 * 1024;

  enum State {
    NOT_AUTHENTICATED,
    AUTHENTICATED,
    SELECTED,
    LOGOUT
  }

  /** Work that continues over several writability turns; {@code step} returns true when done. */
  interface Step {
    boolean step();
  }

  final ImapService service;
  private final AtomicBoolean wakeScheduled = new AtomicBoolean();
  private final ImapFrameDecoder decoder;
  ChannelHandlerContext ctx;
  private ByteBuf input;
  ImapWriter out;
  State state = State.NOT_AUTHENTICATED;
  Mailbox mailbox;
  SelectedMailbox selected;
  private String idleTag;
  String authTag;
  SaslExchange authExchange;
  Step running;
  boolean expungeAllowed = true;

  private SessionRecorder recorder; // null: not recorded

  /** STARTTLS answered nothing yet: the server's TLS context is still being built. */
  private boolean tlsPending;

  private final NotAuthenticatedCommands notAuthenticated = new NotAuthenticatedCommands(this);
  private final AuthenticatedCommands authenticated = new AuthenticatedCommands(this);
  private final SelectedCommands selectedCommands = new SelectedCommands(this);

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
    this.recorder =
        service
            .transcripts()
            .open(
                Dialect.IMAP,
                tls(),
                ctx.channel().remoteAddress() instanceof InetSocketAddress
                    ? (InetSocketAddress) ctx.channel().remoteAddress()
                    : null);
    out.ascii("* OK [CAPABILITY ")
        .ascii(service.capabilities(false, tls()))
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
    if (recorder != null) {
      recorder.closed();
    }
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
    if (evt instanceof SslHandshakeCompletionEvent) {
      if (!((SslHandshakeCompletionEvent) evt).isSuccess()) {
        ctx.close(); // a failed handshake ends this connection only (logged by the TLS handler)
      } else if (recorder != null) {
        javax.net.ssl.SSLSession ssl = ctx.pipeline().get(SslHandler.class).engine().getSession();
        recorder.event("TLS started (" + ssl.getProtocol() + ", " + ssl.getCipherSuite() + ")");
      }
      return;
    }
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
    boolean tlsFailure = // logged by the TLS handler
        cause instanceof NotSslRecordException
            || cause instanceof DecoderException && cause.getCause() instanceof SSLException;
    if (!(cause instanceof IOException) && !tlsFailure) {
      LOG.log(
          System.Logger.Level.WARNING, "Closing an IMAP session after an unexpected error", cause);
    }
    ctx.close();
  }

  /** Reads and runs whole commands until input runs out or a long response has to wait. */
  private void drain() {
    while (running == null && !tlsPending && state != State.LOGOUT && input != null) {
      ImapFrameDecoder.Frame frame = decoder.next(input);
      if (frame == null) {
        break;
      }
      if (!endIfGone()) {
        handle(frame);
        endIfGone();
      }
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

  /** Tells the session's transcript who logged in. */
  void recordLogin(String user) {
    if (recorder != null) {
      recorder.loggedIn(user);
    }
  }

  /** Whether this connection is on TLS (implicit, or after STARTTLS). */
  boolean tls() {
    return ctx != null && ctx.pipeline().get(SslHandler.class) != null;
  }

  /**
   * STARTTLS (RFC 3501 §6.2.1): the tagged OK goes out in plain text, then the TLS handler goes
   * first in the pipeline. Whatever the client sent after the command line is dropped (RFC 3207 §6
   * reasoning, CVE-2011-0411 class): only bytes that arrive over TLS are commands. The session
   * stays not authenticated; the client asks for CAPABILITY again.
   */
  private void startTls(String tag, ImapReader r) {
    r.end();
    if (service.startTls() == null) {
      out.line(tag, "BAD Unknown command STARTTLS");
    } else if (tls()) {
      out.line(tag, "BAD TLS is already active.");
    } else if (state != State.NOT_AUTHENTICATED) {
      out.line(tag, "BAD STARTTLS is only allowed before login.");
    } else {
      input.clear();
      TlsSetup tls = service.startTls();
      if (tls.readyOrNull() != null) {
        beginTls(tag, tls);
      } else {
        // the server's first STARTTLS while its TLS context is being built: the OK waits for it,
        // nothing is read meanwhile, and no event-loop thread waits
        tlsPending = true;
        ctx.channel().config().setAutoRead(false);
        tls.whenReady(
            ctx.channel(),
            context -> {
              tlsPending = false;
              beginTls(tag, tls);
              ctx.channel().config().setAutoRead(true);
            });
      }
    }
  }

  private void beginTls(String tag, TlsSetup tls) {
    out.line(tag, "OK Begin TLS negotiation now.");
    flush();
    input.clear();
    ctx.pipeline().addFirst("tls", tls.newHandler(ctx.channel()));
  }

  void flush() {
    if (out != null && out.buffer().isReadable()) {
      if (recorder != null) {
        recorder.imapOutput(out.buffer());
      }
      ctx.writeAndFlush(out.swap(ctx.alloc().buffer(256)));
    }
  }

  void closeAfterFlush() {
    state = State.LOGOUT;
    if (recorder != null) {
      recorder.endsWithNextWrite();
      recorder.imapOutput(out.buffer());
    }
    ByteBuf last = out.swap(ctx.alloc().buffer(0));
    ctx.writeAndFlush(last).addListener(f -> ctx.close());
  }

  /** Called from any thread when the selected folder changed: IDLE reports at once. */
  void wake() {
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
                if (out != null && running == null) {
                  endIfGone();
                }
              });
    }
  }

  /**
   * Ends the session with BYE when its selected folder was deleted (Dovecot does the same) or its
   * mailbox was cleared away by {@code FakeMailServer.clearMailboxes()}: new mail for the address
   * goes to a new mailbox, which the client sees after logging in again.
   *
   * @return whether the session ended
   */
  private boolean endIfGone() {
    if (state == State.LOGOUT) {
      return true;
    }
    String why;
    if (mailbox != null && mailbox.isCleared()) {
      why = "* BYE The mailbox was cleared; log in again";
    } else if (selected != null && selected.gone()) {
      why = "* BYE Selected mailbox was deleted, have to disconnect.";
    } else {
      return false;
    }
    deselect();
    running = null;
    out.ascii(why).crlf();
    closeAfterFlush();
    return true;
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
      if (recorder != null) {
        if (idleTag != null || authTag != null) {
          recorder.imapContinuation(bytes, authTag != null);
        } else {
          recorder.imapCommand(bytes);
        }
      }
      if (idleTag != null) {
        idleDone(bytes);
      } else if (authTag != null) {
        notAuthenticated.authenticateResponse(bytes);
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
        out.line(
            "*", "CAPABILITY " + service.capabilities(state != State.NOT_AUTHENTICATED, tls()));
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
      case "STARTTLS":
        startTls(tag, r);
        return;
      case "LOGIN":
      case "AUTHENTICATE":
        if (state != State.NOT_AUTHENTICATED) {
          out.line(tag, "BAD Already logged in");
        } else if (name.equals("LOGIN")) {
          notAuthenticated.login(tag, r);
        } else {
          notAuthenticated.authenticate(tag, r);
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
        authenticated.select(tag, r, name.equals("EXAMINE"));
        return;
      case "CREATE":
        authenticated.create(tag, r);
        return;
      case "DELETE":
        authenticated.delete(tag, r);
        return;
      case "RENAME":
        authenticated.rename(tag, r);
        return;
      case "SUBSCRIBE":
      case "UNSUBSCRIBE":
        authenticated.subscribe(tag, r, name.equals("SUBSCRIBE"));
        return;
      case "LIST":
      case "LSUB":
        authenticated.list(tag, r, name.equals("LSUB"));
        return;
      case "STATUS":
        authenticated.status(tag, r);
        return;
      case "APPEND":
        authenticated.append(tag, r);
        return;
      case "NAMESPACE":
        authenticated.namespace(tag, r);
        return;
      case "ENABLE":
        authenticated.enable(tag, r);
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
        selectedCommands.check(tag, r);
        return;
      case "CLOSE":
        selectedCommands.close(tag, r);
        return;
      case "UNSELECT":
        selectedCommands.unselect(tag, r);
        return;
      case "EXPUNGE":
        selectedCommands.expunge(tag, r, uid);
        return;
      case "SEARCH":
        selectedCommands.search(tag, r, uid);
        return;
      case "FETCH":
        selectedCommands.fetch(tag, r, uid);
        return;
      case "STORE":
        selectedCommands.store(tag, r, uid);
        return;
      case "COPY":
      case "MOVE":
        selectedCommands.copy(tag, r, uid, name.equals("MOVE"));
        return;
      default:
        throw new IllegalStateException(name);
    }
  }

  /** A tagged OK, after the folder changes other sessions made (RFC 3501 §7). */
  void ok(String tag, String text) {
    if (selected != null) {
      selected.report(out, expungeAllowed);
    }
    out.line(tag, "OK " + text);
  }

  void no(String tag, String text) {
    if (selected != null) {
      selected.report(out, expungeAllowed);
    }
    out.line(tag, "NO " + text);
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

  // --- shared by the command groups ---

  /** A mailbox name argument: an astring in modified UTF-7. */
  static String mailboxName(ImapReader r) {
    String wire = r.astring();
    try {
      return ModifiedUtf7.decode(wire);
    } catch (IllegalArgumentException e) {
      throw new FolderException("Mailbox name is not valid modified UTF-7: " + wire);
    }
  }

  void deselect() {
    if (selected != null) {
      selected.close();
      selected = null;
    }
  }

  /** Flags from their IMAP names; {@code \Recent} and unknown system flags are refused. */
  static Flags flags(List<String> names) {
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

  // --- IDLE (RFC 2177) ---

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
