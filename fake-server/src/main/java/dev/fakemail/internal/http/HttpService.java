package dev.fakemail.internal.http;

import dev.fakemail.FakeMailConfig;
import dev.fakemail.internal.store.MailStore;
import dev.fakemail.internal.store.Mailboxes;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.ReferenceCountUtil;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP inspection API (and the web page) on the server's shared event loop: Netty's HTTP/1.1
 * codec, a body aggregator bounded by the largest message size, and {@link HttpConnection} routing
 * each request through the one route table built here.
 *
 * <p>Limits: the request line and the header section may each be up to {@code maxLineLength} bytes
 * (431/414 beyond); a body up to {@code maxMessageSize} (413 beyond; 0 means 2 GiB, the most one
 * request can hold); an idle keep-alive connection closes after {@code idleTimeout}.
 */
public final class HttpService {
  /** Where the web page's files are, on the class path. */
  public static final String WEB_ROOT = "dev/fakemail/internal/http/web/";

  private final FakeMailConfig config;
  private final Router router;

  /** The API over this store and these mailboxes, with the page served from {@link #WEB_ROOT}. */
  public HttpService(
      MailStore store, Mailboxes mailboxes, FakeMailConfig config, HttpBackend backend) {
    this(store, mailboxes, config, backend, WEB_ROOT);
  }

  HttpService(
      MailStore store,
      Mailboxes mailboxes,
      FakeMailConfig config,
      HttpBackend backend,
      String webRoot) {
    this.config = config;
    this.router = routes(store, mailboxes, config, backend, webRoot);
  }

  /** The one route table. */
  static Router routes(
      MailStore store,
      Mailboxes mailboxes,
      FakeMailConfig config,
      HttpBackend backend,
      String webRoot) {
    MessageRoutes messages = new MessageRoutes(store, mailboxes, backend, config.awaitTimeout());
    ServerRoutes server = new ServerRoutes(backend);
    TranscriptRoutes transcripts = new TranscriptRoutes(store, messages);
    EventStream events = new EventStream(store, config.awaitTimeout(), EventStream.HEARTBEAT);
    StaticRoutes web = new StaticRoutes(webRoot);
    BehaviorRoutes behaviors = new BehaviorRoutes(store.rules());
    return new Router()
        .add(HttpMethod.GET, "/api/v1/messages", messages::list)
        .add(HttpMethod.DELETE, "/api/v1/messages", messages::deleteMany)
        .add(HttpMethod.POST, "/api/v1/messages", messages::post)
        .add(HttpMethod.GET, "/api/v1/messages/{id}", messages::detail)
        .add(HttpMethod.DELETE, "/api/v1/messages/{id}", messages::deleteOne)
        .add(HttpMethod.GET, "/api/v1/messages/{id}/raw", messages::raw)
        .add(HttpMethod.GET, "/api/v1/messages/{id}/html", messages::html)
        .add(HttpMethod.GET, "/api/v1/messages/{id}/text", messages::text)
        .add(HttpMethod.GET, "/api/v1/messages/{id}/attachments/{index}", messages::attachment)
        .add(HttpMethod.GET, "/api/v1/messages/{id}/transcript", transcripts::ofMessage)
        .add(HttpMethod.GET, "/api/v1/transcripts", transcripts::list)
        .add(HttpMethod.GET, "/api/v1/transcripts/{id}", transcripts::detail)
        .add(HttpMethod.POST, "/api/v1/inboxes", server::newInbox)
        // SMTP rules (issue 10): server.smtp(), or inbox.smtp() with ?inbox=
        .add(HttpMethod.GET, BehaviorRoutes.PATH, behaviors::list)
        .add(HttpMethod.POST, BehaviorRoutes.PATH, behaviors::add)
        .add(HttpMethod.DELETE, BehaviorRoutes.PATH, behaviors::deleteAll)
        .add(HttpMethod.GET, BehaviorRoutes.PATH + "/{id}", behaviors::detail)
        .add(HttpMethod.DELETE, BehaviorRoutes.PATH + "/{id}", behaviors::deleteOne)
        .add(HttpMethod.GET, "/api/v1/events", events::stream)
        .add(HttpMethod.GET, "/api/v1/openapi.json", web::openApi)
        .add(HttpMethod.GET, "/livez", server::live)
        .add(HttpMethod.GET, "/readyz", server::ready)
        .add(HttpMethod.GET, "/", web::index)
        .add(HttpMethod.GET, "/assets/{name}", web::asset);
  }

  /** Every route as {@code METHOD /pattern} (for the OpenAPI test). */
  List<String> routes() {
    return router.describe();
  }

  public ChannelInitializer<Channel> channelInitializer() {
    int maxLine = config.maxLineLength();
    long maxBody = config.maxMessageSize();
    int maxContent =
        maxBody == 0 || maxBody > Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) maxBody;
    long idleMillis = config.idleTimeout().toMillis();
    return new ChannelInitializer<>() {
      @Override
      protected void initChannel(Channel ch) {
        ChannelPipeline p = ch.pipeline();
        if (idleMillis > 0) {
          p.addLast(new IdleStateHandler(0, 0, idleMillis, TimeUnit.MILLISECONDS));
        }
        p.addLast(
            new HttpServerCodec(
                new HttpDecoderConfig()
                    .setMaxInitialLineLength(maxLine)
                    .setMaxHeaderSize(maxLine)
                    .setMaxChunkSize(64 * 1024)));
        p.addLast(new BoundedAggregator(maxContent));
        p.addLast(new HttpConnection(router));
      }
    };
  }

  /** Aggregates bodies up to the limit, and answers a larger one with a 413 problem. */
  private static final class BoundedAggregator extends HttpObjectAggregator {
    private final int maxContent;

    BoundedAggregator(int maxContent) {
      super(maxContent);
      this.maxContent = maxContent;
    }

    @Override
    protected Object newContinueResponse(
        HttpMessage start, int maxContentLength, ChannelPipeline pipeline) {
      Object response = super.newContinueResponse(start, maxContentLength, pipeline);
      if (response instanceof FullHttpResponse
          && ((FullHttpResponse) response).status().code() >= 400) {
        ReferenceCountUtil.release(response);
        return tooLarge(); // our problem document instead of Netty's empty 413
      }
      return response;
    }

    @Override
    protected boolean closeAfterContinueResponse(Object msg) {
      return msg instanceof FullHttpResponse
          ? ((FullHttpResponse) msg).status().code() >= 400
          : super.closeAfterContinueResponse(msg);
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
      ctx.writeAndFlush(tooLarge()).addListener(ChannelFutureListener.CLOSE);
    }

    private FullHttpResponse tooLarge() {
      byte[] body =
          new HttpProblem(
                  HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
                  "The request body is larger than the limit of "
                      + maxContent
                      + " bytes (maxMessageSize)")
              .body();
      FullHttpResponse response =
          new DefaultFullHttpResponse(
              HttpVersion.HTTP_1_1,
              HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
              Unpooled.wrappedBuffer(body));
      response.headers().set(HttpHeaderNames.CONTENT_TYPE, Exchange.PROBLEM_JSON);
      response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
      response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
      return response;
    }
  }
}
