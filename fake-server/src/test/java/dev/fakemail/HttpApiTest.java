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

  /** Sends raw message bytes by SMTP to these envelope recipients. */
  void mailRaw(String raw, String... recipients) throws Exception {
    jakarta.mail.internet.MimeMessage m =
        new jakarta.mail.internet.MimeMessage(
            smtp,
            new java.io.ByteArrayInputStream(
                raw.replace("\r\n", "\n").replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8)));
    jakarta.mail.Address[] to = new jakarta.mail.Address[recipients.length];
    for (int i = 0; i < recipients.length; i++) {
      to[i] = new jakarta.mail.internet.InternetAddress(recipients[i]);
    }
    try (jakarta.mail.Transport t = smtp.getTransport("smtp")) {
      t.connect();
      t.sendMessage(m, to);
    }
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
  void theEnvelopeSaysHowTheMessageCameOverTlsAndWhoLoggedIn() throws Exception {
    java.util.Properties props = server.tls().mailProperties(Protocol.SMTP, TlsMode.STARTTLS);
    props.setProperty("mail.smtp.auth", "true");
    props.setProperty("mail.smtp.auth.mechanisms", "LOGIN");
    Session session = Session.getInstance(props);
    jakarta.mail.internet.MimeMessage m =
        AngusClient.message(session, "a@example.test", "bob@example.test", "secure", "hi");
    try (jakarta.mail.Transport t = session.getTransport("smtp")) {
      t.connect("App@Shop.test", "pw");
      t.sendMessage(m, m.getAllRecipients());
    }
    Envelope.Tls tls = server.inbox().awaitMessage().envelope().tls().orElseThrow();

    JsonNode envelope = json(get("api/v1/messages/1")).get("envelope");
    assertThat(envelope.get("tls").get("mode").asText()).isEqualTo("STARTTLS");
    assertThat(envelope.get("tls").get("protocol").asText()).isEqualTo(tls.protocol());
    assertThat(envelope.get("tls").get("cipherSuite").asText()).isEqualTo(tls.cipherSuite());
    assertThat(envelope.get("tls").size()).isEqualTo(3);
    assertThat(envelope.get("authenticatedUser").asText()).isEqualTo("App@Shop.test");
    assertThat(envelope.get("authMechanism").asText()).isEqualTo("LOGIN");
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
                  + ".protocols(Protocol.SMTP, Protocol.POP3, Protocol.IMAP, Protocol.HTTP)");
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
    assertThat(first.get("envelope").get("tls").isNull()).as("plain SMTP").isTrue();
    assertThat(first.get("envelope").get("authenticatedUser").isNull()).isTrue();
    assertThat(first.get("envelope").get("authMechanism").isNull()).isTrue();
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

  static final String RICH =
      "From: =?UTF-8?Q?Ren=C3=A9e?= <renee@shop.test>\n"
          + "To: \"Bob\" <bob@example.test>\n"
          + "Cc: carol@example.test\n"
          + "Reply-To: help@shop.test\n"
          + "Subject: =?UTF-8?Q?Caf=C3=A9_receipt?=\n"
          + "Date: Sat, 28 Nov 2026 09:00:00 +0100\n"
          + "Message-ID: <r1@shop.test>\n"
          + "MIME-Version: 1.0\n"
          + "Content-Type: multipart/mixed; boundary=outer\n"
          + "\n"
          + "--outer\n"
          + "Content-Type: multipart/alternative; boundary=alt\n"
          + "\n"
          + "--alt\n"
          + "Content-Type: text/plain; charset=utf-8\n"
          + "\n"
          + "Thanks for your order.\n"
          + "--alt\n"
          + "Content-Type: text/html; charset=utf-8\n"
          + "\n"
          + "<p>Thanks for your <b>order</b>.</p><script>alert(1)</script>\n"
          + "--alt--\n"
          + "--outer\n"
          + "Content-Type: application/pdf; name=\"re\u00e7u.pdf\"\n"
          + "Content-Disposition: attachment; filename*=UTF-8''re%C3%A7u.pdf\n"
          + "Content-Transfer-Encoding: base64\n"
          + "\n"
          + "JVBERi0xLjQK\n"
          + "--outer\n"
          + "Content-Type: image/svg+xml\n"
          + "Content-Disposition: inline; filename=logo.svg\n"
          + "Content-ID: <logo@shop.test>\n"
          + "\n"
          + "<svg xmlns=\"http://www.w3.org/2000/svg\"/>\n"
          + "--outer--\n";

  @Test
  void showsOneMessageInFull() throws Exception {
    mailRaw(RICH, "bob@example.test", "carol@example.test", "dave@example.test");
    String id = server.inbox().awaitMessage().id();

    HttpResponse<String> r = get("api/v1/messages/" + id);
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode m = json(r);
    assertThat(m.get("id").asText()).isEqualTo(id);
    assertThat(m.get("subject").asText()).isEqualTo("Caf\u00e9 receipt");
    assertThat(m.get("from").get(0).get("name").asText()).isEqualTo("Ren\u00e9e");
    assertThat(m.get("to").get(0).get("name").asText()).isEqualTo("Bob");
    assertThat(m.get("cc").get(0).get("address").asText()).isEqualTo("carol@example.test");
    assertThat(m.get("bcc")).hasSize(1);
    assertThat(m.get("bcc").get(0).get("address").asText()).isEqualTo("dave@example.test");
    assertThat(m.get("replyTo").get(0).get("address").asText()).isEqualTo("help@shop.test");
    assertThat(m.get("messageId").asText()).isEqualTo("<r1@shop.test>");
    assertThat(m.get("date").asText()).isEqualTo("2026-11-28T09:00:00+01:00");
    assertThat(m.get("headers").get(0).get("name").asText()).isEqualTo("From");
    assertThat(m.get("headers").get(0).get("value").asText())
        .isEqualTo("Ren\u00e9e <renee@shop.test>");
    assertThat(m.get("text").asText()).isEqualTo("Thanks for your order.");
    assertThat(m.get("html").asText()).contains("<b>order</b>");
    assertThat(m.get("snippet").asText()).isEqualTo("Thanks for your order.");
    assertThat(m.get("attachmentCount").asInt()).isEqualTo(2);
    JsonNode pdf = m.get("attachments").get(0);
    assertThat(pdf.get("index").asInt()).isZero();
    assertThat(pdf.get("name").asText()).isEqualTo("re\u00e7u.pdf");
    assertThat(pdf.get("contentType").asText()).isEqualTo("application/pdf");
    assertThat(pdf.get("size").asInt()).isEqualTo(9);
    assertThat(pdf.get("contentId").isNull()).isTrue();
    assertThat(pdf.get("inline").asBoolean()).isFalse();
    assertThat(pdf.get("sha256").asText())
        .isEqualTo(sha256("%PDF-1.4\n".getBytes(StandardCharsets.US_ASCII)));
    JsonNode logo = m.get("attachments").get(1);
    assertThat(logo.get("contentId").asText()).isEqualTo("logo@shop.test");
    assertThat(logo.get("inline").asBoolean()).isTrue();
    JsonNode mime = m.get("mime");
    assertThat(mime.get("contentType").asText()).isEqualTo("multipart/mixed");
    assertThat(mime.get("parts")).hasSize(3);
    assertThat(mime.get("parts").get(0).get("contentType").asText())
        .isEqualTo("multipart/alternative");
    assertThat(mime.get("parts").get(0).get("parts").get(1).get("contentType").asText())
        .isEqualTo("text/html");
    assertThat(mime.get("parts").get(1).get("size").asInt()).isEqualTo(9);
    JsonNode boxes = m.get("mailboxes");
    assertThat(boxes).hasSize(3);
    assertThat(boxes.get(0).get("address").asText()).isEqualTo("bob@example.test");
    assertThat(boxes.get(0).get("folder").asText()).isEqualTo("INBOX");
    assertThat(boxes.get(0).get("uid").asInt()).isEqualTo(1);
    assertThat(boxes.get(0).get("flags")).isEmpty();
  }

  @Test
  void servesRawHtmlTextAndAttachments() throws Exception {
    mailRaw(RICH, "bob@example.test");
    ReceivedMail sent = server.inbox().awaitMessage();
    String base = "api/v1/messages/" + sent.id();

    HttpResponse<byte[]> raw =
        http.send(
            HttpRequest.newBuilder(url(base + "/raw")).build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(raw.statusCode()).isEqualTo(200);
    assertThat(raw.body()).isEqualTo(sent.raw());
    assertThat(raw.headers().firstValue("Content-Type")).contains("message/rfc822");
    assertThat(raw.headers().firstValue("Content-Disposition"))
        .contains("attachment; filename=\"" + sent.id() + ".eml\"");

    HttpResponse<String> html = get(base + "/html");
    assertThat(html.statusCode()).isEqualTo(200);
    assertThat(html.body()).isEqualTo(sent.html().orElseThrow());
    assertThat(html.headers().firstValue("Content-Type")).contains("text/html; charset=utf-8");
    assertThat(html.headers().firstValue("Content-Security-Policy"))
        .contains("sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data: cid:");
    assertThat(html.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
    assertThat(get(base + "/html?remote=true").headers().firstValue("Content-Security-Policy"))
        .contains("sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src * data: cid:");

    HttpResponse<String> text = get(base + "/text");
    assertThat(text.body()).isEqualTo("Thanks for your order.");
    assertThat(text.headers().firstValue("Content-Type")).contains("text/plain; charset=utf-8");

    HttpResponse<byte[]> pdf =
        http.send(
            HttpRequest.newBuilder(url(base + "/attachments/0")).build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(pdf.statusCode()).isEqualTo(200);
    assertThat(new String(pdf.body(), StandardCharsets.US_ASCII)).isEqualTo("%PDF-1.4\n");
    assertThat(pdf.headers().firstValue("Content-Type")).contains("application/octet-stream");
    assertThat(pdf.headers().firstValue("Content-Disposition"))
        .contains("attachment; filename=\"re_u.pdf\"; filename*=UTF-8''re%C3%A7u.pdf");
    assertThat(pdf.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
    assertThat(get(base + "/attachments/1").headers().firstValue("Content-Type"))
        .as("SVG can run script: served as bytes")
        .contains("application/octet-stream");

    HttpResponse<String> missing = get(base + "/attachments/2");
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(json(missing).get("detail").asText())
        .isEqualTo("Message " + sent.id() + " has no attachment 2 (it has 2 attachments)");
  }

  @Test
  void answersNotFoundForAMissingPart() throws Exception {
    mail("a@example.test", "b@example.test", "Plain", "only text");
    String id = server.inbox().awaitMessage().id();
    HttpResponse<String> html = get("api/v1/messages/" + id + "/html");
    assertThat(html.statusCode()).isEqualTo(404);
    assertThat(html.headers().firstValue("Content-Type")).contains("application/problem+json");
    assertThat(json(html).get("detail").asText()).isEqualTo("Message " + id + " has no HTML part");
    assertThat(get("api/v1/messages/" + id + "/text").statusCode()).isEqualTo(200);
  }

  @Test
  void deletesOneOrTheMatchingMessages() throws Exception {
    mail("a@example.test", "b@example.test", "One", "x");
    mail("a@example.test", "b@example.test", "Two", "x");
    mail("a@example.test", "c@example.test", "Three", "x");

    HttpResponse<String> one = request("DELETE", "api/v1/messages/1", null, null);
    assertThat(one.statusCode()).isEqualTo(204);
    assertThat(one.body()).isEmpty();
    assertThat(get("api/v1/messages/1").statusCode()).isEqualTo(404);
    assertThat(request("DELETE", "api/v1/messages/1", null, null).statusCode()).isEqualTo(404);

    HttpResponse<String> filtered =
        request("DELETE", "api/v1/messages?to=b@example.test", null, null);
    assertThat(json(filtered).get("deleted").asInt()).isEqualTo(1);
    assertThat(server.inbox().messages())
        .extracting(ReceivedMail::subject)
        .containsExactly("Three");
  }

  @Test
  void seedsMailboxesLikeDeliver() throws Exception {
    byte[] raw = "Subject: Seeded\r\n\r\nHello\r\n".getBytes(StandardCharsets.US_ASCII);
    HttpResponse<String> r =
        request(
            "POST",
            "api/v1/messages?to=bob@example.test&to=Carol@example.test",
            "message/rfc822",
            raw);
    assertThat(r.statusCode()).isEqualTo(201);
    JsonNode delivered = json(r).get("delivered");
    assertThat(delivered).hasSize(2);
    assertThat(delivered.get(0).get("address").asText()).isEqualTo("bob@example.test");
    String id = delivered.get(0).get("id").asText();
    assertThat(id).isEqualTo("seed-1");
    assertThat(server.mailbox("bob@example.test"))
        .singleElement()
        .satisfies(m -> assertThat(m.raw()).isEqualTo(raw));
    assertThat(server.mailbox("carol@example.test")).hasSize(1);
    assertThat(server.inbox().messages()).as("seeded mail is not captured").isEmpty();

    JsonNode detail = json(get("api/v1/messages/" + id));
    assertThat(detail.get("subject").asText()).isEqualTo("Seeded");
    assertThat(detail.get("mailboxes").get(0).get("address").asText())
        .isEqualTo("bob@example.test");

    assertThat(request("DELETE", "api/v1/messages/" + id, null, null).statusCode()).isEqualTo(204);
    assertThat(server.mailbox("bob@example.test")).isEmpty();
  }

  @Test
  void refusesBadSeeds() throws Exception {
    byte[] raw = "Subject: x\r\n\r\nx\r\n".getBytes(StandardCharsets.US_ASCII);
    HttpResponse<String> noTo = request("POST", "api/v1/messages", "message/rfc822", raw);
    assertThat(noTo.statusCode()).isEqualTo(400);
    assertThat(json(noTo).get("detail").asText())
        .isEqualTo("Parameter to is required: the recipient of the message");

    HttpResponse<String> form =
        request("POST", "api/v1/messages?to=a@x.test", "application/x-www-form-urlencoded", raw);
    assertThat(form.statusCode()).isEqualTo(415);
    assertThat(json(form).get("detail").asText())
        .isEqualTo(
            "The body must be a raw message with Content-Type message/rfc822 (or"
                + " application/octet-stream), was \"application/x-www-form-urlencoded\"");

    HttpResponse<String> empty =
        request("POST", "api/v1/messages?to=a@x.test", "message/rfc822", new byte[0]);
    assertThat(empty.statusCode()).isEqualTo(400);

    assertThat(server.mailbox("a@x.test")).isEmpty();
  }

  @Test
  void explainsBadParameters() throws Exception {
    assertProblem(
        get("api/v1/messages?header=NoColon"),
        400,
        "Invalid parameter header=\"NoColon\": expected \"Name: value\"");
    assertProblem(
        get("api/v1/messages?to=%20"),
        400,
        "Invalid parameter to=\" \": address must not be blank");
    assertProblem(
        get("api/v1/messages?wait=PT10X"),
        400,
        "Invalid parameter wait=\"PT10X\": expected an ISO-8601 duration such as PT10S, at most"
            + " PT5M");
    assertProblem(
        get("api/v1/messages?wait=PT6M"),
        400,
        "Invalid parameter wait=\"PT6M\": expected a duration from PT0S to PT5M");
    assertProblem(
        get("api/v1/messages?wait=PT1S&atLeast=0"),
        400,
        "Invalid parameter atLeast=\"0\": expected an integer of at least 1");
    assertProblem(
        get("api/v1/messages?limit=5000"),
        400,
        "Invalid parameter limit=\"5000\": expected an integer from 0 to 1000");
    assertProblem(
        get("api/v1/messages?order=random"),
        400,
        "Invalid parameter order=\"random\": expected one of: oldest, newest");
    assertProblem(
        get("api/v1/messages?offset=1&offset=2"),
        400,
        "Parameter offset was given 2 times; give it once");
    assertProblem(
        get("api/v1/messages?subjectcontains=x"),
        400,
        "Unknown parameter \"subjectcontains\"; expected one of: to, from, cc, subject,"
            + " subjectContains, header, textContains, htmlContains, inbox, offset, limit, order,"
            + " include, wait, atLeast");
  }

  @Test
  void answersNotFoundAndMethodNotAllowed() throws Exception {
    assertProblem(get("api/v1/nothing"), 404, "No route for /api/v1/nothing");
    assertProblem(get("api/v1/messages/99"), 404, "No message with id \"99\"");
    HttpResponse<String> put = request("PUT", "api/v1/messages", "application/json", new byte[0]);
    assertProblem(
        put,
        405,
        "Method PUT is not allowed for /api/v1/messages; allowed: GET, HEAD, DELETE, POST");
    assertThat(put.headers().firstValue("Allow")).contains("GET, HEAD, DELETE, POST");
    assertThat(request("POST", "livez", null, null).headers().firstValue("Allow"))
        .contains("GET, HEAD");
  }

  @Test
  void answersHeadLikeGetWithoutABody() throws Exception {
    mail("a@example.test", "b@example.test", "Head", "x");
    HttpResponse<String> get = get("api/v1/messages");
    HttpResponse<String> head = request("HEAD", "api/v1/messages", null, null);
    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.body()).isEmpty();
    assertThat(head.headers().firstValue("Content-Length"))
        .contains(Integer.toString(get.body().getBytes(StandardCharsets.UTF_8).length));
    assertThat(head.headers().firstValue("Content-Type")).contains("application/json");
  }

  @Test
  void sendsNoCorsHeaders() throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(url("api/v1/messages"))
                .header("Origin", "https://evil.example")
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().map().keySet())
        .noneMatch(h -> h.toLowerCase(java.util.Locale.ROOT).startsWith("access-control-"));
  }

  void assertProblem(HttpResponse<String> r, int status, String detail) throws IOException {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    assertThat(r.headers().firstValue("Content-Type")).contains("application/problem+json");
    JsonNode p = json(r);
    assertThat(p.get("status").asInt()).isEqualTo(status);
    assertThat(p.get("detail").asText()).isEqualTo(detail);
    assertThat(p.get("title").asText()).isNotEmpty();
    assertThat(p.get("type").asText()).isNotEmpty();
    assertThat(r.body()).doesNotContain("\tat ", "Exception");
  }

  static String sha256(byte[] bytes) throws Exception {
    return java.util.HexFormat.of()
        .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
  }
}
