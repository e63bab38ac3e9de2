package dev.fakemail.bench.junit;

import com.icegreen.greenmail.base.GreenMailOperations;
import jakarta.mail.internet.MimeMessage;

/** GreenMail's way to await a message: wait for one, then check it is the one sent. */
final class GreenMails {
  private GreenMails() {}

  static void awaitOne(GreenMailOperations greenMail, String subject) throws Exception {
    if (!greenMail.waitForIncomingEmail(5000, 1)) {
      throw new AssertionError("no mail within 5 s");
    }
    MimeMessage[] received = greenMail.getReceivedMessages();
    if (received.length != 1 || !subject.equals(received[0].getSubject())) {
      throw new AssertionError("expected one mail with subject " + subject);
    }
  }
}
