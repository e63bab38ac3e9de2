package dev.fakemail.bench.junit;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Row 2b, GreenMail: {@code withPerMethodLifecycle(false)}, one server for the class; the mail of
 * the previous test is purged before each test, as FakeMail's extension clears its inbox.
 */
public class GreenMailPerClass extends FiftyMailTests {
  @RegisterExtension
  static final GreenMailExtension greenMail =
      new GreenMailExtension(ServerSetupTest.SMTP_POP3).withPerMethodLifecycle(false);

  @BeforeEach
  void purge() throws Exception {
    greenMail.purgeEmailFromAllMailboxes();
  }

  @Override
  void sendAndAwait(String subject) throws Exception {
    Mails.send("127.0.0.1", greenMail.getSmtp().getPort(), subject);
    GreenMails.awaitOne(greenMail, subject);
  }
}
