package dev.fakemail.assertj;

import static dev.fakemail.assertj.MailAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fakemail.Envelope;
import dev.fakemail.FakeMailServer;
import dev.fakemail.Inbox;
import dev.fakemail.MailFilter;
import dev.fakemail.ReceivedMail;
import dev.fakemail.TlsMode;
import dev.fakemail.junit.FakeMailTest;
import dev.fakemail.testsupport.TestMail;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link ReceivedMailAssert} on mail sent with Angus Mail to a real server; every failure message
 * is checked verbatim. Static imports of both AssertJ's and FakeMail's {@code assertThat} show that
 * they do not clash.
 */
@FakeMailTest
class ReceivedMailAssertTest {
  private static final byte[] PDF = "%PDF-1.4 fake".getBytes(StandardCharsets.US_ASCII);

  private FakeMailServer server;
  private Inbox inbox;
  private ReceivedMail welcome;

  @BeforeEach
  void sendWelcome(FakeMailServer server, Inbox inbox) {
    this.server = server;
    this.inbox = inbox;
    TestMail.to("\"Bob\" <Bob@Example.test>", "carol@example.test")
        .from("\"Shop\" <noreply@shop.test>")
        .envelopeFrom("bounce@shop.test")
        .cc("dave@example.test")
        .bcc("erin@example.test")
        .subject("Welcome, Bob")
        .header("X-Campaign", "spring-sale")
        .text("Hello Bob,\n\nConfirm at https://shop.test/confirm?token=abc\n")
        .html("<p>Hello <b>Bob</b></p>\n")
        .attach("terms.pdf", "application/pdf", PDF)
        .sendTo(server);
    welcome = inbox.awaitMessage(MailFilter.subject("Welcome, Bob"));
  }

  private ReceivedMail send(TestMail mail, String subject) {
    mail.subject(subject).sendTo(server);
    return inbox.awaitMessage(MailFilter.subject(subject));
  }

  @Test
  void hasSubject() {
    assertThat(welcome).hasSubject("Welcome, Bob");

    assertThatThrownBy(() -> assertThat(welcome).hasSubject("Receipt"))
        .isInstanceOf(AssertionError.class)
        .hasMessage(
            "%nExpecting mail #%s \"Welcome, Bob\" to have subject:%n"
                + "  \"Receipt\"%n"
                + "but had:%n"
                + "  \"Welcome, Bob\"",
            welcome.id());
    assertThatThrownBy(() -> assertThat(welcome).hasSubject("welcome, bob"))
        .as("case-sensitive")
        .isInstanceOf(AssertionError.class);
  }

  @Test
  void hasSubjectContaining() {
    assertThat(welcome).hasSubjectContaining("Welcome").hasSubjectContaining(", B");

    assertThatThrownBy(() -> assertThat(welcome).hasSubjectContaining("Receipt"))
        .hasMessage(
            "%nExpecting mail #%s \"Welcome, Bob\" to have a subject containing:%n"
                + "  \"Receipt\"%n"
                + "but had:%n"
                + "  \"Welcome, Bob\"",
            welcome.id());
  }

  @Test
  void descriptionComesFirst() {
    assertThatThrownBy(() -> assertThat(welcome).as("welcome mail").hasSubject("Receipt"))
        .hasMessage(
            "[welcome mail] %nExpecting mail #%s \"Welcome, Bob\" to have subject:%n"
                + "  \"Receipt\"%n"
                + "but had:%n"
                + "  \"Welcome, Bob\"",
            welcome.id());
  }

  @Test
  void labelEscapesQuotesAndKeepsPercentSigns() {
    ReceivedMail mail = send(TestMail.to("bob@example.test"), "100% \"off\"");

    assertThatThrownBy(() -> assertThat(mail).hasSubject("100% off"))
        .hasMessage(
            "%nExpecting mail #%s \"100%% \\\"off\\\"\" to have subject:%n"
                + "  \"100%% off\"%n"
                + "but had:%n"
                + "  \"100%% \\\"off\\\"\"",
            mail.id());
  }

  @Test
  void labelOfAMailWithoutSubject() {
    ReceivedMail mail = send(TestMail.to("bob@example.test"), "");

    assertThatThrownBy(() -> assertThat(mail).hasSubject("Receipt"))
        .hasMessage(
            "%nExpecting mail #%s (no subject) to have subject:%n"
                + "  \"Receipt\"%n"
                + "but had:%n"
                + "  \"\"",
            mail.id());
  }

