package dev.fakemail;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The HTTP API at the byte level: connection reuse, HEAD, framing and the request limits. */
class HttpWireTest {
  FakeMailServer server;

  @BeforeEach
  void start() {
    server =
        FakeMailServer.start(
            FakeMailConfig.builder()
                .protocols(Protocol.SMTP, Protocol.HTTP)
                .maxMessageSize(1000)
                .maxLineLength(200)
                .build());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  /** One parsed response. */
  static final class Response {
    final String statusLine;
    final Map<String, String> headers = new LinkedHashMap<>();
    byte[] body = new byte[0];

    Response(String statusLine) {
      this.statusLine = statusLine;
    }

    String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }

    String body() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  Socket connect() throws IOException {
    Socket s = new Socket(server.smtpHost(), server.httpPort());
    s.setSoTimeout(10_000);
    return s;
  }

  static void write(Socket s, String text) throws IOException {
    OutputStream out = s.getOutputStream();
    out.write(text.getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
  }

  /** Reads one response; with {@code head}, no body whatever the Content-Length says. */
  static Response read(InputStream in, boolean head) throws IOException {
    Response r = new Response(line(in));
    for (String line = line(in); !line.isEmpty(); line = line(in)) {
      int colon = line.indexOf(':');
      r.headers.put(
          line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
          line.substring(colon + 1).trim());
    }
    String length = r.header("Content-Length");
    if (!head && length != null) {
      r.body = in.readNBytes(Integer.parseInt(length));
    }
    return r;
  }

  static String line(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) != '\n') {
      if (b < 0) {
        throw new IOException("connection closed after: " + line);
      }
      line.write(b);
    }
    String s = line.toString(StandardCharsets.ISO_8859_1);
    return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
  }

