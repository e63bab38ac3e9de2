package dev.fakemail.internal.http;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The files served from the jar: the web page, its assets and the OpenAPI document. Asset names are
 * single path segments of safe characters, so nothing outside the assets folder can be named.
 */
final class StaticRoutes {
  /** The OpenAPI document, on the class path. */
  static final String OPENAPI = "dev/fakemail/internal/http/openapi.json";

  /** The web page's policy: everything from this server, nothing inline, no third party. */
  static final String PAGE_CSP =
      "default-src 'self'; frame-src 'self'; img-src 'self' data:; style-src 'self';"
          + " script-src 'self'; connect-src 'self'";

  private static final Pattern ASSET_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

  private static final Map<String, String> TYPES =
      Map.ofEntries(
          Map.entry("html", "text/html; charset=utf-8"),
          Map.entry("css", "text/css; charset=utf-8"),
          Map.entry("js", "text/javascript; charset=utf-8"),
          Map.entry("mjs", "text/javascript; charset=utf-8"),
          Map.entry("json", "application/json"),
          Map.entry("map", "application/json"),
          Map.entry("txt", "text/plain; charset=utf-8"),
          Map.entry("svg", "image/svg+xml"),
          Map.entry("png", "image/png"),
          Map.entry("jpg", "image/jpeg"),
          Map.entry("jpeg", "image/jpeg"),
          Map.entry("gif", "image/gif"),
          Map.entry("webp", "image/webp"),
          Map.entry("ico", "image/x-icon"),
          Map.entry("woff", "font/woff"),
          Map.entry("woff2", "font/woff2"));

  private final String webRoot;
  private final ConcurrentHashMap<String, byte[]> cache = new ConcurrentHashMap<>();

  StaticRoutes(String webRoot) {
    this.webRoot = webRoot;
  }

  /** {@code GET /}: the web page. */
  void index(Exchange ex) {
    byte[] page = resource(webRoot + "index.html");
    if (page == null) {
      throw HttpProblem.notFound("This build has no web page");
    }
    ex.respond(
        HttpResponseStatus.OK,
        TYPES.get("html"),
        page,
        HttpHeaderNames.CACHE_CONTROL.toString(),
        "no-cache",
        "Content-Security-Policy",
        PAGE_CSP,
        "X-Content-Type-Options",
        "nosniff");
  }

  /** {@code GET /assets/{name}}: a file of the page's assets folder. */
  void asset(Exchange ex) {
    String name = ex.pathParam("name");
    byte[] bytes =
        ASSET_NAME.matcher(name).matches() && !name.contains("..")
            ? resource(webRoot + "assets/" + name)
            : null;
    if (bytes == null) {
      throw HttpProblem.notFound("No asset " + Query.quote(name));
    }
    ex.respond(
        HttpResponseStatus.OK,
        type(name),
        bytes,
        HttpHeaderNames.CACHE_CONTROL.toString(),
        "no-cache",
        "X-Content-Type-Options",
        "nosniff");
  }

  /** {@code GET /api/v1/openapi.json}. */
  void openApi(Exchange ex) {
    ex.query().allowOnly(List.of());
    byte[] doc = resource(OPENAPI);
    if (doc == null) {
      throw HttpProblem.notFound("This build has no OpenAPI document");
    }
    ex.respond(HttpResponseStatus.OK, Exchange.JSON, doc);
  }

  static String type(String name) {
    int dot = name.lastIndexOf('.');
    String ext = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    return TYPES.getOrDefault(ext, "application/octet-stream");
  }

  /** A class-path resource's bytes, cached once found; null if there is none. */
  private byte[] resource(String path) {
    byte[] cached = cache.get(path);
    if (cached != null) {
      return cached;
    }
    try (InputStream in = StaticRoutes.class.getClassLoader().getResourceAsStream(path)) {
      if (in == null) {
        return null;
      }
      byte[] bytes = in.readAllBytes();
      cache.put(path, bytes);
      return bytes;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + path, e);
    }
  }
}