  @Test
  void labelCutsALongSubject() {
    String subject = "Your order #41 has shipped and will arrive on Tuesday between 9 and 5";
    ReceivedMail mail = send(TestMail.to("bob@example.test"), subject);

    assertThatThrownBy(() -> assertThat(mail).hasSubjectContaining("Monday"))
        .hasMessage(
            "%nExpecting mail #%s \"Your order #41 has shipped and will arrive on Tuesday betwe…\""
                + " to have a subject containing:%n"
                + "  \"Monday\"%n"
                + "but had:%n"
                + "  \"%s\"",
            mail.id(), subject);
  }

  @Test
  void hasFrom() {
    assertThat(welcome).hasFrom("noreply@shop.test").hasFrom("NoReply@Shop.TEST");

    assertThatThrownBy(() -> assertThat(welcome).hasFrom("sales@shop.test"))
        .hasMessage(
            "%nExpecting mail #%s \"Welcome, Bob\" to have From addresses including:%n"
                + "  [sales@shop.test]%n"
                + "but had:%n"
                + "  [\"Shop\" <noreply@shop.test>]",
            welcome.id());
  }

  @Test
  void hasToMeansIncludingAllOfThemIgnoringCaseAndDisplayNames() {
    assertThat(welcome)
        .hasTo("bob@example.test")
        .hasTo("carol@example.test", "BOB@example.test")
        .hasTo(" carol@example.test ");

    assertThatThrownBy(() -> assertThat(welcome).hasTo("bob@example.test", "zed@example.test"))
        .hasMessage(
            "%nExpecting mail #%s \"Welcome, Bob\" to have To addresses including:%n"
                + "  [bob@example.test, zed@example.test]%n"
                + "but had:%n"
                + "  [\"Bob\" <Bob@Example.test>, carol@example.test]",
            welcome.id());
  }

  @Test
  void hasOnlyToMeansExactlyThemInAnyOrder() {
    assertThat(welcome).hasOnlyTo("carol@example.test", "bob@example.test");

    assertThatThrownBy(() -> assertThat(welcome).hasOnlyTo("bob@example.test"))
        .hasMessage(
            "%nExpecting mail #%s \"Welcome, Bob\" to have exactly these To addresses,"
                + " in any order:%n"
                + "  [bob@example.test]%n"
                + "but had:%n"
                + "  [\"Bob\" <Bob@Example.test>, carol@example.test]",
            welcome.id());
  }

  @Test
  void hasCcAndHasOnlyCc() {
    assertThat(welcome).hasCc("dave@example.test").hasOnlyCc("DAVE@example.test");

    assertThatThrownBy(() -> assertThat(welcome).hasCc("bob@example.test"))
        .hasMessage(
            "%nExpecting mail #%s \"Welcome, Bob\" to have Cc addresses including:%n"
                + "  [bob@example.test]%n"
                + "but had:%n"
                + "  [dave@example.test]",
            welcome.id());
    assertThatThrownBy(
            () -> assertThat(welcome).hasOnlyCc("dave@example.test", "erin@example.test"))
        .hasMessage(
            "%nExpecting mail #%s \"Welcome, Bob\" to have exactly these Cc addresses,"
                + " in any order:%n"
                + "  [dave@example.test, erin@example.test]%n"
                + "but had:%n"
                + "  [dave@example.test]",
            welcome.id());
  }

  @Test
  void hasBccAndHasOnlyBccLookAtRecipientsMissingFromToAndCc() {
    assertThat(welcome).hasBcc("erin@example.test").hasOnlyBcc("erin@example.test");

    assertThatThrownBy(() -> assertThat(welcome).hasBcc("bob@example.test"))
        .hasMessage(
            "%nExpecting mail #%s \"Welcome, Bob\" to have Bcc recipients including:%n"
                + "  [bob@example.test]%n"
                + "but had:%n"
                + "  [erin@example.test]",
            welcome.id());
    assertThatThrownBy(() -> assertThat(welcome).hasOnlyBcc("frank@example.test"))
        .hasMessage(
            "%nExpecting mail #%s \"Welcome, Bob\" to have exactly these Bcc recipients,"
                + " in any order:%n"
                + "  [frank@example.test]%n"
                + "but had:%n"
                + "  [erin@example.test]",
            welcome.id());
  }

