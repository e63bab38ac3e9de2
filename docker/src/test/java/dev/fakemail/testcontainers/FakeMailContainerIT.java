package dev.fakemail.testcontainers;

import static dev.fakemail.MailFilter.subject;
import static dev.fakemail.MailFilter.to;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fakemail.Inbox;
import dev.fakemail.ReceivedMail;
import dev.fakemail.RegisteredRule;
import dev.fakemail.SmtpPhase;
import dev.fakemail.SmtpRule;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * The image with its default settings, in one container for the class: real Angus clients send over
 * the mapped SMTP port and read back over POP3 and IMAP; the HTTP-backed inbox awaits.
 */
@Testcontainers(disabledWithoutDocker = true)
class FakeMailContainerIT {
  @Container static final FakeMailContainer FAKEMAIL = new FakeMailContainer();

  @Test
  void capturesMailSentToTheMappedSmtpPort() throws Exception {
    send("shop@example.test", "bob@example.test", "Welcome, Bob", "Hello from the container");

    ReceivedMail mail =
        FAKEMAIL
            .getInbox()
            .awaitMessage(
                to("bob@example.test").and(subject("Welcome, Bob")), Duration.ofSeconds(10));
    assertThat(mail.envelope().mailFrom()).isEqualTo("shop@example.test");
    assertThat(mail.text())
        .hasValueSatisfying(t -> assertThat(t).contains("Hello from the container"));
  }

  @Test
  void readsTheMailboxBackOverPop3AndImap() throws Exception {
    send("shop@example.test", "carol@example.test", "For Carol", "POP3 and IMAP");
    FAKEMAIL.getInbox().awaitMessage(to("carol@example.test"), Duration.ofSeconds(10));

    for (String protocol : new String[] {"pop3", "imap"}) {
      int port = protocol.equals("pop3") ? FAKEMAIL.getPop3Port() : FAKEMAIL.getImapPort();
      Store store = session().getStore(protocol);
      store.connect(FAKEMAIL.getHost(), port, "carol@example.test", "any password");
      try {
        Folder inbox = store.getFolder("INBOX");
        inbox.open(Folder.READ_ONLY);
        Message[] messages = inbox.getMessages();
        assertThat(messages).as(protocol).hasSize(1);
        assertThat(messages[0].getSubject()).as(protocol).isEqualTo("For Carol");
        assertThat(((String) messages[0].getContent()).trim())
            .as(protocol)
            .isEqualTo("POP3 and IMAP");
        inbox.close(false);
      } finally {
        store.close();
      }
    }
  }

  @Test
  void givesEachTestAnInboxOfItsOwn() throws Exception {
    var mine = FAKEMAIL.getHttpClient().newInbox();
    send("shop@example.test", "someone-else@example.test", "Not mine", "x");
    send("shop@example.test", mine.address(), "Mine", "y");

    assertThat(mine.awaitMessage(subject("Mine"), Duration.ofSeconds(10)).envelope().recipients())
        .containsExactly(mine.address());
    assertThat(mine.messages()).extracting(ReceivedMail::subject).containsExactly("Mine");
  }

  @Test
  void reportsTheMappedPortsAndUrl() {
    assertThat(FAKEMAIL.getHttpUrl())
        .hasToString("http://" + FAKEMAIL.getHost() + ":" + FAKEMAIL.getMappedPort(8025) + "/");
    assertThat(
            new int[] {
              FAKEMAIL.getSmtpPort(), FAKEMAIL.getSmtpsPort(), FAKEMAIL.getPop3Port(),
              FAKEMAIL.getPop3sPort(), FAKEMAIL.getImapPort(), FAKEMAIL.getImapsPort(),
              FAKEMAIL.getLmtpPort(), FAKEMAIL.getHttpPort()
            })
        .containsExactly(
            FAKEMAIL.getMappedPort(1025), FAKEMAIL.getMappedPort(1465),
            FAKEMAIL.getMappedPort(1110), FAKEMAIL.getMappedPort(1995),
            FAKEMAIL.getMappedPort(1143), FAKEMAIL.getMappedPort(1993),
            FAKEMAIL.getMappedPort(1024), FAKEMAIL.getMappedPort(8025));
  }

