package dev.fakemail;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Properties;

/** Jakarta Mail (Angus) sessions pointed at a test server, and what they put on the wire. */
final class AngusClient {
  static final String CLIENT_NAME = "client.example.test";

  private AngusClient() {}

  /** A session for the server; {@code extra} are property name/value pairs. */
  static Session session(FakeMailServer server, String... extra) {
    return session(server.smtpHost(), server.smtpPort(), extra);
  }

  /** A session for the SMTP server at {@code host:port}; {@code extra} as above. */
  static Session session(String host, int port, String... extra) {
    Properties p = new Properties();
    p.put("mail.smtp.host", host);
    p.put("mail.smtp.port", Integer.toString(port));
    p.put("mail.smtp.localhost", CLIENT_NAME);
    p.put("mail.smtp.connectiontimeout", "5000");
    p.put("mail.smtp.timeout", "10000");
    for (int i = 0; i < extra.length; i += 2) {
      p.put(extra[i], extra[i + 1]);
    }
    return Session.getInstance(p);
  }

  /** A plain-text message, ready to send. */
  static MimeMessage message(Session session, String from, String to, String subject, String text)
      throws MessagingException {
    MimeMessage m = new MimeMessage(session);
    m.setFrom(new InternetAddress(from));
    m.setRecipients(Message.RecipientType.TO, InternetAddress.parse(to));
    m.setSubject(subject, "UTF-8");
    m.setText(text, "UTF-8");
    m.saveChanges();
    return m;
  }

  /** Sends over a fresh connection (the message must have been saved: no new Message-ID). */
  static void send(Session session, MimeMessage message) throws MessagingException {
    try (Transport t = session.getTransport("smtp")) {
      t.connect();
      t.sendMessage(message, message.getAllRecipients());
    }
  }

  /**
   * The bytes Angus sends as DATA content for this message, before dot-stuffing: the message as
   * {@link MimeMessage#writeTo(java.io.OutputStream, String[])} writes it without the headers that
   * SMTP transports leave out (Bcc, Content-Length), followed by a CRLF if it does not end with one
   * (Angus ends the content with a line break before the final dot). The caller makes sure every
   * line already ends with CRLF (Angus would turn bare LFs into CRLF on the wire); this is checked.
   */
  static byte[] wireBytes(MimeMessage message) throws MessagingException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      message.writeTo(out, new String[] {"Bcc", "Content-Length"});
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    byte[] bytes = out.toByteArray();
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == '\n' && (i == 0 || bytes[i - 1] != '\r')) {
        throw new AssertionError("The test message has a bare LF at byte " + i);
      }
      if (bytes[i] == '\r' && (i + 1 == bytes.length || bytes[i + 1] != '\n')) {
        throw new AssertionError("The test message has a bare CR at byte " + i);
      }
    }
    if (bytes.length > 0 && bytes[bytes.length - 1] != '\n') {
      out.write('\r');
      out.write('\n');
      bytes = out.toByteArray();
    }
    return bytes;
  }
}
