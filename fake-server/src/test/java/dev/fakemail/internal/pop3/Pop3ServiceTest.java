package dev.fakemail.internal.pop3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fakemail.AuthMode;
import dev.fakemail.Envelope;
import dev.fakemail.FakeMailConfig;
import dev.fakemail.ReceivedMail;
import dev.fakemail.internal.auth.AuthPolicy;
import dev.fakemail.internal.store.Flags;
import dev.fakemail.internal.store.Flags.SystemFlag;
import dev.fakemail.internal.store.Folder;
import dev.fakemail.internal.store.MailboxMessage;
import dev.fakemail.internal.store.Mailboxes;
import dev.fakemail.internal.store.Users;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The POP3 service without sockets: bytes in, bytes out, and what it does to the store. */
class Pop3ServiceTest {
  private final Mailboxes mailboxes = new Mailboxes("localhost", true);
  private final Folder inbox = mailboxes.mailbox("bob@example.test").inbox();

  @Test
  void retrMarksAMessageSeenAndTopDoesNot() {
    inbox.append(mail("one"), Flags.NONE, Instant.now());
    inbox.append(mail("two"), Flags.NONE, Instant.now());
    EmbeddedChannel channel = channel(AuthMode.ANY);
    assertThat(read(channel)).startsWith("+OK FakeMail POP3 server ready <");

    assertThat(exchange(channel, "USER bob@example.test\r\nPASS x\r\nTOP 1 0\r\nRETR 2\r\n"))
        .startsWith("+OK Send PASS for bob@example.test\r\n+OK Welcome bob@example.test\r\n")
        .contains("Subject: one\r\n\r\n.\r\n")
        .endsWith("Subject: two\r\n\r\nbody\r\n.\r\n");

    assertThat(inbox.messages())
        .extracting(MailboxMessage::flags)
        .containsExactly(Flags.NONE, Flags.of(SystemFlag.SEEN));
    channel.finishAndReleaseAll();
  }

  @Test
  void usersModeChecksTheConfiguredPassword() {
    EmbeddedChannel channel = channel(AuthMode.USERS);
    read(channel);

    assertThat(exchange(channel, "USER bob@example.test\r\nPASS wrong\r\n"))
        .isEqualTo("+OK Send PASS for bob@example.test\r\n-ERR Authentication failed.\r\n");
    assertThat(exchange(channel, "USER bob@example.test\r\nPASS secret\r\n"))
        .endsWith("+OK Welcome bob@example.test\r\n");
    channel.finishAndReleaseAll();
  }

  private EmbeddedChannel channel(AuthMode mode) {
    FakeMailConfig config =
        FakeMailConfig.builder().authMode(mode).user("bob@example.test", "secret").build();
    Users users = new Users(config.authMode(), config.users(), mailboxes);
    return new EmbeddedChannel(
        new Pop3Service(mailboxes, new AuthPolicy(config, users), config, null)
            .channelInitializer());
  }

  private static String exchange(EmbeddedChannel channel, String input) {
    channel.writeInbound(Unpooled.copiedBuffer(input, StandardCharsets.UTF_8));
    channel.runPendingTasks();
    return read(channel);
  }

  private static String read(EmbeddedChannel channel) {
    StringBuilder sb = new StringBuilder();
    Object o;
    while ((o = channel.readOutbound()) != null) {
      ByteBuf buf = (ByteBuf) o;
      sb.append(buf.toString(StandardCharsets.UTF_8));
      buf.release();
    }
    return sb.toString();
  }

  private static ReceivedMail mail(String subject) {
    byte[] raw = ("Subject: " + subject + "\r\n\r\nbody\r\n").getBytes(StandardCharsets.US_ASCII);
    return ReceivedMail.of(subject, Instant.now(), Envelope.builder().build(), raw);
  }
}
