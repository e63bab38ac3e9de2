package dev.fakemail.internal.http;

import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * An error a handler reports to the client as an {@code application/problem+json} body (RFC 9457):
 * thrown by handlers and parameter parsing, turned into the response by {@link Exchange}. The
 * detail is read by people: it names the parameter and the value at fault.
 */
final class HttpProblem extends RuntimeException {
  private static final long serialVersionUID = 1L;

  final HttpResponseStatus status;
  final String type;
  final String title;
  final Json.Writer extra; // more members of the problem object, or null

  HttpProblem(HttpResponseStatus status, String detail) {
    this(status, "about:blank", status.reasonPhrase(), detail, null);
  }

  HttpProblem(
      HttpResponseStatus status, String type, String title, String detail, Json.Writer extra) {
    super(detail, null, false, false);
    this.status = status;
    this.type = type;
    this.title = title;
    this.extra = extra;
  }

  static HttpProblem badRequest(String detail) {
    return new HttpProblem(HttpResponseStatus.BAD_REQUEST, detail);
  }

  static HttpProblem notFound(String detail) {
    return new HttpProblem(HttpResponseStatus.NOT_FOUND, detail);
  }

  String detail() {
    return getMessage();
  }

  /** The problem+json document: type, title, status, detail and any extra members. */
  byte[] body() {
    return Json.bytes(
        g -> {
          g.writeStartObject();
          g.writeStringField("type", type);
          g.writeStringField("title", title);
          g.writeNumberField("status", status.code());
          g.writeStringField("detail", detail());
          if (extra != null) {
            extra.write(g);
          }
          g.writeEndObject();
        });
  }
}
