package app;

import static dev.fakemail.MailFilter.to;
import static dev.fakemail.assertj.MailAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fakemail.FakeMailServer;
import dev.fakemail.Inbox;
import dev.fakemail.Protocol;
import dev.fakemail.ReceivedMail;
import dev.fakemail.TlsMode;
import dev.fakemail.junit.FakeMailTest;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * FakeMail works in this project, beside its own Netty, Jackson, Guava and BouncyCastle: Jakarta
 * Mail (Angus) sends over STARTTLS and reads back over POP3, and javax.mail 1.6 sends too. Runs on
 * the project's JUnit 5 through the FakeMail extension.
 */
@FakeMailTest
class MailClientsTest {

  @Test
  void jakartaMailSendsOverStartTlsAndReadsBackOverPop3(FakeMailServer server, Inbox inbox)
      throws Exception {
    jakarta.mail.Session session =
        jakarta.mail.Session.getInstance(
            server.tls().mailProperties(Protocol.SMTP, TlsMode.STARTTLS));
    jakarta.mail.internet.MimeMessage message = new jakarta.mail.internet.MimeMessage(session);
    message.setFrom("shop@example.test");
    message.setRecipients(jakarta.mail.Message.RecipientType.TO, "carol@example.test");
    message.setSubject("Jakarta Mail beside Netty 4.2");
    message.setText("sent with jakarta.mail");
    jakarta.mail.Transport.send(message);

    ReceivedMail received = inbox.awaitMessage(to("carol@example.test"));
    assertThat(received)
        .hasSubject("Jakarta Mail beside Netty 4.2")
        .hasFrom("shop@example.test")
        .hasTextBodyContaining("sent with jakarta.mail")
        .wasSentOverTls();

    Properties pop3 = server.tls().mailProperties(Protocol.POP3, TlsMode.STARTTLS);
    jakarta.mail.Store store = jakarta.mail.Session.getInstance(pop3).getStore("pop3");
    store.connect("carol@example.test", "any password");
    try {
      jakarta.mail.Folder folder = store.getFolder("INBOX");
      folder.open(jakarta.mail.Folder.READ_ONLY);
      jakarta.mail.Message[] messages = folder.getMessages();
      assertThat(messages).hasSize(1);
      assertThat(messages[0].getSubject()).isEqualTo("Jakarta Mail beside Netty 4.2");
      folder.close(false);
    } finally {
      store.close();
    }
  }

  @Test
  void javaxMail16Sends(FakeMailServer server, Inbox inbox) throws Exception {
    Properties props = new Properties();
    props.setProperty("mail.smtp.host", server.smtpHost());
    props.setProperty("mail.smtp.port", Integer.toString(server.smtpPort()));
    javax.mail.Session session = javax.mail.Session.getInstance(props);
    javax.mail.internet.MimeMessage message = new javax.mail.internet.MimeMessage(session);
    message.setFrom("legacy@example.test");
    message.setRecipients(javax.mail.Message.RecipientType.TO, "dave@example.test");
    message.setSubject("javax.mail 1.6 still works");
    message.setText("sent with javax.mail");
    javax.mail.Transport.send(message);

    ReceivedMail received = inbox.awaitMessage(to("dave@example.test"));
    assertThat(received)
        .hasSubject("javax.mail 1.6 still works")
        .hasEnvelopeSender("legacy@example.test")
        .hasTextBodyContaining("sent with javax.mail")
        .wasNotSentOverTls();
  }
}
