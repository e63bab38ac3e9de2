package dev.fakemail.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fakemail.FakeMailConfig;
import dev.fakemail.ReceivedMail;
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
