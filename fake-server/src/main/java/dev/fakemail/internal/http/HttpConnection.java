package dev.fakemail.internal.http;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One HTTP/1.1 connection: routes each aggregated request to its handler and writes the answers in
 * request order. Requests that arrive while one is being answered (pipelining, or a long-poll) wait
 * in a queue. Everything here runs on the connection's event loop.
 */
final class HttpConnection extends ChannelInboundHandlerAdapter {
  private static final System.Logger LOG = System.getLogger(HttpConnection.class.getName());

  private final Router router;
  private final ArrayDeque<FullHttpRequest> queued = new ArrayDeque<>();
  private ChannelHandlerContext ctx;
  private Exchange current; // being answered; null when idle
  private boolean streaming; // an event stream owns the connection
  private boolean closing;

  HttpConnection(Router router) {
    this.router = router;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof FullHttpRequest)) {
      ReferenceCountUtil.release(msg);
      return;
    }
    FullHttpRequest request = (FullHttpRequest) msg;
    if (current != null || streaming || closing) {
      if (streaming || closing) {
        request.release();
      } else {
        queued.add(request);
        // back-pressure: read no more until the queue drains, so pipelining cannot pile up bodies
        ctx.channel().config().setAutoRead(false);
      }
      return;
    }
    serve(request);
  }

  private void serve(FullHttpRequest request) {
    Exchange exchange;
    try {
      exchange = exchange(request);
    } catch (HttpProblem p) {
      respondEarly(p, false);
      return;
    } finally {
      request.release();
    }
    current = exchange;
    try {
      Router.Match match = router.match(exchange.method(), exchange.segments());
      if (match.handler == null) {
        if (match.allowed.isEmpty()) {
          exchange.problem(HttpProblem.notFound("No route for " + exchange.path()));
        } else {
          String allow = String.join(", ", match.allowed);
          exchange.problem(
              new HttpProblem(
                  HttpResponseStatus.METHOD_NOT_ALLOWED,
                  "Method "
                      + exchange.method().name()
                      + " is not allowed for "
                      + exchange.path()
                      + "; allowed: "
                      + allow),
              HttpHeaderNames.ALLOW.toString(),
              allow);
        }
        return;
      }
      exchange.pathParams(match.pathParams);
      match.handler.handle(exchange);
    } catch (HttpProblem p) {
      exchange.problem(p);
    } catch (Exception e) {
      LOG.log(
          System.Logger.Level.WARNING,
          "HTTP " + exchange.method() + " " + exchange.path() + " failed",
          e);
      exchange.problem(
          new HttpProblem(
              HttpResponseStatus.INTERNAL_SERVER_ERROR,
              "The server failed to answer: " + e.getClass().getSimpleName()));
    }
  }

  private Exchange exchange(FullHttpRequest request) {
    DecoderResult result = request.decoderResult();
    if (result.isFailure()) {
      Throwable cause = result.cause();
      if (cause instanceof TooLongFrameException) {
        String what = String.valueOf(cause.getMessage());
        HttpResponseStatus status =
            what.contains("header")
                ? HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE
                : HttpResponseStatus.REQUEST_URI_TOO_LONG;
        throw new HttpProblem(
            status,
            "The request "
                + (what.contains("header") ? "headers are" : "line is")
                + " too long: "
                + what);
      }
      throw HttpProblem.badRequest("Malformed HTTP request: " + cause.getMessage());
    }
    String uri = request.uri();
    if (!uri.startsWith("/")) {
      throw HttpProblem.badRequest("The request target must be a path starting with /");
    }
    QueryStringDecoder decoder = new QueryStringDecoder(uri);
    String rawPath = decoder.rawPath();
    Map<String, List<String>> params;
    List<String> segments;
    try {
      params = decoder.parameters();
      segments = segments(rawPath);
    } catch (IllegalArgumentException e) {
      String target = uri.length() > 200 ? uri.substring(0, 200) + "…" : uri;
      throw HttpProblem.badRequest(
          "Bad percent-encoding in the request target " + Query.quote(target));
    }
    byte[] body = ByteBufUtil.getBytes(request.content());
    return new Exchange(
        this,
        ctx.channel(),
        request.method(),
        rawPath,
        segments,
        new Query(params),
        request.headers().copy(),
        body,
        HttpUtil.isKeepAlive(request));
  }

  /** The raw path's segments, each percent-decoded. */
  static List<String> segments(String rawPath) {
    List<String> segments = new ArrayList<>();
    if (rawPath.equals("/")) {
      return segments;
    }
    for (String s : rawPath.substring(1).split("/", -1)) {
      segments.add(QueryStringDecoder.decodeComponent(s, StandardCharsets.UTF_8));
    }
    return segments;
  }

  /** Answers a request that could not even be read, then closes the connection. */
  private void respondEarly(HttpProblem p, boolean keepAlive) {
    byte[] body = p.body();
    FullHttpResponse response =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1, p.status, io.netty.buffer.Unpooled.wrappedBuffer(body));
    response.headers().set(HttpHeaderNames.CONTENT_TYPE, Exchange.PROBLEM_JSON);
    response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
    response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    closing = true;
    ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
  }

  /** Writes the answer of {@code exchange}; from any thread. */
  void write(Exchange exchange, FullHttpResponse response, boolean keepAlive) {
    if (!ctx.executor().inEventLoop()) {
      ctx.executor().execute(() -> write(exchange, response, keepAlive));
      return;
    }
    if (exchange != current || !ctx.channel().isActive()) {
      response.release();
      return;
    }
    if (keepAlive && !closing) {
      HttpUtil.setKeepAlive(response, true);
      ctx.writeAndFlush(response);
      current = null;
      if (!queued.isEmpty()) {
        // a task, not a call: a long pipeline must not nest one answer inside another
        ctx.executor().execute(this::serveNext);
      }
    } else {
      response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
      closing = true;
      ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }
  }

  private void serveNext() {
    if (current != null || streaming || closing || !ctx.channel().isActive()) {
      return;
    }
    FullHttpRequest next = queued.poll();
    if (next != null) {
      serve(next);
    }
    if (queued.isEmpty() && !streaming && !closing) {
      ctx.channel().config().setAutoRead(true);
    }
  }

  /** Writes the head of a streamed answer; the stream's owner writes the rest. */
  void startStream(HttpResponse head) {
    streaming = true;
    queued.forEach(FullHttpRequest::release);
    queued.clear();
    ctx.writeAndFlush(head);
  }

  /** Whether nothing is in flight: an idle keep-alive connection may be closed. */
  private boolean idle() {
    return current == null && !streaming;
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
    if (evt instanceof IdleStateEvent) {
      if (idle()) {
        ctx.close();
      }
      return;
    }
    super.userEventTriggered(ctx, evt);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    if (current != null) {
      current.abandon();
    }
    queued.forEach(FullHttpRequest::release);
    queued.clear();
    super.channelInactive(ctx);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    LOG.log(System.Logger.Level.DEBUG, "HTTP connection failed; closing it", cause);
    ctx.close();
  }
}