  @Test
  void hasEnvelopeSender() {
    assertThat(welcome).hasEnvelopeSender("bounce@shop.test").hasEnvelopeSender("BOUNCE@shop.test");

    assertThatThrownBy(() -> assertThat(welcome).hasEnvelopeSender("noreply@shop.test"))
        .hasMessage(
            "%nExpecting mail #%s \"Welcome, Bob\" to have envelope sender (MAIL FROM):%n"
                + "  <noreply@shop.test>%n"
                + "but had:%n"
                + "  <bounce@shop.test>",
            welcome.id());
  }

  @Test
  void hasEnvelopeSenderOfABounceIsEmpty() {
    TestMail.sendRaw(
        server, "From: mailer@shop.test\nSubject: Bounce\n\nUndeliverable\n", "<>", "bob@x.test");
    ReceivedMail bounce = inbox.awaitMessage(MailFilter.subject("Bounce"));

    assertThat(bounce).hasEnvelopeSender("");
    assertThatThrownBy(() -> assertThat(bounce).hasEnvelopeSender("mailer@shop.test"))
        .hasMessage(
            "%nExpecting mail #%s \"Bounce\" to have envelope sender (MAIL FROM):%n"
                + "  <mailer@shop.test>%n"
                + "but had:%n"
                + "  <>",
            bounce.id());
  }

  @Test
  void hasEnvelopeRecipientsAndHasOnlyEnvelopeRecipients() {
    assertThat(welcome)
        .hasEnvelopeRecipients("erin@example.test", "bob@example.test")
        .hasOnlyEnvelopeRecipients(
            "erin@example.test", "dave@example.test", "carol@example.test", "bob@example.test");

    assertThatThrownBy(() -> assertThat(welcome).hasEnvelopeRecipients("zed@example.test"))
        .hasMessage(
            "%nExpecting mail #%s \"Welcome, Bob\" to have envelope recipients (RCPT TO)"
                + " including:%n"
                + "  [zed@example.test]%n"
                + "but had:%n"
                + "  %s",
            welcome.id(), welcome.envelope().recipients());
    assertThatThrownBy(() -> assertThat(welcome).hasOnlyEnvelopeRecipients("bob@example.test"))
        .hasMessage(
            "%nExpecting mail #%s \"Welcome, Bob\" to have exactly these envelope recipients"
                + " (RCPT TO), in any order:%n"
                + "  [bob@example.test]%n"
                + "but had:%n"
                + "  %s",
            welcome.id(), welcome.envelope().recipients());
  }

  @Test
  void hasHeaderByName() {
    ReceivedMail mail = sendRaw("From: a@shop.test\nSubject: Raw\nX-Trace: 1\nX-trace: 2\n\nHi\n");

    assertThat(mail).hasHeader("X-Trace").hasHeader("x-TRACE");
    assertThatThrownBy(() -> assertThat(mail).hasHeader("X-Campaign"))
        .hasMessage(
            "%nExpecting mail #%s \"Raw\" to have header:%n"
                + "  X-Campaign%n"
                + "but had:%n"
                + "  [From, Subject, X-Trace]",
            mail.id());
  }

  @Test
  void hasHeaderWithValue() {
    ReceivedMail mail = sendRaw("From: a@shop.test\nSubject: Raw\nX-Trace: 1\nX-trace: 2\n\nHi\n");

    assertThat(mail).hasHeader("x-trace", "2").hasHeader("X-Trace", "1");
    assertThatThrownBy(() -> assertThat(mail).hasHeader("X-Trace", "3"))
        .hasMessage(
            "%nExpecting mail #%s \"Raw\" to have header X-Trace with value:%n"
                + "  \"3\"%n"
                + "but had:%n"
                + "  X-Trace: \"1\"%n"
                + "  X-trace: \"2\"",
            mail.id());
    assertThatThrownBy(() -> assertThat(mail).hasHeader("X-Campaign", "spring-sale"))
        .hasMessage(
            "%nExpecting mail #%s \"Raw\" to have header X-Campaign with value:%n"
                + "  \"spring-sale\"%n"
                + "but had:%n"
                + "  no X-Campaign header",
            mail.id());
  }

