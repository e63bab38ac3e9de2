package dev.fakemail;

import static dev.fakemail.MailFilter.to;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The mailboxes as the public API shows them: filled by SMTP and by seeding, read with {@link
 * FakeMailServer#mailbox(String)}, and separate from the capture log.
 */
class MailboxTest {
  @TempDir Path dir;

  @Test
  void smtpFilesACopyForEachRecipientAndTheCaptureLogKeepsOne() {
    try (FakeMailServer server = FakeMailServer.start()) {
      send(server, "Subject: hi", "bob@example.test", "Carol@Example.test", "bob+tag@example.test");

      ReceivedMail mail = server.inbox().awaitMessage();
      assertThat(server.inbox().messages()).hasSize(1);
      assertThat(server.mailbox("bob@example.test")).containsExactly(mail);
      assertThat(server.mailbox("BOB+anything@EXAMPLE.test")).containsExactly(mail);
      assertThat(server.mailbox("carol@example.test")).containsExactly(mail);
      assertThat(server.mailbox("dave@example.test")).isEmpty();
    }
  }

  @Test
  void plusDetailCanGetAMailboxOfItsOwn() {
    try (FakeMailServer server =
        FakeMailServer.start(FakeMailConfig.builder().stripPlusDetail(false).build())) {
      send(server, "Subject: tagged", "bob+tag@example.test");

      ReceivedMail mail = server.inbox().awaitMessage(to("bob+tag@example.test"));
      assertThat(server.mailbox("bob+tag@example.test")).containsExactly(mail);
      assertThat(server.mailbox("bob@example.test")).isEmpty();
    }
  }

  @Test
  void deliverPutsExactBytesInTheMailboxButNotInTheCaptureLog() {
    try (FakeMailServer server = FakeMailServer.start()) {
      byte[] raw = "Subject: seeded\n\nbare LF ünïcödé\n".getBytes(StandardCharsets.UTF_8);

      ReceivedMail mail = server.deliver(" bob@example.test ", raw);
      raw[0] = 'X';

      assertThat(mail.subject()).isEqualTo("seeded");
      assertThat(mail.id()).isEqualTo("seed-1");
      assertThat(mail.envelope().recipients()).containsExactly("bob@example.test");
      assertThat(mail.envelope().mailFrom()).isEmpty();
      assertThat(mail.raw()).startsWith("Subject".getBytes(StandardCharsets.US_ASCII));
      assertThat(server.mailbox("bob@example.test")).containsExactly(mail);
      assertThat(server.inbox().messages()).as("the app did not send it").isEmpty();
      assertThatThrownBy(() -> server.deliver(" ", raw))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("recipient must be an address, was \" \"");
    }
  }

  @Test
  void deliverReadsAnEmlFileOrEveryEmlFileOfAFolderInNameOrder() throws IOException {
    Path folder = Files.createDirectory(dir.resolve("bob"));
    eml(folder.resolve("02-second.eml"), "second");
    eml(folder.resolve("01-first.EML"), "first");
    eml(folder.resolve("10-third.eml"), "third");
    Files.writeString(folder.resolve("notes.txt"), "not mail");
    Files.createDirectory(folder.resolve("sub.eml"));
    Path single = eml(dir.resolve("single.eml"), "single");

    try (FakeMailServer server = FakeMailServer.start()) {
      assertThat(server.deliver("bob@example.test", folder))
          .extracting(ReceivedMail::subject)
          .containsExactly("first", "second", "third");
      assertThat(server.deliver("bob@example.test", single))
          .extracting(ReceivedMail::subject)
          .containsExactly("single");
      assertThat(server.mailbox("bob@example.test"))
          .extracting(ReceivedMail::subject)
          .containsExactly("first", "second", "third", "single");

      Path missing = dir.resolve("missing");
      assertThatThrownBy(() -> server.deliver("bob@example.test", missing))
          .isInstanceOf(UncheckedIOException.class)
          .hasMessage("Cannot read mail from " + missing + ": no such file or folder");
    }
  }

  @Test
  void preloadsAtStartFromAFolderOfMailboxesAndFromFilesForOneRecipient() throws IOException {
    Path mailboxes = Files.createDirectory(dir.resolve("mailboxes"));
    eml(Files.createDirectory(mailboxes.resolve("bob@example.test")).resolve("a.eml"), "for bob");
    Path carol = Files.createDirectory(mailboxes.resolve("carol@example.test"));
    eml(carol.resolve("b.eml"), "carol 2");
    eml(carol.resolve("a.eml"), "carol 1");
    Path extra = eml(dir.resolve("extra.eml"), "extra");
    FakeMailConfig config =
        FakeMailConfig.builder().preload(mailboxes).preload("bob@example.test", extra).build();

    try (FakeMailServer server = FakeMailServer.start(config)) {
      assertThat(server.mailbox("bob@example.test"))
          .extracting(ReceivedMail::subject)
          .containsExactly("for bob", "extra");
      assertThat(server.mailbox("carol@example.test"))
          .extracting(ReceivedMail::subject)
          .containsExactly("carol 1", "carol 2");
      assertThat(server.inbox().messages()).isEmpty();
    }
  }

  @Test
  void preloadRefusesMailWhoseRecipientIsUnknownAndMissingFolders() throws IOException {
    Path mailboxes = Files.createDirectory(dir.resolve("mailboxes"));
    Path stray = eml(mailboxes.resolve("stray.eml"), "whose?");

    assertThatThrownBy(
            () -> FakeMailServer.start(FakeMailConfig.builder().preload(mailboxes).build()))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessage(
            "Cannot preload "
                + stray
                + ": in a folder of mailboxes, .eml files go in a subfolder named by the"
                + " recipient's address");
    Path missing = dir.resolve("missing");
    assertThatThrownBy(
            () -> FakeMailServer.start(FakeMailConfig.builder().preload(missing).build()))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessage("Cannot read mailboxes from " + missing + ": no such folder");
  }

  @Test
  void clearingOneViewLeavesTheOther() {
    try (FakeMailServer server = FakeMailServer.start()) {
      send(server, "Subject: sent", "bob@example.test");
      server.inbox().awaitMessage();
      server.deliver(
          "bob@example.test", "Subject: seeded\r\n\r\n".getBytes(StandardCharsets.US_ASCII));

      server.inbox().clear();
      assertThat(server.inbox().messages()).isEmpty();
      assertThat(server.mailbox("bob@example.test"))
          .extracting(ReceivedMail::subject)
          .containsExactly("sent", "seeded");

      send(server, "Subject: again", "bob@example.test");
      server.inbox().awaitMessage();
      server.clearMailboxes();
      assertThat(server.mailbox("bob@example.test")).isEmpty();
      assertThat(server.inbox().messages())
          .extracting(ReceivedMail::subject)
          .containsExactly("again");
    }
  }

  @Test
  void uidlIdsAreNotReusedAfterClearingTheMailboxes() {
    try (FakeMailServer server = FakeMailServer.start()) {
      server.deliver(
          "bob@example.test", "Subject: one\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      List<String> before;
      try (Pop3Wire pop3 = Pop3Wire.login(server, "bob@example.test", "x")) {
        before = pop3.sendMulti("UIDL");
      }
      server.clearMailboxes();
      server.deliver(
          "bob@example.test", "Subject: two\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      try (Pop3Wire pop3 = Pop3Wire.login(server, "bob@example.test", "x")) {
        List<String> after = pop3.sendMulti("UIDL");
        assertThat(after).hasSize(2);
        assertThat(after.get(1)).isNotEqualTo(before.get(1));
      }
    }
  }

  @Test
  void theStoreLimitDropsTheOldestFromTheMailboxesToo() {
    try (FakeMailServer server =
        FakeMailServer.start(FakeMailConfig.builder().maxStoredMessages(2).build())) {
      for (int i = 1; i <= 3; i++) {
        send(server, "Subject: m" + i, "bob@example.test");
      }
      server.inbox().awaitMessages(MailFilter.any(), 2, Duration.ofSeconds(5));

      assertThat(server.mailbox("bob@example.test"))
          .extracting(ReceivedMail::subject)
          .containsExactly("m2", "m3");
    }
  }

  private static Path eml(Path file, String subject) throws IOException {
    // Unix line endings, as .eml files in a repository often have
    return Files.writeString(file, "Subject: " + subject + "\n\nBody of " + subject + "\n");
  }

  private static void send(FakeMailServer server, String header, String... recipients) {
    try (SmtpWire smtp = SmtpWire.connect(server)) {
      assertThat(smtp.send("MAIL FROM:<app@example.test>")).startsWith("250 ");
      for (String r : recipients) {
        assertThat(smtp.send("RCPT TO:<" + r + ">")).startsWith("250 ");
      }
      assertThat(smtp.send("DATA")).startsWith("354 ");
      assertThat(smtp.send(header + "\r\n\r\nbody\r\n.")).startsWith("250 ");
    }
  }
}
