package dev.fakemail.internal.cli;

import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/** Sends and reads test mail with Angus Mail. */
final class Smtp {
  private Smtp() {}

  /** The subjects in the mailbox of {@code user}, read with Angus's POP3 store. */
  static List<String> pop3Subjects(int port, String user, String password)
      throws MessagingException {
    return subjects("pop3", port, user, password);
  }

  /** The subjects in the INBOX of {@code user}, read with Angus's IMAP store. */
  static List<String> imapSubjects(int port, String user, String password)
      throws MessagingException {
    return subjects("imap", port, user, password);
  }

  private static List<String> subjects(String protocol, int port, String user, String password)
      throws MessagingException {
    Properties props = new Properties();
    props.setProperty("mail." + protocol + ".host", "127.0.0.1");
    props.setProperty("mail." + protocol + ".port", Integer.toString(port));
    props.setProperty("mail." + protocol + ".connectiontimeout", "5000");
    props.setProperty("mail." + protocol + ".timeout", "5000");
    try (Store store = Session.getInstance(props).getStore(protocol)) {
      store.connect(user, password);
      Folder inbox = store.getFolder("INBOX");
      inbox.open(Folder.READ_ONLY);
      List<String> subjects = new ArrayList<>();
      for (Message m : inbox.getMessages()) {
        subjects.add(m.getSubject());
      }
      inbox.close(false);
      return subjects;
    }
  }

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
