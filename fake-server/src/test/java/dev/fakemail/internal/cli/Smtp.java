package dev.fakemail.internal.cli;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.util.Properties;

/** Sends test mail with Angus Mail. */
final class Smtp {
  private Smtp() {}

  static void send(int port, String subject) throws MessagingException {
    Properties props = new Properties();
    props.setProperty("mail.smtp.host", "127.0.0.1");
    props.setProperty("mail.smtp.port", Integer.toString(port));
    props.setProperty("mail.smtp.connectiontimeout", "5000");
    props.setProperty("mail.smtp.timeout", "5000");
    Session session = Session.getInstance(props);
    MimeMessage message = new MimeMessage(session);
    message.setFrom(new InternetAddress("sender@example.test"));
    message.setRecipients(Message.RecipientType.TO, "bob@example.test");
    message.setSubject(subject, "UTF-8");
    message.setText("Hello from the standalone test", "UTF-8");
    Transport.send(message);
  }
}
