package dev.fakemail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.net.URI;
import org.junit.jupiter.api.Test;

/**
 * The {@link SmtpBehavior} contract over the HTTP API: {@link FakeMailHttpClient#smtp()} and the
 * {@link Inbox#smtp()} of its inboxes, against a server with {@link Protocol#HTTP}.
 */
class HttpSmtpBehaviorContractTest extends SmtpBehaviorContractTest {
  private FakeMailHttpClient client;

  @Override
  FakeMailServer start(FakeMailConfig.Builder config) {
    FakeMailServer started =
        FakeMailServer.start(config.protocols(Protocol.SMTP, Protocol.HTTP).build());
    client = FakeMailHttpClient.of(started.httpUrl());
    return started;
  }

  @Override
  SmtpBehavior serverRules() {
    return client.smtp();
  }

  @Override
  Inbox view(Inbox embedded) {
    return client.inbox(embedded.address());
  }

  @Override
  Inbox allMail() {
    return client.inbox();
  }

  @Test
  void aNewInboxOfTheClientHasRulesOfItsOwn() {
    Inbox inbox = FakeMailHttpClient.of(server.httpUrl()).newInbox();

    RegisteredRule added = inbox.smtp().add(MAILBOX_FULL);

    assertThat(added.scope()).contains(inbox.address());
    assertThat(server.smtp().rules()).containsExactly(added);
    inbox.clear();
    assertThat(server.smtp().rules()).isEmpty();
  }

  @Test
  void printsTheServerAndScopeItDrives() {
    assertThat(client.smtp()).hasToString("SmtpBehavior{" + server.httpUrl() + " server}");
    assertThat(client.inbox().smtp()).hasToString("SmtpBehavior{" + server.httpUrl() + " server}");
    assertThat(client.inbox(" bob@example.test ").smtp())
        .hasToString("SmtpBehavior{" + server.httpUrl() + " bob@example.test}");
  }

  @Test
  void saysSoWhenTheServerCannotBeReached() {
    URI smtp = URI.create("http://" + server.smtpHost() + ":" + server.smtpPort() + "/");

    assertThatThrownBy(() -> FakeMailHttpClient.of(smtp).smtp().add(MAILBOX_FULL))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageStartingWith(
            "Request to the FakeMail HTTP API failed: POST " + smtp + "api/v1/behaviors: ");
    assertThat(server.smtp().rules()).isEmpty();
  }
}
