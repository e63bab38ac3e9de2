package dev.fakemail;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class SmokeTest {
  @Test
  void sendsAndAwaits() throws Exception {
    try (FakeMailServer server = FakeMailServer.start()) {
      Properties p = new Properties();
      p.put("mail.smtp.host", server.smtpHost());
      p.put("mail.smtp.port", String.valueOf(server.smtpPort()));
      Session session = Session.getInstance(p);
      MimeMessage m = new MimeMessage(session);
      m.setFrom(new InternetAddress("noreply@shop.test"));
      m.setRecipient(Message.RecipientType.TO, new InternetAddress("bob@example.test"));
      m.setSubject("Welcome, Bob — 환영합니다", "UTF-8");
      m.setText("Hello Bob\n.dot line\n", "UTF-8");
      Transport.send(m);
      ReceivedMail mail = server.inbox().awaitMessage(MailFilter.to("bob@example.test"));
      System.out.println(mail + "\n" + new String(mail.raw()));
      assertThat(mail.subject()).isEqualTo("Welcome, Bob — 환영합니다");
      assertThat(mail.text()).contains("Hello Bob\n.dot line\n");
      try {
        server
            .inbox()
            .awaitMessage(
                MailFilter.to("alice@example.test").and(MailFilter.subjectContains("Receipt")),
                java.time.Duration.ofMillis(100));
      } catch (MailNotReceivedError e) {
        System.out.println(e.getMessage());
      }
    }
  }
}
