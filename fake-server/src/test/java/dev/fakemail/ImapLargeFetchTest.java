package dev.fakemail;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * A FETCH of every body of a big folder, read by a slow client with a small receive buffer: the
 * server writes it in pieces as the client reads (it stops at the channel's high-water mark), the
 * bytes are all there and in order, and a command pipelined behind it runs after it.
 */
class ImapLargeFetchTest {
  private static final int MESSAGES = 2_000;

  @Test
  void streamsEveryBodyInOrderAndThenRunsThePipelinedCommand() throws IOException {
    String filler = "0123456789abcdef".repeat(64) + "\r\n"; // 1026 bytes a line
    try (FakeMailServer server =
        FakeMailServer.start(FakeMailConfig.builder().protocols(Protocol.IMAP).build())) {
      long expectedBytes = 0;
      for (int i = 1; i <= MESSAGES; i++) {
        String body = "Subject: m" + i + "\r\n\r\n" + filler.repeat(10);
        server.deliver("bob@example.test", body.getBytes(StandardCharsets.US_ASCII));
        expectedBytes += body.length();
      }
      try (Socket socket = new Socket()) {
        socket.setReceiveBufferSize(8 * 1024);
        socket.connect(new java.net.InetSocketAddress(server.imapHost(), server.imapPort()), 5000);
        socket.setSoTimeout(10_000);
        InputStream in = new BufferedInputStream(socket.getInputStream(), 4096);
        OutputStream out = socket.getOutputStream();
        out.write(
            "a LOGIN bob@example.test x\r\nb SELECT INBOX\r\nc FETCH 1:* BODY.PEEK[]\r\nd NOOP\r\n"
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        int fetched = 0;
        long bodyBytes = 0;
        while (true) {
          String line = line(in);
          if (line.startsWith("* ") && line.contains(" FETCH (BODY[] {")) {
            int n = Integer.parseInt(line.substring(line.lastIndexOf('{') + 1, line.length() - 1));
            byte[] body = in.readNBytes(n);
            assertThat(new String(body, 0, 20, StandardCharsets.US_ASCII))
                .startsWith("Subject: m" + (fetched + 1) + "\r\n");
            assertThat(line).startsWith("* " + (fetched + 1) + " FETCH");
            assertThat(line(in)).isEqualTo(")");
            fetched++;
            bodyBytes += n;
          } else if (line.startsWith("c ")) {
            assertThat(line).isEqualTo("c OK Fetch completed.");
          } else if (line.startsWith("d ")) {
            assertThat(line).isEqualTo("d OK NOOP completed.");
            break;
          }
        }
        assertThat(fetched).isEqualTo(MESSAGES);
        assertThat(bodyBytes).isEqualTo(expectedBytes);
      }
    }
  }

  private static String line(InputStream in) throws IOException {
    StringBuilder sb = new StringBuilder();
    int b;
    while ((b = in.read()) >= 0) {
      if (b == '\n') {
        return sb.substring(0, sb.length() - 1);
      }
      sb.append((char) b);
    }
    throw new AssertionError("closed after: " + sb);
  }
}
