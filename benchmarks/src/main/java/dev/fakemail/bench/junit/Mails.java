package dev.fakemail.bench.junit;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.util.Properties;

/** What the code under test does in row 2: send one plain-text mail with Jakarta Mail. */
final class Mails {
  static final String FROM = "app@example.test";
  static final String TO = "bob@example.test";

  private Mails() {}

  /** A new session per mail (as an app configured per test would), then {@code Transport.send}. */
  static void send(String host, int port, String subject) throws MessagingException {
    Properties props = new Properties();
    props.put("mail.smtp.host", host);
    props.put("mail.smtp.port", Integer.toString(port));
    props.put("mail.smtp.connectiontimeout", "5000");
    props.put("mail.smtp.timeout", "5000");
    Session session = Session.getInstance(props);
    MimeMessage message = new MimeMessage(session);
    message.setFrom(new InternetAddress(FROM));
    message.setRecipient(Message.RecipientType.TO, new InternetAddress(TO));
    message.setSubject(subject);
    message.setText("Hello from the per-test cost benchmark.");
    Transport.send(message);
  }
}
