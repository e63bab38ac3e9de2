package dev.fakemail.bench.junit;

import dev.fakemail.FakeMailServer;
import dev.fakemail.Inbox;
import dev.fakemail.MailFilter;
import dev.fakemail.junit.FakeMailTest;
import org.junit.jupiter.api.BeforeEach;

/**
 * Row 2b, FakeMail: {@link FakeMailTest @FakeMailTest}, one server for the class, its inbox cleared
 * by the extension before each test.
 */
@FakeMailTest
public class FakeMailPerClass extends FiftyMailTests {
  private FakeMailServer server;
  private Inbox inbox;

  @BeforeEach
  void inject(FakeMailServer server, Inbox inbox) {
    this.server = server;
    this.inbox = inbox;
  }

  @Override
  void sendAndAwait(String subject) throws Exception {
    Mails.send(server.smtpHost(), server.smtpPort(), subject);
    inbox.awaitMessage(MailFilter.subject(subject));
  }
}