  @Test
  void servesPipelinedRequestsOnOneConnectionInOrder() throws Exception {
    try (Socket s = connect()) {
      write(
          s,
          "GET /livez HTTP/1.1\r\nHost: x\r\n\r\n"
              + "HEAD /api/v1/messages HTTP/1.1\r\nHost: x\r\n\r\n"
              + "GET /api/v1/nothing HTTP/1.1\r\nHost: x\r\n\r\n"
              + "GET /api/v1/messages?limit=0 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
      InputStream in = s.getInputStream();

      Response live = read(in, false);
      assertThat(live.statusLine).isEqualTo("HTTP/1.1 200 OK");
      assertThat(live.body()).isEqualTo("{\"status\":\"UP\"}");
      assertThat(live.header("Content-Length")).isEqualTo("15");
      assertThat(live.header("Connection")).as("HTTP/1.1 keeps the connection").isNull();

      Response head = read(in, true);
      assertThat(head.statusLine).isEqualTo("HTTP/1.1 200 OK");
      assertThat(head.header("Content-Length"))
          .isEqualTo(
              Integer.toString("{\"total\":0,\"offset\":0,\"limit\":50,\"messages\":[]}".length()));

      Response missing = read(in, false);
      assertThat(missing.statusLine).isEqualTo("HTTP/1.1 404 Not Found");
      assertThat(missing.header("Content-Type")).isEqualTo("application/problem+json");

      Response last = read(in, false);
      assertThat(last.body()).isEqualTo("{\"total\":0,\"offset\":0,\"limit\":0,\"messages\":[]}");
      assertThat(last.header("Connection")).isEqualTo("close");
      assertThat(in.read()).as("closed after Connection: close").isEqualTo(-1);
    }
  }

  @Test
  void answersALongPipelineInOrder() throws Exception {
    int count = 500;
    StringBuilder requests = new StringBuilder();
    for (int i = 0; i < count; i++) {
      requests
          .append("GET /api/v1/messages?limit=")
          .append(i % 1000)
          .append(" HTTP/1.1\r\nHost: x\r\n\r\n");
    }
    try (Socket s = connect()) {
      write(s, requests.toString());
      InputStream in = s.getInputStream();
      for (int i = 0; i < count; i++) {
        Response r = read(in, false);
        assertThat(r.statusLine).isEqualTo("HTTP/1.1 200 OK");
        assertThat(r.body()).contains("\"limit\":" + i + ",");
      }
    }
  }

  @Test
  void http10ClosesAfterTheAnswer() throws Exception {
    try (Socket s = connect()) {
      write(s, "GET /livez HTTP/1.0\r\n\r\n");
      Response r = read(s.getInputStream(), false);
      assertThat(r.statusLine).isEqualTo("HTTP/1.1 200 OK");
      assertThat(s.getInputStream().read()).isEqualTo(-1);
    }
  }

  @Test
  void refusesBadPercentEncodingWith400() throws Exception {
    try (Socket s = connect()) {
      write(s, "GET /api/v1/messages?to=%zz HTTP/1.1\r\nHost: x\r\n\r\n");
      Response r = read(s.getInputStream(), false);
      assertThat(r.statusLine).isEqualTo("HTTP/1.1 400 Bad Request");
      assertThat(r.body())
          .contains(
              "\"detail\":\"Bad percent-encoding in the request target"
                  + " \\\"/api/v1/messages?to=%zz\\\"\"");
    }
  }

  @Test
  void refusesABodyOverTheMessageSizeWith413BeforeReadingIt() throws Exception {
    try (Socket s = connect()) {
      write(
          s,
          "POST /api/v1/messages?to=bob@example.test HTTP/1.1\r\nHost: x\r\n"
              + "Content-Type: message/rfc822\r\nContent-Length: 1001\r\n\r\n");
      Response r = read(s.getInputStream(), false);
      assertThat(r.statusLine).isEqualTo("HTTP/1.1 413 Request Entity Too Large");
      assertThat(r.header("Content-Type")).isEqualTo("application/problem+json");
      assertThat(r.body())
          .isEqualTo(
              "{\"type\":\"about:blank\",\"title\":\"Request Entity Too Large\",\"status\":413,"
                  + "\"detail\":\"The request body is larger than the limit of 1000 bytes"
                  + " (maxMessageSize)\"}");
      assertThat(s.getInputStream().read()).isEqualTo(-1);
    }
    assertThat(server.mailbox("bob@example.test")).isEmpty();
  }

  @Test
  void answersExpectContinueWith413WhenTheBodyWouldBeTooLarge() throws Exception {
    try (Socket s = connect()) {
      write(
          s,
          "POST /api/v1/messages?to=bob@example.test HTTP/1.1\r\nHost: x\r\n"
              + "Content-Type: message/rfc822\r\nExpect: 100-continue\r\n"
              + "Content-Length: 5000\r\n\r\n");
      Response r = read(s.getInputStream(), false);
      assertThat(r.statusLine).isEqualTo("HTTP/1.1 413 Request Entity Too Large");
      assertThat(r.body()).contains("larger than the limit of 1000 bytes");
    }
  }

  @Test
  void acceptsAChunkedSeedWithinTheLimit() throws Exception {
    try (Socket s = connect()) {
      String mail = "Subject: Chunked\r\n\r\nHi\r\n";
      write(
          s,
          "POST /api/v1/messages?to=bob@example.test HTTP/1.1\r\nHost: x\r\n"
              + "Content-Type: message/rfc822\r\nTransfer-Encoding: chunked\r\n\r\n"
              + Integer.toHexString(10)
              + "\r\n"
              + mail.substring(0, 10)
              + "\r\n"
              + Integer.toHexString(mail.length() - 10)
              + "\r\n"
              + mail.substring(10)
              + "\r\n0\r\n\r\n");
      Response r = read(s.getInputStream(), false);
      assertThat(r.statusLine).isEqualTo("HTTP/1.1 201 Created");
    }
    assertThat(server.mailbox("bob@example.test"))
        .singleElement()
        .satisfies(m -> assertThat(m.subject()).isEqualTo("Chunked"));
  }

  @Test
  void refusesATooLongRequestLineAndTooLargeHeaders() throws Exception {
    try (Socket s = connect()) {
      write(s, "GET /api/v1/messages?subject=" + "x".repeat(300) + " HTTP/1.1\r\nHost: x\r\n\r\n");
      Response r = read(s.getInputStream(), false);
      assertThat(r.statusLine).isEqualTo("HTTP/1.1 414 Request-URI Too Long");
      assertThat(r.header("Content-Type")).isEqualTo("application/problem+json");
      assertThat(r.body()).contains("\"detail\":\"The request line is too long");
    }
    try (Socket s = connect()) {
      write(s, "GET /livez HTTP/1.1\r\nHost: x\r\nX-Big: " + "y".repeat(300) + "\r\n\r\n");
      Response r = read(s.getInputStream(), false);
      assertThat(r.statusLine).isEqualTo("HTTP/1.1 431 Request Header Fields Too Large");
      assertThat(r.body()).contains("\"detail\":\"The request headers are too long");
    }
  }
}
