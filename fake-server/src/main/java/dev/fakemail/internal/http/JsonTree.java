package dev.fakemail.internal.http.client;

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
 * Long} or {@link Double}, and {@code true}/{@code false}/{@code null} themselves.
 */
final class JsonTree {
  /** Deeper documents are refused: the API never nests more than a few levels. */
  private static final int MAX_DEPTH = 64;

  private JsonTree() {}

  static Object parse(JsonFactory factory, byte[] json) throws IOException {
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

  private static Object value(JsonParser p, JsonToken token, int depth) throws IOException {
    if (depth > MAX_DEPTH) {
      throw new IOException("nested deeper than " + MAX_DEPTH);
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
        return p.getLongValue();
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
