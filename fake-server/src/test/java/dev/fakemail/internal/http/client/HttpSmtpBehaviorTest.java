package dev.fakemail.internal.http.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fakemail.RegisteredRule;
import dev.fakemail.SmtpPhase;
import dev.fakemail.SmtpRule;
import dev.fakemail.internal.http.client.ScriptedApi.Answer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** What the HTTP-backed rules do with answers the real server gives rarely or never. */
class HttpSmtpBehaviorTest {
  static final String RULE =
      "{\"phases\":[\"RCPT_TO\"],\"times\":2,\"action\":{\"type\":\"reply\",\"code\":452,"
          + "\"text\":\"4.2.2 Mailbox full\"}}";
  static final String REGISTERED =
      "{\"id\":\"r7\",\"scope\":\"bob@x.test\",\"occurrences\":5,\"fired\":2,\"spent\":true,"
          + "\"summary\":\"…\",\"addedLater\":1,\"rule\":"
          + RULE
          + "}";

  @Test
  void readsTheCountsAndScopeTheServerSends() {
    try (ScriptedApi api = new ScriptedApi(r -> Answer.json(200, REGISTERED))) {
      RegisteredRule r =
          HttpSmtpBehavior.forAddress(HttpApi.of(api.url()), "bob@x.test").rule("r7").orElseThrow();

      assertThat(r)
          .isEqualTo(
              RegisteredRule.of(
                  "r7",
                  SmtpRule.on(SmtpPhase.RCPT_TO).times(2).reply(452, "4.2.2 Mailbox full"),
                  "bob@x.test",
                  5,
                  2));
      assertThat(r.isSpent()).isTrue();
      assertThat(api.requests())
          .extracting(ScriptedApi.Request::toString)
          .containsExactly("GET /api/v1/behaviors/r7?inbox=bob%40x.test");
    }
  }

  @Test
  void sendsTheRuleAsJsonAndEscapesIdsToOneSegment() {
    try (ScriptedApi api =
        new ScriptedApi(
            r ->
                r.method().equals("POST")
                    ? Answer.json(201, REGISTERED)
                    : Answer.json(404, "{\"detail\":\"No rule with id \\\"x\\\"\"}"))) {
      HttpSmtpBehavior rules = HttpSmtpBehavior.all(HttpApi.of(api.url()));
      rules.add(SmtpRule.on(SmtpPhase.RCPT_TO).times(2).reply(452, "4.2.2 Mailbox full"));

      assertThat(rules.rule("../a b/ü.")).isEmpty();
      assertThat(rules.remove("..")).isFalse();
      assertThat(api.requests())
          .extracting(ScriptedApi.Request::toString)
          .containsExactly(
              "POST /api/v1/behaviors",
              "GET /api/v1/behaviors/%2E%2E%2Fa%20b%2F%C3%BC%2E",
              "DELETE /api/v1/behaviors/%2E%2E");
      assertThat(new String(api.requests().get(0).body(), StandardCharsets.UTF_8)).isEqualTo(RULE);
    }
  }

  @Test
  void passesARefusalOnAsIllegalArgumentWithTheServersText() {
    try (ScriptedApi api =
        new ScriptedApi(r -> Answer.json(400, "{\"status\":400,\"detail\":\"Nope: because\"}"))) {
      assertThatThrownBy(
              () -> HttpSmtpBehavior.all(HttpApi.of(api.url())).add(SmtpRule.greylisting()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("Nope: because");
    }
  }

  @Test
  void aServerWithoutTheRoutesIsNotAnEmptyScope() {
    try (ScriptedApi api =
        new ScriptedApi(
            r -> Answer.json(404, "{\"detail\":\"No route for /api/v1/behaviors/r1\"}"))) {
      HttpSmtpBehavior rules = HttpSmtpBehavior.all(HttpApi.of(api.url()));
      String url = api.url() + "api/v1/behaviors/r1";

      assertThatThrownBy(() -> rules.rule("r1"))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage(
              "The FakeMail HTTP API answered 404 to GET "
                  + url
                  + ": No route for /api/v1/behaviors/r1");
      assertThatThrownBy(() -> rules.remove("r1"))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage(
              "The FakeMail HTTP API answered 404 to DELETE "
                  + url
                  + ": No route for /api/v1/behaviors/r1");
    }
  }

  @Test
  void saysSoWhenItCannotReadTheServersRule() {
    String odd =
        "{\"id\":\"r1\",\"scope\":null,\"occurrences\":0,\"fired\":0,"
            + "\"rule\":{\"phases\":[\"RCPT_TO\"],\"action\":{\"type\":\"teleport\"}}}";
    try (ScriptedApi api = new ScriptedApi(r -> Answer.json(200, "{\"rules\":[" + odd + "]}"))) {
      assertThatThrownBy(() -> HttpSmtpBehavior.all(HttpApi.of(api.url())).rules())
          .isInstanceOf(IllegalStateException.class)
          .hasMessageStartingWith(
              "The FakeMail HTTP API answered GET api/v1/behaviors with a rule this client cannot"
                  + " read (Unknown action type \"teleport\"; expected one of: reply,");
    }
  }
}
