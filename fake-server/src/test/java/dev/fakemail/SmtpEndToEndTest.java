package dev.fakemail;

import static dev.fakemail.AngusClient.CLIENT_NAME;
import static dev.fakemail.AngusClient.message;
import static dev.fakemail.AngusClient.send;
import static dev.fakemail.AngusClient.session;
import static dev.fakemail.AngusClient.wireBytes;
import static dev.fakemail.MailFilter.subject;
import static dev.fakemail.MailFilter.to;
import static org.assertj.core.api.Assertions.assertThat;

import jakarta.activation.DataHandler;
import jakarta.mail.Message.RecipientType;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Real mail sent by a real client (Angus Mail, the Jakarta Mail implementation) over real sockets,
 * and read back through the public API. The stored bytes are compared with what the client wrote:
 * {@link MimeMessage#writeTo} output, which Angus dot-stuffs on the wire and the server unstuffs.
 */
class SmtpEndToEndTest {
  private static final Date SENT =
      Date.from(OffsetDateTime.parse("2026-03-14T15:09:26Z").toInstant());

  private FakeMailServer server;

  @BeforeEach
  void startServer() {
    server = FakeMailServer.start();
  }

  @AfterEach
  void stopServer() {
    server.close();
  }

  @Test
  void storesPlainTextMessageExactlyAsSent() throws Exception {
    Session session = session(server);
    MimeMessage m = new MimeMessage(session);
    m.setFrom(new InternetAddress("noreply@shop.test", "Shop Team"));
    m.setRecipients(RecipientType.TO, "bob@example.test");
    m.setReplyTo(InternetAddress.parse("help@shop.test"));
    m.setSubject("Welcome, Bob");
    m.setSentDate(SENT);
    m.setText("Hello Bob,\r\nwelcome aboard.\r\n", "UTF-8");
    m.saveChanges();
    byte[] sent = wireBytes(m);

    send(session, m);

    ReceivedMail mail = server.inbox().awaitMessage(to("bob@example.test"));
    assertThat(mail.raw()).isEqualTo(sent);
    assertThat(mail.size()).isEqualTo(sent.length);
    assertThat(mail.rawStream().readAllBytes()).isEqualTo(sent);
    assertThat(mail.headers("Received")).as("no Received header unless configured").isEmpty();
    assertThat(mail.subject()).isEqualTo("Welcome, Bob");
    assertThat(mail.from()).containsExactly(Address.of("noreply@shop.test", "Shop Team"));
    assertThat(mail.to()).containsExactly(Address.of("bob@example.test"));
    assertThat(mail.cc()).isEmpty();
    assertThat(mail.bcc()).isEmpty();
    assertThat(mail.replyTo()).containsExactly(Address.of("help@shop.test"));
    assertThat(mail.messageId()).hasValue(m.getMessageID());
    assertThat(mail.date())
        .hasValueSatisfying(d -> assertThat(d.toInstant()).isEqualTo(SENT.toInstant()));
    assertThat(mail.text()).hasValue("Hello Bob,\nwelcome aboard.\n");
    assertThat(mail.html()).isEmpty();
    assertThat(mail.attachments()).isEmpty();

    Envelope envelope = mail.envelope();
    assertThat(envelope.mailFrom()).isEqualTo("noreply@shop.test");
    assertThat(envelope.recipients()).containsExactly("bob@example.test");
    assertThat(envelope.heloName()).isEqualTo(CLIENT_NAME);
    assertThat(envelope.clientAddress().getAddress()).isEqualTo(InetAddress.getByName("127.0.0.1"));
    assertThat(envelope.authenticatedUser()).isEmpty();
    assertThat(envelope.mailParameters()).isEmpty();
  }

  @Test
  void readsMultipartAlternativeWithAttachmentAndInlineImages() throws Exception {
    byte[] logo = bytes(1_234, 1);
    byte[] spacer = bytes(43, 2);
    byte[] invoice = bytes(20_000, 3);
    Session session = session(server);
    MimeMessage m = new MimeMessage(session);
    m.setFrom("noreply@shop.test");
    m.setRecipients(RecipientType.TO, "bob@example.test");
    m.setSubject("Your invoice");
    m.setSentDate(SENT);

    MimeBodyPart text = new MimeBodyPart();
    text.setText("Invoice attached.\r\nThanks!\r\n", "UTF-8");
    MimeBodyPart html = new MimeBodyPart();
    html.setText(
        "<p>Invoice attached.</p>\r\n<img src=\"cid:logo@shop.test\">\r\n", "UTF-8", "html");
    MimeMultipart alternative = new MimeMultipart("alternative", text, html);
    MimeBodyPart alternativePart = new MimeBodyPart();
    alternativePart.setContent(alternative);

    MimeBodyPart logoPart = new MimeBodyPart();
    logoPart.setDataHandler(new DataHandler(new ByteArrayDataSource(logo, "image/png")));
    logoPart.setFileName("logo.png");
    logoPart.setDisposition(Part.INLINE);
    logoPart.setContentID("<logo@shop.test>");
    MimeBodyPart spacerPart = new MimeBodyPart(); // no disposition, no name: inline by Content-ID
    spacerPart.setDataHandler(new DataHandler(new ByteArrayDataSource(spacer, "image/gif")));
    spacerPart.setContentID("<spacer@shop.test>");
    MimeMultipart related = new MimeMultipart("related", alternativePart, logoPart, spacerPart);
    MimeBodyPart relatedPart = new MimeBodyPart();
    relatedPart.setContent(related);

    MimeBodyPart invoicePart = new MimeBodyPart();
    invoicePart.setDataHandler(
        new DataHandler(new ByteArrayDataSource(invoice, "application/pdf")));
    invoicePart.setFileName("invoice-41.pdf");
    m.setContent(new MimeMultipart("mixed", relatedPart, invoicePart));
    m.saveChanges();
    byte[] sent = wireBytes(m);

    send(session, m);

    ReceivedMail mail = server.inbox().awaitMessage(subject("Your invoice"));
    assertThat(mail.raw()).isEqualTo(sent);
    assertThat(mail.text()).hasValue("Invoice attached.\nThanks!\n");
    assertThat(mail.html())
        .hasValue("<p>Invoice attached.</p>\n<img src=\"cid:logo@shop.test\">\n");
    assertThat(mail.attachments()).hasSize(3);

    Attachment a0 = mail.attachments().get(0);
    assertThat(a0.name()).isEqualTo("logo.png");
    assertThat(a0.contentType()).isEqualTo("image/png");
    assertThat(a0.size()).isEqualTo(logo.length);
    assertThat(a0.bytes()).isEqualTo(logo);
    assertThat(a0.inline()).isTrue();
    assertThat(a0.contentId()).hasValue("logo@shop.test");

    Attachment a1 = mail.attachments().get(1);
    assertThat(a1.name()).isEmpty();
    assertThat(a1.contentType()).isEqualTo("image/gif");
    assertThat(a1.bytes()).isEqualTo(spacer);
    assertThat(a1.inline()).isTrue();
    assertThat(a1.contentId()).hasValue("spacer@shop.test");

    Attachment a2 = mail.attachment("invoice-41.pdf").orElseThrow();
    assertThat(a2).isSameAs(mail.attachments().get(2));
    assertThat(a2.contentType()).isEqualTo("application/pdf");
    assertThat(a2.size()).isEqualTo(invoice.length);
    assertThat(a2.bytes()).isEqualTo(invoice);
    assertThat(a2.inline()).isFalse();
    assertThat(a2.contentId()).isEmpty();
    assertThat(mail.attachment("missing.pdf")).isEmpty();
  }

  @Test
  void decodesUtf8SubjectAndNamesInEncodedWords() throws Exception {
    Session session = session(server);
    MimeMessage m = new MimeMessage(session);
    m.setFrom(new InternetAddress("joerg@example.test", "Jörg Müller", "UTF-8"));
    m.setRecipients(RecipientType.TO, "bob@example.test");
    m.setSubject("Grüße aus Köln — 환영합니다, a subject long enough to be folded by Angus", "UTF-8");
    m.setText("Grüße\r\n", "UTF-8");
    m.saveChanges();
    byte[] sent = wireBytes(m);
    assertThat(new String(sent, StandardCharsets.US_ASCII)).contains("Subject: =?UTF-8?");

    send(session, m);

    ReceivedMail mail = server.inbox().awaitMessage();
    assertThat(mail.raw()).isEqualTo(sent);
    assertThat(mail.subject())
        .isEqualTo("Grüße aus Köln — 환영합니다, a subject long enough to be folded by Angus");
    assertThat(mail.from()).containsExactly(Address.of("joerg@example.test", "Jörg Müller"));
    assertThat(mail.text()).hasValue("Grüße\n");
  }

  @Test
  void storesRawUtf8HeadersExactlyAsSent() throws Exception {
    Session session = session(server, "mail.mime.allowutf8", "true");
    MimeMessage m = new MimeMessage(session);
    m.setFrom("noreply@shop.test");
    m.setRecipients(RecipientType.TO, "bob@example.test");
    m.setHeader("Subject", "환영합니다, Bob");
    m.setHeader("X-Greeting", "안녕하세요 — Grüße");
    m.setText("한국어 본문입니다.\r\n", "UTF-8");
    m.saveChanges();
    byte[] sent = wireBytes(m);
    assertThat(new String(sent, StandardCharsets.UTF_8)).contains("Subject: 환영합니다, Bob\r\n");

    send(session, m);

    ReceivedMail mail = server.inbox().awaitMessage();
    assertThat(mail.raw()).isEqualTo(sent);
    assertThat(mail.subject()).isEqualTo("환영합니다, Bob");
    assertThat(mail.header("x-greeting")).hasValue("안녕하세요 — Grüße");
    assertThat(mail.text()).hasValue("한국어 본문입니다.\n");
  }

  @Test
  void stores8BitBodyAndRecordsBody8BitMime() throws Exception {
    // Angus converts the body to 8bit for a server announcing 8BITMIME, but does not declare
    // BODY=8BITMIME on MAIL FROM itself: add it, as other clients do
    Session session =
        session(
            server, "mail.smtp.allow8bitmime", "true", "mail.smtp.mailextension", "BODY=8BITMIME");
    MimeMessage m =
        message(
            session,
            "noreply@shop.test",
            "bob@example.test",
            "8bit",
            "한국어 본문입니다.\r\nZweite Zeile: äöü\r\n");

    send(session, m);

    // Angus rewrote the body to 8bit for 8BITMIME while sending: compare with what it now writes
    assertThat(m.getHeader("Content-Transfer-Encoding", null)).isEqualTo("8bit");
    byte[] sent = wireBytes(m);
    ReceivedMail mail = server.inbox().awaitMessage();
    assertThat(mail.raw()).isEqualTo(sent);
    assertThat(new String(mail.raw(), StandardCharsets.UTF_8)).contains("한국어 본문입니다.\r\n");
    assertThat(mail.text()).hasValue("한국어 본문입니다.\nZweite Zeile: äöü\n");
    assertThat(mail.envelope().mailParameters()).containsExactly(Map.entry("BODY", "8BITMIME"));
  }

  @Test
  void undoesDotStuffingOfBodyLinesStartingWithADot() throws Exception {
    Session session = session(server);
    String text = "Lines below start with dots:\r\n.\r\n..\r\n.hidden\r\n...three\r\n. \r\nend\r\n";
    MimeMessage m = message(session, "a@example.test", "bob@example.test", "dots", text);
    byte[] sent = wireBytes(m);

    send(session, m);

    ReceivedMail mail = server.inbox().awaitMessage();
    assertThat(mail.raw()).isEqualTo(sent);
    assertThat(mail.text())
        .hasValue("Lines below start with dots:\n.\n..\n.hidden\n...three\n. \nend\n");
  }

  @Test
  void separatesToCcAndBccOnlyRecipients() throws Exception {
    Session session = session(server);
    MimeMessage m = new MimeMessage(session);
    m.setFrom("noreply@shop.test");
    m.setRecipients(
        RecipientType.TO, "Bob Example <bob@example.test>, \"Carol, C.\" <carol@example.test>");
    m.setRecipients(RecipientType.CC, "dave@example.test, Erin <erin@example.test>");
    m.setRecipients(RecipientType.BCC, "frank@example.test");
    m.setSubject("Team update");
    m.setText("Hi all\r\n");
    m.saveChanges();
    byte[] sent = wireBytes(m);

    send(session, m);

    ReceivedMail mail = server.inbox().awaitMessage(to("frank@example.test"));
    assertThat(mail.raw()).isEqualTo(sent);
    assertThat(new String(mail.raw(), StandardCharsets.US_ASCII)).doesNotContain("Bcc");
    assertThat(mail.to())
        .containsExactly(
            Address.of("bob@example.test", "Bob Example"),
            Address.of("carol@example.test", "Carol, C."));
    assertThat(mail.cc())
        .containsExactly(Address.of("dave@example.test"), Address.of("erin@example.test", "Erin"));
    assertThat(mail.bcc()).containsExactly(Address.of("frank@example.test"));
    assertThat(mail.envelope().recipients())
        .containsExactly(
            "bob@example.test",
            "carol@example.test",
            "dave@example.test",
            "erin@example.test",
            "frank@example.test");
    for (String r : List.of("bob", "carol", "dave", "erin", "frank")) {
      assertThat(server.inbox().messages(to(r.toUpperCase() + "@EXAMPLE.TEST")))
          .containsExactly(mail);
    }
  }

  @Test
  void roundTripsATenMegabyteAttachment() throws Exception {
    byte[] big = bytes(10 * 1024 * 1024, 42);
    Session session = session(server);
    MimeMessage m = new MimeMessage(session);
    m.setFrom("noreply@shop.test");
    m.setRecipients(RecipientType.TO, "bob@example.test");
    m.setSubject("Big one");
    MimeBodyPart text = new MimeBodyPart();
    text.setText("See attachment.\r\n");
    MimeBodyPart file = new MimeBodyPart();
    file.setDataHandler(new DataHandler(new ByteArrayDataSource(big, "application/octet-stream")));
    file.setFileName("big.bin");
    m.setContent(new MimeMultipart(text, file));
    m.saveChanges();
    byte[] sent = wireBytes(m);

    send(session, m);

    ReceivedMail mail = server.inbox().awaitMessage(subject("Big one"), Duration.ofSeconds(30));
    assertThat(mail.size()).isEqualTo(sent.length).isGreaterThan(13_000_000);
    assertThat(Arrays.equals(mail.raw(), sent)).as("raw bytes equal what was sent").isTrue();
    Attachment attachment = mail.attachment("big.bin").orElseThrow();
    assertThat(attachment.size()).isEqualTo(big.length);
    assertThat(Arrays.equals(attachment.bytes(), big)).as("decoded bytes equal").isTrue();
    assertThat(mail.text()).hasValue("See attachment.\n");
  }

  @ParameterizedTest
  @ValueSource(strings = {"LOGIN", "PLAIN"})
  void acceptsAnyCredentialsAndRecordsTheUser(String mechanism) throws Exception {
    Session session =
        session(server, "mail.smtp.auth", "true", "mail.smtp.auth.mechanisms", mechanism);
    MimeMessage m = message(session, "bob@example.test", "alice@example.test", "authed", "x\r\n");
    try (Transport t = session.getTransport("smtp")) {
      t.connect("Bob-" + mechanism, "any password at all");
      t.sendMessage(m, m.getAllRecipients());
    }
    Envelope envelope = server.inbox().awaitMessage().envelope();
    assertThat(envelope.authenticatedUser()).as("recorded as sent").hasValue("Bob-" + mechanism);
    assertThat(envelope.heloName()).isEqualTo(CLIENT_NAME);
  }

  @Test
  void recordsMailParametersTheClientSent() throws Exception {
    Session session =
        session(server, "mail.smtp.mailextension", "SIZE=4096 ENVID=order-41 RET=HDRS");
    MimeMessage m = message(session, "a@example.test", "bob@example.test", "params", "x\r\n");

    send(session, m);

    assertThat(server.inbox().awaitMessage().envelope().mailParameters())
        .containsExactly(
            Map.entry("SIZE", "4096"), Map.entry("ENVID", "order-41"), Map.entry("RET", "HDRS"));
  }

  @Test
  void receivedHeaderOptionAddsExactlyOneReceivedHeaderAtTheTop() throws Exception {
    try (FakeMailServer stamping =
        FakeMailServer.start(FakeMailConfig.builder().receivedHeader(true).build())) {
      Session session = session(stamping);
      MimeMessage first = message(session, "a@example.test", "bob@example.test", "one", "1\r\n");
      MimeMessage second =
          message(
              session, "a@example.test", "bob@example.test, carol@example.test", "two", "2\r\n");
      try (Transport t = session.getTransport("smtp")) {
        t.connect();
        t.sendMessage(first, first.getAllRecipients());
        t.sendMessage(second, second.getAllRecipients());
      }

      List<ReceivedMail> mails =
          stamping.inbox().awaitMessages(MailFilter.any(), 2, Duration.ofSeconds(5));
      assertStampedCopyOf(mails.get(0), first, "\r\n\tfor <bob@example.test>");
      assertStampedCopyOf(mails.get(1), second, ""); // no "for" with several recipients
    }
  }

  private static void assertStampedCopyOf(ReceivedMail mail, MimeMessage sent, String forClause)
      throws Exception {
    byte[] original = wireBytes(sent);
    byte[] raw = mail.raw();
    int prefix = raw.length - original.length;
    assertThat(prefix).isPositive();
    assertThat(Arrays.copyOfRange(raw, prefix, raw.length)).isEqualTo(original);
    String received = new String(raw, 0, prefix, StandardCharsets.US_ASCII);
    assertThat(received)
        .matches(
            "Received: from "
                + CLIENT_NAME.replace(".", "\\.")
                + " \\(\\[127\\.0\\.0\\.1\\]\\)\r\n\tby localhost \\(FakeMail\\) with ESMTP"
                + forClause
                + ";\r\n\t[A-Z][a-z]{2}, \\d{1,2} [A-Z][a-z]{2} \\d{4} \\d\\d:\\d\\d:\\d\\d"
                + " ([+-]\\d{4}|GMT)\r\n");
    assertThat(mail.headers("Received")).hasSize(1);
    assertThat(mail.headers().get(0).name()).isEqualTo("Received");
    assertThat(mail.subject()).isEqualTo(sent.getSubject());
  }

  @Test
  void receivesSeveralMessagesOnOneConnection() throws Exception {
    Session session = session(server);
    int count = 25;
    List<byte[]> sent = new ArrayList<>();
    try (Transport t = session.getTransport("smtp")) {
      t.connect();
      for (int i = 0; i < count; i++) {
        MimeMessage m =
            message(session, "a@example.test", "bob@example.test", "message " + i, i + "\r\n");
        sent.add(wireBytes(m));
        t.sendMessage(m, m.getAllRecipients());
      }
    }
    List<ReceivedMail> mails =
        server.inbox().awaitMessages(MailFilter.any(), count, Duration.ofSeconds(10));
    Set<Integer> clientPorts = new HashSet<>();
    for (int i = 0; i < count; i++) {
      assertThat(mails.get(i).raw()).isEqualTo(sent.get(i));
      assertThat(mails.get(i).subject()).isEqualTo("message " + i);
      clientPorts.add(mails.get(i).envelope().clientAddress().getPort());
    }
    assertThat(clientPorts).as("one connection").hasSize(1);
    assertThat(mails).extracting(ReceivedMail::id).doesNotHaveDuplicates();
  }

  @Test
  void servesManyConcurrentClients() throws Exception {
    int clients = 16;
    int perClient = 5;
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<?>> done = new ArrayList<>();
      for (int c = 0; c < clients; c++) {
        int client = c;
        done.add(
            pool.submit(
                () -> {
                  Session session = session(server);
                  start.await();
                  try (Transport t = session.getTransport("smtp")) {
                    t.connect();
                    for (int i = 0; i < perClient; i++) {
                      MimeMessage m =
                          message(
                              session,
                              "client" + client + "@example.test",
                              "bob@example.test",
                              client + "/" + i,
                              "from client " + client + "\r\n");
                      t.sendMessage(m, m.getAllRecipients());
                    }
                  }
                  return null;
                }));
      }
      start.countDown();
      for (Future<?> f : done) {
        f.get(30, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    List<ReceivedMail> mails =
        server.inbox().awaitMessages(MailFilter.any(), clients * perClient, Duration.ofSeconds(10));
    assertThat(server.inbox().messages()).hasSize(clients * perClient);
    Set<String> subjects = new HashSet<>();
    Set<Integer> ports = new HashSet<>();
    for (ReceivedMail mail : mails) {
      subjects.add(mail.subject());
      ports.add(mail.envelope().clientAddress().getPort());
      String client = mail.subject().substring(0, mail.subject().indexOf('/'));
      assertThat(mail.envelope().mailFrom()).isEqualTo("client" + client + "@example.test");
      assertThat(mail.text()).hasValue("from client " + client + "\n");
    }
    assertThat(subjects).hasSize(clients * perClient);
    assertThat(ports).hasSize(clients);
  }

  @Test
  void dateKeepsTheSendersOffset() throws Exception {
    Session session = session(server);
    MimeMessage m = message(session, "a@example.test", "bob@example.test", "dated", "x\r\n");
    m.setHeader("Date", "Sat, 14 Mar 2026 10:09:26 -0500");
    m.saveChanges();
    send(session, m);
    assertThat(server.inbox().awaitMessage().date())
        .hasValue(OffsetDateTime.of(2026, 3, 14, 10, 9, 26, 0, ZoneOffset.ofHours(-5)));
  }

  private static byte[] bytes(int size, long seed) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }
}
