package dev.fakemail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.mail.Session;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Long-poll waits and the event stream, with mail sent by SMTP from another thread. */
class HttpLongPollAndEventsTest {
  static final ObjectMapper JSON = new ObjectMapper();

  FakeMailServer server;
  HttpClient http;
  Session smtp;

  @BeforeEach
  void start() {
    server =
        FakeMailServer.start(
            FakeMailConfig.builder().protocols(Protocol.SMTP, Protocol.HTTP).build());
    http = HttpClient.newHttpClient();
    smtp = AngusClient.session(server);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  void mail(String to, String subject) throws Exception {
    AngusClient.send(smtp, AngusClient.message(smtp, "shop@example.test", to, subject, "x"));
  }

  URI url(String path) {
    return server.httpUrl().resolve(path);
  }

  CompletableFuture<HttpResponse<String>> getAsync(String path) {
    return http.sendAsync(
        HttpRequest.newBuilder(url(path)).timeout(Duration.ofSeconds(60)).build(),
        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  @Test
  void aWaitingRequestAnswersOnceTheMailSentMeanwhileArrives() throws Exception {
    mail("bob@example.test", "Order 1");
    CompletableFuture<HttpResponse<String>> waiting =
        getAsync("api/v1/messages?subjectContains=Order&wait=PT60S&atLeast=2");
    assertThat(waiting).as("one match is not enough").isNotDone();

    CompletableFuture<Void> sender =
        CompletableFuture.runAsync(
            () -> {
              try {
                mail("bob@example.test", "Order 2");
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });

    HttpResponse<String> r = waiting.get(60, TimeUnit.SECONDS);
    sender.get(60, TimeUnit.SECONDS);
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode list = JSON.readTree(r.body());
    assertThat(list.get("total").asInt()).isEqualTo(2);
    assertThat(list.get("messages").get(1).get("subject").asText())
        .as("answered after the second message was stored")
        .isEqualTo("Order 2");
  }

  @Test
  void answersAtOnceWhenEnoughMailIsAlreadyThere() throws Exception {
    mail("bob@example.test", "Here");
    HttpResponse<String> r = getAsync("api/v1/messages?wait=PT5M").get(60, TimeUnit.SECONDS);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(r.body()).get("total").asInt()).isEqualTo(1);
  }

  @Test
  void timesOutWithTheNearMissTextOfMailNotReceivedError() throws Exception {
    mail("bob@example.test", "Welcome, Bob");
    mail("carol@example.test", "Receipt #41");

    HttpResponse<String> r =
        getAsync("api/v1/messages?to=bob@example.test&subjectContains=Receipt&wait=PT0.05S")
            .get(60, TimeUnit.SECONDS);

    MailNotReceivedError embedded =
        catchThrowableOfType(
            MailNotReceivedError.class,
            () ->
                server
                    .inbox()
                    .awaitMessages(
                        MailFilter.to("bob@example.test")
                            .and(MailFilter.subjectContains("Receipt")),
                        1,
                        Duration.ofMillis(50)));
    assertThat(r.statusCode()).isEqualTo(408);
    assertThat(r.headers().firstValue("Content-Type")).contains("application/problem+json");
    JsonNode problem = JSON.readTree(r.body());
    assertThat(problem.get("type").asText())
        .isEqualTo("https://fakemail.dev/problems/mail-not-received");
    assertThat(problem.get("title").asText()).isEqualTo("Mail not received");
    assertThat(problem.get("status").asInt()).isEqualTo(408);
    assertThat(problem.get("expected").asInt()).isEqualTo(1);
    assertThat(problem.get("matched").asInt()).isZero();
    assertThat(problem.get("detail").asText()).isEqualTo(embedded.getMessage());
    assertThat(problem.get("detail").asText())
        .startsWith(
            "Expected a message matching {to=bob@example.test, subject contains \"Receipt\"}"
                + " within PT0.05S, but none arrived.\nReceived 2 messages:");
  }

  @Test
  void anInboxWaitTimesOutWithTheInboxNearMissAndPT0SAnswersAtOnce() throws Exception {
    Inbox inbox = server.newInbox();
    mail(inbox.address(), "First");
    mail("someone@example.test", "Elsewhere");

    HttpResponse<String> r =
        getAsync("api/v1/messages?inbox=" + inbox.address() + "&wait=PT0S&atLeast=2")
            .get(60, TimeUnit.SECONDS);

    MailNotReceivedError embedded =
        catchThrowableOfType(
            MailNotReceivedError.class,
            () -> inbox.awaitMessages(MailFilter.any(), 2, Duration.ZERO));
    assertThat(r.statusCode()).isEqualTo(408);
    JsonNode problem = JSON.readTree(r.body());
    assertThat(problem.get("detail").asText()).isEqualTo(embedded.getMessage());
    assertThat(problem.get("detail").asText())
        .contains("The server also received 1 message for other addresses: someone@example.test.");
    assertThat(problem.get("expected").asInt()).isEqualTo(2);
    assertThat(problem.get("matched").asInt()).isEqualTo(1);
  }

  /** Reads the stream's lines up to the next event, returning {@code name data}. */
  static String nextEvent(Iterator<String> lines) {
    String event = null;
    while (lines.hasNext()) {
      String line = lines.next();
      if (line.startsWith("event: ")) {
        event = line.substring(7);
      } else if (line.startsWith("data: ") && event != null) {
        return event + " " + line.substring(6);
      }
    }
    throw new AssertionError("the stream ended");
  }

  @Test
  void streamsAnEventPerNewDeletedAndClearedMessage() throws Exception {
    HttpResponse<Stream<String>> stream =
        http.send(
            HttpRequest.newBuilder(url("api/v1/events")).build(),
            HttpResponse.BodyHandlers.ofLines());
    assertThat(stream.statusCode()).isEqualTo(200);
    assertThat(stream.headers().firstValue("Content-Type"))
        .contains("text/event-stream; charset=utf-8");
    try (Stream<String> body = stream.body()) {
      Iterator<String> lines = body.iterator();

      mail("bob@example.test", "First");
      mail("carol@example.test", "Second");
      String first = nextEvent(lines);
      assertThat(first).startsWith("message-received {\"id\":\"1\",");
      assertThat(JSON.readTree(first.substring(first.indexOf('{'))).get("subject").asText())
          .isEqualTo("First");
      assertThat(nextEvent(lines)).startsWith("message-received {\"id\":\"2\",");

      http.send(
          HttpRequest.newBuilder(url("api/v1/messages/1")).DELETE().build(),
          HttpResponse.BodyHandlers.discarding());
      assertThat(nextEvent(lines)).isEqualTo("message-deleted {\"id\":\"1\"}");

      server.inbox().clear();
      assertThat(nextEvent(lines)).isEqualTo("messages-cleared {}");
    }
  }

  @Test
  void anInboxStreamSeesOnlyThatInbox() throws Exception {
    Inbox inbox = server.newInbox();
    HttpResponse<Stream<String>> stream =
        http.send(
            HttpRequest.newBuilder(url("api/v1/events?inbox=" + inbox.address())).build(),
            HttpResponse.BodyHandlers.ofLines());
    try (Stream<String> body = stream.body()) {
      Iterator<String> lines = body.iterator();
      mail("someone@example.test", "Not for the inbox");
      mail(inbox.address(), "For the inbox");
      String event = nextEvent(lines);
      assertThat(event).startsWith("message-received {\"id\":\"2\",");

      inbox.clear();
      assertThat(nextEvent(lines)).isEqualTo("messages-cleared {}");
    }
  }
}
