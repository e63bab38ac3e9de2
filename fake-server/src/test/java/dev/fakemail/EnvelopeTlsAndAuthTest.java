package dev.fakemail;

import static dev.fakemail.MailFilter.subject;
import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link Envelope#tls()} and {@link Envelope#authMechanism()} as Angus Mail produces them over
 * STARTTLS, SMTPS and plain SMTP, trusted through {@code server.tls().mailProperties(…)} only; the
 * recorded protocol and cipher suite are the ones the client's own {@link SSLSocket} negotiated.
 */
class EnvelopeTlsAndAuthTest {
  private static FakeMailServer server;

  @BeforeAll
  static void start() {
    server =
        FakeMailServer.start(
            FakeMailConfig.builder()
                .protocols(Protocol.SMTP, Protocol.SMTPS, Protocol.LMTP)
                .build());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @BeforeEach
  void clear() {
    server.inbox().clear();
    server.clearMailboxes();
  }

  @ParameterizedTest
  @EnumSource(TlsMode.class)
  void recordsTheModeProtocolAndCipherSuiteTheClientNegotiatedWithoutAuth(TlsMode mode)
      throws Exception {
    Client client = new Client(mode);
    client.send("no auth " + mode, null, null);

    Envelope envelope = server.inbox().awaitMessage(subject("no auth " + mode)).envelope();
    SSLSession negotiated = client.negotiated();
    assertThat(envelope.wasSentOverTls()).isTrue();
    assertThat(envelope.tls())
        .hasValue(Envelope.Tls.of(mode, negotiated.getProtocol(), negotiated.getCipherSuite()));
    assertThat(envelope.tls().orElseThrow().protocol()).startsWith("TLSv1.");
    assertThat(envelope.authenticatedUser()).isEmpty();
    assertThat(envelope.authMechanism()).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({"STARTTLS, PLAIN", "STARTTLS, LOGIN", "IMPLICIT, PLAIN", "IMPLICIT, LOGIN"})
  void recordsTheUserAndTheMechanismOverTls(TlsMode mode, String mechanism) throws Exception {
    Client client = new Client(mode);
    String title = mechanism + " over " + mode;
    client.send(title, "Bob.Smith@Example.test", mechanism);

    Envelope envelope = server.inbox().awaitMessage(subject(title)).envelope();
    SSLSession negotiated = client.negotiated();
    assertThat(envelope.tls())
        .hasValue(Envelope.Tls.of(mode, negotiated.getProtocol(), negotiated.getCipherSuite()));
    assertThat(envelope.authenticatedUser()).as("as sent").hasValue("Bob.Smith@Example.test");
    assertThat(envelope.authMechanism()).hasValue(mechanism);
  }

  @Test
  void recordsTheProtocolVersionTheClientChose() throws Exception {
    Client client = new Client(TlsMode.STARTTLS, "mail.smtp.ssl.protocols", "TLSv1.2");
    client.send("TLS 1.2", null, null);

    Envelope envelope = server.inbox().awaitMessage(subject("TLS 1.2")).envelope();
    assertThat(client.negotiated().getProtocol()).isEqualTo("TLSv1.2");
    assertThat(envelope.tls())
        .hasValue(
            Envelope.Tls.of(TlsMode.STARTTLS, "TLSv1.2", client.negotiated().getCipherSuite()));
  }

  @Test
  void plainSmtpHasNoTlsButKeepsTheMechanism() throws Exception {
    Session session =
        AngusClient.session(server, "mail.smtp.auth", "true", "mail.smtp.auth.mechanisms", "LOGIN");
    MimeMessage m =
        AngusClient.message(session, "shop@example.test", "bob@example.test", "plain", "hi");
    try (Transport t = session.getTransport("smtp")) {
      t.connect("carol", "pw");
      t.sendMessage(m, m.getAllRecipients());
    }
    Envelope envelope = server.inbox().awaitMessage(subject("plain")).envelope();
    assertThat(envelope.tls()).isEmpty();
    assertThat(envelope.wasSentOverTls()).isFalse();
    assertThat(envelope.authenticatedUser()).hasValue("carol");
    assertThat(envelope.authMechanism()).hasValue("LOGIN");
  }

  @Test
  void aMechanismTypedInLowerCaseIsRecordedInUpperCase() {
    try (SmtpWire smtp = SmtpWire.connect(server)) {
      assertThat(smtp.send("EHLO client.example.test")).startsWith("250");
      String plain = "\0dave\0pw";
      assertThat(
              smtp.send(
                  "AUTH plain "
                      + java.util.Base64.getEncoder()
                          .encodeToString(plain.getBytes(StandardCharsets.UTF_8))))
          .startsWith("235 ");
      assertThat(smtp.send("MAIL FROM:<a@example.test>")).startsWith("250 ");
      assertThat(smtp.send("RCPT TO:<b@example.test>")).startsWith("250 ");
      assertThat(smtp.send("DATA")).startsWith("354 ");
      assertThat(smtp.send("Subject: lower\r\n\r\nhi\r\n.")).startsWith("250 ");
    }
    Envelope envelope = server.inbox().awaitMessage(subject("lower")).envelope();
    assertThat(envelope.authenticatedUser()).hasValue("dave");
    assertThat(envelope.authMechanism()).hasValue("PLAIN");
    assertThat(envelope.tls()).isEmpty();
  }

  @Test
  void everyMessageOfATlsConnectionIsRecordedAsSentOverTls() throws Exception {
    Client client = new Client(TlsMode.STARTTLS);
    Session session = client.session(null);
    try (Transport t = session.getTransport("smtp")) {
      t.connect();
      for (String s : List.of("first", "second")) {
        MimeMessage m = AngusClient.message(session, "a@example.test", "b@example.test", s, "x");
        t.sendMessage(m, m.getAllRecipients());
      }
    }
    for (String s : List.of("first", "second")) {
      assertThat(server.inbox().awaitMessage(subject(s)).envelope().tls())
          .map(Envelope.Tls::mode)
          .hasValue(TlsMode.STARTTLS);
    }
  }

  @Test
  void anAuthBeforeStartTlsIsForgottenAndMustBeRepeated() {
    try (SmtpWire plain = SmtpWire.connect(server)) {
      assertThat(plain.send("EHLO client.example.test")).startsWith("250");
      assertThat(plain.send("AUTH PLAIN " + plain("bob"))).startsWith("235 ");
      assertThat(plain.send("STARTTLS")).startsWith("220 ");
      try (SmtpWire tls = plain.startTls(server.tls().socketFactory(), "localhost")) {
        assertThat(tls.send("EHLO client.example.test")).startsWith("250");
        // RFC 3207 §4.2: what the client said in plain text is forgotten, AUTH included
        assertThat(tls.send("AUTH PLAIN " + plain("carol"))).startsWith("235 ");
        assertThat(tls.send("MAIL FROM:<a@example.test>")).startsWith("250 ");
        assertThat(tls.send("RCPT TO:<b@example.test>")).startsWith("250 ");
        assertThat(tls.send("DATA")).startsWith("354 ");
        assertThat(tls.send("Subject: re-auth\r\n\r\nhi\r\n.")).startsWith("250 ");
      }
    }
    Envelope envelope = server.inbox().awaitMessage(subject("re-auth")).envelope();
    assertThat(envelope.authenticatedUser()).hasValue("carol");
    assertThat(envelope.tls()).map(Envelope.Tls::mode).hasValue(TlsMode.STARTTLS);
  }

  @Test
  void plainTextAuthDoesNotCarryOverStartTls() {
    try (SmtpWire plain = SmtpWire.connect(server)) {
      assertThat(plain.send("EHLO client.example.test")).startsWith("250");
      assertThat(plain.send("AUTH PLAIN " + plain("bob"))).startsWith("235 ");
      assertThat(plain.send("STARTTLS")).startsWith("220 ");
      try (SmtpWire tls = plain.startTls(server.tls().socketFactory(), "localhost")) {
        assertThat(tls.send("EHLO client.example.test")).startsWith("250");
        assertThat(tls.send("MAIL FROM:<a@example.test>")).startsWith("250 ");
        assertThat(tls.send("RCPT TO:<b@example.test>")).startsWith("250 ");
        assertThat(tls.send("DATA")).startsWith("354 ");
        assertThat(tls.send("Subject: no re-auth\r\n\r\nhi\r\n.")).startsWith("250 ");
      }
    }
    Envelope envelope = server.inbox().awaitMessage(subject("no re-auth")).envelope();
    assertThat(envelope.wasSentOverTls()).isTrue();
    assertThat(envelope.authenticatedUser()).isEmpty();
    assertThat(envelope.authMechanism()).isEmpty();
  }

  private static String plain(String user) {
    return java.util.Base64.getEncoder()
        .encodeToString(("\0" + user + "\0pw").getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void lmtpAndSeededMailHaveNeitherTlsNorAuth() {
    try (SmtpWire lmtp = SmtpWire.lmtp(server)) {
      assertThat(lmtp.send("LHLO mta.example.test")).startsWith("250");
      assertThat(lmtp.send("MAIL FROM:<a@example.test>")).startsWith("250 ");
      assertThat(lmtp.send("RCPT TO:<lmtp@example.test>")).startsWith("250 ");
      assertThat(lmtp.send("DATA")).startsWith("354 ");
      lmtp.write("Subject: by LMTP\r\n\r\nhi\r\n.\r\n");
      assertThat(lmtp.reply()).startsWith("250 ");
    }
    Envelope lmtp = server.inbox().awaitMessage(subject("by LMTP")).envelope();
    assertThat(lmtp.tls()).isEmpty();
    assertThat(lmtp.authenticatedUser()).isEmpty();
    assertThat(lmtp.authMechanism()).isEmpty();

    Envelope seeded =
        server
            .deliver(
                "seed@example.test", "Subject: seeded\r\n\r\n".getBytes(StandardCharsets.UTF_8))
            .envelope();
    assertThat(seeded.tls()).isEmpty();
    assertThat(seeded.authenticatedUser()).isEmpty();
    assertThat(seeded.authMechanism()).isEmpty();
  }

  /**
   * An Angus session for one mode, from {@code server.tls().mailProperties(…)}, whose socket
   * factory is wrapped to keep the TLS sockets it makes.
   */
  private static final class Client {
    private final TlsMode mode;
    private final String[] extra;
    private final List<SSLSocket> sockets = new CopyOnWriteArrayList<>();

    /** {@code extra}: more property name/value pairs. */
    Client(TlsMode mode, String... extra) {
      this.mode = mode;
      this.extra = extra;
    }

    Session session(String mechanism) {
      Properties props = server.tls().mailProperties(Protocol.SMTP, mode);
      props.setProperty("mail.smtp.localhost", AngusClient.CLIENT_NAME);
      props.setProperty("mail.smtp.connectiontimeout", "5000");
      props.setProperty("mail.smtp.timeout", "10000");
      SSLSocketFactory trusting = (SSLSocketFactory) props.get("mail.smtp.ssl.socketFactory");
      props.put("mail.smtp.ssl.socketFactory", new Recording(trusting, sockets));
      for (int i = 0; i < extra.length; i += 2) {
        props.setProperty(extra[i], extra[i + 1]);
      }
      if (mechanism != null) {
        props.setProperty("mail.smtp.auth", "true");
        props.setProperty("mail.smtp.auth.mechanisms", mechanism);
      }
      return Session.getInstance(props);
    }

    void send(String subject, String user, String mechanism) throws Exception {
      Session session = session(mechanism);
      MimeMessage m =
          AngusClient.message(session, "shop@example.test", "bob@example.test", subject, "hi");
      try (Transport t = session.getTransport("smtp")) {
        if (user == null) {
          t.connect();
        } else {
          t.connect(user, "any password");
        }
        t.sendMessage(m, m.getAllRecipients());
      }
    }

    /** The session of the one TLS socket the client made (still readable once it is closed). */
    SSLSession negotiated() {
      assertThat(sockets).as("TLS sockets the client made").hasSize(1);
      return sockets.get(0).getSession();
    }
  }

  /** Delegates to the trusting factory and keeps every TLS socket it makes. */
  private static final class Recording extends SSLSocketFactory {
    private final SSLSocketFactory delegate;
    private final List<SSLSocket> sockets;

    Recording(SSLSocketFactory delegate, List<SSLSocket> sockets) {
      this.delegate = delegate;
      this.sockets = sockets;
    }

    private Socket keep(Socket s) {
      if (s instanceof SSLSocket) {
        sockets.add((SSLSocket) s);
      }
      return s;
    }

    @Override
    public String[] getDefaultCipherSuites() {
      return delegate.getDefaultCipherSuites();
    }

    @Override
    public String[] getSupportedCipherSuites() {
      return delegate.getSupportedCipherSuites();
    }

    @Override
    public Socket createSocket() throws IOException {
      return keep(delegate.createSocket());
    }

    @Override
    public Socket createSocket(Socket s, String host, int port, boolean autoClose)
        throws IOException {
      return keep(delegate.createSocket(s, host, port, autoClose));
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
      return keep(delegate.createSocket(host, port));
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort)
        throws IOException {
      return keep(delegate.createSocket(host, port, localHost, localPort));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
      return keep(delegate.createSocket(host, port));
    }

    @Override
    public Socket createSocket(
        InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
      return keep(delegate.createSocket(address, port, localAddress, localPort));
    }
  }
}
