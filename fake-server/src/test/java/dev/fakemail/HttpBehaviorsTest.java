package dev.fakemail;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code /api/v1/behaviors} as curl users see it, with the JDK's HTTP client: status codes,
 * headers, JSON bodies and problem details verbatim. What the rules then do is the SMTP engine's.
 */
class HttpBehaviorsTest {
  static final ObjectMapper JSON = new ObjectMapper();

  static final String MAILBOX_FULL =
      "{\"phases\":[\"RCPT_TO\"],\"when\":{\"recipient\":\"bob@x.test\"},\"times\":1,"
          + "\"action\":{\"type\":\"reply\",\"code\":452,\"text\":\"4.2.2 Mailbox full\"}}";

  FakeMailServer server;
  HttpClient http;

  @BeforeEach
  void start() {
    server = FakeMailServer.start(FakeMailConfig.builder().protocols(Protocol.HTTP).build());
    http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  HttpResponse<String> request(String method, String path, String contentType, String body)
      throws IOException, InterruptedException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(url(path))
            .timeout(Duration.ofSeconds(30))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return request("GET", path, null, null);
  }

  HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
    return request("POST", path, "application/json", json);
  }

  URI url(String path) {
    return server.httpUrl().resolve(path);
  }

  static JsonNode json(String text) throws IOException {
    return JSON.readTree(text);
  }

  @Test
  void addsARuleWith201LocationAndTheRegisteredRule() throws Exception {
    HttpResponse<String> created = post("api/v1/behaviors", MAILBOX_FULL);

    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    assertThat(created.headers().firstValue("Content-Type")).contains("application/json");
    assertThat(created.headers().firstValue("Location")).contains("/api/v1/behaviors/r1");
    assertThat(json(created.body()))
        .isEqualTo(
            json(
                "{\"id\":\"r1\",\"scope\":null,\"occurrences\":0,\"fired\":0,\"spent\":false,"
                    + "\"summary\":\"SmtpRule{on RCPT_TO, recipient bob@x.test, times 1:"
                    + " reply 452 4.2.2 Mailbox full}\",\"rule\":"
                    + MAILBOX_FULL
                    + "}"));
    assertThat(server.smtp().rules())
        .singleElement()
        .satisfies(
            r ->
                assertThat(r.rule())
                    .isEqualTo(
                        SmtpRule.on(SmtpPhase.RCPT_TO)
                            .recipient("bob@x.test")
                            .times(1)
                            .reply(452, "4.2.2 Mailbox full")));

    HttpResponse<String> one = get(created.headers().firstValue("Location").orElseThrow());
    assertThat(one.statusCode()).isEqualTo(200);
    assertThat(json(one.body())).isEqualTo(json(created.body()));
    HttpResponse<String> all = get("api/v1/behaviors");
    assertThat(all.statusCode()).isEqualTo(200);
    assertThat(json(all.body())).isEqualTo(json("{\"rules\":[" + created.body() + "]}"));
  }

  @Test
  void showsRulesAddedInJava() throws Exception {
    server.smtp().add(SmtpRule.greylisting(Duration.ofSeconds(90)));
    server.smtp().add(SmtpRule.chaos(7, 0.05, SmtpPhase.DATA));

    assertThat(json(get("api/v1/behaviors").body()).get("rules"))
        .isEqualTo(
            json(
                "[{\"id\":\"r1\",\"scope\":null,\"occurrences\":0,\"fired\":0,\"spent\":false,"
                    + "\"summary\":\"SmtpRule{on RCPT_TO: greylist min retry delay 90000 ms}\","
                    + "\"rule\":{\"phases\":[\"RCPT_TO\"],\"action\":{\"type\":\"greylist\","
                    + "\"minRetryDelay\":\"PT1M30S\"}}},"
                    + "{\"id\":\"r2\",\"scope\":null,\"occurrences\":0,\"fired\":0,\"spent\":false,"
                    + "\"summary\":\"SmtpRule{on DATA, probability 0.05, seed 7: chaos}\","
                    + "\"rule\":{\"phases\":[\"DATA\"],\"probability\":0.05,\"seed\":7,"
                    + "\"action\":{\"type\":\"chaos\"}}}]"));
  }

  @Test
  void takesPresetsAsShortObjects() throws Exception {
    assertThat(post("api/v1/behaviors", "{\"action\":{\"type\":\"greylist\"}}").statusCode())
        .isEqualTo(201);
    HttpResponse<String> full =
        post(
            "api/v1/behaviors",
            "{\"action\":{\"type\":\"mailboxFull\",\"address\":\"carol@x.test\"}}");
    assertThat(post("api/v1/behaviors", "{\"action\":{\"type\":\"unknownUsers\"}}").statusCode())
        .isEqualTo(201);

    assertThat(server.smtp().rules())
        .extracting(RegisteredRule::rule)
        .containsExactly(
            SmtpRule.greylisting(), SmtpRule.mailboxFull("carol@x.test"), SmtpRule.unknownUsers());
    assertThat(json(full.body()).get("rule"))
        .as("a shorthand is listed as the rule it stands for")
        .isEqualTo(
            json(
                "{\"phases\":[\"RCPT_TO\"],\"when\":{\"recipient\":\"carol@x.test\"},"
                    + "\"action\":{\"type\":\"reply\",\"code\":552,\"text\":\"5.2.2"
                    + " <carol@x.test>: Recipient address rejected: Mailbox full\"}}"));
  }

  @Test
  void showsTheSeedItPickedForARandomRule() throws Exception {
    HttpResponse<String> created =
        post(
            "api/v1/behaviors",
            "{\"phases\":[\"RCPT_TO\"],\"probability\":0.5,\"action\":{\"type\":\"disconnect\"}}");

    long seed = server.smtp().rule("r1").orElseThrow().rule().seed().getAsLong();
    assertThat(json(created.body()).at("/rule/seed").asLong()).isEqualTo(seed);
    assertThat(json(created.body()).at("/rule/seed").isIntegralNumber()).isTrue();
  }

  @Test
  void scopesRulesToAnInboxWithTheInboxParameter() throws Exception {
    Inbox mine = server.newInbox();
    Inbox other = server.newInbox();
    String scoped = "api/v1/behaviors?inbox=" + mine.address();

    HttpResponse<String> created = post(scoped, MAILBOX_FULL);
    assertThat(created.statusCode()).isEqualTo(201);
    assertThat(created.headers().firstValue("Location")).contains("/api/v1/behaviors/r1");
    assertThat(json(created.body()).get("scope").asText()).isEqualTo(mine.address());
    assertThat(mine.smtp().rules()).extracting(RegisteredRule::id).containsExactly("r1");

    assertThat(json(get(scoped).body()).get("rules")).hasSize(1);
    assertThat(json(get("api/v1/behaviors?inbox=" + other.address()).body()).get("rules"))
        .isEmpty();
    assertThat(json(get("api/v1/behaviors").body()).get("rules")).hasSize(1);
    assertProblem(
        get("api/v1/behaviors/r1?inbox=" + other.address()),
        404,
        "No rule with id \"r1\" for inbox " + other.address());
    assertProblem(
        request("DELETE", "api/v1/behaviors/r1?inbox=" + other.address(), null, null),
        404,
        "No rule with id \"r1\" for inbox " + other.address());
    assertThat(get("api/v1/behaviors/r1?inbox=" + mine.address()).statusCode()).isEqualTo(200);

    HttpResponse<String> cleared = request("DELETE", scoped, null, null);
    assertThat(cleared.statusCode()).isEqualTo(200);
    assertThat(json(cleared.body())).isEqualTo(json("{\"deleted\":1}"));
    assertThat(server.smtp().rules()).isEmpty();
  }

  @Test
  void refusesAnInboxRuleWhereTheAddressIsNotKnown() throws Exception {
    Inbox mine = server.newInbox();

    assertProblem(
        post(
            "api/v1/behaviors?inbox=" + mine.address(),
            "{\"phases\":[\"MAIL_FROM\"],\"action\":{\"type\":\"disconnect\"}}"),
        400,
        "A rule of inbox "
            + mine.address()
            + " acts only at RCPT_TO, DATA or END_OF_DATA, where its address is known; this one is"
            + " also on MAIL_FROM. Add it to server.smtp() to apply it to all mail");
    assertThat(server.smtp().rules()).isEmpty();
  }

  @Test
  void deletesOneRuleOrAll() throws Exception {
    post("api/v1/behaviors", MAILBOX_FULL);
    post("api/v1/behaviors", "{\"action\":{\"type\":\"greylist\"}}");
    post("api/v1/behaviors?inbox=" + server.newInbox().address(), MAILBOX_FULL);

    HttpResponse<String> deleted = request("DELETE", "api/v1/behaviors/r1", null, null);
    assertThat(deleted.statusCode()).isEqualTo(204);
    assertThat(deleted.body()).isEmpty();
    assertProblem(
        request("DELETE", "api/v1/behaviors/r1", null, null), 404, "No rule with id \"r1\"");
    assertProblem(get("api/v1/behaviors/r1"), 404, "No rule with id \"r1\"");
    assertProblem(get("api/v1/behaviors/%2E%2E"), 404, "No rule with id \"..\"");

    HttpResponse<String> all = request("DELETE", "api/v1/behaviors", null, null);
    assertThat(all.statusCode()).isEqualTo(200);
    assertThat(json(all.body())).isEqualTo(json("{\"deleted\":2}"));
    assertThat(server.smtp().rules()).isEmpty();
    assertThat(json(get("api/v1/behaviors").body())).isEqualTo(json("{\"rules\":[]}"));
  }

  @Test
  void refusesUnknownMembersWithTheirName() throws Exception {
    assertProblem(
        post(
            "api/v1/behaviors",
            "{\"phases\":[\"RCPT_TO\"],\"when\":{\"recipent\":\"bob@x.test\"},"
                + "\"action\":{\"type\":\"disconnect\"}}"),
        400,
        "Unknown member \"recipent\" in \"when\"; expected one of: sender, senderMatching,"
            + " recipient, recipientMatching, unknownRecipient");
    assertProblem(
        post("api/v1/behaviors", "{\"phases\":[\"RCPT_TO\"],\"action\":{\"type\":\"bounce\"}}"),
        400,
        "Unknown action type \"bounce\"; expected one of: reply, disconnect, proceed,"
            + " disconnectAfterBytes, drop, hideKeywords, addKeywords, greylist,"
            + " rateLimitPerConnection, rateLimitPerMinute, chaos, mailboxFull, unknownUsers");
    assertThat(server.smtp().rules()).isEmpty();
  }

  @Test
  void refusesInvalidRulesWithTheJavaApisMessage() throws Exception {
    assertProblem(
        post(
            "api/v1/behaviors",
            "{\"phases\":[\"RCPT_TO\"],\"action\":{\"type\":\"reply\",\"code\":250,"
                + "\"text\":\"OK\"}}"),
        400,
        "A rule replies with a failure, 4xx or 5xx: 250 (to delay a normal reply, use"
            + " delay(...).proceed())");
    assertProblem(
        post("api/v1/behaviors", "{\"phases\":[\"DATA\"],\"action\":{\"type\":\"proceed\"}}"),
        400,
        "A rule that proceeds as usual does nothing without a delay; set delay(...) first");
    assertThat(server.smtp().rules()).isEmpty();
  }

  @Test
  void refusesBadJsonAndOtherBodies() throws Exception {
    assertProblem(
        post("api/v1/behaviors", "{\"phases\":[\"RCPT_TO\"]"),
        400,
        "The body is not valid JSON: Unexpected end-of-input: expected close marker for Object"
            + " (start marker at line 1, column 1) (line 1, column 22)");
    assertProblem(post("api/v1/behaviors", ""), 400, "The body is empty; send the rule as JSON");
    assertProblem(
        request("POST", "api/v1/behaviors", "application/x-www-form-urlencoded", MAILBOX_FULL),
        415,
        "The body must be a rule as JSON with Content-Type application/json, was"
            + " \"application/x-www-form-urlencoded\" (curl: -H 'Content-Type: application/json',"
            + " or --json)");
    assertProblem(
        request("POST", "api/v1/behaviors", null, MAILBOX_FULL),
        415,
        "The body must be a rule as JSON with Content-Type application/json, was none (curl: -H"
            + " 'Content-Type: application/json', or --json)");
    assertThat(
            request("POST", "api/v1/behaviors", "application/json; charset=utf-8", MAILBOX_FULL)
                .statusCode())
        .isEqualTo(201);
  }

  @Test
  void explainsBadParameters() throws Exception {
    assertProblem(
        get("api/v1/behaviors?inbx=a@x.test"),
        400,
        "Unknown parameter \"inbx\"; expected one of: inbox");
    assertProblem(
        get("api/v1/behaviors?inbox=%20"),
        400,
        "Invalid parameter inbox=\" \": expected an inbox address");
    assertProblem(
        request("DELETE", "api/v1/behaviors?inbox=a@x.test&inbox=b@x.test", null, null),
        400,
        "Parameter inbox was given 2 times; give it once");
    assertProblem(
        post("api/v1/behaviors?inbox=a%20b@x.test", MAILBOX_FULL),
        400,
        "Invalid parameter inbox=\"a b@x.test\": expected an inbox address");
    assertThat(server.smtp().rules()).isEmpty();
  }

  @Test
  void answersWrongMethodsWith405AndAllow() throws Exception {
    HttpResponse<String> put = request("PUT", "api/v1/behaviors", "application/json", "{}");
    assertProblem(
        put,
        405,
        "Method PUT is not allowed for /api/v1/behaviors; allowed: GET, HEAD, POST, DELETE");
    assertThat(put.headers().firstValue("Allow")).contains("GET, HEAD, POST, DELETE");
    HttpResponse<String> post = request("POST", "api/v1/behaviors/r1", "application/json", "{}");
    assertProblem(
        post,
        405,
        "Method POST is not allowed for /api/v1/behaviors/r1; allowed: GET, HEAD, DELETE");
    assertThat(post.headers().firstValue("Allow")).contains("GET, HEAD, DELETE");
  }

  @Test
  void answersHeadLikeGetWithoutABody() throws Exception {
    post("api/v1/behaviors", MAILBOX_FULL);
    HttpResponse<String> get = get("api/v1/behaviors");
    HttpResponse<String> head = request("HEAD", "api/v1/behaviors", null, null);

    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.body()).isEmpty();
    assertThat(head.headers().firstValue("Content-Length"))
        .contains(Integer.toString(get.body().getBytes(StandardCharsets.UTF_8).length));
    assertThat(get.headers().firstValue("Cache-Control")).contains("no-store");
  }

  @Test
  void documentsTheRoutesInTheOpenApiDocument() throws Exception {
    JsonNode doc = json(get("api/v1/openapi.json").body());
    assertThat(doc.at("/paths/~1api~1v1~1behaviors/post/operationId").asText())
        .isEqualTo("addBehavior");
    assertThat(doc.at("/components/schemas/SmtpRule/type").asText()).isEqualTo("object");
  }

  void assertProblem(HttpResponse<String> r, int status, String detail) throws IOException {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    assertThat(r.headers().firstValue("Content-Type")).contains("application/problem+json");
    JsonNode p = json(r.body());
    assertThat(p.get("status").asInt()).isEqualTo(status);
    assertThat(p.get("detail").asText()).isEqualTo(detail);
    assertThat(p.get("title").asText()).isNotEmpty();
    assertThat(r.body()).doesNotContain("\tat ", "Exception");
  }
}