  @Test
  void hasTextBodyContaining() {
    assertThat(welcome).hasTextBodyContaining("/confirm?token=abc").hasTextBodyContaining("\n\n");

    assertThatThrownBy(() -> assertThat(welcome).hasTextBodyContaining("/reset"))
        .hasMessage(
            "%nExpecting mail #%s \"Welcome, Bob\" to have a text body containing:%n"
                + "  \"/reset\"%n"
                + "but had:%n"
                + "  \"\"\"%n"
                + "  Hello Bob,%n"
                + "%n"
                + "  Confirm at https://shop.test/confirm?token=abc%n"
                + "  \"\"\"",
            welcome.id());
  }

  @Test
  void hasTextBodyContainingWhenThereIsNoTextBody() {
    ReceivedMail mail = send(TestMail.to("bob@example.test").html("<p>Hi</p>"), "HTML only");

    assertThatThrownBy(() -> assertThat(mail).hasTextBodyContaining("Hi"))
        .hasMessage(
            "%nExpecting mail #%s \"HTML only\" to have a text body containing:%n"
                + "  \"Hi\"%n"
                + "but had:%n"
                + "  no text body",
            mail.id());
  }

  @Test
  void bodyWithoutFinalLineBreakEndsOnItsLastLineAndLongBodiesAreCut() {
    String text = "x".repeat(10_005);
    ReceivedMail mail = send(TestMail.to("bob@example.test").text(text), "Long");
    assertThat(mail.text()).hasValue(text + "\n"); // SMTP ends the data with a line break

    assertThatThrownBy(() -> assertThat(mail).hasTextBodyContaining("y"))
        .hasMessage(
            "%nExpecting mail #%s \"Long\" to have a text body containing:%n"
                + "  \"y\"%n"
                + "but had:%n"
                + "  \"\"\"%n"
                + "  %s…\"\"\"%n"
                + "  (6 more characters not shown)",
            mail.id(), "x".repeat(10_000));
  }

  @Test
  void hasHtmlBodyContaining() {
    assertThat(welcome).hasHtmlBodyContaining("<b>Bob</b>");

    assertThatThrownBy(() -> assertThat(welcome).hasHtmlBodyContaining("Alice"))
        .hasMessage(
            "%nExpecting mail #%s \"Welcome, Bob\" to have an HTML body containing:%n"
                + "  \"Alice\"%n"
                + "but had:%n"
                + "  \"\"\"%n"
                + "  <p>Hello <b>Bob</b></p>%n"
                + "  \"\"\"",
            welcome.id());
    ReceivedMail plain = send(TestMail.to("bob@example.test").text("Hi"), "Plain");
    assertThatThrownBy(() -> assertThat(plain).hasHtmlBodyContaining("Hi"))
        .hasMessage(
            "%nExpecting mail #%s \"Plain\" to have an HTML body containing:%n"
                + "  \"Hi\"%n"
                + "but had:%n"
                + "  no HTML body",
            plain.id());
  }

  @Test
  void hasAttachmentByName() {
    assertThat(welcome).hasAttachment("terms.pdf");

    assertThatThrownBy(() -> assertThat(welcome).hasAttachment("invoice.pdf"))
        .hasMessage(
            "%nExpecting mail #%s \"Welcome, Bob\" to have attachment:%n"
                + "  \"invoice.pdf\"%n"
                + "but had:%n"
                + "  \"terms.pdf\" (application/pdf, 13 bytes)",
            welcome.id());
  }

  @Test
  void hasAttachmentByNameAndTypeIgnoringCaseAndParameters() {
    assertThat(welcome)
        .hasAttachment("terms.pdf", "application/pdf")
        .hasAttachment("terms.pdf", "Application/PDF; name=terms.pdf");

    assertThatThrownBy(() -> assertThat(welcome).hasAttachment("terms.pdf", "text/plain"))
        .hasMessage(
            "%nExpecting mail #%s \"Welcome, Bob\" to have attachment:%n"
                + "  \"terms.pdf\" (text/plain)%n"
                + "but had:%n"
                + "  \"terms.pdf\" (application/pdf, 13 bytes)",
            welcome.id());
  }

