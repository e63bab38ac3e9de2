package dev.fakemail.internal.http.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;

/** An answer of the API: its status and JSON body ({@code null} when it had none). */
final class ApiResponse {
  private final String method;
  private final URI uri;
  private final int status;
  private final JsonNode json;

  ApiResponse(String method, URI uri, int status, JsonNode json) {
    this.method = method;
    this.uri = uri;
    this.status = status;
    this.json = json;
  }

  int status() {
    return status;
  }

  /** The body; an {@link IllegalStateException} if there was none. */
  JsonNode json() {
    if (json == null) {
      throw new IllegalStateException(
          "Not a FakeMail HTTP API answer: "
              + method
              + " "
              + uri
              + " answered "
              + status
              + " without a body");
    }
    return json;
  }

  /** The {@code detail} of an {@code application/problem+json} body, or {@code null}. */
  String problemDetail() {
    JsonNode detail = json == null ? null : json.get("detail");
    return detail == null || !detail.isTextual() ? null : detail.asText();
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
