package dev.fakemail.internal.http.client;

import dev.fakemail.Envelope;
import dev.fakemail.ReceivedMail;
import dev.fakemail.TlsMode;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Turns the API's message summaries (with {@code include=raw}) back into {@link ReceivedMail}, and
 * reads the members of JSON objects (as {@link JsonTree} gives them) with clear errors.
 */
final class MailJson {
  // an IP literal only: InetAddress.getByName must never be handed a name to resolve
  private static final Pattern IP_LITERAL = Pattern.compile("[0-9A-Fa-f.:%]+");

  private MailJson() {}

  /** A summary with its raw bytes as the message the server stored. */
  static ReceivedMail mail(Map<String, Object> summary) {
    String id = text(summary, "id");
    Instant receivedAt;
    try {
      receivedAt = Instant.parse(text(summary, "receivedAt"));
    } catch (DateTimeParseException e) {
      throw malformed("receivedAt", summary.get("receivedAt"));
    }
    Object raw = summary.get("raw");
    if (!(raw instanceof String)) {
      throw new IllegalStateException(
          "The FakeMail HTTP API sent message " + id + " without its raw bytes (include=raw)");
    }
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode((String) raw);
    } catch (IllegalArgumentException e) {
      throw malformed("raw", "not base64 (" + e.getMessage() + ")");
    }
    ReceivedMail mail =
        ReceivedMail.of(id, receivedAt, envelope(object(summary, "envelope")), bytes);
    Object transcript = summary.get("transcript");
    return transcript == null
        ? mail
        : mail.withTranscript(TranscriptJson.transcript(object(transcript, "transcript")));
  }

  static Envelope envelope(Map<String, Object> json) {
    Envelope.Builder b =
        Envelope.builder()
            .mailFrom(text(json, "mailFrom"))
            .heloName(optionalText(json, "heloName"))
            .clientAddress(socketAddress(text(json, "clientAddress")))
            .tls(tls(json.get("tls")));
    String user = optionalText(json, "authenticatedUser");
    String mechanism = optionalText(json, "authMechanism");
    if ((user == null) != (mechanism == null) || mechanism != null && mechanism.isBlank()) {
      throw malformed(
          user == null ? "authenticatedUser" : "authMechanism", user == null ? null : mechanism);
    }
    b.authenticated(user, mechanism);
    for (Object r : array(json, "recipients")) {
      if (!(r instanceof String)) {
        throw malformed("recipients", json.get("recipients"));
      }
      b.addRecipient((String) r);
    }
    Object parameters = json.get("mailParameters");
    if (parameters != null) {
      if (!(parameters instanceof Map)) {
        throw malformed("mailParameters", parameters);
      }
      for (Map.Entry<?, ?> p : ((Map<?, ?>) parameters).entrySet()) {
        Object value = p.getValue();
        b.mailParameter((String) p.getKey(), value == null ? "" : value.toString());
      }
    }
    return b.build();
  }

  /** {@code {"mode":"STARTTLS","protocol":"TLSv1.3","cipherSuite":"TLS_AES_256_GCM_SHA384"}}. */
  static Envelope.Tls tls(Object value) {
    if (value == null) {
      return null;
    }
    Map<String, Object> json = object(value, "tls");
    TlsMode mode;
    try {
      mode = TlsMode.valueOf(text(json, "mode"));
    } catch (IllegalArgumentException e) {
      throw malformed("tls", value);
    }
    String protocol = text(json, "protocol");
    String cipherSuite = text(json, "cipherSuite");
    if (protocol.isBlank() || cipherSuite.isBlank()) {
      throw malformed("tls", value);
    }
    return Envelope.Tls.of(mode, protocol, cipherSuite);
  }

  /** {@code 127.0.0.1:53211}, {@code [::1]:53211} (or without brackets: the last colon splits). */
  static InetSocketAddress socketAddress(String s) {
    int colon = s.lastIndexOf(':');
    if (colon < 0) {
      throw malformed("clientAddress", s);
    }
    String host = s.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    try {
      int port = Integer.parseInt(s.substring(colon + 1));
      if (!IP_LITERAL.matcher(host).matches() || port < 0 || port > 0xFFFF) {
        throw malformed("clientAddress", s);
      }
      return new InetSocketAddress(InetAddress.getByName(host), port);
    } catch (NumberFormatException | UnknownHostException e) {
      throw malformed("clientAddress", s);
    }
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> object(Map<String, Object> json, String field) {
    Object v = json.get(field);
    if (!(v instanceof Map)) {
      throw malformed(field, v);
    }
    return (Map<String, Object>) v;
  }

  static List<?> array(Map<String, Object> json, String field) {
    Object v = json.get(field);
    if (!(v instanceof List)) {
      throw malformed(field, v);
    }
    return (List<?>) v;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> object(Object element, String field) {
    if (!(element instanceof Map)) {
      throw malformed(field, element);
    }
    return (Map<String, Object>) element;
  }

  static String text(Map<String, Object> json, String field) {
    Object v = json.get(field);
    if (!(v instanceof String)) {
      throw malformed(field, v);
    }
    return (String) v;
  }

  static String optionalText(Map<String, Object> json, String field) {
    Object v = json.get(field);
    if (v != null && !(v instanceof String)) {
      throw malformed(field, v);
    }
    return (String) v;
  }

  static long number(Map<String, Object> json, String field) {
    Object v = json.get(field);
    if (!(v instanceof Long)) {
      throw malformed(field, v);
    }
    return (Long) v;
  }

  static IllegalStateException malformed(String field, Object value) {
    return new IllegalStateException(
        "The FakeMail HTTP API sent an unexpected \"" + field + "\": " + value);
  }
}