  @Test
  void hasAttachmentListsEveryPartInlineOnesToo() {
    ReceivedMail mail =
        send(
            TestMail.to("bob@example.test")
                .html("<img src=\"cid:logo\">")
                .attachInline("logo.png", "image/png", new byte[] {1})
                .attach("a.txt", "text/plain", new byte[] {'a', 'b'}),
            "Two parts");

    assertThatThrownBy(() -> assertThat(mail).hasAttachment("invoice.pdf"))
        .hasMessage(
            "%nExpecting mail #%s \"Two parts\" to have attachment:%n"
                + "  \"invoice.pdf\"%n"
                + "but had:%n"
                + "  \"logo.png\" (image/png, 1 byte, inline)%n"
                + "  \"a.txt\" (text/plain, 2 bytes)",
            mail.id());
  }

  @Test
  void hasAttachmentWhenThereAreNone() {
    ReceivedMail plain = send(TestMail.to("bob@example.test").text("Hi"), "Plain");

    assertThatThrownBy(() -> assertThat(plain).hasAttachment("invoice.pdf", "application/pdf"))
        .hasMessage(
            "%nExpecting mail #%s \"Plain\" to have attachment:%n"
                + "  \"invoice.pdf\" (application/pdf)%n"
                + "but had:%n"
                + "  no attachments",
            plain.id());
  }

  @Test
  void hasNoAttachments() {
    ReceivedMail plain = send(TestMail.to("bob@example.test").text("Hi").html("<p>Hi</p>"), "Alt");
    assertThat(plain).hasNoAttachments();

    assertThatThrownBy(() -> assertThat(welcome).hasNoAttachments())
        .hasMessage(
            "%nExpecting mail #%s \"Welcome, Bob\" to have no attachments%n"
                + "but had:%n"
                + "  \"terms.pdf\" (application/pdf, 13 bytes)",
            welcome.id());
  }

  @Test
  void wasSentOverTlsAndWasNotSentOverTls() {
    ReceivedMail secure = send(TestMail.to("bob@example.test").text("Hi").overStartTls(), "Secure");
    Envelope.Tls tls = secure.envelope().tls().orElseThrow();
    assertThat(secure).wasSentOverTls();
    assertThat(welcome).wasNotSentOverTls();

    assertThatThrownBy(() -> assertThat(welcome).wasSentOverTls())
        .hasMessage(
            "%nExpecting mail #%s \"Welcome, Bob\" to have been sent over TLS%n"
                + "but had:%n"
                + "  no TLS (plain text)",
            welcome.id());
    assertThatThrownBy(() -> assertThat(secure).wasNotSentOverTls())
        .hasMessage(
            "%nExpecting mail #%s \"Secure\" to have been sent without TLS%n"
                + "but had:%n"
                + "  %s (%s) after STARTTLS",
            secure.id(), tls.protocol(), tls.cipherSuite());
  }

  @Test
  void wasNotSentOverTlsNamesTheSmtpsPort() {
    ReceivedMail smtps =
        ReceivedMail.of(
            "9",
            Instant.EPOCH,
            Envelope.builder().tls(TlsMode.IMPLICIT, "TLSv1.3", "TLS_AES_256_GCM_SHA384").build(),
            "Subject: Implicit\r\n\r\n".getBytes(StandardCharsets.US_ASCII));

    assertThat(smtps).wasSentOverTls();
    assertThatThrownBy(() -> assertThat(smtps).wasNotSentOverTls())
        .hasMessage(
            "%nExpecting mail #%s \"Implicit\" to have been sent without TLS%n"
                + "but had:%n"
                + "  TLSv1.3 (TLS_AES_256_GCM_SHA384) on the SMTPS port (implicit TLS)",
            smtps.id());
  }

