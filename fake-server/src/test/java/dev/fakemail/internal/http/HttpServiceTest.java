package dev.fakemail.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fakemail.Envelope;
import dev.fakemail.FakeMailConfig;
import dev.fakemail.ReceivedMail;
import dev.fakemail.internal.net.Transport;
import dev.fakemail.internal.store.MailStore;
import dev.fakemail.internal.store.Mailboxes;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The service's own behaviour: static files from a test web root over a real socket, and the
 * lifecycle of waits and event streams on an embedded channel (no threads, no timing).
 */
class HttpServiceTest {
  static final String TEST_WEB_ROOT = "dev/fakemail/internal/http/testweb/";

  Mailboxes mailboxes;
  MailStore store;
  HttpService service;

  @BeforeEach
  void setUp() {
    mailboxes = new Mailboxes("localhost", true);
    store = new MailStore(0, mailboxes);
    service =
        new HttpService(
            store, mailboxes, FakeMailConfig.defaults(), new NoBackend(), TEST_WEB_ROOT);
  }

  static final class NoBackend implements HttpBackend {
    @Override
    public ReceivedMail deliver(String recipient, byte[] raw) {
      throw new UnsupportedOperationException();
    }

    @Override
    public String newInboxAddress() {
      throw new UnsupportedOperationException();
    }

    @Override
    public Optional<Map<String, Integer>> readyListeners() {
      return Optional.empty();
    }
  }

  ReceivedMail add(String subject) {
    byte[] raw = ("Subject: " + subject + "\r\n\r\nx\r\n").getBytes(StandardCharsets.US_ASCII);
    return store.add(
        Envelope.builder().mailFrom("a@example.test").addRecipient("b@example.test").build(),
        raw,
        0,
        raw.length);
  }

  // ---- static files over a real socket

  Transport transport;

  @AfterEach
  void tearDown() {
    if (transport != null) {
      transport.close();
    }
  }

  URI bind() throws Exception {
    transport = new Transport(1, "http-test");
    Channel listener =
        transport.bind(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
            service.channelInitializer());
    int port = ((InetSocketAddress) listener.localAddress()).getPort();
    return URI.create("http://127.0.0.1:" + port + "/");
  }

  java.net.http.HttpResponse<String> get(URI base, String path) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(base.resolve(path)).build(),
            java.net.http.HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void servesThePageAndItsAssetsWithTheirTypes() throws Exception {
    URI base = bind();
    java.net.http.HttpResponse<String> page = get(base, "/");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("<title>Test page</title>");
    assertThat(page.headers().firstValue("Content-Type")).contains("text/html; charset=utf-8");
    assertThat(page.headers().firstValue("Cache-Control")).contains("no-cache");
    assertThat(page.headers().firstValue("Content-Security-Policy"))
        .contains(
            "default-src 'self'; frame-src 'self'; img-src 'self' data:; style-src 'self';"
                + " script-src 'self'; connect-src 'self'");

    java.net.http.HttpResponse<String> js = get(base, "/assets/app.js");
    assertThat(js.statusCode()).isEqualTo(200);
    assertThat(js.body()).isEqualTo("console.log(\"test asset\");\n");
    assertThat(js.headers().firstValue("Content-Type")).contains("text/javascript; charset=utf-8");
    assertThat(js.headers().firstValue("Content-Length")).contains("27");
    assertThat(get(base, "/assets/style.css").headers().firstValue("Content-Type"))
        .contains("text/css; charset=utf-8");
  }

  @Test
  void namesNothingOutsideTheAssetsFolder() throws Exception {
    URI base = bind();
    java.net.http.HttpResponse<String> traversal = get(base, "/assets/..%2Findex.html");
    assertThat(traversal.statusCode()).isEqualTo(404);
    assertThat(traversal.body()).contains("\"detail\":\"No asset \\\"../index.html\\\"\"");
    assertThat(get(base, "/assets/%2E%2E").statusCode()).isEqualTo(404);
    assertThat(get(base, "/assets/missing.css").statusCode()).isEqualTo(404);
    assertThat(get(base, "/assets/sub/app.js").statusCode()).isEqualTo(404);
    assertThat(StaticRoutes.type("font.woff2")).isEqualTo("font/woff2");
    assertThat(StaticRoutes.type("unknown.bin")).isEqualTo("application/octet-stream");
  }

  @Test
  void servesTheOpenApiDocument() throws Exception {
    java.net.http.HttpResponse<String> doc = get(bind(), "/api/v1/openapi.json");
    assertThat(doc.statusCode()).isEqualTo(200);
    assertThat(doc.headers().firstValue("Content-Type")).contains("application/json");
    assertThat(doc.body()).contains("\"openapi\": \"3.1.0\"");
  }

  @Test
  void isNotReadyUntilTheServerSaysEveryListenerIsBound() throws Exception {
    java.net.http.HttpResponse<String> ready = get(bind(), "/readyz");
    assertThat(ready.statusCode()).isEqualTo(503);
    assertThat(ready.body()).isEqualTo("{\"status\":\"DOWN\"}");
  }

  // ---- waits and streams on an embedded channel

  EmbeddedChannel channel() {
    return new EmbeddedChannel(
        new HttpConnection(
            HttpService.routes(
                store, mailboxes, FakeMailConfig.defaults(), new NoBackend(), TEST_WEB_ROOT)));
  }

