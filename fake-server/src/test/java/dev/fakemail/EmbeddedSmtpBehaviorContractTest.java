package dev.fakemail;

/**
 * The {@link SmtpBehavior} contract on the embedded server: {@code server.smtp()}, {@code
 * inbox.smtp()}.
 */
class EmbeddedSmtpBehaviorContractTest extends SmtpBehaviorContractTest {

  @Override
  FakeMailServer start(FakeMailConfig.Builder config) {
    return FakeMailServer.start(config.build());
  }

  @Override
  SmtpBehavior serverRules() {
    return server.smtp();
  }

  @Override
  Inbox view(Inbox embedded) {
    return embedded;
  }

  @Override
  Inbox allMail() {
    return server.inbox();
  }
}
