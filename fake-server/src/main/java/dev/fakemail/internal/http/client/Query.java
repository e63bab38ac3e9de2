package dev.fakemail.internal.http.client;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** The query string of a request, built parameter by parameter, in order. Not thread-safe. */
final class Query {
  private final StringBuilder sb = new StringBuilder();

  Query add(String name, Object value) {
    sb.append(sb.length() == 0 ? "" : "&")
        .append(name)
        .append('=')
        .append(encode(value.toString()));
    return this;
  }

  /** A copy to which more parameters can be added without changing this one. */
  Query copy() {
    Query q = new Query();
    q.sb.append(sb);
    return q;
  }

  boolean isEmpty() {
    return sb.length() == 0;
  }

  /** Percent-encoded UTF-8; a space is {@code %20}, never {@code +}, so no decoder can differ. */
  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  @Override
  public String toString() {
    return sb.toString();
  }
}
