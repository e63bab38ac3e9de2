package dev.fakemail.internal.http;

import io.netty.handler.codec.http.HttpMethod;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The one route table of the HTTP API: method and path pattern to handler. A pattern is a path
 * whose segments are literals or {@code {name}} placeholders that match one non-empty segment. A
 * GET route also answers HEAD (the body left out).
 */
final class Router {
  private final List<Route> routes = new ArrayList<>();

  /** Adds a route; patterns look like {@code /api/v1/messages/{id}/raw}. */
  Router add(HttpMethod method, String pattern, Handler handler) {
    routes.add(new Route(method, pattern, handler));
    return this;
  }

  /** Every route as {@code METHOD /pattern}, in the order added (for the OpenAPI test). */
  List<String> describe() {
    List<String> all = new ArrayList<>();
    for (Route r : routes) {
      all.add(r.method.name() + " " + r.pattern);
    }
    return all;
  }

  /** Finds the route for a request; see {@link Match}. */
  Match match(HttpMethod method, List<String> segments) {
    Set<String> allowed = new LinkedHashSet<>();
    for (Route r : routes) {
      Map<String, String> params = r.match(segments);
      if (params == null) {
        continue;
      }
      if (r.method.equals(method) || (method.equals(HttpMethod.HEAD) && isGet(r))) {
        return new Match(r.handler, params, Set.of());
      }
      allowed.add(r.method.name());
      if (isGet(r)) {
        allowed.add(HttpMethod.HEAD.name());
      }
    }
    return new Match(null, Map.of(), allowed);
  }

  private static boolean isGet(Route r) {
    return r.method.equals(HttpMethod.GET);
  }

  /**
   * The outcome of routing: a handler with its path parameters; or none, with the methods the path
   * allows (empty: no route has the path, 404; otherwise 405).
   */
  static final class Match {
    final Handler handler; // null: no route for this method
    final Map<String, String> pathParams;
    final Set<String> allowed;

    Match(Handler handler, Map<String, String> pathParams, Set<String> allowed) {
      this.handler = handler;
      this.pathParams = pathParams;
      this.allowed = allowed;
    }
  }

  private static final class Route {
    final HttpMethod method;
    final String pattern;
    final String[] parts;
    final Handler handler;

    Route(HttpMethod method, String pattern, Handler handler) {
      if (!pattern.startsWith("/")) {
        throw new IllegalArgumentException("pattern must start with /: " + pattern);
      }
      this.method = method;
      this.pattern = pattern;
      this.parts = pattern.equals("/") ? new String[0] : pattern.substring(1).split("/", -1);
      this.handler = handler;
    }

    /** The path parameters if the segments match, else {@code null}. */
    Map<String, String> match(List<String> segments) {
      if (segments.size() != parts.length) {
        return null;
      }
      Map<String, String> params = null;
      for (int i = 0; i < parts.length; i++) {
        String part = parts[i];
        String segment = segments.get(i);
        if (part.startsWith("{") && part.endsWith("}")) {
          if (segment.isEmpty()) {
            return null;
          }
          if (params == null) {
            params = new LinkedHashMap<>();
          }
          params.put(part.substring(1, part.length() - 1), segment);
        } else if (!part.equals(segment)) {
          return null;
        }
      }
      return params == null ? Map.of() : params;
    }
  }
}
