package dev.fakemail.testsupport;

import dev.fakemail.FakeMailServer;
import dev.fakemail.Protocol;
import dev.fakemail.TlsMode;
import jakarta.activation.DataHandler;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.eclipse.angus.mail.smtp.SMTPMessage;

/**
 * A message sent with Angus Mail over a real SMTP connection: built field by field, or from raw RFC
 * 5322 text that is sent byte for byte.
 */
public final class TestMail {
  private String from = "noreply@shop.test";
  private String envelopeFrom;
  private final List<String> to = new ArrayList<>();
  private final List<String> cc = new ArrayList<>();
  private final List<String> bcc = new ArrayList<>();
  private String subject = "";
  private String text;
  private String html;
  private final Map<String, String> headers = new LinkedHashMap<>();
  private final List<MimeBodyPart> attachments = new ArrayList<>();
  private boolean startTls;
  private String user;
  private String mechanism;

  private TestMail() {}

  /** A message to these recipients (RFC 5322 addresses, display names allowed). */
  public static TestMail to(String... recipients) {
    TestMail mail = new TestMail();
    mail.to.addAll(List.of(recipients));
    return mail;
  }

  public TestMail from(String from) {
    this.from = from;
    return this;
  }

  /** The MAIL FROM address; by default the client uses the From address. */
  public TestMail envelopeFrom(String envelopeFrom) {
    this.envelopeFrom = envelopeFrom;
    return this;
  }

  public TestMail cc(String... recipients) {
    cc.addAll(List.of(recipients));
    return this;
  }

  public TestMail bcc(String... recipients) {
    bcc.addAll(List.of(recipients));
    return this;
  }

  public TestMail subject(String subject) {
    this.subject = subject;
    return this;
  }

  public TestMail text(String text) {
    this.text = text;
    return this;
  }

  public TestMail html(String html) {
    this.html = html;
    return this;
  }

  public TestMail header(String name, String value) {
    headers.put(name, value);
    return this;
  }

  public TestMail attach(String name, String contentType, byte[] content) {
    return attach(name, contentType, content, Part.ATTACHMENT);
  }

  public TestMail attachInline(String name, String contentType, byte[] content) {
    return attach(name, contentType, content, Part.INLINE);
  }

