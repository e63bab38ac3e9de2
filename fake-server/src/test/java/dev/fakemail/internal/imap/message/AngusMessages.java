package dev.fakemail.internal.imap.message;

import jakarta.activation.DataHandler;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimeUtility;
import jakarta.mail.util.ByteArrayDataSource;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.UnsupportedEncodingException;
import java.util.Properties;

/** Messages as Jakarta Mail (Angus) builds them, the shapes applications actually send. */
final class AngusMessages {
  /** The first bytes of a PNG file. */
  static byte[] png() {
    return new byte[] {
      (byte) 0x89,
      'P',
      'N',
      'G',
      '\r',
      '\n',
      0x1a,
      '\n',
      0,
      0,
      0,
      13,
      'I',
      'H',
      'D',
      'R',
      0,
      0,
      0,
      1
    };
  }

  private AngusMessages() {}

  /**
   * multipart/mixed: multipart/alternative (text/plain, multipart/related (text/html, inline PNG by
   * Content-ID)), a PDF attachment with a UTF-8 file name, and a message/rfc822 attachment.
   */
  static byte[] newsletter() {
    try {
      Session session = Session.getInstance(new Properties());
      MimeMessage m = new FixedIdMessage(session, "<newsletter.1@example.org>");
      m.setFrom(new InternetAddress("news@example.org", "Zeitung Köln", "UTF-8"));
      m.setRecipients(Message.RecipientType.TO, InternetAddress.parse("reader@example.net"));
      m.setSubject("Nachrichten für Sie ✓", "UTF-8");
      m.setHeader("Date", "Mon, 2 Jan 2023 09:00:00 +0100"); // not the JVM time zone

      MimeBodyPart text = new MimeBodyPart();
      text.setText("Guten Tag!\nDie Nachrichten.\n", "UTF-8");
      MimeBodyPart html = new MimeBodyPart();
      html.setText("<p>Guten Tag!</p><img src=\"cid:logo@example.org\">", "UTF-8", "html");
      MimeBodyPart logo = new MimeBodyPart();
      logo.setDataHandler(new DataHandler(new ByteArrayDataSource(png(), "image/png")));
      logo.setContentID("<logo@example.org>");
      logo.setDisposition(MimeBodyPart.INLINE);
      logo.setFileName("logo.png");
      MimeMultipart related = new MimeMultipart("related");
      related.addBodyPart(html);
      related.addBodyPart(logo);
      MimeBodyPart relatedPart = new MimeBodyPart();
      relatedPart.setContent(related);
      MimeMultipart alternative = new MimeMultipart("alternative");
      alternative.addBodyPart(text);
      alternative.addBodyPart(relatedPart);
      MimeBodyPart alternativePart = new MimeBodyPart();
      alternativePart.setContent(alternative);

      MimeBodyPart pdf = new MimeBodyPart();
      pdf.setDataHandler(
          new DataHandler(
              new ByteArrayDataSource(
                  "%PDF-1.4\n%âãÏÓ\n".getBytes("ISO-8859-1"), "application/pdf")));
      pdf.setFileName(MimeUtility.encodeText("Rechnung März.pdf", "UTF-8", null));
      pdf.setDisposition(MimeBodyPart.ATTACHMENT);

      MimeMessage attached = new FixedIdMessage(session, "<attached.1@example.org>");
      attached.setFrom(new InternetAddress("orig@example.com"));
      attached.setSubject("Die ursprüngliche Nachricht", "UTF-8");
      attached.setHeader("Date", "Sun, 1 Jan 2023 20:06:40 +0100");
      attached.setText("Original text.\n", "UTF-8");
      attached.saveChanges();
      MimeBodyPart rfc822 = new MimeBodyPart();
      rfc822.setContent(attached, "message/rfc822");
      rfc822.setDisposition(MimeBodyPart.ATTACHMENT);

      MimeMultipart mixed = new MimeMultipart("mixed");
      mixed.addBodyPart(alternativePart);
      mixed.addBodyPart(pdf);
      mixed.addBodyPart(rfc822);
      m.setContent(mixed);
      m.saveChanges();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      m.writeTo(out);
      return out.toByteArray();
    } catch (MessagingException | UnsupportedEncodingException e) {
      throw new IllegalStateException(e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A MimeMessage whose Message-ID is given rather than generated. */
  private static final class FixedIdMessage extends MimeMessage {
    private final String id;

    FixedIdMessage(Session session, String id) {
      super(session);
      this.id = id;
    }

    @Override
    protected void updateMessageID() throws MessagingException {
      setHeader("Message-ID", id);
    }
  }
}
