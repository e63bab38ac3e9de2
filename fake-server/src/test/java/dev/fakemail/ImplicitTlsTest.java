package dev.fakemail;

import static dev.fakemail.MailFilter.to;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.mail.Folder;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.MimeMessage;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.Predicate;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Implicit TLS (RFC 8314): SMTPS, POP3S and IMAPS listeners speak TLS from the first byte, trusted
 * through {@link FakeMailServer#tls()} only, and never offer STARTTLS/STLS.
 */
class ImplicitTlsTest {
  private static FakeMailServer server;

  @BeforeAll
  static void start() {
    server =
        FakeMailServer.start(
            FakeMailConfig.builder()
                .protocols(
                    Protocol.SMTP,
                    Protocol.SMTPS,
                    Protocol.POP3,
                    Protocol.POP3S,
                    Protocol.IMAP,
                    Protocol.IMAPS)
                .receivedHeader(true)
                .build());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @BeforeEach
  void clear() {
    server.clearMailboxes();
    server.inbox().clear();
  }

  @Test
  void angusSendsOverSmtpsAndReadsOverPop3sAndImapsUsingOnlyServerTlsForTrust() throws Exception {
    Properties smtp = server.tls().mailProperties(Protocol.SMTP, TlsMode.IMPLICIT);
    assertThat(smtp.getProperty("mail.smtp.port")).isEqualTo(Integer.toString(server.smtpsPort()));
    smtp.setProperty("mail.smtp.localhost", AngusClient.CLIENT_NAME);
    Session session = Session.getInstance(smtp);
    MimeMessage m =
        AngusClient.message(session, "shop@example.test", "bob@example.test", "Over SMTPS", "hi");
    AngusClient.send(session, m);
    ReceivedMail mail = server.inbox().awaitMessage(to("bob@example.test"));
    assertThat(mail.subject()).isEqualTo("Over SMTPS");
    assertThat(mail.headers("Received").get(0)).contains("with ESMTPS");

    Properties pop3 = server.tls().mailProperties(Protocol.POP3, TlsMode.IMPLICIT);
    assertThat(pop3.getProperty("mail.pop3.port")).isEqualTo(Integer.toString(server.pop3sPort()));
    assertThat(pop3.getProperty("mail.pop3.ssl.enable")).isEqualTo("true");
    assertThat(subjects(pop3, "bob@example.test")).containsExactly("Over SMTPS");

    Properties imap = server.tls().mailProperties(Protocol.IMAP, TlsMode.IMPLICIT);
    assertThat(imap.getProperty("mail.imap.port")).isEqualTo(Integer.toString(server.imapsPort()));
    assertThat(subjects(imap, "bob@example.test")).containsExactly("Over SMTPS");
  }

  @Test
  void angusPop3sAndImapsStoresConnectWithTheServerSocketFactory() throws Exception {
    server.deliver(
        "carol@example.test", "Subject: Seeded\r\n\r\nhi\r\n".getBytes(StandardCharsets.US_ASCII));
    Properties props = new Properties();
    props.put("mail.pop3s.ssl.socketFactory", server.tls().socketFactory());
    props.put("mail.imaps.ssl.socketFactory", server.tls().socketFactory());
    props.setProperty("mail.pop3s.ssl.checkserveridentity", "true");
    props.setProperty("mail.imaps.ssl.checkserveridentity", "true");
    Session session = Session.getInstance(props);
    for (String[] store :
        new String[][] {{"pop3s", "" + server.pop3sPort()}, {"imaps", "" + server.imapsPort()}}) {
      try (Store s = session.getStore(store[0])) {
        s.connect("localhost", Integer.parseInt(store[1]), "carol@example.test", "any");
        Folder inbox = s.getFolder("INBOX");
        inbox.open(Folder.READ_ONLY);
        assertThat(inbox.getMessages()).extracting(x -> x.getSubject()).containsExactly("Seeded");
        inbox.close(false);
      }
    }
  }

  @Test
  void smtpsGreetsOverTlsAndDoesNotOfferStartTls() throws IOException {
    try (Wire w = Wire.tls(server.smtpsPort())) {
      assertThat(w.line()).startsWith("220 ").contains("ESMTP");
      w.write("EHLO client.example.test\r\n");
      List<String> ehlo = w.until(l -> l.startsWith("250 "));
      assertThat(ehlo).isNotEmpty().noneMatch(l -> l.contains("STARTTLS"));
      w.write("STARTTLS\r\n");
      assertThat(w.line()).startsWith("5");
      w.write("QUIT\r\n");
      assertThat(w.line()).startsWith("221 ");
    }
  }

  @Test
  void pop3sGreetsOverTlsAndDoesNotOfferStls() throws IOException {
    try (Wire w = Wire.tls(server.pop3sPort())) {
      assertThat(w.line()).startsWith("+OK ");
      w.write("CAPA\r\n");
      List<String> capa = w.until(l -> l.equals("."));
      assertThat(capa.get(0)).startsWith("+OK");
      assertThat(capa).contains("USER").doesNotContain("STLS");
      w.write("STLS\r\n");
      assertThat(w.line()).startsWith("-ERR");
      w.write("USER dave@example.test\r\n");
      assertThat(w.line()).startsWith("+OK");
      w.write("PASS x\r\n");
      assertThat(w.line()).startsWith("+OK Welcome ");
    }
  }

  @Test
  void imapsGreetsOverTlsAndDoesNotOfferStartTls() throws IOException {
    try (Wire w = Wire.tls(server.imapsPort())) {
      assertThat(w.line()).startsWith("* OK [CAPABILITY IMAP4rev1").doesNotContain("STARTTLS");
      w.write("a CAPABILITY\r\n");
      List<String> caps = w.until(l -> l.startsWith("a "));
      assertThat(caps.get(0)).startsWith("* CAPABILITY ").doesNotContain("STARTTLS");
      assertThat(caps.get(1)).startsWith("a OK");
      w.write("b STARTTLS\r\n");
      assertThat(w.line()).startsWith("b BAD");
      w.write("c LOGIN dave@example.test x\r\n");
      assertThat(w.line()).startsWith("c OK");
    }
  }

  @Test
  void plainTextOnAnImplicitPortClosesOnlyThatConnection() throws IOException {
    int[] ports = {server.smtpsPort(), server.pop3sPort(), server.imapsPort()};
    try (Wire smtps = Wire.tls(server.smtpsPort());
        Wire pop3s = Wire.tls(server.pop3sPort());
        Wire imaps = Wire.tls(server.imapsPort())) {
      assertThat(smtps.line()).startsWith("220 ");
      assertThat(pop3s.line()).startsWith("+OK ");
      assertThat(imaps.line()).startsWith("* OK ");
      for (int port : ports) {
        try (Socket plain = new Socket(server.smtpHost(), port)) {
          plain.setSoTimeout(Wire.READ_TIMEOUT_MILLIS);
          OutputStream out = plain.getOutputStream();
          out.write(
              "EHLO client.example.test\r\nUSER x\r\na CAPABILITY\r\n"
                  .getBytes(StandardCharsets.US_ASCII));
          out.flush();
          // no plain-text greeting or reply: only TLS alert records (content type 21), then the
          // end of the stream
          byte[] answer = plain.getInputStream().readAllBytes();
          assertThat(answer).isNotEmpty();
          assertThat(answer[0]).isEqualTo((byte) 21);
          assertThat(new String(answer, StandardCharsets.US_ASCII))
              .doesNotContain("220")
              .doesNotContain("OK");
        }
      }
      smtps.write("NOOP\r\n");
      assertThat(smtps.line()).startsWith("250 ");
      pop3s.write("CAPA\r\n");
      assertThat(pop3s.line()).startsWith("+OK");
      imaps.write("a NOOP\r\n");
      assertThat(imaps.line()).startsWith("a OK");
    }
    try (Wire again = Wire.tls(server.smtpsPort())) {
      assertThat(again.line()).startsWith("220 ");
    }
  }

  @Test
  void implicitPortsAreReportedOnlyWhenServed() {
    assertThat(server.smtpsHost()).isEqualTo("127.0.0.1");
    assertThat(server.toString()).contains("smtps=127.0.0.1:" + server.smtpsPort());
    try (FakeMailServer plain = FakeMailServer.start()) {
      assertThatThrownBy(plain::imapsPort)
          .isInstanceOf(IllegalStateException.class)
          .hasMessage(
              "IMAPS is not enabled on this server; enable it with FakeMailConfig.builder()"
                  + ".protocols(Protocol.SMTP, Protocol.POP3, Protocol.IMAP, Protocol.IMAPS)");
      assertThatThrownBy(() -> plain.tls().mailProperties(Protocol.SMTP, TlsMode.IMPLICIT))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("This server does not serve SMTP with implicit TLS");
    }
  }

  private static List<String> subjects(Properties props, String user) throws Exception {
    List<String> subjects = new ArrayList<>();
    try (Store store = Session.getInstance(props).getStore()) {
      store.connect(user, "any");
      Folder inbox = store.getFolder("INBOX");
      inbox.open(Folder.READ_ONLY);
      for (jakarta.mail.Message m : inbox.getMessages()) {
        subjects.add(m.getSubject());
      }
      inbox.close(false);
    }
    return subjects;
  }

  /** A line-at-a-time client over a TLS socket that trusts the server through server.tls(). */
  private static final class Wire implements AutoCloseable {
    static final int READ_TIMEOUT_MILLIS = 5_000;
    private final SSLSocket socket;
    private final BufferedReader in;

    private Wire(SSLSocket socket) throws IOException {
      this.socket = socket;
      this.in =
          new BufferedReader(
              new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
    }

    static Wire tls(int port) throws IOException {
      SSLSocket socket =
          (SSLSocket) server.tls().socketFactory().createSocket(server.smtpHost(), port);
      socket.setSoTimeout(READ_TIMEOUT_MILLIS);
      socket.startHandshake();
      return new Wire(socket);
    }

    String line() throws IOException {
      String line = in.readLine();
      if (line == null) {
        throw new UncheckedIOException(new IOException("connection closed"));
      }
      return line;
    }

    List<String> until(Predicate<String> last) throws IOException {
      List<String> lines = new ArrayList<>();
      String line;
      do {
        line = line();
        lines.add(line);
      } while (!last.test(line));
      return lines;
    }

    void write(String text) throws IOException {
      socket.getOutputStream().write(text.getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }
}
