package dev.fakemail.bench.junit;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Row 2a, GreenMail: its {@link GreenMailExtension} as its documentation shows it (a static field,
 * per-method lifecycle by default: a server started before and stopped after each test), with SMTP
 * and POP3 like FakeMail's defaults.
 */
public class GreenMailPerTest extends FiftyMailTests {
  @RegisterExtension
  static final GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.SMTP_POP3);

  @Override
  void sendAndAwait(String subject) throws Exception {
    Mails.send("127.0.0.1", greenMail.getSmtp().getPort(), subject);
    GreenMails.awaitOne(greenMail, subject);
  }
}
