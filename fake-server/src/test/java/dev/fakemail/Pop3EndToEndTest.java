package dev.fakemail;

import static dev.fakemail.MailFilter.subject;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.eclipse.angus.mail.pop3.POP3Folder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real POP3 client, Jakarta Mail's (Angus) POP3 store, reading what the server holds. */
class Pop3EndToEndTest {
  private static final String BOB = "bob@example.test";

  @TempDir Path dir;

  /** A connected POP3 store; {@code extra} are property name/value pairs. */
  private static Store pop3(FakeMailServer server, String user, String password, String... extra)
      throws MessagingException {
    Properties p = new Properties();
    p.put("mail.pop3.host", server.pop3Host());
    p.put("mail.pop3.port", Integer.toString(server.pop3Port()));
    p.put("mail.pop3.connectiontimeout", "5000");
    p.put("mail.pop3.timeout", "10000");
    for (int i = 0; i < extra.length; i += 2) {
      p.put(extra[i], extra[i + 1]);
    }
    Store store = Session.getInstance(p).getStore("pop3");
    store.connect(user, password);
    return store;
  }

  private static List<String> subjects(Store store) throws MessagingException {
    Folder inbox = store.getFolder("INBOX");
    inbox.open(Folder.READ_ONLY);
    try {
      List<String> subjects = new ArrayList<>();
      for (Message m : inbox.getMessages()) {
        subjects.add(m.getSubject());
      }
      return subjects;
    } finally {
      inbox.close(false);
    }
  }

  @Test
  void readsMailSentThroughSmtp() throws Exception {
    try (FakeMailServer server = FakeMailServer.start()) {
      Session smtp = AngusClient.session(server);
      AngusClient.send(
          smtp,
          AngusClient.message(
              smtp, "shop@example.test", "bob+orders@example.test", "Order 41", "Thanks, Bob"));
      server.inbox().awaitMessage(subject("Order 41"));

      try (Store store = pop3(server, BOB, "any password")) {
        Folder inbox = store.getFolder("INBOX");
        inbox.open(Folder.READ_ONLY);
        assertThat(inbox.getMessageCount()).isEqualTo(1);
        Message m = inbox.getMessage(1);
        assertThat(m.getSubject()).isEqualTo("Order 41");
        assertThat(((InternetAddress) m.getFrom()[0]).getAddress()).isEqualTo("shop@example.test");
        assertThat(((String) m.getContent()).trim()).isEqualTo("Thanks, Bob");
        inbox.close(false);
      }
    }
  }

  @Test
  void readsSeededEmlFilesInFileNameOrderWithAuthPlain() throws Exception {
    Path seed = Files.createDirectory(dir.resolve("support"));
    Files.writeString(seed.resolve("2.eml"), "Subject: second ticket\n\nPrinter on fire\n");
    Files.writeString(seed.resolve("1.eml"), "Subject: first ticket\n\nCannot log in\n.\n");
    try (FakeMailServer server = FakeMailServer.start()) {
      server.deliver("support@shop.test", seed);

      try (Store store =
          pop3(server, "support@shop.test", "x", "mail.pop3.auth.mechanisms", "PLAIN")) {
        Folder inbox = store.getFolder("INBOX");
        inbox.open(Folder.READ_ONLY);
        Message[] messages = inbox.getMessages();
        assertThat(messages).hasSize(2);
        assertThat(messages[0].getSubject()).isEqualTo("first ticket");
        assertThat(messages[0].getContent()).isEqualTo("Cannot log in\r\n.\r\n");
        assertThat(messages[1].getSubject()).isEqualTo("second ticket");
        inbox.close(false);
      }
    }
  }

  @Test
  void deletesAMessageAndItIsGoneForTheNextSessionButNotFromTheCaptureLog() throws Exception {
    try (FakeMailServer server = FakeMailServer.start()) {
      Session smtp = AngusClient.session(server);
      for (String subject : List.of("keep", "delete me", "keep too")) {
        AngusClient.send(smtp, AngusClient.message(smtp, "app@example.test", BOB, subject, "x"));
      }
      server.inbox().awaitMessage(subject("keep too"));

      try (Store store = pop3(server, BOB, "x")) {
        Folder inbox = store.getFolder("INBOX");
        inbox.open(Folder.READ_WRITE);
        Message doomed = inbox.getMessage(2);
        assertThat(doomed.getSubject()).isEqualTo("delete me");
        doomed.setFlag(Flags.Flag.DELETED, true);
        inbox.close(true); // expunge: DELE then QUIT
      }

      try (Store store = pop3(server, BOB, "x")) {
        assertThat(subjects(store)).containsExactly("keep", "keep too");
      }
      assertThat(server.mailbox(BOB))
          .extracting(ReceivedMail::subject)
          .containsExactly("keep", "keep too");
      assertThat(server.inbox().messages()).hasSize(3);
    }
  }

