package dev.fakemail.internal.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One request and its answer. The handler answers exactly once, with {@link #respond} (at once or
 * later, from any thread) or by {@link #startStream starting a stream}; later answers are ignored
 * (a long-poll whose timeout and mail arrive together answers once).
 */
final class Exchange {
  static final String JSON = "application/json";
  static final String PROBLEM_JSON = "application/problem+json";

  private final HttpConnection connection;
  private final Channel channel;
  private final HttpMethod method;
  private final String path;
  private final List<String> segments;
  private Map<String, String> pathParams = Map.of();
  private final Query query;
  private final HttpHeaders requestHeaders;
  private final byte[] body;
  private final boolean keepAlive;
  private final AtomicBoolean answered = new AtomicBoolean();

  Exchange(
      HttpConnection connection,
      Channel channel,
      HttpMethod method,
      String path,
      List<String> segments,
      Query query,
      HttpHeaders requestHeaders,
      byte[] body,
      boolean keepAlive) {
    this.connection = connection;
    this.channel = channel;
    this.method = method;
    this.path = path;
    this.segments = segments;
    this.query = query;
    this.requestHeaders = requestHeaders;
    this.body = body;
    this.keepAlive = keepAlive;
  }

  HttpMethod method() {
    return method;
  }

  /** The path as sent (not decoded), e.g. {@code /api/v1/messages/12}. */
  String path() {
    return path;
  }

  /** The path's segments, each percent-decoded. */
  List<String> segments() {
    return segments;
  }

  void pathParams(Map<String, String> params) {
    this.pathParams = params;
  }

  /** A path parameter of the route pattern, decoded. */
  String pathParam(String name) {
    return pathParams.get(name);
  }

  Query query() {
    return query;
  }

  HttpHeaders requestHeaders() {
    return requestHeaders;
  }

  /** The request body (aggregated, within the size limit); empty when there is none. */
  byte[] body() {
    return body;
  }

  Channel channel() {
    return channel;
  }

  EventLoop eventLoop() {
    return channel.eventLoop();
  }

  /** Whether this exchange has been answered (or its connection closed). */
  boolean isAnswered() {
    return answered.get();
  }

  /** Answers with a JSON body. */
  void json(HttpResponseStatus status, Json.Writer writer, String... headers) {
    respond(status, JSON, Json.bytes(writer), headers);
  }

  /** Answers with a problem document. */
  void problem(HttpProblem problem, String... headers) {
    respond(problem.status, PROBLEM_JSON, problem.body(), headers);
  }

  /** Answers with a body of the given type (null: none) and extra header name/value pairs. */
  void respond(HttpResponseStatus status, String contentType, byte[] content, String... headers) {
    if (!answered.compareAndSet(false, true)) {
      return;
    }
    byte[] bytes = content == null ? new byte[0] : content;
    boolean head = method.equals(HttpMethod.HEAD);
    FullHttpResponse response =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1,
            status,
            head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(bytes));
    HttpHeaders h = response.headers();
    if (contentType != null) {
      h.set(HttpHeaderNames.CONTENT_TYPE, contentType);
    }
    h.setInt(HttpHeaderNames.CONTENT_LENGTH, bytes.length);
    if (!h.contains(HttpHeaderNames.CACHE_CONTROL)) {
      h.set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE);
    }
    for (int i = 0; i + 1 < headers.length; i += 2) {
      h.set(headers[i], headers[i + 1]);
    }
    connection.write(this, response, keepAlive);
  }

  /** Answers with {@code text/plain; charset=utf-8}. */
  void text(HttpResponseStatus status, String text) {
    respond(status, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Starts a streamed answer (Server-Sent Events): writes the head, and from then on the handler
   * writes to {@link #channel()} itself; the connection serves no further request and closes when
   * the stream ends.
   *
   * @return false if the exchange was already answered
   */
  boolean startStream(HttpResponse head) {
    if (!answered.compareAndSet(false, true)) {
      return false;
    }
    connection.startStream(head);
    return true;
  }

  /** Marks the exchange answered because its connection closed; no answer is written. */
  void abandon() {
    answered.set(true);
  }

  /** The request's header values with this name. */
  List<String> header(CharSequence name) {
    return requestHeaders.getAll(name);
  }
}