  static DefaultFullHttpRequest request(String uri) {
    return new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, uri);
  }

  @Test
  void aLongPollHoldsNoThreadAndAnswersWhenTheMailArrives() {
    EmbeddedChannel ch = channel();
    ch.writeInbound(request("/api/v1/messages?subject=Hello&wait=PT5M"));
    ch.runPendingTasks();
    assertThat((Object) ch.readOutbound()).as("waiting").isNull();
    assertThat(store.listenerCount()).isEqualTo(1);

    add("Other");
    ch.runPendingTasks();
    assertThat((Object) ch.readOutbound()).isNull();

    add("Hello");
    ch.runPendingTasks();
    FullHttpResponse response = ch.readOutbound();
    assertThat(response.status().code()).isEqualTo(200);
    assertThat(response.content().toString(StandardCharsets.UTF_8)).startsWith("{\"total\":1,");
    response.release();
    assertThat(store.listenerCount()).isZero();
    ch.finishAndReleaseAll();
  }

  @Test
  void aLongPollTimesOutOnItsTimerWith408() {
    EmbeddedChannel ch = channel();
    ch.freezeTime();
    add("Other");
    ch.writeInbound(request("/api/v1/messages?subject=Hello&wait=PT10S"));
    ch.runPendingTasks();
    ch.advanceTimeBy(9, TimeUnit.SECONDS);
    ch.runScheduledPendingTasks();
    assertThat((Object) ch.readOutbound()).as("still waiting after 9 s").isNull();

    ch.advanceTimeBy(1, TimeUnit.SECONDS);
    ch.runScheduledPendingTasks();
    ch.runPendingTasks();
    FullHttpResponse response = ch.readOutbound();
    assertThat(response.status().code()).isEqualTo(408);
    assertThat(response.content().toString(StandardCharsets.UTF_8))
        .contains(
            "\"detail\":\"Expected a message matching {subject=\\\"Hello\\\"} within PT10S, but"
                + " none arrived.\\nReceived 1 message:");
    response.release();
    assertThat(store.listenerCount()).isZero();
    ch.finishAndReleaseAll();
  }

  @Test
  void aStreamSendsAHeartbeatEvery15Seconds() {
    EmbeddedChannel ch = channel();
    ch.freezeTime();
    ch.writeInbound(request("/api/v1/events"));
    ReferenceRelease.release(ch.readOutbound());
    ch.advanceTimeBy(EventStream.HEARTBEAT.toMillis(), TimeUnit.MILLISECONDS);
    ch.runScheduledPendingTasks();
    HttpContent beat = ch.readOutbound();
    assertThat(beat.content().toString(StandardCharsets.UTF_8)).isEqualTo(": keep-alive\n\n");
    beat.release();
    ch.close();
    ch.advanceTimeBy(EventStream.HEARTBEAT.toMillis(), TimeUnit.MILLISECONDS);
    ch.runScheduledPendingTasks();
    assertThat((Object) ch.readOutbound()).as("the heartbeat stops with the stream").isNull();
  }

  @Test
  void aClosedConnectionEndsItsWait() {
    EmbeddedChannel ch = channel();
    ch.writeInbound(request("/api/v1/messages?wait=PT5M"));
    ch.runPendingTasks();
    assertThat(store.listenerCount()).isEqualTo(1);

    ch.close();
    ch.runPendingTasks();
    assertThat(store.listenerCount()).isZero();
    add("Late");
    ch.runPendingTasks();
    assertThat((Object) ch.readOutbound()).isNull();
  }

  @Test
  void aStreamUnregistersWhenTheClientGoes() {
    EmbeddedChannel ch = channel();
    ch.writeInbound(request("/api/v1/events"));
    HttpResponse head = ch.readOutbound();
    assertThat(head.headers().get("Content-Type")).isEqualTo("text/event-stream; charset=utf-8");
    assertThat(store.listenerCount()).isEqualTo(1);

    add("Hello");
    ch.runPendingTasks();
    HttpContent event = ch.readOutbound();
    assertThat(event.content().toString(StandardCharsets.UTF_8))
        .startsWith("event: message-received\ndata: {\"id\":\"1\",")
        .endsWith("}\n\n");
    event.release();

    ch.close();
    ch.runPendingTasks();
    assertThat(store.listenerCount()).isZero();
  }

  @Test
  void aSlowStreamConsumerIsDroppedRatherThanBufferedFor() {
    EmbeddedChannel ch = channel();
    ch.writeInbound(request("/api/v1/events"));
    ReferenceRelease.release(ch.readOutbound());

    // the client stops reading: Netty marks the channel unwritable above the high-water mark
    ch.unsafe().outboundBuffer().setUserDefinedWritability(1, false);
    assertThat(ch.isWritable()).isFalse();
    for (int i = 0; i < 1000; i++) {
      add("Mail " + i);
    }
    ch.runPendingTasks();

    assertThat(ch.isActive()).as("dropped").isFalse();
    int buffered = 0;
    for (Object o = ch.readOutbound(); o != null; o = ch.readOutbound()) {
      buffered++;
      ReferenceRelease.release(o);
    }
    assertThat(buffered).as("nothing queued once the client fell behind").isZero();
    assertThat(store.listenerCount()).isZero();
  }

  /** Releases what a test read from a channel. */
  static final class ReferenceRelease {
    static void release(Object o) {
      if (o instanceof ByteBuf || o instanceof io.netty.util.ReferenceCounted) {
        io.netty.util.ReferenceCountUtil.release(o);
      }
    }
  }
}
