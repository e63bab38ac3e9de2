package dev.fakemail.internal.net;

import dev.fakemail.internal.net.tls.StartTlsEncryption;
import dev.fakemail.internal.net.tls.TlsSetup;
import dev.fakemail.internal.transcript.Dialect;
import dev.fakemail.internal.transcript.SessionRecorder;
import dev.fakemail.internal.transcript.TranscriptLog;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.ssl.NotSslRecordException;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSession;
import org.apache.james.protocols.api.CommandDetectionSession;
import org.apache.james.protocols.api.Protocol;
import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.api.ProtocolSessionImpl;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.api.StartTlsResponse;
import org.apache.james.protocols.api.handler.ConnectHandler;
import org.apache.james.protocols.api.handler.DisconnectHandler;
import org.apache.james.protocols.api.handler.LineHandler;
import org.apache.james.protocols.netty.Encryption;
import org.apache.james.protocols.netty.HandlerConstants;
import org.apache.james.protocols.netty.LineHandlerAware;
import org.apache.james.protocols.netty.NettyProtocolTransport;

/**
 * Drives one James protocol session over one connection: our replacement for James's {@code
 * BasicChannelInboundHandler}, without its per-line MDC work and per-connection INFO logging, and
 * with line-too-long and idle handling that keep the session (and anything stored) intact.
 *
 * <p>Must sit in the pipeline under the name {@link HandlerConstants#CORE_HANDLER}: James's
 * transport finds it there to push and pop line handlers (DATA, AUTH continuation).
 *
 * <p>As the {@link SessionControl} of its session, it can hold the session (a delayed reply) and
 * drop the connection without a reply: the SMTP rules use both.
 */
