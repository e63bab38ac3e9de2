package dev.fakemail.internal.http.web;

import jakarta.activation.DataHandler;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;

/** Builds messages with Jakarta Mail (Angus) and sends them to a test server over real SMTP. */
final class TestMails {
  static final String CLIENT_NAME = "app.example.test";

  private final Session session;

  TestMails(String smtpHost, int smtpPort) {
    Properties p = new Properties();
    p.put("mail.smtp.host", smtpHost);
    p.put("mail.smtp.port", Integer.toString(smtpPort));
    p.put("mail.smtp.localhost", CLIENT_NAME);
    p.put("mail.smtp.connectiontimeout", "5000");
    p.put("mail.smtp.timeout", "10000");
    this.session = Session.getInstance(p);
  }

  /** An attachment: file name, content type and bytes. */
  record Part(String name, String contentType, byte[] bytes) {}

  /** A message under construction; {@link #send()} delivers it. */
  final class Builder {
    private String from = "noreply@shop.test";
    private final List<String> to = new ArrayList<>();
    private final List<String> cc = new ArrayList<>();
    private final List<String> bcc = new ArrayList<>();
    private String subject = "";
    private String text;
    private String html;
    private final List<Part> attachments = new ArrayList<>();

    Builder from(String address) {
      this.from = address;
      return this;
    }

    Builder to(String... addresses) {
      to.addAll(Arrays.asList(addresses));
      return this;
    }

    Builder cc(String... addresses) {
      cc.addAll(Arrays.asList(addresses));
      return this;
    }

    /** Envelope-only recipients: Jakarta Mail leaves the Bcc header off the wire. */
    Builder bcc(String... addresses) {
      bcc.addAll(Arrays.asList(addresses));
      return this;
    }

    Builder subject(String subject) {
      this.subject = subject;
      return this;
    }

    Builder text(String text) {
      this.text = text;
      return this;
    }

    Builder html(String html) {
      this.html = html;
      return this;
    }

    Builder attach(String name, String contentType, byte[] bytes) {
      attachments.add(new Part(name, contentType, bytes));
      return this;
    }

    MimeMessage build() throws MessagingException {
      MimeMessage m = new MimeMessage(session);
      m.setFrom(new InternetAddress(from));
      m.setRecipients(Message.RecipientType.TO, InternetAddress.parse(String.join(",", to)));
      if (!cc.isEmpty()) {
        m.setRecipients(Message.RecipientType.CC, InternetAddress.parse(String.join(",", cc)));
      }
      if (!bcc.isEmpty()) {
        m.setRecipients(Message.RecipientType.BCC, InternetAddress.parse(String.join(",", bcc)));
      }
      m.setSubject(subject, "UTF-8");
      if (attachments.isEmpty()) {
        if (text != null && html != null) {
          m.setContent(alternative());
        } else if (html != null) {
          m.setText(html, "UTF-8", "html");
        } else {
          m.setText(text == null ? "" : text, "UTF-8");
        }
      } else {
        MimeMultipart mixed = new MimeMultipart("mixed");
        mixed.addBodyPart(body());
        for (Part a : attachments) {
          MimeBodyPart part = new MimeBodyPart();
          part.setDataHandler(new DataHandler(new ByteArrayDataSource(a.bytes(), a.contentType())));
          part.setFileName(a.name());
          part.setDisposition(MimeBodyPart.ATTACHMENT);
          mixed.addBodyPart(part);
        }
        m.setContent(mixed);
      }
      m.saveChanges();
      return m;
    }

    private MimeBodyPart body() throws MessagingException {
      MimeBodyPart part = new MimeBodyPart();
      if (text != null && html != null) {
        part.setContent(alternative());
      } else if (html != null) {
        part.setText(html, "UTF-8", "html");
      } else {
        part.setText(text == null ? "" : text, "UTF-8");
      }
      return part;
    }

    private MimeMultipart alternative() throws MessagingException {
      MimeMultipart alternative = new MimeMultipart("alternative");
      MimeBodyPart plain = new MimeBodyPart();
      plain.setText(text, "UTF-8");
      MimeBodyPart rich = new MimeBodyPart();
      rich.setText(html, "UTF-8", "html");
      alternative.addBodyPart(plain);
      alternative.addBodyPart(rich);
      return alternative;
    }

    /** Sends it over a fresh SMTP connection to every To, Cc and Bcc recipient. */
    void send() throws MessagingException {
      MimeMessage m = build();
      try (Transport t = session.getTransport("smtp")) {
        t.connect();
        t.sendMessage(m, m.getAllRecipients());
      }
    }
  }

  Builder message() {
    return new Builder();
  }
}
