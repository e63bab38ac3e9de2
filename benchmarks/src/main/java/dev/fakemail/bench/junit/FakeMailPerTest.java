package dev.fakemail.bench.junit;

import dev.fakemail.MailFilter;
import dev.fakemail.junit.FakeMailExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Row 2a, FakeMail: {@link FakeMailExtension} in an instance field, so one server per test. */
public class FakeMailPerTest extends FiftyMailTests {
  @RegisterExtension final FakeMailExtension mail = FakeMailExtension.create();

  @Override
  void sendAndAwait(String subject) throws Exception {
    Mails.send(mail.server().smtpHost(), mail.server().smtpPort(), subject);
    mail.inbox().awaitMessage(MailFilter.subject(subject));
  }
}
