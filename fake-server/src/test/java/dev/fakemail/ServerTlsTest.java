package dev.fakemail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fakemail.internal.net.Transport;
import dev.fakemail.internal.net.tls.CertificateMaterial;
import dev.fakemail.internal.net.tls.SelfSignedCertificates;
import dev.fakemail.internal.net.tls.ServerTlsContext;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The client trust view against a real TLS listener that presents the generated certificate. */
class ServerTlsTest {
  private final CertificateMaterial material = SelfSignedCertificates.forHostname("localhost");
  private Transport transport;
  private int port;

  @BeforeEach
  void startGreeter() throws Exception {
    ServerTlsContext server = ServerTlsContext.build(material);
    transport = new Transport(1, "tls-test");
    Channel ch =
        transport.bind(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
            new ChannelInitializer<Channel>() {
              @Override
              protected void initChannel(Channel c) {
                c.pipeline().addLast(server.newHandler(c, Duration.ofSeconds(10)));
                c.pipeline()
                    .addLast(
                        new ChannelInboundHandlerAdapter() {
                          @Override
                          public void exceptionCaught(ChannelHandlerContext ctx, Throwable e) {
                            ctx.close(); // the untrusting client's alert: expected, not logged
                          }

                          @Override
                          public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
                            if (evt instanceof SslHandshakeCompletionEvent
                                && ((SslHandshakeCompletionEvent) evt).isSuccess()) {
                              ctx.writeAndFlush(
                                  Unpooled.copiedBuffer("hello\r\n", StandardCharsets.US_ASCII));
                            }
                          }
                        });
              }
            });
    port = ((InetSocketAddress) ch.localAddress()).getPort();
  }

  @AfterEach
  void stop() {
    transport.close();
  }

  private ServerTls tls() {
    return new ServerTls(
        "127.0.0.1",
        Map.of(Protocol.SMTP, 25, Protocol.IMAP, 143),
        Map.of(Protocol.SMTP, 465),
        material);
  }

  @Test
  void socketFactoryTrustsTheServerWithHostnameVerification() throws Exception {
    for (String host : new String[] {"127.0.0.1", "localhost"}) {
      try (SSLSocket socket = (SSLSocket) tls().socketFactory().createSocket(host, port)) {
        SSLParameters params = socket.getSSLParameters();
        params.setEndpointIdentificationAlgorithm("HTTPS");
        socket.setSSLParameters(params);
        socket.startHandshake();
        assertThat(socket.getSession().getProtocol()).isEqualTo("TLSv1.3");
        assertThat(new String(socket.getInputStream().readNBytes(7), StandardCharsets.US_ASCII))
            .isEqualTo("hello\r\n");
      }
    }
  }

  @Test
  void theJdkDefaultsDoNotTrustIt() throws Exception {
    try (SSLSocket socket =
        (SSLSocket) SSLContext.getDefault().getSocketFactory().createSocket("127.0.0.1", port)) {
      assertThatThrownBy(socket::startHandshake).isInstanceOf(SSLHandshakeException.class);
    }
  }

  @Test
  void pemAndTrustStoreHoldTheCertificate() throws Exception {
    String pem = tls().certificatePem();
    assertThat(pem)
        .startsWith("-----BEGIN CERTIFICATE-----\n")
        .endsWith("-----END CERTIFICATE-----\n");
    try (InputStream in = new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII))) {
      assertThat(CertificateFactory.getInstance("X.509").generateCertificate(in))
          .isEqualTo(material.leaf());
    }
    KeyStore store = tls().trustStore();
    assertThat(store.getCertificate("fakemail")).isEqualTo(material.leaf());
    assertThat(tls().trustStore()).isNotSameAs(store);
  }

  @Test
  void mailPropertiesForStartTlsAndImplicit() {
    Properties starttls = tls().mailProperties(Protocol.SMTP, TlsMode.STARTTLS);
    assertThat(starttls)
        .containsEntry("mail.transport.protocol", "smtp")
        .containsEntry("mail.smtp.host", "127.0.0.1")
        .containsEntry("mail.smtp.port", "25")
        .containsEntry("mail.smtp.starttls.enable", "true")
        .containsEntry("mail.smtp.starttls.required", "true")
        .containsEntry("mail.smtp.ssl.checkserveridentity", "true")
        .doesNotContainKey("mail.smtp.ssl.enable");
    assertThat(starttls.get("mail.smtp.ssl.socketFactory"))
        .isInstanceOf(javax.net.ssl.SSLSocketFactory.class);
    Properties implicit = tls().mailProperties(Protocol.SMTP, TlsMode.IMPLICIT);
    assertThat(implicit)
        .containsEntry("mail.smtp.port", "465")
        .containsEntry("mail.smtp.ssl.enable", "true")
        .doesNotContainKey("mail.smtp.starttls.enable");
    assertThat(tls().mailProperties(Protocol.IMAP, TlsMode.STARTTLS))
        .containsEntry("mail.store.protocol", "imap")
        .containsEntry("mail.imap.port", "143");
  }

  @Test
  void mailPropertiesExplainWhatIsNotServed() {
    assertThatThrownBy(() -> tls().mailProperties(Protocol.POP3, TlsMode.STARTTLS))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("This server does not serve POP3 with STARTTLS");
    assertThatThrownBy(() -> tls().mailProperties(Protocol.IMAP, TlsMode.IMPLICIT))
        .hasMessage("This server does not serve IMAP with implicit TLS");
    assertThatThrownBy(() -> tls().mailProperties(Protocol.LMTP, TlsMode.STARTTLS))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("No Jakarta Mail TLS properties for LMTP: use SMTP, POP3 or IMAP");
  }

  @Test
  void serverTlsIsOnePerServerAndPresentsTheServersCertificate() {
    try (FakeMailServer server = FakeMailServer.start()) {
      assertThat(server.tls()).isSameAs(server.tls());
      assertThat(server.tls().trustStore()).isNotNull();
      assertThat(server.tls().certificatePem()).isEqualTo(tls().certificatePem());
    }
  }
}