  private TestMail attach(String name, String contentType, byte[] content, String disposition) {
    try {
      MimeBodyPart part = new MimeBodyPart();
      part.setDataHandler(new DataHandler(new ByteArrayDataSource(content, contentType)));
      part.setFileName(name);
      part.setDisposition(disposition);
      attachments.add(part);
      return this;
    } catch (MessagingException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Sends over STARTTLS (required), trusting the server through {@code server.tls()}; only with
   * {@link #sendTo(FakeMailServer)}.
   */
  public TestMail overStartTls() {
    this.startTls = true;
    return this;
  }

  /** Authenticates with SMTP AUTH as {@code user}, with this mechanism (any password). */
  public TestMail authenticatedAs(String user, String mechanism) {
    this.user = user;
    this.mechanism = mechanism;
    return this;
  }

  /** Sends the message to the server's SMTP port. */
  public void sendTo(FakeMailServer server) {
    if (startTls) {
      Properties props = server.tls().mailProperties(Protocol.SMTP, TlsMode.STARTTLS);
      props.setProperty("mail.smtp.localhost", "client.test");
      props.setProperty("mail.smtp.connectiontimeout", "10000");
      props.setProperty("mail.smtp.timeout", "10000");
      send(Session.getInstance(props), server.smtpHost() + ":" + server.smtpPort());
    } else {
      sendTo(server.smtpHost(), server.smtpPort());
    }
  }

  /** Sends the message to this SMTP host and port. */
  public void sendTo(String host, int port) {
    if (startTls) {
      throw new IllegalStateException("STARTTLS needs the server: use sendTo(server)");
    }
    send(session(host, port), host + ":" + port);
  }

  private void send(Session session, String where) {
    if (user != null) {
      session.getProperties().setProperty("mail.smtp.auth", "true");
      session.getProperties().setProperty("mail.smtp.auth.mechanisms", mechanism);
    }
    try {
      SMTPMessage message = new SMTPMessage(session);
      if (envelopeFrom != null) {
        message.setEnvelopeFrom(envelopeFrom);
      }
      message.setFrom(new InternetAddress(from));
      setRecipients(message, Message.RecipientType.TO, to);
      setRecipients(message, Message.RecipientType.CC, cc);
      setRecipients(message, Message.RecipientType.BCC, bcc);
      message.setSubject(subject, "UTF-8");
      for (Map.Entry<String, String> h : headers.entrySet()) {
        message.addHeader(h.getKey(), h.getValue());
      }
      if (attachments.isEmpty() && (text == null || html == null)) {
        setBody(message);
      } else {
        MimeMultipart mixed = new MimeMultipart("mixed");
        MimeBodyPart body = new MimeBodyPart();
        setBody(body);
        mixed.addBodyPart(body);
        for (MimeBodyPart a : attachments) {
          mixed.addBodyPart(a);
        }
        message.setContent(mixed);
      }
      message.saveChanges();
      try (Transport transport = session.getTransport("smtp")) {
        if (user == null) {
          transport.connect();
        } else {
          transport.connect(user, "any password");
        }
        transport.sendMessage(message, message.getAllRecipients());
      }
    } catch (MessagingException e) {
      throw new IllegalStateException("Could not send " + subject + " to " + where, e);
    }
  }

  private void setBody(Part part) throws MessagingException {
    if (text != null && html != null) {
      MimeMultipart alternative = new MimeMultipart("alternative");
      MimeBodyPart plain = new MimeBodyPart();
      plain.setText(text, "UTF-8");
      MimeBodyPart rich = new MimeBodyPart();
      rich.setText(html, "UTF-8", "html");
      alternative.addBodyPart(plain);
      alternative.addBodyPart(rich);
      part.setContent(alternative);
    } else if (html != null) {
      ((jakarta.mail.internet.MimePart) part).setText(html, "UTF-8", "html");
    } else {
      ((jakarta.mail.internet.MimePart) part).setText(text == null ? "" : text, "UTF-8");
    }
  }

  /**
   * Sends {@code rfc5322} (lines separated by {@code \n}) exactly as written, with this envelope.
   */
  public static void sendRaw(
      FakeMailServer server, String rfc5322, String mailFrom, String... recipients) {
    Session session = session(server.smtpHost(), server.smtpPort());
    session.getProperties().setProperty("mail.smtp.from", mailFrom);
    String crlf = rfc5322.replace("\r\n", "\n").replace("\n", "\r\n");
    try (Transport transport = session.getTransport("smtp")) {
      MimeMessage message =
          new MimeMessage(session, new ByteArrayInputStream(crlf.getBytes(StandardCharsets.UTF_8)));
      InternetAddress[] rcpts = new InternetAddress[recipients.length];
      for (int i = 0; i < recipients.length; i++) {
        rcpts[i] = new InternetAddress(recipients[i]);
      }
      transport.connect();
      transport.sendMessage(message, rcpts); // no saveChanges(): the bytes go out as written
    } catch (MessagingException e) {
      throw new IllegalStateException("Could not send raw message to " + server, e);
    }
  }

  private static void setRecipients(
      MimeMessage message, Message.RecipientType type, List<String> addresses)
      throws MessagingException {
    if (!addresses.isEmpty()) {
      message.setRecipients(type, InternetAddress.parse(String.join(", ", addresses)));
    }
  }

  private static Session session(String host, int port) {
    Properties props = new Properties();
    props.setProperty("mail.smtp.host", host);
    props.setProperty("mail.smtp.port", Integer.toString(port));
    props.setProperty("mail.smtp.localhost", "client.test");
    props.setProperty("mail.smtp.connectiontimeout", "10000");
    props.setProperty("mail.smtp.timeout", "10000");
    return Session.getInstance(props);
  }
}