  @Test
  void wasAuthenticatedAsComparesTheUserExactly() {
    ReceivedMail authed =
        send(
            TestMail.to("bob@example.test").text("Hi").authenticatedAs("Alice@Shop.test", "LOGIN"),
            "Authed");
    assertThat(authed).wasAuthenticatedAs("Alice@Shop.test").wasAuthenticatedWith("LOGIN");
    assertThat(welcome).wasNotAuthenticated();

    assertThatThrownBy(() -> assertThat(authed).wasAuthenticatedAs("alice@shop.test"))
        .as("case-sensitive")
        .hasMessage(
            "%nExpecting mail #%s \"Authed\" to have been sent by a client authenticated as:%n"
                + "  \"alice@shop.test\"%n"
                + "but had:%n"
                + "  \"Alice@Shop.test\" (AUTH LOGIN)",
            authed.id());
    assertThatThrownBy(() -> assertThat(welcome).wasAuthenticatedAs("alice@shop.test"))
        .hasMessage(
            "%nExpecting mail #%s \"Welcome, Bob\" to have been sent by a client authenticated"
                + " as:%n"
                + "  \"alice@shop.test\"%n"
                + "but had:%n"
                + "  no SMTP AUTH",
            welcome.id());
    assertThatThrownBy(() -> assertThat(authed).wasNotAuthenticated())
        .hasMessage(
            "%nExpecting mail #%s \"Authed\" to have been sent without SMTP AUTH%n"
                + "but had:%n"
                + "  \"Alice@Shop.test\" (AUTH LOGIN)",
            authed.id());
  }

  @Test
  void wasAuthenticatedWithComparesTheMechanismIgnoringCase() {
    ReceivedMail authed =
        send(
            TestMail.to("bob@example.test")
                .text("Hi")
                .overStartTls()
                .authenticatedAs("bob", "PLAIN"),
            "Plain");
    assertThat(authed)
        .wasSentOverTls()
        .wasAuthenticatedAs("bob")
        .wasAuthenticatedWith("PLAIN")
        .wasAuthenticatedWith("plain");

    assertThatThrownBy(() -> assertThat(authed).wasAuthenticatedWith("cram-md5"))
        .hasMessage(
            "%nExpecting mail #%s \"Plain\" to have been sent by a client authenticated with:%n"
                + "  AUTH CRAM-MD5%n"
                + "but had:%n"
                + "  \"bob\" (AUTH PLAIN)",
            authed.id());
    assertThatThrownBy(() -> assertThat(welcome).wasAuthenticatedWith("PLAIN"))
        .hasMessage(
            "%nExpecting mail #%s \"Welcome, Bob\" to have been sent by a client authenticated"
                + " with:%n"
                + "  AUTH PLAIN%n"
                + "but had:%n"
                + "  no SMTP AUTH",
            welcome.id());
  }

  @Test
  void everyAssertionFailsOnANullMail() {
    ReceivedMailAssert nothing = assertThat((ReceivedMail) null);
    String notNull = String.format("%nExpecting actual not to be null");

    assertThatThrownBy(() -> nothing.hasSubject("Receipt")).hasMessage(notNull);
    assertThatThrownBy(() -> nothing.hasTo("bob@example.test")).hasMessage(notNull);
    assertThatThrownBy(nothing::hasNoAttachments).hasMessage(notNull);
    assertThatThrownBy(nothing::wasSentOverTls).hasMessage(notNull);
    assertThatThrownBy(nothing::wasNotSentOverTls).hasMessage(notNull);
    assertThatThrownBy(() -> nothing.wasAuthenticatedAs("bob")).hasMessage(notNull);
    assertThatThrownBy(() -> nothing.wasAuthenticatedWith("PLAIN")).hasMessage(notNull);
    assertThatThrownBy(nothing::wasNotAuthenticated).hasMessage(notNull);
  }

  @Test
  void missingExpectedValuesAreProgrammingErrors() {
    assertThatThrownBy(() -> assertThat(welcome).hasSubject(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("The expected subject must not be null");
    assertThatThrownBy(() -> assertThat(welcome).hasTo())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Give at least one expected address");
    assertThatThrownBy(() -> assertThat(welcome).hasCc("a@example.test", null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("An expected address must not be null");
    assertThatThrownBy(() -> assertThat(welcome).wasAuthenticatedAs(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("The expected user must not be null");
    assertThatThrownBy(() -> assertThat(welcome).wasAuthenticatedWith(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("The expected mechanism must not be null");
  }

  private ReceivedMail sendRaw(String rfc5322) {
    TestMail.sendRaw(server, rfc5322, "a@shop.test", "bob@example.test");
    return inbox.awaitMessage(MailFilter.subject("Raw"));
  }
}