  @Test
  void uidlIsStableAcrossSessions() throws Exception {
    try (FakeMailServer server = FakeMailServer.start()) {
      for (String subject : List.of("a", "b", "c")) {
        server.deliver(
            BOB, ("Subject: " + subject + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      }
      Map<String, String> first = uids(server);
      assertThat(first).hasSize(3);
      assertThat(first.values()).doesNotHaveDuplicates().allMatch(u -> u.matches("\\d+\\.\\d+"));

      // between the sessions: another client deletes "a", and new mail arrives
      try (Pop3Wire other = Pop3Wire.login(server, BOB, "x")) {
        assertThat(other.send("DELE 1")).startsWith("+OK");
        assertThat(other.send("QUIT")).endsWith("(1 message deleted)");
      }
      server.deliver(BOB, "Subject: d\r\n\r\n".getBytes(StandardCharsets.US_ASCII));

      Map<String, String> second = uids(server);
      assertThat(second).containsOnlyKeys("b", "c", "d");
      assertThat(second.get("b")).isEqualTo(first.get("b"));
      assertThat(second.get("c")).isEqualTo(first.get("c"));
      assertThat(second.get("d")).isNotIn(first.values());
    }
  }

  private static Map<String, String> uids(FakeMailServer server) throws MessagingException {
    try (Store store = pop3(server, BOB, "x")) {
      POP3Folder inbox = (POP3Folder) store.getFolder("INBOX");
      inbox.open(Folder.READ_ONLY);
      Map<String, String> uids = new LinkedHashMap<>();
      for (Message m : inbox.getMessages()) {
        uids.put(m.getSubject(), inbox.getUID(m));
      }
      inbox.close(false);
      return uids;
    }
  }

  @Test
  void usersModeRejectsAWrongPasswordWithEveryLoginMethod() throws Exception {
    FakeMailConfig config =
        FakeMailConfig.builder().authMode(AuthMode.USERS).user(BOB, "right").build();
    try (FakeMailServer server = FakeMailServer.start(config)) {
      server.deliver(BOB, "Subject: private\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      String[][] methods = {
        {}, // USER and PASS
        {"mail.pop3.auth.mechanisms", "PLAIN"},
        {"mail.pop3.apop.enable", "true"}
      };
      for (String[] method : methods) {
        assertThatThrownBy(() -> pop3(server, BOB, "wrong", method).close())
            .as(List.of(method).toString())
            .isInstanceOf(AuthenticationFailedException.class)
            .hasMessage("Authentication failed.");
        assertThatThrownBy(() -> pop3(server, "eve@example.test", "right", method).close())
            .isInstanceOf(AuthenticationFailedException.class);
        try (Store store = pop3(server, BOB, "right", method)) {
          assertThat(subjects(store)).as(List.of(method).toString()).containsExactly("private");
        }
      }
    }
  }

  @Test
  void retrReturnsTheBytesSentBySmtpExactly() throws Exception {
    try (FakeMailServer server = FakeMailServer.start()) {
      Session smtp = AngusClient.session(server, "mail.mime.allowutf8", "true");
      MimeMessage sent =
          AngusClient.message(
              smtp,
              "alice@example.test",
              BOB,
              "Grüße, 안녕하세요",
              ".a line starting with a dot\r\n..and two\r\n.\r\nünïcödé 한국어\r\n");
      sent.saveChanges();
      sent.setHeader("Content-Transfer-Encoding", "8bit"); // raw UTF-8, no quoted-printable
      byte[] expected = AngusClient.wireBytes(sent);
      assertThat(new String(expected, StandardCharsets.UTF_8))
          .as("what the test is about")
          .contains("\r\n.a line starting with a dot\r\n..and two\r\n.\r\nünïcödé 한국어\r\n");
      AngusClient.send(smtp, sent);
      assertThat(server.inbox().awaitMessage().raw()).isEqualTo(expected);

      try (Store store = pop3(server, BOB, "x")) {
        Folder inbox = store.getFolder("INBOX");
        inbox.open(Folder.READ_ONLY);
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        inbox.getMessage(1).writeTo(received);
        assertThat(received.toByteArray()).isEqualTo(expected);
        inbox.close(false);
      }
    }
  }
}
