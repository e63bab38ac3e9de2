package dev.fakemail.internal.http;

import dev.fakemail.RegisteredRule;
import dev.fakemail.SmtpBehavior;
import dev.fakemail.SmtpRule;
import dev.fakemail.internal.behavior.RuleRegistry;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The handlers of {@code /api/v1/behaviors…}: the SMTP rules of the server ({@code server.smtp()}),
 * or with {@code inbox=<address>} those of one inbox ({@code inbox.smtp()}), as {@link RuleJson}.
 */
final class BehaviorRoutes {
  static final String PATH = "/api/v1/behaviors";

  /** How the 404 for an unknown id starts; the Java client tells it from a missing route by it. */
  static final String NO_SUCH_RULE = "No rule with id ";

  private static final List<String> SCOPE_PARAMS = List.of("inbox");

  private final RuleRegistry rules;

  BehaviorRoutes(RuleRegistry rules) {
    this.rules = rules;
  }

  /** {@code GET /api/v1/behaviors}: the rules of the scope, in the order they were added. */
  void list(Exchange ex) {
    SmtpBehavior scope = scope(ex);
    List<RegisteredRule> all = scope.rules();
    ex.json(
        HttpResponseStatus.OK,
        g -> {
          g.writeStartObject();
          g.writeArrayFieldStart("rules");
          for (RegisteredRule r : all) {
            RuleJson.write(g, RuleJson.tree(r));
          }
          g.writeEndArray();
          g.writeEndObject();
        });
  }

  /** {@code POST /api/v1/behaviors}: adds the rule in the body; 201 with its id and Location. */
  void add(Exchange ex) {
    SmtpBehavior scope = scope(ex);
    String type = ex.requestHeaders().get(HttpHeaderNames.CONTENT_TYPE, "");
    String mediaType = type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    if (!mediaType.equals("application/json")) {
      throw new HttpProblem(
          HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE,
          "The body must be a rule as JSON with Content-Type application/json, was "
              + (type.isEmpty() ? "none" : Query.quote(type))
              + " (curl: -H 'Content-Type: application/json', or --json)");
    }
    RegisteredRule added;
    try {
      SmtpRule rule = RuleJson.rule(RuleJson.parse(ex.body()));
      added = scope.add(rule);
    } catch (IllegalArgumentException e) {
      throw HttpProblem.badRequest(e.getMessage());
    }
    ex.json(
        HttpResponseStatus.CREATED,
        g -> RuleJson.write(g, RuleJson.tree(added)),
        HttpHeaderNames.LOCATION.toString(),
        PATH + "/" + added.id());
  }

  /** {@code GET /api/v1/behaviors/{id}}: one rule with its counts as of now. */
  void detail(Exchange ex) {
    SmtpBehavior scope = scope(ex);
    String id = ex.pathParam("id");
    RegisteredRule rule = scope.rule(id).orElseThrow(() -> unknown(ex, id));
    ex.json(HttpResponseStatus.OK, g -> RuleJson.write(g, RuleJson.tree(rule)));
  }

  /** {@code DELETE /api/v1/behaviors/{id}}: 204, or 404 if the scope has no such rule. */
  void deleteOne(Exchange ex) {
    SmtpBehavior scope = scope(ex);
    String id = ex.pathParam("id");
    if (!scope.remove(id)) {
      throw unknown(ex, id);
    }
    ex.respond(HttpResponseStatus.NO_CONTENT, null, null);
  }

  /** {@code DELETE /api/v1/behaviors}: removes every rule of the scope; how many there were. */
  void deleteAll(Exchange ex) {
    SmtpBehavior scope = scope(ex);
    int deleted = scope.rules().size();
    scope.clear();
    ex.json(
        HttpResponseStatus.OK,
        g -> {
          g.writeStartObject();
          g.writeNumberField("deleted", deleted);
          g.writeEndObject();
        });
  }

  /** The server's rules, or with {@code inbox} (checked as the message routes check it) one's. */
  private SmtpBehavior scope(Exchange ex) {
    Optional<String> inbox = ex.query().allowOnly(SCOPE_PARAMS).single("inbox");
    if (inbox.isEmpty()) {
      return rules.all();
    }
    String address = inbox.get().trim();
    if (address.isEmpty() || address.chars().anyMatch(c -> c <= ' ')) {
      throw Query.invalid("inbox", inbox.get(), "expected an inbox address");
    }
    return rules.forAddress(address);
  }

  private static HttpProblem unknown(Exchange ex, String id) {
    Optional<String> inbox = ex.query().single("inbox");
    return HttpProblem.notFound(
        "No rule with id " + Query.quote(id) + inbox.map(a -> " for inbox " + a.trim()).orElse(""));
  }
}
