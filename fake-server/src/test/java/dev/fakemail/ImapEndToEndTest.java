package dev.fakemail;

import static dev.fakemail.MailFilter.subject;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.activation.DataHandler;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.BodyPart;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.UIDFolder;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.search.AndTerm;
import jakarta.mail.search.ComparisonTerm;
import jakarta.mail.search.FlagTerm;
import jakarta.mail.search.FromStringTerm;
import jakarta.mail.search.ReceivedDateTerm;
import jakarta.mail.search.SentDateTerm;
import jakarta.mail.search.SubjectTerm;
import jakarta.mail.util.ByteArrayDataSource;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.angus.mail.imap.AppendUID;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A real IMAP client, Jakarta Mail's (Angus) IMAP store, against the server. */
class ImapEndToEndTest {
  private static final String BOB = "bob@example.test";

  private FakeMailServer server;
  private Session smtp;

  @BeforeEach
  void start() {
    server =
        FakeMailServer.start(
            FakeMailConfig.builder()
                .protocols(Protocol.SMTP, Protocol.POP3, Protocol.IMAP)
                .build());
    smtp = AngusClient.session(server);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private Store imap(String user, String password) throws MessagingException {
    Properties p = new Properties();
    p.put("mail.imap.host", server.imapHost());
    p.put("mail.imap.port", Integer.toString(server.imapPort()));
    p.put("mail.imap.connectiontimeout", "5000");
    p.put("mail.imap.timeout", "10000");
    Store store = Session.getInstance(p).getStore("imap");
    store.connect(user, password);
    return store;
  }

  private void send(String subject, String text) throws MessagingException {
    AngusClient.send(smtp, AngusClient.message(smtp, "shop@example.test", BOB, subject, text));
    server.inbox().awaitMessage(subject(subject));
  }

  private void sendMultipart() throws MessagingException {
    MimeMessage m = new MimeMessage(smtp);
    m.setFrom(new InternetAddress("shop@example.test", false));
    m.setRecipients(Message.RecipientType.TO, BOB);
    m.setSubject("Your invoice \u2013 n\u00b0 41", "UTF-8");
    MimeMultipart alternative = new MimeMultipart("alternative");
    MimeBodyPart text = new MimeBodyPart();
    text.setText("Thanks, Bj\u00f6rn", "UTF-8");
    MimeBodyPart html = new MimeBodyPart();
    html.setContent("<p>Thanks, Bj\u00f6rn</p>", "text/html; charset=UTF-8");
    alternative.addBodyPart(text);
    alternative.addBodyPart(html);
    MimeBodyPart body = new MimeBodyPart();
    body.setContent(alternative);
    MimeBodyPart pdf = new MimeBodyPart();
    pdf.setDataHandler(
        new DataHandler(
            new ByteArrayDataSource(new byte[] {'%', 'P', 'D', 'F', 0, 1, 2}, "application/pdf")));
    pdf.setFileName("invoice.pdf");
    pdf.setDisposition(Part.ATTACHMENT);
    MimeMultipart mixed = new MimeMultipart("mixed");
    mixed.addBodyPart(body);
    mixed.addBodyPart(pdf);
    m.setContent(mixed);
    m.saveChanges();
    AngusClient.send(smtp, m);
    server.inbox().awaitMessage(subject("Your invoice \u2013 n\u00b0 41"));
  }

  @Test
  void listsFoldersAndReadsMultipartContentAndAttachments() throws Exception {
    sendMultipart();
    try (Store store = imap(BOB, "secret")) {
      List<String> names = new ArrayList<>();
      for (Folder f : store.getDefaultFolder().list("*")) {
        names.add(f.getFullName());
      }
      assertThat(names).containsExactly("INBOX", "Drafts", "Junk", "Sent", "Trash");
      assertThat(store.getDefaultFolder().getSeparator()).isEqualTo('/');
      Folder inbox = store.getFolder("INBOX");
      inbox.open(Folder.READ_ONLY);
      Message m = inbox.getMessage(1);
      assertThat(m.getSubject()).isEqualTo("Your invoice \u2013 n\u00b0 41");
      assertThat(((InternetAddress) m.getFrom()[0]).getAddress()).isEqualTo("shop@example.test");
      Multipart mixed = (Multipart) m.getContent();
      assertThat(mixed.getCount()).isEqualTo(2);
      Multipart alternative = (Multipart) mixed.getBodyPart(0).getContent();
      assertThat(alternative.getBodyPart(0).getContent()).isEqualTo("Thanks, Bj\u00f6rn");
      assertThat(alternative.getBodyPart(1).getContent()).isEqualTo("<p>Thanks, Bj\u00f6rn</p>");
      BodyPart attachment = mixed.getBodyPart(1);
      assertThat(attachment.getFileName()).isEqualTo("invoice.pdf");
      assertThat(attachment.getContentType()).startsWith("application/pdf");
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      attachment.getDataHandler().writeTo(bytes);
      assertThat(bytes.toByteArray()).containsExactly('%', 'P', 'D', 'F', 0, 1, 2);
      assertThat(m.getFlags().contains(Flags.Flag.SEEN)).isFalse(); // READ_ONLY: BODY.PEEK
      inbox.close(false);
    }
  }

  @Test
  void refusesAWrongPasswordInUsersMode() {
    server.close();
    server =
        FakeMailServer.start(
            FakeMailConfig.builder()
                .protocols(Protocol.IMAP)
                .authMode(AuthMode.USERS)
                .user(BOB, "right")
                .build());
    assertThatThrownBy(() -> imap(BOB, "wrong"))
        .isInstanceOf(AuthenticationFailedException.class)
        .hasMessageContaining("Authentication failed.");
  }

  @Test
  void searchesBySubjectSenderFlagsAndDate() throws Exception {
    send("Order 41", "one");
    send("Order 42", "two");
    server.deliver(
        BOB,
        "From: Alice <alice@example.test>\r\nSubject: hi\r\nDate: Mon, 7 Feb 1994 21:52:25 -0800\r\n\r\nold\r\n"
            .getBytes(StandardCharsets.US_ASCII));
    try (Store store = imap(BOB, "secret")) {
      Folder inbox = store.getFolder("INBOX");
      inbox.open(Folder.READ_WRITE);
      assertThat(subjects(inbox.search(new SubjectTerm("order 42")))).containsExactly("Order 42");
      assertThat(subjects(inbox.search(new FromStringTerm("alice")))).containsExactly("hi");
      inbox.getMessage(1).setFlag(Flags.Flag.SEEN, true);
      assertThat(subjects(inbox.search(new FlagTerm(new Flags(Flags.Flag.SEEN), false))))
          .containsExactly("Order 42", "hi");
      Date feb1994 = Date.from(Instant.parse("1994-02-07T12:00:00Z"));
      assertThat(subjects(inbox.search(new SentDateTerm(ComparisonTerm.EQ, feb1994))))
          .containsExactly("hi");
      Date yesterday = Date.from(Instant.now().minus(1, ChronoUnit.DAYS));
      assertThat(
              subjects(
                  inbox.search(
                      new AndTerm(
                          new ReceivedDateTerm(ComparisonTerm.GT, yesterday),
                          new SubjectTerm("Order")))))
          .containsExactly("Order 41", "Order 42");
      inbox.close(false);
    }
  }

  private static List<String> subjects(Message[] messages) throws MessagingException {
    List<String> subjects = new ArrayList<>();
    for (Message m : messages) {
      subjects.add(m.getSubject());
    }
    return subjects;
  }

  @Test
  void setsFlagsCopiesMovesExpungesAndAppends() throws Exception {
    send("one", "1");
    send("two", "2");
    send("three", "3");
    try (Store store = imap(BOB, "secret")) {
      IMAPFolder inbox = (IMAPFolder) store.getFolder("INBOX");
      inbox.open(Folder.READ_WRITE);
      Folder archive = store.getFolder("Archive");
      assertThat(archive.create(Folder.HOLDS_MESSAGES)).isTrue();
      Message one = inbox.getMessage(1);
      one.setFlags(new Flags(Flags.Flag.FLAGGED), true);
      assertThat(one.isSet(Flags.Flag.FLAGGED)).isTrue();
      inbox.copyMessages(new Message[] {one}, archive);
      Message two = inbox.getMessage(2);
      inbox.moveMessages(new Message[] {two}, store.getFolder("Trash"));
      assertThat(two.isExpunged()).isTrue();
      one.setFlag(Flags.Flag.DELETED, true);
      Message[] expunged = inbox.expunge(); // Angus adds the moved message, expunged by MOVE
      assertThat(expunged).contains(one, two);
      assertThat(subjects(inbox.getMessages())).containsExactly("three");

      MimeMessage draft = AngusClient.message(smtp, BOB, "alice@example.test", "draft", "later");
      IMAPFolder drafts = (IMAPFolder) store.getFolder("Drafts");
      AppendUID[] uids = drafts.appendUIDMessages(new Message[] {draft});
      assertThat(uids[0].uid).isEqualTo(1);
      drafts.open(Folder.READ_ONLY);
      assertThat(drafts.getMessageByUID(1).getSubject()).isEqualTo("draft");
      assertThat(drafts.getUIDValidity()).isEqualTo(uids[0].uidvalidity);
      drafts.close(false);

      archive.open(Folder.READ_ONLY);
      Message copy = archive.getMessage(1);
      assertThat(copy.getSubject()).isEqualTo("one");
      assertThat(copy.isSet(Flags.Flag.FLAGGED)).isTrue();
      archive.close(false);
      Folder trash = store.getFolder("Trash");
      trash.open(Folder.READ_ONLY);
      assertThat(subjects(trash.getMessages())).containsExactly("two");
      trash.close(false);
      inbox.close(false);
    }
    assertThat(server.mailbox(BOB)).extracting(ReceivedMail::subject).containsExactly("three");
  }

  @Test
  void idleWakesWhenSmtpDeliversAMessage() throws Exception {
    send("first", "1");
    try (Store store = imap(BOB, "secret")) {
      IMAPFolder inbox = (IMAPFolder) store.getFolder("INBOX");
      inbox.open(Folder.READ_WRITE);
      assertThat(inbox.getMessageCount()).isEqualTo(1);
      CountDownLatch idled = new CountDownLatch(1);
      AtomicReference<Throwable> failure = new AtomicReference<>();
      Thread idler =
          new Thread(
              () -> {
                try {
                  inbox.idle(true); // returns after the first notification
                } catch (Throwable t) {
                  failure.set(t);
                } finally {
                  idled.countDown();
                }
              },
              "imap-idle");
      idler.setDaemon(true);
      idler.start();
      send("second", "2");
      assertThat(idled.await(10, TimeUnit.SECONDS)).as("idle returned").isTrue();
      assertThat(failure.get()).isNull();
      assertThat(inbox.getMessageCount()).isEqualTo(2);
      assertThat(inbox.getMessage(2).getSubject()).isEqualTo("second");
      assertThat(((UIDFolder) inbox).getUID(inbox.getMessage(2))).isEqualTo(2);
      inbox.close(false);
    }
  }

  @Test
  void unicodeFolderNamesRoundTrip() throws Exception {
    try (Store store = imap(BOB, "secret")) {
      Folder f = store.getFolder("Entw\u00fcrfe/\u65e5\u672c");
      assertThat(f.create(Folder.HOLDS_MESSAGES)).isTrue();
      List<String> names = new ArrayList<>();
      for (Folder g : store.getDefaultFolder().list("*")) {
        names.add(g.getFullName());
      }
      assertThat(names).contains("Entw\u00fcrfe", "Entw\u00fcrfe/\u65e5\u672c");
      assertThat(Arrays.asList(store.getFolder("Entw\u00fcrfe").list())).hasSize(1);
    }
  }
}
