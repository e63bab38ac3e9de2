package dev.fakemail.internal.http.client;

import dev.fakemail.RegisteredRule;
import dev.fakemail.SmtpBehavior;
import dev.fakemail.SmtpRule;
import dev.fakemail.internal.http.RuleJson;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@link SmtpBehavior} over the HTTP API ({@code /api/v1/behaviors}, with {@code inbox=<address>}
 * for an inbox's rules). It keeps the embedded contract: the same {@link RegisteredRule} values,
 * and an {@link IllegalArgumentException} with the server's own message for a rule the server
 * refuses (a rule of an inbox at a phase where its address is not known). Immutable and
 * thread-safe.
 */
public final class HttpSmtpBehavior implements SmtpBehavior {
  private static final String PATH = "api/v1/behaviors";

  /** How the server's 404 for an unknown rule id starts (BehaviorRoutes). */
  static final String NO_SUCH_RULE = "No rule with id ";

  private final HttpApi api;
  private final String address; // null: the whole server

  private HttpSmtpBehavior(HttpApi api, String address) {
    this.api = api;
    this.address = address;
  }

  /** The rules of the whole server, like {@code server.smtp()}. */
  public static HttpSmtpBehavior all(HttpApi api) {
    return new HttpSmtpBehavior(api, null);
  }

  /** The rules of one inbox address, like {@code inbox.smtp()}. */
  public static HttpSmtpBehavior forAddress(HttpApi api, String address) {
    return new HttpSmtpBehavior(api, Objects.requireNonNull(address, "address"));
  }

  @Override
  public RegisteredRule add(SmtpRule rule) {
    Objects.requireNonNull(rule, "rule");
    byte[] body = RuleJson.bytes(RuleJson.tree(rule));
    ApiResponse response =
        Calls.run(
            "Interrupted while adding an SMTP rule over HTTP",
            () -> api.send("POST", PATH, scope(), body, "application/json", HttpApi.MARGIN));
    if (response.status() == 400 && response.problemDetail() != null) {
      throw new IllegalArgumentException(response.problemDetail());
    }
    return registered(response.expect(201).json(), "POST");
  }

  @Override
  public List<RegisteredRule> rules() {
    Map<String, Object> json =
        Calls.run(
                "Interrupted while reading SMTP rules over HTTP",
                () -> api.send("GET", PATH, scope(), null, null, HttpApi.MARGIN))
            .expect(200)
            .json();
    List<RegisteredRule> rules = new ArrayList<>();
    for (Object r : MailJson.array(json, "rules")) {
      rules.add(registered(r, "GET"));
    }
    return List.copyOf(rules);
  }

  @Override
  public Optional<RegisteredRule> rule(String id) {
    if (id == null || id.isEmpty()) {
      return Optional.empty(); // no rule has such an id, and no URL names it
    }
    ApiResponse response =
        Calls.run(
            "Interrupted while reading an SMTP rule over HTTP",
            () -> api.send("GET", path(id), scope(), null, null, HttpApi.MARGIN));
    if (isNoSuchRule(response)) {
      return Optional.empty();
    }
    return Optional.of(registered(response.expect(200).json(), "GET"));
  }

  @Override
  public boolean remove(String id) {
    if (id == null || id.isEmpty()) {
      return false;
    }
    ApiResponse response =
        Calls.run(
            "Interrupted while removing an SMTP rule over HTTP",
            () -> api.send("DELETE", path(id), scope(), null, null, HttpApi.MARGIN));
    if (isNoSuchRule(response)) {
      return false;
    }
    response.expect(204);
    return true;
  }

  @Override
  public void clear() {
    Calls.run(
            "Interrupted while clearing SMTP rules over HTTP",
            () -> api.send("DELETE", PATH, scope(), null, null, HttpApi.MARGIN))
        .expect(200);
  }

  /** {@code SmtpBehavior{http://127.0.0.1:8025/ server}}, {@code …{http://… bob@x.test}}. */
  @Override
  public String toString() {
    return "SmtpBehavior{" + api.baseUrl() + " " + (address == null ? "server" : address) + "}";
  }

  private Query scope() {
    Query q = new Query();
    if (address != null) {
      q.add("inbox", address);
    }
    return q;
  }

  /** The rule's path: the id as one segment, every byte but letters, digits, - and _ escaped. */
  static String path(String id) {
    StringBuilder sb = new StringBuilder(PATH).append('/');
    for (byte b : id.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if ((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || c == '-'
          || c == '_') {
        sb.append((char) c);
      } else {
        sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)));
        sb.append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
    return sb.toString();
  }

  /**
   * Whether the answer is the API's "no such rule" 404 (a 404 for the route itself, from a server
   * without {@code /api/v1/behaviors}, must not read as "no rule").
   */
  private static boolean isNoSuchRule(ApiResponse response) {
    String detail = response.problemDetail();
    return response.status() == 404 && detail != null && detail.startsWith(NO_SUCH_RULE);
  }

  private static RegisteredRule registered(Object json, String method) {
    try {
      return RuleJson.registered(json);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(
          "The FakeMail HTTP API answered "
              + method
              + " "
              + PATH
              + " with a rule this client cannot read ("
              + e.getMessage()
              + "): "
              + json,
          e);
    }
  }
}