public final class SessionChannelHandler extends ChannelInboundHandlerAdapter
    implements LineHandlerAware, SessionControl {
  /** The attribute James's STARTTLS-aware framer reads the session from. */
  public static final AttributeKey<CommandDetectionSession> SESSION =
      AttributeKey.valueOf("session");

  private static final System.Logger LOG = System.getLogger(SessionChannelHandler.class.getName());

  private final Wiring wiring;
  private final Deque<ChannelInboundHandlerAdapter> overrides = new ArrayDeque<>(2);
  private ProtocolSession session;
  private ChannelHandlerContext ctx;
  private SessionRecorder recorder; // null: not recorded

  /**
   * Between a STARTTLS reply and the end of the handshake: plain bytes still buffered are dropped.
   */
  private boolean awaitingHandshake;

  /** While the session is held ({@link #hold}): the scheduled end of the hold. */
  private ScheduledFuture<?> held;

  /** Lines (and over-long-line errors) read while the session is held, in order. */
  private Deque<Object> waiting;

  /** The connection is being closed: nothing more read is handled. */
  private boolean closing;

  public SessionChannelHandler(Wiring wiring) {
    this.wiring = wiring;
  }

  /**
   * What every connection of one protocol needs from James's handler chain, looked up once per
   * server rather than per connection (James's chain finds handlers by walking a linked list).
   */
  public static final class Wiring {
    private final Protocol protocol;
    private final LineHandler<ProtocolSession> lineHandler;
    private final List<ConnectHandler<ProtocolSession>> connectHandlers;
    private final List<DisconnectHandler<ProtocolSession>> disconnectHandlers;
    private final Response idleResponse;
    private final TlsSetup startTls;
    private final TranscriptLog transcripts;
    private final Dialect dialect;

    public Wiring(Protocol protocol, Response idleResponse) {
      this(protocol, idleResponse, null);
    }

    public Wiring(Protocol protocol, Response idleResponse, TlsSetup startTls) {
      this(protocol, idleResponse, startTls, TranscriptLog.disabled(), Dialect.SMTP);
    }

    /**
     * @param startTls the server TLS STARTTLS/STLS upgrades to, or {@code null} where the protocol
     *     offers no upgrade
     * @param transcripts where each connection's transcript is recorded, read as {@code dialect}
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public Wiring(
        Protocol protocol,
        Response idleResponse,
        TlsSetup startTls,
        TranscriptLog transcripts,
        Dialect dialect) {
      this.protocol = protocol;
      this.startTls = startTls;
      this.transcripts = transcripts;
      this.dialect = dialect;
      this.lineHandler =
          protocol.getProtocolChain().getFirstHandler(LineHandler.class).orElseThrow();
      this.connectHandlers =
          List.copyOf((List) protocol.getProtocolChain().getHandlers(ConnectHandler.class));
      this.disconnectHandlers =
          List.copyOf((List) protocol.getProtocolChain().getHandlers(DisconnectHandler.class));
      this.idleResponse = idleResponse;
    }
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) throws Exception {
    Encryption encryption =
        wiring.startTls == null ? null : new StartTlsEncryption(wiring.startTls, ctx.channel());
    recorder =
        wiring.transcripts.open(
            wiring.dialect,
            ctx.pipeline().get(SslHandler.class) != null,
            ctx.channel().remoteAddress() instanceof InetSocketAddress
                ? (InetSocketAddress) ctx.channel().remoteAddress()
                : null);
    session =
        wiring.protocol.newSession(
            recorder == null
                ? new NettyProtocolTransport(ctx.channel(), encryption, false)
                : new RecordingTransport(ctx.channel(), encryption, recorder));
    this.ctx = ctx;
    if (session instanceof SessionControl.Aware) {
      ((SessionControl.Aware) session).control(this);
    }
    ctx.channel().attr(SESSION).set(session);
    for (ConnectHandler<ProtocolSession> handler : wiring.connectHandlers) {
      write(handler.onConnect(session));
    }
    super.channelActive(ctx);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
    if (closing) {
      ReferenceCountUtil.release(msg);
      return;
    }
    if (held != null) {
      waitForHold(msg);
      return;
    }
    if (awaitingHandshake) {
      // RFC 3207 §6 (CVE-2011-0411): lines pipelined after STARTTLS arrived in plain text and
      // must not be executed as if they came over TLS.
      ReferenceCountUtil.release(msg);
      return;
    }
    if (recorder != null) {
      recorder.clientLine((ByteBuf) msg);
    }
    ChannelInboundHandlerAdapter override = overrides.peekFirst();
    if (override != null) {
      override.channelRead(ctx, msg); // releases msg
      return;
    }
    ByteBuf buf = (ByteBuf) msg;
    try {
      byte[] line = new byte[buf.readableBytes()];
      buf.getBytes(buf.readerIndex(), line);
      write(wiring.lineHandler.onLine(session, line));
    } finally {
      buf.release();
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    cancelHold();
    if (recorder != null) {
      recorder.closed();
    }
    if (session != null) {
      for (DisconnectHandler<ProtocolSession> handler : wiring.disconnectHandlers) {
        handler.onDisconnect(session);
      }
      session.resetState();
      session = null;
    }
    overrides.clear();
    super.channelInactive(ctx);
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
    if (evt instanceof SslHandshakeCompletionEvent) {
      if (((SslHandshakeCompletionEvent) evt).isSuccess()) {
        awaitingHandshake = false;
        if (recorder != null) {
          recordTls(ctx);
        }
      } else {
        ctx.close(); // a failed handshake ends this connection only (logged by the TLS handler)
      }
      return;
    }
    if (evt instanceof IdleStateEvent) {
      if (held != null) {
        return; // the server is the one keeping the client waiting
      }
      if (session != null && wiring.idleResponse != null) {
        write(wiring.idleResponse); // an end-session response: James closes after writing it
      } else {
        ctx.close();
      }
      return;
    }
    super.userEventTriggered(ctx, evt);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (cause instanceof TooLongFrameException && held != null) {
      waitForHold(cause); // reported in its turn, after the lines before it
      return;
    }
    if (cause instanceof TooLongFrameException && session != null) {
      if (recorder != null) {
        recorder.lineTooLong();
      }
      write(session.newLineTooLongResponse()); // null while in DATA: the message is failed instead
      return;
    }
    if (cause instanceof IOException
        || cause instanceof NotSslRecordException
        || cause instanceof DecoderException && cause.getCause() instanceof SSLException) {
      // connection reset by the peer and friends: nothing to tell anyone; a failed handshake has
      // been logged by the TLS handler
      ctx.close();
      return;
    }
    LOG.log(System.Logger.Level.WARNING, "Closing a session after an unexpected error", cause);
    if (session != null && ctx.channel().isActive()) {
      Response fatal = session.newFatalErrorResponse();
      if (fatal != null) {
        write(fatal);
      }
    }
    ctx.close();
  }

  private void recordTls(ChannelHandlerContext ctx) {
    SslHandler ssl = ctx.pipeline().get(SslHandler.class);
    SSLSession tls = ssl == null ? null : ssl.engine().getSession();
    recorder.event(
        tls == null
            ? "TLS started"
            : "TLS started (" + tls.getProtocol() + ", " + tls.getCipherSuite() + ")");
  }

  @Override
  public void pushLineHandler(ChannelInboundHandlerAdapter handler) {
    overrides.addFirst(handler);
  }

  @Override
  public void popLineHandler() {
    overrides.pollFirst();
  }

  private void write(Response response) {
    if (response instanceof StartTlsResponse
        && wiring.startTls != null
        && wiring.startTls.readyOrNull() == null) {
      // The first STARTTLS of a server whose TLS context is still being built: the reply waits
      // for it without holding the event loop, nothing more is read meanwhile, and lines already
      // read after the command are discarded as usual.
      awaitingHandshake = true;
      ctx.channel().config().setAutoRead(false);
      wiring.startTls.whenReady(
          ctx.channel(),
          context -> {
            writeNow(response);
            ctx.channel().config().setAutoRead(true);
          });
      return;
    }
    writeNow(response);
  }

  private void writeNow(Response response) {
    if (response != null && session != null) {
      if (response.isEndSession()) {
        closing = true; // James closes once it is written; lines read after it are not handled
        if (recorder != null) {
          recorder.endsWithNextWrite(); // recorded as closed before the client can see the reply
        }
      }
      ((ProtocolSessionImpl) session).getProtocolTransport().writeResponse(response, session);
      if (response instanceof StartTlsResponse) {
        // James has written the reply and put the SslHandler first: forget the plain-text
        // session (RFC 3207 §4.2, RFC 2595 §4, RFC 3501 §6.2.1) and what the framer holds.
        awaitingHandshake = true;
        session.resetState();
        LineChannelInitializer.resetFramer(ctx.pipeline());
      }
    }
  }

  // ---------------------------------------------------------------- SessionControl

  /**
   * While held, reading goes on (only with reads does Netty see a client that hangs up, and a hold
   * must end with its connection), but once this many lines wait, nothing more is read until the
   * hold is over.
   */
  static final int MAX_WAITING_LINES = 256;

  @Override
  public void hold(Duration delay, Supplier<Response> action) {
    held =
        ctx.executor()
            .schedule(() -> endHold(action), Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
  }

  @Override
  public void disconnect() {
    closing = true;
    ctx.close();
  }

  private void waitForHold(Object msg) {
    if (waiting == null) {
      waiting = new ArrayDeque<>();
    }
    waiting.addLast(msg);
    if (waiting.size() >= MAX_WAITING_LINES) {
      ctx.channel().config().setAutoRead(false); // back-pressure on a client that floods
    }
  }

  /** The hold is over: runs its action, writes its reply, then handles the lines that waited. */
  private void endHold(Supplier<Response> action) {
    held = null;
    if (session == null || closing || !ctx.channel().isActive()) {
      return;
    }
    ctx.channel().config().setAutoRead(true); // write() may turn it off again (STARTTLS)
    try {
      write(action.get());
      while (held == null && !closing && session != null && waiting != null) {
        Object msg = waiting.pollFirst();
        if (msg == null) {
          break;
        }
        if (msg instanceof Throwable) {
          exceptionCaught(ctx, (Throwable) msg);
        } else {
          channelRead(ctx, msg);
        }
      }
    } catch (Exception e) {
      exceptionCaught(ctx, e);
    }
  }

  /** The connection closed: a pending hold is cancelled and what waited for it is released. */
  private void cancelHold() {
    if (held != null) {
      held.cancel(false);
      held = null;
    }
    if (waiting != null) {
      for (Object msg : waiting) {
        ReferenceCountUtil.release(msg);
      }
      waiting = null;
    }
  }
}
