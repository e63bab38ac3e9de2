package dev.fakemail.internal.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a JSON document into plain Java values with Jackson's streaming parser: objects become
 * {@link Map}s (members in order), arrays {@link List}s, strings {@link String}s, numbers {@link
 * Long} (or {@link java.math.BigInteger} beyond a long) or {@link Double}, and {@code true}/{@code
 * false}/{@code null} themselves. Used by the HTTP client for answers and by {@link RuleJson} for
 * request bodies.
 */
public final class JsonTree {
  /** Deeper documents are refused: the API never nests more than a few levels. */
  public static final int MAX_DEPTH = 64;

  /** A document nested deeper than {@link #MAX_DEPTH}. */
  public static final class TooDeepException extends IOException {
    private static final long serialVersionUID = 1L;

    TooDeepException() {
      super("nested deeper than " + MAX_DEPTH);
    }
  }

  private JsonTree() {}

  /** One whole document. */
  public static Object parse(JsonFactory factory, byte[] json) throws IOException {
    try (JsonParser p = factory.createParser(json)) {
      JsonToken first = p.nextToken();
      if (first == null) {
        throw new IOException("empty document");
      }
      Object value = value(p, first, 0);
      if (p.nextToken() != null) {
        throw new IOException("more than one value");
      }
      return value;
    }
  }

  /**
   * The value that starts at {@code token}, read to its end.
   *
   * @throws TooDeepException if it nests deeper than {@link #MAX_DEPTH}
   */
  public static Object value(JsonParser p, JsonToken token) throws IOException {
    return value(p, token, 0);
  }

  private static Object value(JsonParser p, JsonToken token, int depth) throws IOException {
    if (depth > MAX_DEPTH) {
      throw new TooDeepException();
    }
    switch (token) {
      case START_OBJECT:
        Map<String, Object> object = new LinkedHashMap<>();
        for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
          String name = p.currentName();
          object.put(name, value(p, p.nextToken(), depth + 1));
        }
        return object;
      case START_ARRAY:
        List<Object> array = new ArrayList<>();
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
          array.add(value(p, t, depth + 1));
        }
        return array;
      case VALUE_STRING:
        return p.getText();
      case VALUE_NUMBER_INT:
        return p.getNumberType() == JsonParser.NumberType.BIG_INTEGER
            ? p.getBigIntegerValue()
            : (Object) p.getLongValue();
      case VALUE_NUMBER_FLOAT:
        return p.getDoubleValue();
      case VALUE_TRUE:
        return Boolean.TRUE;
      case VALUE_FALSE:
        return Boolean.FALSE;
      case VALUE_NULL:
        return null;
      default:
        throw new IOException("unexpected " + token);
    }
  }
}
