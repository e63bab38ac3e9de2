package dev.fakemail.internal.http.client;

import static dev.fakemail.MailFilter.any;
import static dev.fakemail.MailFilter.cc;
import static dev.fakemail.MailFilter.from;
import static dev.fakemail.MailFilter.header;
import static dev.fakemail.MailFilter.htmlContains;
import static dev.fakemail.MailFilter.subject;
import static dev.fakemail.MailFilter.subjectContains;
import static dev.fakemail.MailFilter.textContains;
import static dev.fakemail.MailFilter.to;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fakemail.Envelope;
import dev.fakemail.FakeMailHttpClient;
import dev.fakemail.Inbox;
import dev.fakemail.MailFilter;
import dev.fakemail.MailNotReceivedError;
import dev.fakemail.ReceivedMail;
import dev.fakemail.TlsMode;
import dev.fakemail.internal.http.client.ScriptedApi.Answer;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * What the HTTP client does with answers the real server gives rarely or never (paging under churn,
 * waits longer than one request, errors, a server that is not there), against a scripted stand-in.
 * Everything both inboxes share is in {@code InboxContractTest}.
 */
class HttpInboxTest {
  private static final Pattern OFFSET = Pattern.compile("(?:^|&)offset=(\\d+)");
  private static final Pattern WAIT = Pattern.compile("(?:^|&)wait=([^&]+)");

  @Test
  void sendsEachCriterionAsItsQueryParameterAndTheScope() {
    try (ScriptedApi api = new ScriptedApi(r -> page(0, 0))) {
      MailFilter f =
          to("bob@example.test")
              .and(from("shop+news@example.test"))
              .and(cc("carol@example.test"))
              .and(subject("Receipt #41 & more"))
              .and(subjectContains("Receipt"))
              .and(header("X-Order", "41"))
              .and(textContains("50 % off"))
              .and(htmlContains("<p class=\"x\">"));
      assertThat(Inbox.overHttp(api.url()).messages(f)).isEmpty();
      assertThat(Inbox.overHttp(api.url(), " me@example.test ").messages()).isEmpty();

      assertThat(api.requests())
          .extracting(ScriptedApi.Request::toString)
          .containsExactly(
              "GET /api/v1/messages?to=bob%40example.test&from=shop%2Bnews%40example.test"
                  + "&cc=carol%40example.test&subject=Receipt%20%2341%20%26%20more"
                  + "&subjectContains=Receipt&header=X-Order%3A%2041&textContains=50%20%25%20off"
                  + "&htmlContains=%3Cp%20class%3D%22x%22%3E&include=raw&offset=0&limit=100",
              "GET /api/v1/messages?inbox=me%40example.test&include=raw&offset=0&limit=100");
    }
  }

  @Test
  void refusesAHeaderCriterionTheApiWouldChange() {
    try (ScriptedApi api = new ScriptedApi(r -> page(0, 0))) {
      Inbox inbox = Inbox.overHttp(api.url());
      assertThatThrownBy(() -> inbox.messages(header("X-Order", " 41")))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage(
              "A header value with leading or trailing whitespace cannot be sent over the HTTP"
                  + " API, which trims it: header X-Order=\" 41\"");
      assertThatThrownBy(() -> inbox.awaitMessage(header("X:Order", "41"), Duration.ZERO))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage(
              "A header name with a colon cannot be sent over the HTTP API: header X:Order=\"41\"");
      assertThat(api.requests()).isEmpty();
    }
  }

  @Test
  void pagesThroughTheListingUntilItsLatestTotal() {
    // 250 messages when the listing starts; 10 more arrive before the third page
    try (ScriptedApi api =
        new ScriptedApi(
            r -> {
              int offset = offset(r);
              int total = offset < 200 ? 250 : 260;
              return page(offset, total, range(offset + 1, Math.min(offset + 100, total)));
            })) {
      List<ReceivedMail> all = Inbox.overHttp(api.url()).messages();

      assertThat(all).extracting(ReceivedMail::id).containsExactlyElementsOf(ids(range(1, 260)));
      assertThat(api.requests()).extracting(r -> offset(r)).containsExactly(0, 100, 200);
    }
  }

