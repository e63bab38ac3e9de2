package dev.fakemail;

import static dev.fakemail.MailFilter.subject;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Transcripts over the HTTP API (java.net.http) and through the HTTP-backed inbox and client. */
class TranscriptHttpTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static FakeMailServer server;
  private static HttpClient http;

  @BeforeAll
  static void start() {
    server =
        FakeMailServer.start(
            FakeMailConfig.builder()
                .protocols(Protocol.SMTP, Protocol.HTTP)
                .maxRecipients(1)
                .build());
    http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @BeforeEach
  void clear() {
    server.inbox().clear();
  }

  static HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(server.httpUrl().resolve(path))
            .timeout(Duration.ofSeconds(30))
            .build(),
        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  static void send(String to, String subject) throws Exception {
    Session session = AngusClient.session(server);
    AngusClient.send(session, AngusClient.message(session, "app@shop.test", to, subject, "hi"));
  }

  @Test
  void listsDetailsAndLinksTranscripts() throws Exception {
    Inbox inbox = server.newInbox();
    send(inbox.address(), "Over HTTP");
    ReceivedMail mail = inbox.awaitMessage(subject("Over HTTP"));
    String id = mail.transcript().orElseThrow().id();

    HttpResponse<String> list = get("/api/v1/transcripts?inbox=" + inbox.address());
    assertThat(list.statusCode()).isEqualTo(200);
    assertThat(list.headers().firstValue("Content-Type")).hasValue("application/json");
    JsonNode json = JSON.readTree(list.body());
    assertThat(json.path("total").asInt()).isEqualTo(1);
    JsonNode t = json.path("transcripts").get(0);
    assertThat(t.path("id").asText()).isEqualTo(id);
    assertThat(t.path("protocol").asText()).isEqualTo("SMTP");
    assertThat(t.path("outcome").asText()).isEqualTo("DELIVERED");
    assertThat(t.path("messageIds").get(0).asText()).isEqualTo(mail.id());
    assertThat(t.path("recipients").get(0).asText()).isEqualTo(inbox.address());
    assertThat(t.path("clientAddress").asText()).startsWith("127.0.0.1:");
    assertThat(t.path("entries").get(0).path("direction").asText()).isEqualTo("SERVER");
    assertThat(t.path("entries").get(0).path("text").asText())
        .isEqualTo("220 localhost ESMTP FakeMail");
    assertThat(t.path("entries").get(0).path("at").asText())
        .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");

    HttpResponse<String> detail = get("/api/v1/transcripts/" + id);
    assertThat(detail.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(detail.body())).isEqualTo(t);

    HttpResponse<String> ofMessage = get("/api/v1/messages/" + mail.id() + "/transcript");
    assertThat(ofMessage.statusCode()).isEqualTo(200);
    JsonNode snapshot = JSON.readTree(ofMessage.body());
    assertThat(snapshot.path("outcome").asText()).isEqualTo("OPEN");
    assertThat(snapshot.path("endedAt").isNull()).isTrue();
    JsonNode entries = snapshot.path("entries");
    assertThat(entries.get(entries.size() - 1).path("text").asText())
        .isEqualTo("message " + mail.id() + " stored");

    assertThat(JSON.readTree(get("/api/v1/messages/" + mail.id()).body()).path("transcriptId"))
        .isEqualTo(JSON.getNodeFactory().textNode(id));
  }

  @Test
  void filtersAndErrors() throws Exception {
    Inbox inbox = server.newInbox();
    Session session = AngusClient.session(server);
    try {
      AngusClient.send(
          session,
          AngusClient.message(
              session, "app@shop.test", "x@y.test, " + inbox.address(), "Refused", "hi"));
    } catch (SendFailedException expected) {
      // the second recipient is over maxRecipients
    }
    JsonNode rejected =
        JSON.readTree(get("/api/v1/transcripts?outcome=rejected&protocol=smtp").body());
    assertThat(rejected.path("total").asInt()).isEqualTo(1);
    JsonNode refusal = rejected.path("transcripts").get(0).path("refusals").get(0);
    assertThat(refusal.path("command").asText()).isEqualTo("RCPT TO:<" + inbox.address() + ">");
    assertThat(refusal.path("code").asInt()).isEqualTo(452);
    assertThat(refusal.path("recipients").get(0).asText()).isEqualTo(inbox.address());
    assertThat(JSON.readTree(get("/api/v1/transcripts?outcome=delivered").body()).path("total"))
        .isEqualTo(JSON.getNodeFactory().numberNode(0));

    HttpResponse<String> bad = get("/api/v1/transcripts?outcome=lost");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(bad.body()).path("detail").asText())
        .isEqualTo(
            "Invalid parameter outcome=\"lost\": expected one of: open, delivered, rejected,"
                + " no_mail");
    HttpResponse<String> missing = get("/api/v1/transcripts/s999");
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(JSON.readTree(missing.body()).path("detail").asText())
        .isEqualTo("No transcript with id \"s999\"");
    String id = rejected.path("transcripts").get(0).path("id").asText();
    HttpResponse<String> elsewhere = get("/api/v1/transcripts/" + id + "?inbox=other@x.test");
    assertThat(elsewhere.statusCode()).isEqualTo(404);
    assertThat(JSON.readTree(elsewhere.body()).path("detail").asText())
        .isEqualTo("No transcript with id \"" + id + "\" in the inbox of other@x.test");

    byte[] seeded = "Subject: seeded\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII);
    ReceivedMail seededMail = server.deliver("z@y.test", seeded);
    HttpResponse<String> none = get("/api/v1/messages/" + seededMail.id() + "/transcript");
    assertThat(none.statusCode()).isEqualTo(404);
    assertThat(JSON.readTree(none.body()).path("detail").asText())
        .isEqualTo(
            "Message "
                + seededMail.id()
                + " has no transcript: it did not come over SMTP or LMTP, or recording is off"
                + " (maxTranscripts=0)");
  }

  @Test
  void httpBackedInboxAndClientSeeTheSameTranscripts() throws Exception {
    FakeMailHttpClient client = FakeMailHttpClient.of(server.httpUrl());
    Inbox local = server.newInbox();
    Inbox remote = client.inbox(local.address());
    send(local.address(), "Same");

    ReceivedMail overHttp = remote.awaitMessage(subject("Same"));
    ReceivedMail embedded = local.awaitMessage(subject("Same"));
    assertThat(overHttp.transcript()).isEqualTo(embedded.transcript()).isPresent();

    List<Transcript> transcripts = remote.transcripts();
    assertThat(transcripts).isEqualTo(local.transcripts()).hasSize(1);
    String id = transcripts.get(0).id();
    assertThat(remote.transcript(id)).isEqualTo(local.transcript(id));
    assertThat(client.transcript(id)).isEqualTo(server.transcript(id));
    assertThat(client.transcripts()).isEqualTo(server.transcripts());
    assertThat(client.transcript("s999")).isEmpty();
    assertThat(client.inbox("other@x.test").transcript(id)).isEmpty();

    remote.clear();
    assertThat(remote.transcripts()).isEmpty();
    assertThat(local.transcripts()).isEmpty();
    assertThat(server.transcripts()).hasSize(1); // an address inbox hides, the server keeps
  }
}
