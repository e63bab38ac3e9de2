package dev.fakemail.internal.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fakemail.Envelope;
import dev.fakemail.ReceivedMail;
import dev.fakemail.internal.store.Flags.SystemFlag;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Mailboxes, folders, UIDs, flags and the listener hook, without any protocol. */
class MailboxesTest {
  private static final Instant NOW = Instant.parse("2026-11-28T10:00:00Z");

  @Test
  void normalisesCaseBareNamesAndPlusDetail() {
    Mailboxes strip = new Mailboxes("mx.example.test", true);
    assertThat(strip.normalise(" Bob@Example.TEST ")).isEqualTo("bob@example.test");
    assertThat(strip.normalise("<bob@example.test>")).isEqualTo("bob@example.test");
    assertThat(strip.normalise("bob")).isEqualTo("bob@mx.example.test");
    assertThat(strip.normalise("bob+tag@example.test")).isEqualTo("bob@example.test");
    assertThat(strip.normalise("bob+a+b@example.test")).isEqualTo("bob@example.test");
    assertThat(strip.normalise("+tag@example.test"))
        .as("an empty local part is not made")
        .isEqualTo("+tag@example.test");

    Mailboxes keep = new Mailboxes("localhost", false);
    assertThat(keep.normalise("Bob+Tag@example.test")).isEqualTo("bob+tag@example.test");
    assertThat(keep.normalise("bob")).isEqualTo("bob@localhost");
  }

  @Test
  void deliversOncePerMailboxAndSharesTheMail() {
    Mailboxes mailboxes = new Mailboxes("localhost", true);
    ReceivedMail mail = mail("shared", "bob+a@example.test", "BOB+b@example.test", "carol@x.test");

    List<String> filed = mailboxes.deliver(mail, mail.envelope().recipients(), NOW);

    assertThat(filed).containsExactly("bob@example.test", "carol@x.test");
    assertThat(mailboxes.addresses()).containsExactly("bob@example.test", "carol@x.test");
    MailboxMessage bob = mailboxes.find("bob@example.test").orElseThrow().inbox().messages().get(0);
    MailboxMessage carol = mailboxes.find("carol@x.test").orElseThrow().inbox().messages().get(0);
    assertThat(bob.mail()).isSameAs(mail).isSameAs(carol.mail());
    assertThat(bob.uid()).isEqualTo(1);
    assertThat(bob.internalDate()).isEqualTo(NOW);
    assertThat(bob.flags()).isEqualTo(Flags.NONE);
    assertThat(mailboxes.find("dave@x.test")).isEmpty();
  }

  @Test
  void uidsAscendAndAreNeverReusedAfterExpunge() {
    Folder inbox = new Mailboxes("localhost", true).mailbox("bob@x.test").inbox();
    inbox.append(mail("1"), Flags.NONE, NOW);
    inbox.append(mail("2"), Flags.NONE, NOW);
    MailboxMessage third = inbox.append(mail("3"), Flags.NONE, NOW);

    assertThat(inbox.expunge(List.of(third.uid(), 99L))).containsExactly(third);
    assertThat(inbox.expunge(List.of(third.uid()))).as("already gone").isEmpty();
    MailboxMessage fourth = inbox.append(mail("4"), Flags.NONE, NOW);

    assertThat(fourth.uid()).isEqualTo(4);
    assertThat(inbox.uidNext()).isEqualTo(5);
    assertThat(inbox.messages()).extracting(MailboxMessage::uid).containsExactly(1L, 2L, 4L);
    assertThat(inbox.message(2)).isPresent();
    assertThat(inbox.message(3)).isEmpty();
  }

  @Test
  void aMailboxMadeAgainAfterClearHasALargerUidValidity() {
    long startedAt = Instant.now().getEpochSecond();
    Mailboxes mailboxes = new Mailboxes("localhost", true);
    long first = mailboxes.mailbox("bob@x.test").inbox().uidValidity();
    long other = mailboxes.mailbox("carol@x.test").inbox().uidValidity();
    mailboxes.clear();
    long again = mailboxes.mailbox("bob@x.test").inbox().uidValidity();

    assertThat(mailboxes.addresses()).containsExactly("bob@x.test");
    assertThat(first)
        .as("seconds since 1970")
        .isGreaterThanOrEqualTo(startedAt)
        .isLessThan(1L << 32);
    assertThat(other).isGreaterThan(first);
    assertThat(again).isGreaterThan(other);
  }

  @Test
  void snapshotsDoNotChangeWithTheFolder() {
    Folder inbox = new Mailboxes("localhost", true).mailbox("bob@x.test").inbox();
    inbox.append(mail("1"), Flags.NONE, NOW);
    List<MailboxMessage> before = inbox.messages();
    inbox.append(mail("2"), Flags.NONE, NOW);
    inbox.expunge(List.of(1L));

    assertThat(before).extracting(MailboxMessage::uid).containsExactly(1L);
    assertThat(inbox.messages()).extracting(MailboxMessage::uid).containsExactly(2L);
  }