  @Test
  void awaitsMoreMessagesThanOnePageHoldsByPagingAfterTheWait() {
    try (ScriptedApi api =
        new ScriptedApi(
            r -> {
              int offset = offset(r);
              return page(offset, 150, range(offset + 1, Math.min(offset + 100, 150)));
            })) {
      List<ReceivedMail> got =
          Inbox.overHttp(api.url()).awaitMessages(any(), 130, Duration.ofSeconds(10));

      assertThat(got).extracting(ReceivedMail::id).containsExactlyElementsOf(ids(range(1, 130)));
      assertThat(api.requests())
          .extracting(ScriptedApi.Request::query)
          .containsExactly(
              "include=raw&limit=100&wait=PT10S&atLeast=130", "include=raw&offset=100&limit=100");
    }
  }

  @Test
  void splitsAWaitLongerThanTheServerAcceptsAndReportsTheWholeTimeout() {
    AtomicLong clock = new AtomicLong();
    try (ScriptedApi api =
        new ScriptedApi(
            r -> {
              Duration wait = Duration.parse(wait(r));
              clock.addAndGet(wait.toNanos()); // the server waited all of it
              return Answer.json(408, notReceived(wait));
            })) {
      Inbox inbox = new HttpInbox(HttpApi.of(api.url()), null, Duration.ZERO, clock::get);

      assertThatThrownBy(() -> inbox.awaitMessage(subject("x"), Duration.ofMinutes(12)))
          .isInstanceOf(MailNotReceivedError.class)
          .hasMessage(
              "Expected a message matching {subject=\"x\"} within PT12M, but none arrived.\n"
                  + "Received no messages.");
      assertThat(api.requests()).extracting(r -> wait(r)).containsExactly("PT5M", "PT5M", "PT2M");
    }
  }

  @Test
  void aServerThatTimesOutEarlyEndsTheWaitInsteadOfBeingPolled() {
    AtomicLong clock = new AtomicLong();
    try (ScriptedApi api =
        new ScriptedApi(
            r -> {
              clock.addAndGet(Duration.ofMinutes(1).toNanos()); // a server with a 1-minute limit
              return Answer.json(408, notReceived(Duration.parse(wait(r))));
            })) {
      Inbox inbox = new HttpInbox(HttpApi.of(api.url()), null, Duration.ZERO, clock::get);

      assertThatThrownBy(() -> inbox.awaitMessage(subject("x"), Duration.ofMinutes(12)))
          .isInstanceOf(MailNotReceivedError.class)
          .hasMessageStartingWith("Expected a message matching {subject=\"x\"} within PT12M,");
      assertThat(api.requests()).hasSize(1);
    }
  }

