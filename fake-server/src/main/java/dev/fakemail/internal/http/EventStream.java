package dev.fakemail.internal.http;

import dev.fakemail.ReceivedMail;
import dev.fakemail.internal.store.MailStore;
import dev.fakemail.internal.store.StoreInbox;
import dev.fakemail.internal.store.StoreListener;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.concurrent.ScheduledFuture;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code GET /api/v1/events}: Server-Sent Events for new, deleted and cleared messages, with a
 * comment heartbeat so proxies and idle timeouts keep the stream open.
 *
 * <p>A slow consumer is dropped, not buffered for: when the connection's outbound buffer is above
 * its high-water mark (Netty's default 64 KiB), the next event closes the connection instead of
 * queueing more. The client reconnects and reloads the list (EventSource does this by itself).
 * Closing the connection, by either side, unregisters the store listener.
 */
final class EventStream {
  /** How often a {@code : keep-alive} comment is sent. */
  static final Duration HEARTBEAT = Duration.ofSeconds(15);

  private final MailStore store;
  private final Duration awaitTimeout;
  private final Duration heartbeat;

  EventStream(MailStore store, Duration awaitTimeout, Duration heartbeat) {
    this.store = store;
    this.awaitTimeout = awaitTimeout;
    this.heartbeat = heartbeat;
  }

  void stream(Exchange ex) {
    Query q = ex.query().allowOnly(List.of("inbox"));
    StoreInbox view = Filters.parse(q, store, awaitTimeout).view;
    if (ex.method().equals(HttpMethod.HEAD)) {
      ex.respond(HttpResponseStatus.OK, "text/event-stream; charset=utf-8", null);
      return;
    }
    HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
    head.headers()
        .set(HttpHeaderNames.CONTENT_TYPE, "text/event-stream; charset=utf-8")
        .set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_CACHE)
        .set("X-Accel-Buffering", "no");
    HttpUtil.setTransferEncodingChunked(head, true);
    Subscriber subscriber = new Subscriber(ex.channel(), view);
    // registered before the head is written: a client that has the head gets every later event
    store.addListener(subscriber);
    ex.channel().closeFuture().addListener(f -> subscriber.stop());
    if (!ex.startStream(head)) {
      subscriber.stop();
      return;
    }
    long every = heartbeat.toMillis();
    subscriber.heartbeat =
        ex.eventLoop()
            .scheduleAtFixedRate(
                () -> subscriber.send(": keep-alive\n\n"), every, every, TimeUnit.MILLISECONDS);
    if (!ex.channel().isActive()) {
      subscriber.stop(); // closed before the timer was set: the close listener has already run
    }
  }

  /** One stream's listener: hands each change to the connection's event loop. */
  final class Subscriber implements StoreListener {
    private final Channel channel;
    private final StoreInbox view;
    volatile ScheduledFuture<?> heartbeat;

    Subscriber(Channel channel, StoreInbox view) {
      this.channel = channel;
      this.view = view;
    }

    @Override
    public void added(ReceivedMail mail) {
      channel
          .eventLoop()
          .execute(
              () -> {
                if (view.inScope(mail)) {
                  byte[] json = Json.bytes(g -> MessageJson.summary(g, mail, false));
                  send(event("message-received", json));
                }
              });
    }

    @Override
    public void removed(List<ReceivedMail> mails) {
      channel
          .eventLoop()
          .execute(
              () -> {
                for (ReceivedMail m : mails) {
                  if (view.inScope(m)) {
                    byte[] json =
                        Json.bytes(
                            g -> {
                              g.writeStartObject();
                              g.writeStringField("id", m.id());
                              g.writeEndObject();
                            });
                    send(event("message-deleted", json));
                  }
                }
              });
    }

    @Override
    public void cleared() {
      channel.eventLoop().execute(() -> send("event: messages-cleared\ndata: {}\n\n"));
    }

    @Override
    public void inboxCleared(String address) {
      String own = view.addressOrNull();
      if (own != null && own.equalsIgnoreCase(address.trim())) {
        cleared();
      }
    }

    void send(String text) {
      if (!channel.isActive()) {
        return;
      }
      if (!channel.isWritable()) {
        // the client does not read fast enough: drop it rather than buffer without bound
        channel.close();
        return;
      }
      ByteBuf buf = Unpooled.copiedBuffer(text, StandardCharsets.UTF_8);
      channel.writeAndFlush(new DefaultHttpContent(buf));
    }

    void stop() {
      store.removeListener(this);
      ScheduledFuture<?> h = heartbeat;
      if (h != null) {
        h.cancel(false);
      }
    }
  }

  private static String event(String name, byte[] json) {
    return "event: " + name + "\ndata: " + new String(json, StandardCharsets.UTF_8) + "\n\n";
  }
}