  @Test
  void awaitingMailThatNeverCameFailsWithTheNearMiss() throws Exception {
    send("shop@example.test", "dave@example.test", "Almost", "z");
    FAKEMAIL.getInbox().awaitMessage(subject("Almost"), Duration.ofSeconds(10));

    assertThatThrownBy(
            () ->
                FAKEMAIL
                    .getInbox()
                    .awaitMessage(
                        to("dave@example.test").and(subject("Never sent")), Duration.ofMillis(200)))
        .isInstanceOf(dev.fakemail.MailNotReceivedError.class)
        .hasMessageStartingWith(
            "Expected a message matching {to=dave@example.test, subject=\"Never sent\"} within"
                + " PT0.2S");
  }

  @Test
  void greylistsAnInboxOverHttpAndTheRetryArrives() throws Exception {
    Inbox inbox = FAKEMAIL.getHttpClient().newInbox();
    RegisteredRule grey = inbox.smtp().add(SmtpRule.greylisting());

    assertThatThrownBy(() -> send("shop@example.test", inbox.address(), "Receipt", "r"))
        .isInstanceOf(SendFailedException.class)
        .hasRootCauseMessage(
            "450 4.2.0 <"
                + inbox.address()
                + ">: Recipient address rejected: Greylisted, please try again later\n");
    send("shop@example.test", inbox.address(), "Receipt", "r");

    assertThat(inbox.awaitMessage(subject("Receipt"), Duration.ofSeconds(10)).subject())
        .isEqualTo("Receipt");
    assertThat(FAKEMAIL.getSmtpBehavior().rule(grey.id()).orElseThrow().fired()).isEqualTo(1);
    inbox.clear();
    assertThat(FAKEMAIL.getSmtpBehavior().rules()).isEmpty();
  }

  @Test
  void serverWideRuleDropsTheConnectionMidData() throws Exception {
    RegisteredRule drop =
        FAKEMAIL
            .getSmtpBehavior()
            .add(
                SmtpRule.on(SmtpPhase.DATA)
                    .recipient("erin@example.test")
                    .times(1)
                    .disconnectAfterBytes(0));
    try {
      assertThatThrownBy(() -> send("shop@example.test", "erin@example.test", "Cut", "c"))
          .isInstanceOf(MessagingException.class);
      send("shop@example.test", "erin@example.test", "Whole", "w");
      FAKEMAIL.getInbox().awaitMessage(subject("Whole"), Duration.ofSeconds(10));
      assertThat(FAKEMAIL.getInbox().messages(subject("Cut"))).isEmpty();
      assertThat(FAKEMAIL.getSmtpBehavior().rule(drop.id()).orElseThrow().isSpent()).isTrue();
    } finally {
      FAKEMAIL.getSmtpBehavior().remove(drop.id());
    }
  }

  static Session session() {
    Properties p = new Properties();
    p.put("mail.smtp.host", FAKEMAIL.getHost());
    p.put("mail.smtp.port", Integer.toString(FAKEMAIL.getSmtpPort()));
    p.put("mail.smtp.connectiontimeout", "5000");
    p.put("mail.smtp.timeout", "10000");
    p.put("mail.pop3.connectiontimeout", "5000");
    p.put("mail.pop3.timeout", "10000");
    p.put("mail.imap.connectiontimeout", "5000");
    p.put("mail.imap.timeout", "10000");
    return Session.getInstance(p);
  }

  static void send(String from, String to, String subject, String text) throws MessagingException {
    Session session = session();
    MimeMessage m = new MimeMessage(session);
    m.setFrom(new InternetAddress(from));
    m.setRecipients(Message.RecipientType.TO, InternetAddress.parse(to));
    m.setSubject(subject, "UTF-8");
    m.setText(text, "UTF-8");
    Transport.send(m);
  }
}