  @Test
  void listenersHearAppendsExpungesAndFlagChangesInOrder() {
    Folder inbox = new Mailboxes("localhost", true).mailbox("bob@x.test").inbox();
    List<String> events = new ArrayList<>();
    FolderListener listener =
        new FolderListener() {
          @Override
          public void appended(Folder folder, MailboxMessage message) {
            events.add("append " + message.uid());
          }

          @Override
          public void expunged(Folder folder, List<MailboxMessage> messages) {
            events.add("expunge " + messages.stream().map(MailboxMessage::uid).toList());
          }

          @Override
          public void flagsChanged(Folder folder, MailboxMessage message, Flags before) {
            events.add("flags " + message.uid() + " " + before + " -> " + message.flags());
          }
        };
    inbox.addListener(listener);

    inbox.append(mail("1"), Flags.NONE, NOW);
    inbox.append(mail("2"), Flags.NONE, NOW);
    inbox.updateFlags(1, f -> f.with(SystemFlag.SEEN));
    inbox.updateFlags(1, f -> f.with(SystemFlag.SEEN)); // no change, no event
    inbox.updateFlags(7, f -> f.with(SystemFlag.SEEN)); // no such message
    inbox.expunge(List.of(1L, 2L));
    inbox.removeListener(listener);
    inbox.append(mail("3"), Flags.NONE, NOW);

    assertThat(events)
        .containsExactly("append 1", "append 2", "flags 1 () -> (\\Seen)", "expunge [1, 2]");
  }

  @Test
  void flagsAreValuesWithSystemFlagsAndKeywords() {
    Flags flags =
        Flags.of(SystemFlag.DELETED, SystemFlag.SEEN).withKeyword("$Forwarded").withKeyword("a");

    assertThat(flags).hasToString("(\\Seen \\Deleted $Forwarded a)");
    assertThat(flags.has(SystemFlag.SEEN)).isTrue();
    assertThat(flags.has(SystemFlag.FLAGGED)).isFalse();
    assertThat(flags.without(SystemFlag.SEEN).withoutKeyword("a"))
        .isEqualTo(Flags.of(SystemFlag.DELETED).withKeyword("$Forwarded"));
    assertThat(flags.minus(Flags.of(SystemFlag.DELETED).withKeyword("a")).plus(Flags.NONE))
        .isEqualTo(Flags.of(SystemFlag.SEEN).withKeyword("$Forwarded"));
    assertThat(Flags.NONE.isEmpty()).isTrue();
    assertThat(Flags.of()).isSameAs(Flags.NONE);
  }

  @Test
  void foldersBesideInboxHaveTheirOwnUidValidity() {
    Mailbox mailbox = new Mailboxes("localhost", true).mailbox("bob@x.test");
    Folder sent = mailbox.folderCreatingIfMissing("Sent");

    assertThat(mailbox.folderCreatingIfMissing("Sent")).isSameAs(sent);
    assertThat(mailbox.folder("inbox")).containsSame(mailbox.inbox());
    assertThat(mailbox.folders()).extracting(Folder::name).containsExactly("INBOX", "Sent");
    assertThat(sent.uidValidity()).isGreaterThan(mailbox.inbox().uidValidity());
  }

  @Test
  void canonicalSizeCountsTheLineEndingsPop3Sends() {
    assertThat(size("a\r\nb\r\n")).isEqualTo(6);
    assertThat(size("a\nb\n")).as("a CR before each bare LF").isEqualTo(6);
    assertThat(size("a\r\nb")).as("a CRLF after the last line").isEqualTo(6);
    assertThat(size("a\r")).as("an LF after a last CR").isEqualTo(3);
    assertThat(size("a\rb\r\n")).as("a bare CR inside a line stays").isEqualTo(5);
    assertThat(size("")).isZero();
  }

  @Test
  void theStoreFilesEachMessageBeforeWakingWaitersAndEvictsFromMailboxesToo() {
    Mailboxes mailboxes = new Mailboxes("localhost", true);
    MailStore store = new MailStore(2, mailboxes);
    for (int i = 1; i <= 3; i++) {
      byte[] raw = ("Subject: m" + i + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
      Envelope envelope = Envelope.builder().addRecipient("bob@x.test").build();
      store.add(envelope, raw, 0, raw.length);
    }
    mailboxes.deliver(mail("seeded"), List.of("bob@x.test"), NOW);

    assertThat(store.messages(m -> true))
        .extracting(ReceivedMail::subject)
        .containsExactly("m2", "m3");
    assertThat(mailboxes.find("bob@x.test").orElseThrow().inbox().messages())
        .extracting(m -> m.mail().subject())
        .as("the evicted m1 left the mailbox; seeded mail is not the log's to evict")
        .containsExactly("m2", "m3", "seeded");

    store.clear();
    assertThat(mailboxes.find("bob@x.test").orElseThrow().inbox().size())
        .as("clearing the log leaves the mailboxes alone")
        .isEqualTo(3);
  }

  private static long size(String raw) {
    return MailboxMessage.canonicalSize(mail(raw.getBytes(StandardCharsets.UTF_8)));
  }

  private static ReceivedMail mail(String subject, String... recipients) {
    Envelope.Builder envelope = Envelope.builder();
    for (String r : recipients) {
      envelope.addRecipient(r);
    }
    return ReceivedMail.of(
        subject,
        NOW,
        envelope.build(),
        ("Subject: " + subject + "\r\n\r\nbody\r\n").getBytes(StandardCharsets.US_ASCII));
  }

  private static ReceivedMail mail(byte[] raw) {
    return ReceivedMail.of("raw", NOW, Envelope.builder().build(), raw);
  }
}
