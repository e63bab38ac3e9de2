package dev.fakemail.internal.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fakemail.Envelope;
import dev.fakemail.ReceivedMail;
import dev.fakemail.internal.store.Flags.SystemFlag;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The folder operations IMAP needs, on the store alone: hierarchy, subscriptions, copy, recent. */
class MailboxFoldersTest {
  private static final Instant NOW = Instant.parse("2026-11-28T10:00:00Z");

  private static ReceivedMail mail(String id) {
    Envelope envelope = Envelope.builder().addRecipient("bob@x.test").build();
    return ReceivedMail.of(
        id,
        NOW,
        envelope,
        ("Subject: " + id + "\r\n\r\nx\r\n").getBytes(StandardCharsets.US_ASCII));
  }

  private static List<String> names(Mailbox m) {
    List<String> names = new ArrayList<>();
    m.folders().forEach(f -> names.add(f.name()));
    return names;
  }

  @Test
  void createsParentsAndRefusesDuplicatesAndBadNames() {
    Mailbox m = new Mailboxes("localhost", true).mailbox("bob@x.test");
    m.create("a/b/c");
    assertThat(names(m)).containsExactly("INBOX", "a", "a/b", "a/b/c");
    assertThat(m.hasChildren("a")).isTrue();
    assertThat(m.hasChildren("a/b/c")).isFalse();
    assertThatThrownBy(() -> m.create("a/b")).hasMessage("Mailbox already exists");
    assertThatThrownBy(() -> m.create("inbox")).hasMessage("Mailbox already exists");
    assertThatThrownBy(() -> m.create("x//y")).hasMessage("Invalid mailbox name: x//y");
    assertThatThrownBy(() -> m.create("/x")).hasMessage("Invalid mailbox name: /x");
    assertThatThrownBy(() -> m.create("a*")).hasMessage("Invalid mailbox name: a*");
    m.create("Inbox/Sub");
    assertThat(m.folder("INBOX/Sub")).isPresent();
  }

  @Test
  void deletesOnlyLeavesAndNeverInbox() {
    Mailbox m = new Mailboxes("localhost", true).mailbox("bob@x.test");
    Folder leaf = m.create("a/b");
    leaf.append(mail("1"), Flags.NONE, NOW);
    assertThatThrownBy(() -> m.delete("a")).hasMessage("Mailbox has children, delete them first");
    assertThatThrownBy(() -> m.delete("INBOX")).hasMessage("INBOX can't be deleted.");
    assertThatThrownBy(() -> m.delete("nope")).hasMessage("Mailbox doesn't exist: nope");
    m.delete("a/b");
    assertThat(leaf.isDeleted()).isTrue();
    assertThat(leaf.messages()).isEmpty();
    assertThat(names(m)).containsExactly("INBOX", "a");
  }

  @Test
  void renamesChildrenAlongAndInboxMovesItsMail() {
    Mailbox m = new Mailboxes("localhost", true).mailbox("bob@x.test");
    Folder b = m.create("a/b");
    long validity = b.uidValidity();
    m.rename("a", "z/y");
    assertThat(names(m)).containsExactly("INBOX", "z", "z/y", "z/y/b");
    assertThat(m.folder("z/y/b")).containsSame(b);
    assertThat(b.uidValidity()).isEqualTo(validity);
    assertThatThrownBy(() -> m.rename("z/y/b", "z")).hasMessage("Target mailbox already exists");
    assertThatThrownBy(() -> m.rename("z/y", "z/y/q/r"))
        .hasMessage("Can't rename mailbox under itself");

    m.inbox().append(mail("1"), Flags.of(SystemFlag.SEEN), NOW);
    m.rename("INBOX", "Old");
    assertThat(m.inbox().messages()).isEmpty();
    Folder old = m.folder("Old").orElseThrow();
    assertThat(old.messages())
        .singleElement()
        .satisfies(x -> assertThat(x.flags().has(SystemFlag.SEEN)).isTrue());
  }

  @Test
  void copiesAndMovesAtomicallyWithUidMappings() {
    Mailbox m = new Mailboxes("localhost", true).mailbox("bob@x.test");
    Folder inbox = m.inbox();
    MailboxMessage one = inbox.append(mail("1"), Flags.of(SystemFlag.FLAGGED), NOW);
    MailboxMessage two = inbox.append(mail("2"), Flags.NONE, NOW);
    Folder target = m.create("t");
    target.append(mail("0"), Flags.NONE, NOW);

    Mailbox.CopyResult copy = m.copy(inbox, List.of(one, two), target, false);
    assertThat(copy.sourceUids()).containsExactly(1L, 2L);
    assertThat(copy.targetUids()).containsExactly(2L, 3L);
    assertThat(copy.uidValidity()).isEqualTo(target.uidValidity());
    assertThat(target.message(2).orElseThrow().flags().has(SystemFlag.FLAGGED)).isTrue();
    assertThat(target.message(2).orElseThrow().mail()).isSameAs(one.mail());

    inbox.expunge(List.of(1L));
    Mailbox.CopyResult move = m.copy(inbox, List.of(one, two), target, true);
    assertThat(move.sourceUids()).as("an expunged message is skipped").containsExactly(2L);
    assertThat(move.targetUids()).containsExactly(4L);
    assertThat(inbox.messages()).isEmpty();
  }

  @Test
  void recentIsClaimedOnce() {
    Folder inbox = new Mailboxes("localhost", true).mailbox("bob@x.test").inbox();
    inbox.append(mail("1"), Flags.NONE, NOW);
    inbox.append(mail("2"), Flags.NONE, NOW);
    assertThat(inbox.unclaimedRecent()).isEqualTo(2);
    assertThat(inbox.claimRecent(3)).isEqualTo(1);
    assertThat(inbox.unclaimedRecent()).isZero();
    assertThat(inbox.claimRecent(3)).as("nothing left for a second session").isEqualTo(3);
    inbox.append(mail("3"), Flags.NONE, NOW);
    assertThat(inbox.unclaimedRecent()).isEqualTo(1);
  }

  @Test
  void subscriptionsAndSpecialUseFolders() {
    Mailbox m = new Mailboxes("localhost", true).mailbox("bob@x.test");
    m.create("Sent");
    m.ensureSpecialUseFolders();
    m.ensureSpecialUseFolders();
    assertThat(names(m)).containsExactly("INBOX", "Drafts", "Junk", "Sent", "Trash");
    assertThat(m.folder("Sent").orElseThrow().specialUse()).isEqualTo("\\Sent");
    assertThat(m.folder("INBOX").orElseThrow().specialUse()).isNull();
    assertThat(m.subscriptions()).containsExactly("Drafts", "INBOX", "Junk", "Sent", "Trash");
    m.subscribe("Later/On");
    assertThat(m.unsubscribe("Junk")).isTrue();
    assertThat(m.unsubscribe("Junk")).isFalse();
    assertThat(m.subscriptions()).containsExactly("Drafts", "INBOX", "Later/On", "Sent", "Trash");
  }
}
