package dev.fakemail.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fakemail.FakeMailConfig;
import dev.fakemail.SmtpPhase;
import dev.fakemail.SmtpRule;
import dev.fakemail.internal.behavior.RuleRegistry;
import dev.fakemail.internal.store.MailStore;
import dev.fakemail.internal.store.Mailboxes;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The counts a rule shows over HTTP are the registry's as of the request, on an embedded channel
 * with the occurrences counted as the SMTP engine counts them.
 */
class BehaviorRoutesTest {
  final Mailboxes mailboxes = new Mailboxes("localhost", true);
  final MailStore store = new MailStore(0, mailboxes);

  JsonNode get(String uri) throws Exception {
    EmbeddedChannel ch =
        new EmbeddedChannel(
            new HttpConnection(
                HttpService.routes(
                    store,
                    mailboxes,
                    FakeMailConfig.defaults(),
                    new HttpServiceTest.NoBackend(),
                    HttpService.WEB_ROOT)));
    ch.writeInbound(new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, uri));
    FullHttpResponse response = ch.readOutbound();
    try {
      assertThat(response.status().code()).isEqualTo(200);
      return new ObjectMapper().readTree(response.content().toString(StandardCharsets.UTF_8));
    } finally {
      response.release();
      ch.finishAndReleaseAll();
    }
  }

  @Test
  void showsTheCountsAsOfTheRequest() throws Exception {
    store.rules().all().add(SmtpRule.on(SmtpPhase.RCPT_TO).afterPassing(1).times(2).disconnect());
    RuleRegistry.Entry entry = store.rules().entries().get(0);

    JsonNode fresh = get("/api/v1/behaviors/r1");
    assertThat(fresh.get("occurrences").asInt()).isZero();
    assertThat(fresh.get("spent").asBoolean()).isFalse();

    for (int i = 0; i < 4; i++) {
      entry.occurrence();
    }
    JsonNode spent = get("/api/v1/behaviors/r1");
    assertThat(spent.get("occurrences").asInt()).isEqualTo(4);
    assertThat(spent.get("fired").asInt()).isEqualTo(2);
    assertThat(spent.get("spent").asBoolean()).isTrue();
    assertThat(get("/api/v1/behaviors").at("/rules/0")).isEqualTo(spent);
  }
}
