package dev.fakemail;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.mail.Session;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The HTTP API's routes and errors, with the JDK's HTTP client and mail sent by Angus. */
class HttpApiTest {
  static final ObjectMapper JSON = new ObjectMapper();

  FakeMailServer server;
  HttpClient http;
  Session smtp;

  @BeforeEach
  void start() {
    server =
        FakeMailServer.start(
            FakeMailConfig.builder()
                .protocols(Protocol.SMTP, Protocol.POP3, Protocol.HTTP)
                .maxMessageSize(64 * 1024)
                .build());
    http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    smtp = AngusClient.session(server);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  void mail(String from, String to, String subject, String text) throws Exception {
    AngusClient.send(smtp, AngusClient.message(smtp, from, to, subject, text));
  }

  HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(url(path)).timeout(Duration.ofSeconds(30)).build(),
        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  HttpResponse<String> request(String method, String path, String contentType, byte[] body)
      throws IOException, InterruptedException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(url(path))
            .timeout(Duration.ofSeconds(30))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(body));
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  URI url(String path) {
    return server.httpUrl().resolve(path);
  }

  static JsonNode json(HttpResponse<String> r) throws IOException {
    return JSON.readTree(r.body());
  }

  @Test
  void servesHttpOnlyWhenAskedAndNamesItsUrl() {
    assertThat(server.httpUrl().toString())
        .isEqualTo("http://127.0.0.1:" + server.httpPort() + "/");
    assertThat(server.toString()).contains("http=127.0.0.1:" + server.httpPort());
    try (FakeMailServer plain = FakeMailServer.start()) {
      org.assertj.core.api.Assertions.assertThatThrownBy(plain::httpPort)
          .isInstanceOf(IllegalStateException.class)
          .hasMessage(
              "HTTP is not enabled on this server; enable it with FakeMailConfig.builder()"
                  + ".protocols(Protocol.SMTP, Protocol.POP3, Protocol.HTTP)");
    }
  }

  @Test
  void listsMessagesWithFiltersPagingAndRaw() throws Exception {
    mail("alice@example.test", "bob@example.test", "Welcome, Bob", "Hello   Bob,\n\nwelcome!");
    mail("alice@example.test", "carol@example.test", "Receipt #41", "Thanks");

    HttpResponse<String> all = get("api/v1/messages");
    assertThat(all.statusCode()).isEqualTo(200);
    assertThat(all.headers().firstValue("Content-Type")).contains("application/json");
    JsonNode list = json(all);
    assertThat(list.get("total").asInt()).isEqualTo(2);
    assertThat(list.get("offset").asInt()).isZero();
    assertThat(list.get("limit").asInt()).isEqualTo(50);
    JsonNode first = list.get("messages").get(0);
    assertThat(first.get("id").asText()).isEqualTo("1");
    assertThat(first.get("subject").asText()).isEqualTo("Welcome, Bob");
    assertThat(first.get("from").get(0).get("address").asText()).isEqualTo("alice@example.test");
    assertThat(first.get("from").get(0).get("name").isNull()).isTrue();
    assertThat(first.get("envelope").get("recipients").get(0).asText())
        .isEqualTo("bob@example.test");
    assertThat(first.get("envelope").get("heloName").asText()).isEqualTo(AngusClient.CLIENT_NAME);
    assertThat(first.get("snippet").asText()).isEqualTo("Hello Bob, welcome!");
    assertThat(first.get("receivedAt").asText())
        .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
    assertThat(first.has("raw")).isFalse();

    JsonNode filtered = json(get("api/v1/messages?to=carol@example.test&include=raw"));
    assertThat(filtered.get("total").asInt()).isEqualTo(1);
    JsonNode carol = filtered.get("messages").get(0);
    assertThat(carol.get("subject").asText()).isEqualTo("Receipt #41");
    byte[] raw = Base64.getDecoder().decode(carol.get("raw").asText());
    assertThat(raw).isEqualTo(server.inbox().messages().get(1).raw());

    JsonNode newest = json(get("api/v1/messages?order=newest&limit=1"));
    assertThat(newest.get("total").asInt()).isEqualTo(2);
    assertThat(newest.get("messages")).hasSize(1);
    assertThat(newest.get("messages").get(0).get("id").asText()).isEqualTo("2");

    JsonNode contains =
        json(
            get(
                "api/v1/messages?subjectContains=Bob&from=alice@example.test&textContains=welcome"));
    assertThat(contains.get("total").asInt()).isEqualTo(1);
  }

  @Test
  void seedsNewInboxesAndClearsOneInboxOnly() throws Exception {
    HttpResponse<String> created = request("POST", "api/v1/inboxes", null, null);
    assertThat(created.statusCode()).isEqualTo(201);
    String address = json(created).get("address").asText();
    assertThat(address).matches("inbox-\\d+-[0-9a-f]{6}@fakemail\\.test");

    Inbox embedded = server.newInbox();
    address = embedded.address();
    mail("a@example.test", address, "For the inbox", "x");
    mail("a@example.test", "other@example.test", "Elsewhere", "x");
    assertThat(json(get("api/v1/messages?inbox=" + address)).get("total").asInt()).isEqualTo(1);

    HttpResponse<String> cleared =
        request("DELETE", "api/v1/messages?inbox=" + address, null, null);
    assertThat(cleared.statusCode()).isEqualTo(200);
    assertThat(json(cleared).get("deleted").asInt()).isEqualTo(1);
    assertThat(json(get("api/v1/messages?inbox=" + address)).get("total").asInt()).isZero();
    assertThat(embedded.messages()).as("the embedded view shares the watermark").isEmpty();
    assertThat(server.inbox().messages()).hasSize(2);

    HttpResponse<String> all = request("DELETE", "api/v1/messages", null, null);
    assertThat(json(all).get("deleted").asInt()).isEqualTo(2);
    assertThat(server.inbox().messages()).isEmpty();
  }

  @Test
  void answersLivenessAndReadiness() throws Exception {
    HttpResponse<String> live = get("livez");
    assertThat(live.statusCode()).isEqualTo(200);
    assertThat(live.body()).isEqualTo("{\"status\":\"UP\"}");
    HttpResponse<String> ready = get("readyz");
    assertThat(ready.statusCode()).isEqualTo(200);
    assertThat(json(ready).get("listeners").get("smtp").asInt()).isEqualTo(server.smtpPort());
    assertThat(json(ready).get("listeners").get("http").asInt()).isEqualTo(server.httpPort());
  }
}
