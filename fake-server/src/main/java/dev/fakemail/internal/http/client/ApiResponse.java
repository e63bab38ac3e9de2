package dev.fakemail.internal.http.client;

import java.net.URI;
import java.util.Map;

/** An answer of the API: its status and JSON body ({@code null} when it had none). */
final class ApiResponse {
  private final String method;
  private final URI uri;
  private final int status;
  private final Object json;

  ApiResponse(String method, URI uri, int status, Object json) {
    this.method = method;
    this.uri = uri;
    this.status = status;
    this.json = json;
  }

  int status() {
    return status;
  }

  /** The body, a JSON object; an {@link IllegalStateException} if it is not one. */
  @SuppressWarnings("unchecked")
  Map<String, Object> json() {
    if (!(json instanceof Map)) {
      throw new IllegalStateException(
          "Not a FakeMail HTTP API answer: "
              + method
              + " "
              + uri
              + " answered "
              + status
              + (json == null ? " without a body" : " with " + json));
    }
    return (Map<String, Object>) json;
  }

  /** The {@code detail} of an {@code application/problem+json} body, or {@code null}. */
  String problemDetail() {
    Object detail = json instanceof Map ? ((Map<?, ?>) json).get("detail") : null;
    return detail instanceof String ? (String) detail : null;
  }

  /** This answer when its status is the expected one; otherwise an exception describing it. */
  ApiResponse expect(int expected) {
    if (status != expected) {
      throw unexpected();
    }
    return this;
  }

  /** The error for an answer the client cannot use, with the server's problem detail. */
  IllegalStateException unexpected() {
    String detail = problemDetail();
    return new IllegalStateException(
        "The FakeMail HTTP API answered "
            + status
            + " to "
            + method
            + " "
            + uri
            + (detail == null ? "" : ": " + detail));
  }
}