  @Test
  void readsTheEnvelopeAsTheServerWroteIt() {
    String summary =
        "{\"id\":\"7\",\"receivedAt\":\"2026-11-28T08:00:00.123Z\",\"envelope\":{"
            + "\"mailFrom\":\"\",\"recipients\":[\"b@example.test\",\"c@example.test\"],"
            + "\"heloName\":\"client.example.test\",\"clientAddress\":\"[::1]:53211\","
            + "\"tls\":{\"mode\":\"IMPLICIT\",\"protocol\":\"TLSv1.3\","
            + "\"cipherSuite\":\"TLS_AES_128_GCM_SHA256\"},"
            + "\"authenticatedUser\":\"bob\",\"authMechanism\":\"XOAUTH2\","
            + "\"mailParameters\":{\"SIZE\":\"12\",\"SMTPUTF8\":\"\"}},"
            + "\"subject\":\"ignored\",\"raw\":\""
            + base64("Subject: hi\r\n\r\nbody\r\n")
            + "\"}";
    try (ScriptedApi api = new ScriptedApi(r -> listing(0, 1, summary))) {
      ReceivedMail mail = Inbox.overHttp(api.url()).messages().get(0);

      assertThat(mail.id()).isEqualTo("7");
      assertThat(mail.receivedAt()).isEqualTo(Instant.parse("2026-11-28T08:00:00.123Z"));
      assertThat(mail.raw())
          .asString(StandardCharsets.UTF_8)
          .isEqualTo("Subject: hi\r\n\r\nbody\r\n");
      assertThat(mail.subject()).isEqualTo("hi");
      assertThat(mail.envelope())
          .isEqualTo(
              Envelope.builder()
                  .mailFrom("")
                  .addRecipient("b@example.test")
                  .addRecipient("c@example.test")
                  .heloName("client.example.test")
                  .clientAddress(
                      new InetSocketAddress(InetAddress.getByAddress(ipv6Loopback()), 53211))
                  .tls(TlsMode.IMPLICIT, "TLSv1.3", "TLS_AES_128_GCM_SHA256")
                  .authenticated("bob", "XOAUTH2")
                  .mailParameter("SIZE", "12")
                  .mailParameter("SMTPUTF8", "")
                  .build());
      assertThat(mail.envelope().mailParameters())
          .containsExactly(Map.entry("SIZE", "12"), Map.entry("SMTPUTF8", ""));
    } catch (java.net.UnknownHostException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void rejectsAnEnvelopeWithAnUnknownTlsModeOrAUserWithoutItsMechanism() {
    String tls = "{\"mode\":\"SSL\",\"protocol\":\"TLSv1.3\",\"cipherSuite\":\"x\"}";
    String halfAuth = "null,\"authenticatedUser\":\"bob\",\"authMechanism\":null";
    for (String[] c :
        new String[][] {
          {tls, "tls", "{mode=SSL, protocol=TLSv1.3, cipherSuite=x}"},
          {halfAuth, "authMechanism", "null"}
        }) {
      String summary =
          "{\"id\":\"7\",\"receivedAt\":\"2026-11-28T08:00:00.123Z\",\"envelope\":{"
              + "\"mailFrom\":\"\",\"recipients\":[],\"heloName\":\"h\","
              + "\"clientAddress\":\"127.0.0.1:1\",\"tls\":"
              + c[0]
              + ",\"mailParameters\":{}},\"raw\":\"\"}";
      try (ScriptedApi api = new ScriptedApi(r -> listing(0, 1, summary))) {
        assertThatThrownBy(() -> Inbox.overHttp(api.url()).messages())
            .isInstanceOf(IllegalStateException.class)
            .hasMessage("The FakeMail HTTP API sent an unexpected \"" + c[1] + "\": " + c[2]);
      }
    }
  }

  @Test
  void rejectsAnAnswerThatIsNotTheApis() {
    try (ScriptedApi api =
        new ScriptedApi(
            r ->
                r.method().equals("DELETE")
                    ? Answer.json(
                        500,
                        "{\"type\":\"about:blank\",\"title\":\"Internal Server Error\","
                            + "\"status\":500,\"detail\":\"disk on fire\"}")
                    : new Answer(200, "text/html", "<html>a web server</html>"))) {
      Inbox inbox = Inbox.overHttp(api.url());
      assertThatThrownBy(inbox::messages)
          .isInstanceOf(IllegalStateException.class)
          .hasMessage(
              "Not a FakeMail HTTP API answer: GET "
                  + api.url()
                  + "api/v1/messages?include=raw&offset=0&limit=100 answered 200 with a text/html"
                  + " body: <html>a web server</html>");
      assertThatThrownBy(inbox::clear)
          .isInstanceOf(IllegalStateException.class)
          .hasMessage(
              "The FakeMail HTTP API answered 500 to DELETE "
                  + api.url()
                  + "api/v1/messages: disk on fire");
    }
  }

  @Test
  void namesTheUrlWhenNoServerListens() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    URI url = URI.create("http://127.0.0.1:" + port);
    String refused =
        "Cannot connect to the FakeMail HTTP API at http://127.0.0.1:"
            + port
            + "/: connection refused (is the server running, with its HTTP API enabled?)";

    assertThatThrownBy(() -> Inbox.overHttp(url).messages())
        .isInstanceOf(UncheckedIOException.class)
        .hasMessage(refused);
    assertThatThrownBy(() -> Inbox.overHttp(url).awaitMessage(any(), Duration.ofSeconds(1)))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessage(refused);
    assertThatThrownBy(() -> FakeMailHttpClient.of(url).newInbox())
        .isInstanceOf(UncheckedIOException.class)
        .hasMessage(refused);
  }

  @Test
  void takesOnlyAnHttpBaseUrl() {
    for (String bad :
        List.of(
            "ftp://127.0.0.1/", "/api/v1", "http:opaque", "http://127.0.0.1/?a=b", "http://h/#x")) {
      assertThatThrownBy(() -> Inbox.overHttp(URI.create(bad)))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage(
              "The FakeMail base URL must be http(s)://host:port/ without query or fragment, was "
                  + bad);
    }
    assertThat(FakeMailHttpClient.of(URI.create("http://127.0.0.1:8025")).baseUrl())
        .hasToString("http://127.0.0.1:8025/");
    assertThat(FakeMailHttpClient.of(URI.create("http://mail.test/fake")))
        .hasToString("FakeMailHttpClient{http://mail.test/fake/}");
    assertThat(Inbox.overHttp(URI.create("http://127.0.0.1:8025")))
        .hasToString("Inbox{http://127.0.0.1:8025/ all mail}");
    assertThat(Inbox.overHttp(URI.create("http://127.0.0.1:8025/"), "bob@example.test"))
        .hasToString("Inbox{http://127.0.0.1:8025/ bob@example.test}");
    assertThatThrownBy(() -> Inbox.overHttp(URI.create("http://127.0.0.1:8025/"), " "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("address must not be blank");
    assertThatThrownBy(
            () ->
                FakeMailHttpClient.of(URI.create("http://127.0.0.1:8025/"))
                    .withAwaitTimeout(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("awaitTimeout must not be negative, was PT-1S");
  }

  private static Answer page(int offset, int total, List<Integer> ids) {
    List<String> summaries = new ArrayList<>();
    for (int id : ids) {
      summaries.add(
          "{\"id\":\""
              + id
              + "\",\"receivedAt\":\"2026-11-28T08:00:00.000Z\",\"envelope\":{\"mailFrom\":\"a@x\","
              + "\"recipients\":[\"b@y\"],\"heloName\":\"h\",\"clientAddress\":\"127.0.0.1:1\","
              + "\"tls\":null,\"authenticatedUser\":null,\"authMechanism\":null,"
              + "\"mailParameters\":{}},\"raw\":\""
              + base64("Subject: " + id + "\r\n\r\n")
              + "\"}");
    }
    return listing(offset, total, summaries.toArray(String[]::new));
  }

  private static Answer page(int offset, int total) {
    return page(offset, total, List.of());
  }

  private static Answer listing(int offset, int total, String... summaries) {
    return Answer.json(
        200,
        "{\"total\":"
            + total
            + ",\"offset\":"
            + offset
            + ",\"limit\":100,\"messages\":["
            + String.join(",", summaries)
            + "]}");
  }

  private static String notReceived(Duration wait) {
    String detail =
        "Expected a message matching {subject=\\\"x\\\"} within "
            + wait
            + ", but none arrived.\\nReceived no messages.";
    return "{\"type\":\"https://fakemail.dev/problems/mail-not-received\",\"title\":\"Mail not"
        + " received\",\"status\":408,\"detail\":\""
        + detail
        + "\",\"expected\":1,\"matched\":0}";
  }

  private static int offset(ScriptedApi.Request r) {
    Matcher m = OFFSET.matcher(r.query());
    return m.find() ? Integer.parseInt(m.group(1)) : 0;
  }

  private static String wait(ScriptedApi.Request r) {
    Matcher m = WAIT.matcher(r.query());
    if (!m.find()) {
      throw new AssertionError("no wait in " + r);
    }
    return m.group(1);
  }

  private static List<Integer> range(int first, int last) {
    List<Integer> ids = new ArrayList<>();
    for (int i = first; i <= last; i++) {
      ids.add(i);
    }
    return ids;
  }

  private static List<String> ids(List<Integer> ids) {
    return ids.stream().map(String::valueOf).toList();
  }

  private static String base64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] ipv6Loopback() {
    byte[] a = new byte[16];
    a[15] = 1;
    return a;
  }
}
