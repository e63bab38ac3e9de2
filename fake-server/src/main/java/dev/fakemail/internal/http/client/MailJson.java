package dev.fakemail.internal.http.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fakemail.Envelope;
import dev.fakemail.ReceivedMail;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import java.util.regex.Pattern;

/** Turns the API's message summaries (with {@code include=raw}) back into {@link ReceivedMail}. */
final class MailJson {
  // an IP literal only: InetAddress.getByName must never be handed a name to resolve
  private static final Pattern IP_LITERAL = Pattern.compile("[0-9A-Fa-f.:%]+");

  private MailJson() {}

  /** A summary with its raw bytes as the message the server stored. */
  static ReceivedMail mail(JsonNode summary) {
    String id = text(summary, "id");
    Instant receivedAt;
    try {
      receivedAt = Instant.parse(text(summary, "receivedAt"));
    } catch (DateTimeParseException e) {
      throw malformed("receivedAt", summary.get("receivedAt"));
    }
    JsonNode raw = summary.get("raw");
    if (raw == null || !raw.isTextual()) {
      throw new IllegalStateException(
          "The FakeMail HTTP API sent message " + id + " without its raw bytes (include=raw)");
    }
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(raw.asText());
    } catch (IllegalArgumentException e) {
      throw malformed("raw", "not base64 (" + e.getMessage() + ")");
    }
    return ReceivedMail.of(id, receivedAt, envelope(object(summary, "envelope")), bytes);
  }

  static Envelope envelope(JsonNode json) {
    Envelope.Builder b =
        Envelope.builder()
            .mailFrom(text(json, "mailFrom"))
            .heloName(optionalText(json, "heloName"))
            .clientAddress(socketAddress(text(json, "clientAddress")))
            .authenticatedUser(optionalText(json, "authenticatedUser"));
    JsonNode recipients = json.get("recipients");
    if (recipients == null || !recipients.isArray()) {
      throw malformed("envelope.recipients", recipients);
    }
    for (JsonNode r : recipients) {
      if (!r.isTextual()) {
        throw malformed("envelope.recipients", recipients);
      }
      b.addRecipient(r.asText());
    }
    JsonNode parameters = json.get("mailParameters");
    if (parameters != null && !parameters.isNull()) {
      if (!parameters.isObject()) {
        throw malformed("envelope.mailParameters", parameters);
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = parameters.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> p = it.next();
        b.mailParameter(p.getKey(), p.getValue().isNull() ? "" : p.getValue().asText());
      }
    }
    return b.build();
  }

  /** {@code 127.0.0.1:53211}, {@code [::1]:53211} (or without brackets: the last colon splits). */
  static InetSocketAddress socketAddress(String s) {
    int colon = s.lastIndexOf(':');
    if (colon < 0) {
      throw malformed("envelope.clientAddress", s);
    }
    String host = s.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port;
    try {
      port = Integer.parseInt(s.substring(colon + 1));
      if (!IP_LITERAL.matcher(host).matches() || port < 0 || port > 0xFFFF) {
        throw malformed("envelope.clientAddress", s);
      }
      return new InetSocketAddress(InetAddress.getByName(host), port);
    } catch (NumberFormatException | UnknownHostException e) {
      throw malformed("envelope.clientAddress", s);
    }
  }

  static JsonNode object(JsonNode json, String field) {
    JsonNode n = json.get(field);
    if (n == null || !n.isObject()) {
      throw malformed(field, n);
    }
    return n;
  }

  static String text(JsonNode json, String field) {
    JsonNode n = json.get(field);
    if (n == null || !n.isTextual()) {
      throw malformed(field, n);
    }
    return n.asText();
  }

  static String optionalText(JsonNode json, String field) {
    JsonNode n = json.get(field);
    if (n == null || n.isNull()) {
      return null;
    }
    if (!n.isTextual()) {
      throw malformed(field, n);
    }
    return n.asText();
  }

  static long number(JsonNode json, String field) {
    JsonNode n = json.get(field);
    if (n == null || !n.canConvertToLong()) {
      throw malformed(field, n);
    }
    return n.asLong();
  }

  static IllegalStateException malformed(String field, Object value) {
    return new IllegalStateException(
        "The FakeMail HTTP API sent an unexpected \"" + field + "\": " + value);
  }
}
