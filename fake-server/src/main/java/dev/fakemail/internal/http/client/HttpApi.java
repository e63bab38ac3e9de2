package dev.fakemail.internal.http.client;

import com.fasterxml.jackson.core.JsonFactory;
import dev.fakemail.internal.http.JsonTree;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * The wire side of the client: one FakeMail server's {@code /api/v1}, requests with a timeout, and
 * JSON answers. Failures to reach the server become {@link UncheckedIOException}s naming the URL;
 * answers that are not what the API promises become {@link IllegalStateException}s with the
 * server's problem detail. Immutable and thread-safe.
 */
public final class HttpApi {
  /** Added to a long-poll's wait for the request timeout; the whole timeout of other requests. */
  static final Duration MARGIN = Duration.ofSeconds(30);

  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
  private static final int MAX_SHOWN_BODY = 200;
  private final URI baseUrl;
  private final HttpClient http;
  private final JsonFactory json = new JsonFactory();

  private HttpApi(URI baseUrl, HttpClient http) {
    this.baseUrl = baseUrl;
    this.http = http;
  }

  /**
   * The API of the server at this base URL, e.g. {@code http://127.0.0.1:8025/} (a path prefix is
   * kept: {@code http://host/fakemail/} reaches {@code http://host/fakemail/api/v1/…}).
   *
   * @throws IllegalArgumentException unless the URL is absolute http(s) with a host and has no
   *     query or fragment
   */
  public static HttpApi of(URI baseUrl) {
    Objects.requireNonNull(baseUrl, "baseUrl");
    String scheme = baseUrl.getScheme() == null ? "" : baseUrl.getScheme().toLowerCase(Locale.ROOT);
    if (!(scheme.equals("http") || scheme.equals("https"))
        || baseUrl.getHost() == null
        || baseUrl.getRawQuery() != null
        || baseUrl.getRawFragment() != null) {
      throw new IllegalArgumentException(
          "The FakeMail base URL must be http(s)://host:port/ without query or fragment, was "
              + baseUrl);
    }
    String path = baseUrl.getRawPath() == null ? "" : baseUrl.getRawPath();
    URI normalised = baseUrl.resolve(path.endsWith("/") ? path : path + "/");
    HttpClient http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(CONNECT_TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    return new HttpApi(normalised, http);
  }

  /** The base URL, ending with {@code /}. */
  public URI baseUrl() {
    return baseUrl;
  }

  /**
   * Sends a request and reads the answer's JSON body (if it has one).
   *
   * @param path relative to the base URL, e.g. {@code api/v1/messages}
   * @param body the request body, or {@code null} for none
   * @throws InterruptedException if the thread is interrupted while waiting for the answer (the
   *     request is then abandoned)
   */
  ApiResponse send(
      String method, String path, Query query, byte[] body, String contentType, Duration timeout)
      throws InterruptedException {
    URI uri = baseUrl.resolve(path + (query.isEmpty() ? "" : "?" + query));
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", "application/json");
    if (body == null) {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      request
          .method(method, HttpRequest.BodyPublishers.ofByteArray(body))
          .header("Content-Type", contentType);
    }
    HttpResponse<byte[]> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (HttpConnectTimeoutException e) {
      throw new UncheckedIOException(
          "Cannot connect to the FakeMail HTTP API at "
              + baseUrl
              + ": no connection within "
              + CONNECT_TIMEOUT,
          e);
    } catch (HttpTimeoutException e) {
      throw new UncheckedIOException(
          "The FakeMail HTTP API did not answer " + method + " " + uri + " within " + timeout, e);
    } catch (ConnectException e) {
      throw new UncheckedIOException(
          "Cannot connect to the FakeMail HTTP API at "
              + baseUrl
              + ": connection refused (is the server running, with its HTTP API enabled?)",
          e);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Request to the FakeMail HTTP API failed: " + method + " " + uri + ": " + e, e);
    }
    return new ApiResponse(method, uri, response.statusCode(), parse(method, uri, response));
  }

  private Object parse(String method, URI uri, HttpResponse<byte[]> response) {
    byte[] body = response.body();
    if (body.length == 0) {
      return null;
    }
    String type = response.headers().firstValue("Content-Type").orElse("");
    if (!type.toLowerCase(Locale.ROOT).contains("json")) {
      throw notTheApi(method, uri, response, "a " + (type.isEmpty() ? "typeless" : type) + " body");
    }
    try {
      return JsonTree.parse(json, body);
    } catch (IOException e) {
      throw notTheApi(method, uri, response, "malformed JSON (" + e.getMessage() + ")");
    }
  }

  private static IllegalStateException notTheApi(
      String method, URI uri, HttpResponse<byte[]> response, String what) {
    String text = new String(response.body(), StandardCharsets.UTF_8);
    if (text.length() > MAX_SHOWN_BODY) {
      text = text.substring(0, MAX_SHOWN_BODY) + "…";
    }
    return new IllegalStateException(
        "Not a FakeMail HTTP API answer: "
            + method
            + " "
            + uri
            + " answered "
            + response.statusCode()
            + " with "
            + what
            + ": "
            + text);
  }

  @Override
  public String toString() {
    return baseUrl.toString();
  }
}
