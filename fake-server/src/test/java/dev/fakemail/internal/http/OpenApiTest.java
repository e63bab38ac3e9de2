package dev.fakemail.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fakemail.FakeMailConfig;
import dev.fakemail.ReceivedMail;
import dev.fakemail.RegisteredRule;
import dev.fakemail.SmtpPhase;
import dev.fakemail.SmtpRule;
import dev.fakemail.internal.store.MailStore;
import dev.fakemail.internal.store.Mailboxes;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The OpenAPI document and the route table describe the same API. */
class OpenApiTest {
  static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head");

  static JsonNode document() throws IOException {
    try (InputStream in =
        OpenApiTest.class.getClassLoader().getResourceAsStream(StaticRoutes.OPENAPI)) {
      assertThat(in).as(StaticRoutes.OPENAPI).isNotNull();
      return new ObjectMapper().readTree(in);
    }
  }

  static HttpService service() {
    Mailboxes mailboxes = new Mailboxes("localhost", true);
    return new HttpService(
        new MailStore(0, mailboxes),
        mailboxes,
        FakeMailConfig.defaults(),
        new HttpBackend() {
          @Override
          public ReceivedMail deliver(String recipient, byte[] raw) {
            throw new UnsupportedOperationException();
          }

          @Override
          public String newInboxAddress() {
            throw new UnsupportedOperationException();
          }

          @Override
          public Optional<Map<String, Integer>> readyListeners() {
            return Optional.empty();
          }
        });
  }

  @Test
  void isOpenApi31() throws IOException {
    JsonNode doc = document();
    assertThat(doc.path("openapi").asText()).matches("3\\.1\\.\\d+");
    assertThat(doc.path("info").path("title").asText()).isEqualTo("FakeMail HTTP API");
  }

  @Test
  void documentsEveryRouteAndNothingElse() throws IOException {
    Set<String> documented = new TreeSet<>();
    Iterator<Map.Entry<String, JsonNode>> paths = document().path("paths").fields();
    while (paths.hasNext()) {
      Map.Entry<String, JsonNode> path = paths.next();
      Iterator<String> methods = path.getValue().fieldNames();
      while (methods.hasNext()) {
        String method = methods.next();
        if (METHODS.contains(method)) {
          documented.add(method.toUpperCase(Locale.ROOT) + " " + path.getKey());
        }
      }
    }
    Set<String> routed = new TreeSet<>(service().routes());

    assertThat(documented).isEqualTo(routed);
    assertThat(routed).contains("GET /api/v1/messages", "GET /api/v1/openapi.json");
  }

  @Test
  void everyReferenceResolves() throws IOException {
    JsonNode doc = document();
    List<String> refs = new ArrayList<>();
    collectRefs(doc, refs);
    assertThat(refs).isNotEmpty();
    for (String ref : refs) {
      assertThat(ref).startsWith("#/");
      assertThat(doc.at(ref.substring(1)).isMissingNode()).as(ref).isFalse();
    }
  }

  @Test
  void documentsTheLongestWait() throws IOException {
    assertThat(document().at("/components/parameters/wait/description").asText())
        .contains(MessageRoutes.MAX_WAIT.toString());
    assertThat(document().at("/components/parameters/limit/schema/maximum").asInt())
        .isEqualTo(MessageRoutes.MAX_LIMIT);
  }

  // ---- SMTP rules (/api/v1/behaviors)

  @Test
  void theRuleSchemaNamesWhatTheServerReads() throws IOException {
    JsonNode schemas = document().path("components").path("schemas");
    assertThat(names(schemas.at("/SmtpRule/properties"))).isEqualTo(RuleJson.RULE_MEMBERS);
    assertThat(names(schemas.at("/SmtpRule/properties/when/properties")))
        .isEqualTo(RuleJson.WHEN_MEMBERS);
    List<String> phases = new ArrayList<>();
    schemas.at("/SmtpPhase/enum").forEach(p -> phases.add(p.asText()));
    assertThat(phases)
        .isEqualTo(
            java.util.Arrays.stream(SmtpPhase.values())
                .map(SmtpPhase::name)
                .collect(java.util.stream.Collectors.toList()));
    List<String> types = new ArrayList<>();
    for (JsonNode variant : schemas.at("/SmtpRuleAction/oneOf")) {
      String type = variant.at("/properties/type/const").asText();
      types.add(type);
      List<String> members = names(variant.path("properties"));
      assertThat(members.remove(0)).isEqualTo("type");
      assertThat(members).as(type).isEqualTo(RuleJson.ACTIONS.get(type));
    }
    assertThat(types).isEqualTo(new ArrayList<>(RuleJson.ACTIONS.keySet()));
    for (SmtpRule.Action action : SmtpRule.Action.values()) {
      assertThat(types).contains(RuleJson.type(action));
    }
  }

  @Test
  void everyRuleExampleIsARuleTheServerTakes() throws IOException {
    JsonNode doc = document();
    List<JsonNode> rules = new ArrayList<>();
    doc.at("/components/schemas/SmtpRule/examples").forEach(rules::add);
    doc.at("/paths/~1api~1v1~1behaviors/post/requestBody/content/application~1json/examples")
        .forEach(e -> rules.add(e.get("value")));
    assertThat(rules).hasSizeGreaterThan(8);
    for (JsonNode example : rules) {
      byte[] json = new ObjectMapper().writeValueAsBytes(example);
      SmtpRule rule = RuleJson.rule(RuleJson.parse(json));
      assertThat(rule).as(example.toString()).isNotNull();
    }
    List<JsonNode> registered = new ArrayList<>();
    doc.at("/components/schemas/RegisteredRule/examples").forEach(registered::add);
    String json = "/content/application~1json/examples/";
    registered.add(doc.at("/paths/~1api~1v1~1behaviors/post/responses/201" + json + "added/value"));
    registered.add(
        doc.at("/paths/~1api~1v1~1behaviors~1{id}/get/responses/200" + json + "fired/value"));
    assertThat(registered).hasSize(3).noneMatch(JsonNode::isMissingNode);
    for (JsonNode example : registered) {
      RegisteredRule r =
          RuleJson.registered(RuleJson.parse(new ObjectMapper().writeValueAsBytes(example)));
      assertThat(example.get("summary").asText()).isEqualTo(r.rule().toString());
      assertThat(example.get("spent").asBoolean()).isEqualTo(r.isSpent());
      assertThat(new ObjectMapper().readTree(RuleJson.bytes(RuleJson.tree(r))))
          .as("an example is what the server writes")
          .isEqualTo(example);
    }
  }

  private static List<String> names(JsonNode object) {
    List<String> names = new ArrayList<>();
    object.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static void collectRefs(JsonNode node, List<String> refs) {
    if (node.isObject()) {
      JsonNode ref = node.get("$ref");
      if (ref != null) {
        refs.add(ref.asText());
      }
      node.elements().forEachRemaining(n -> collectRefs(n, refs));
    } else if (node.isArray()) {
      node.elements().forEachRemaining(n -> collectRefs(n, refs));
    }
  }
}
