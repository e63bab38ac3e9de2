package dev.fakemail.internal.net;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.LineBasedFrameDecoder;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.handler.stream.ChunkedWriteHandler;
import io.netty.handler.timeout.IdleStateHandler;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.james.protocols.netty.HandlerConstants;

/**
 * The pipeline of a line-based protocol: framing (CRLF or bare LF, delimiter kept, over-long lines
 * discarded and reported without dropping the connection), idle timeout, chunked writes for
 * streamed responses, and the session handler.
 */
public final class LineChannelInitializer extends ChannelInitializer<Channel> {
  private static final String FLUSH_CONSOLIDATION = "flushConsolidation";
  private final int maxLineLength;
  private final Duration idleTimeout;
  private final Supplier<SessionChannelHandler> sessionHandlers;

  public LineChannelInitializer(
      int maxLineLength, Duration idleTimeout, Supplier<SessionChannelHandler> sessionHandlers) {
    this.maxLineLength = maxLineLength;
    this.idleTimeout = idleTimeout;
    this.sessionHandlers = sessionHandlers;
  }

  @Override
  protected void initChannel(Channel channel) {
    ChannelPipeline pipeline = channel.pipeline();
    // James writes and flushes every reply on its own; a pipelined batch of commands would cost
    // one write syscall per reply. Flushes made while a read is in progress are merged into one
    // at the end of the read; outside a read (idle timeout) they go out at once.
    pipeline.addLast(FLUSH_CONSOLIDATION, new FlushConsolidationHandler(256, false));
    // failFast=false: an over-long line is discarded up to its end, then reported once, so the
    // next line is read in step again.
    pipeline.addLast(HandlerConstants.FRAMER, new LineFramer(maxLineLength));
    if (!idleTimeout.isZero()) {
      pipeline.addLast(
          HandlerConstants.TIMEOUT_HANDLER,
          new IdleStateHandler(0, 0, idleTimeout.toMillis(), TimeUnit.MILLISECONDS));
    }
    pipeline.addLast(HandlerConstants.CHUNK_HANDLER, new ChunkedWriteHandler());
    pipeline.addLast(HandlerConstants.CORE_HANDLER, sessionHandlers.get());
  }

  /**
   * Replaces the framer with an empty one: whatever the old one still buffers (bytes a client
   * pipelined after STARTTLS, RFC 3207 §6) goes down the pipeline once, to a session handler that
   * discards it, instead of being prepended to the first line read over TLS.
   */
  static void resetFramer(ChannelPipeline pipeline) {
    ChannelHandler framer = pipeline.get(HandlerConstants.FRAMER);
    if (framer instanceof LineFramer) {
      // Not pipeline.replace(): that forwards the old framer's leftovers into the new one.
      pipeline.remove(framer);
      pipeline.addAfter(
          FLUSH_CONSOLIDATION,
          HandlerConstants.FRAMER,
          new LineFramer(((LineFramer) framer).maxLineLength));
    }
  }

  /** CRLF or bare LF framing, delimiter kept, over-long lines reported; remembers its limit. */
  static final class LineFramer extends LineBasedFrameDecoder {
    final int maxLineLength;

    LineFramer(int maxLineLength) {
      super(maxLineLength, false, false);
      this.maxLineLength = maxLineLength;
    }
  }
}
