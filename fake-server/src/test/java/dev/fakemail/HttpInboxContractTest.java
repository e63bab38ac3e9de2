package dev.fakemail;

import static dev.fakemail.MailFilter.any;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The {@link Inbox} contract over the HTTP API: {@link FakeMailHttpClient} against a server with
 * {@link Protocol#HTTP}, through a {@link LoopbackRelay} that shows when a long poll is underway.
 */
class HttpInboxContractTest extends InboxContractTest {
  private FakeMailServer embedded;
  private LoopbackRelay relay;
  private FakeMailHttpClient client;

  @Override
  protected Target start() {
    embedded = FakeMailServer.start(config().protocols(Protocol.SMTP, Protocol.HTTP).build());
    relay = new LoopbackRelay(embedded.httpUrl());
    client = FakeMailHttpClient.of(relay.url()).withAwaitTimeout(embedded.config().awaitTimeout());
    return Target.of(embedded);
  }

  @AfterEach
  void closeRelay() {
    relay.close();
  }

  @Override
  protected Inbox view(Inbox reference) {
    return reference == server.inbox() ? client.inbox() : client.inbox(reference.address());
  }

  @Override
  protected Inbox freshInbox() {
    return client.newInbox();
  }

  /** The await is underway when its long-poll request has reached the server. */
  @Override
  protected Underway underway() {
    int seen = relay.longPolls();
    return waiter -> relay.awaitLongPollsAbove(seen, LONG);
  }

  @Test
  void printsTheServerItReads() {
    assertThat(client.inbox()).hasToString("Inbox{" + relay.url() + " all mail}");
    assertThat(client.inbox("bob@example.test"))
        .hasToString("Inbox{" + relay.url() + " bob@example.test}");
    assertThat(Inbox.overHttp(embedded.httpUrl()))
        .hasToString("Inbox{" + embedded.httpUrl() + " all mail}");
    assertThat(client).hasToString("FakeMailHttpClient{" + relay.url() + "}");
  }

  @Test
  void deliversIntoAMailboxLikeTheEmbeddedServer() {
    byte[] raw = "Subject: seeded\r\n\r\nhello\r\n".getBytes(StandardCharsets.UTF_8);
    String id = client.deliver(" support@shop.test ", raw);

    List<ReceivedMail> mailbox = embedded.mailbox("support@shop.test");
    assertThat(mailbox).extracting(ReceivedMail::id).containsExactly(id);
    assertThat(mailbox.get(0).raw()).isEqualTo(raw);
    assertThat(mailbox.get(0).envelope().recipients()).containsExactly("support@shop.test");
    assertThat(client.inbox().messages(any()))
        .as("seeded mail is not in the capture log")
        .isEmpty();
  }

  @Test
  void readsTheServerDirectlyByItsUrl() {
    Inbox mine = embedded.newInbox();
    send("shop@example.test", "Subject: direct\r\n", mine.address());
    send("shop@example.test", "Subject: not mine\r\n", "carol@example.test");
    List<ReceivedMail> stored = server.inbox().awaitMessages(any(), 2, LONG);

    assertSameMail(Inbox.overHttp(embedded.httpUrl()).messages(), stored);
    assertSameMail(
        Inbox.overHttp(embedded.httpUrl(), mine.address()).messages(), stored.subList(0, 1));
    assertThat(FakeMailHttpClient.of(embedded.httpUrl()).inbox(mine.address()).address())
        .isEqualTo(mine.address());
  }

  @Test
  void saysSoWhenTheUrlIsNotAnHttpServer() {
    URI smtp = URI.create("http://" + embedded.smtpHost() + ":" + embedded.smtpPort() + "/");

    assertThatThrownBy(() -> Inbox.overHttp(smtp).messages())
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageStartingWith(
            "Request to the FakeMail HTTP API failed: GET "
                + smtp
                + "api/v1/messages?include=raw&offset=0&limit=100: ");
  }
}
