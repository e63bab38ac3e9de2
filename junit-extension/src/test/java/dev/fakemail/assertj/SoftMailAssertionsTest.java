package dev.fakemail.assertj;

import static dev.fakemail.testsupport.TestKit.failureOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fakemail.FakeMailServer;
import dev.fakemail.Inbox;
import dev.fakemail.MailFilter;
import dev.fakemail.ReceivedMail;
import dev.fakemail.junit.FakeMailTest;
import dev.fakemail.testsupport.TestKit;
import dev.fakemail.testsupport.TestKitOnly;
import dev.fakemail.testsupport.TestMail;
import java.util.List;
import org.assertj.core.api.SoftAssertions;
import org.assertj.core.api.junit.jupiter.InjectSoftAssertions;
import org.assertj.core.api.junit.jupiter.SoftAssertionsExtension;
import org.assertj.core.error.AssertJMultipleFailuresError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/** {@link SoftMailAssertions} and {@link MailSoftAssertionsProvider}. */
@FakeMailTest
class SoftMailAssertionsTest {

  private static ReceivedMail sendWelcome(FakeMailServer server, Inbox inbox) {
    TestMail.to("bob@example.test").subject("Welcome, Bob").text("Hello").sendTo(server);
    return inbox.awaitMessage(MailFilter.subject("Welcome, Bob"));
  }

  /** The messages, without the {@code at Test.method(Test.java:12)} line soft assertions add. */
  private static List<String> withoutLocations(List<? extends Throwable> errors) {
    return errors.stream()
        .map(Throwable::getMessage)
        .map(m -> m.substring(0, m.lastIndexOf(System.lineSeparator() + "at ")))
        .toList();
  }

  @Test
  void collectsEveryFailureAndReportsThemTogether(FakeMailServer server, Inbox inbox) {
    ReceivedMail mail = sendWelcome(server, inbox);

    SoftMailAssertions softly = new SoftMailAssertions();
    softly.assertThat(mail).hasSubject("Receipt").hasTo("bob@example.test").hasAttachment("x.pdf");
    softly.assertThat(inbox).hasMessageCount(1).hasNoMessages(MailFilter.to("bob@example.test"));

    assertThat(withoutLocations(softly.errorsCollected()))
        .containsExactly(
            String.format(
                "%nExpecting mail #%s \"Welcome, Bob\" to have subject:%n"
                    + "  \"Receipt\"%n"
                    + "but had:%n"
                    + "  \"Welcome, Bob\"",
                mail.id()),
            String.format(
                "%nExpecting mail #%s \"Welcome, Bob\" to have attachment:%n"
                    + "  \"x.pdf\"%n"
                    + "but had:%n"
                    + "  no attachments",
                mail.id()),
            String.format(
                "%nExpecting inbox (all mail) to have no messages matching:%n"
                    + "  {to=bob@example.test}%n"
                    + "but had:%n"
                    + "  1 matching message:%n"
                    + "    #%s from=noreply@shop.test to=[bob@example.test] subject=\"Welcome, Bob\"",
                mail.id()));
    assertThatThrownBy(softly::assertAll)
        .isInstanceOf(AssertJMultipleFailuresError.class)
        .hasMessageContaining("Multiple Failures (3 failures)");
  }

  @Test
  void assertSoftlyPassesWhenEverythingHolds(FakeMailServer server, Inbox inbox) {
    ReceivedMail mail = sendWelcome(server, inbox);

    SoftMailAssertions.assertSoftly(
        softly -> {
          softly.assertThat(mail).hasSubject("Welcome, Bob").hasTextBodyContaining("Hello");
          softly.assertThat(inbox).hasMessageCount(1);
        });
  }

  @Test
  void assertSoftlyThrowsOnceForAllFailures(FakeMailServer server, Inbox inbox) {
    ReceivedMail mail = sendWelcome(server, inbox);

    assertThatThrownBy(
            () ->
                SoftMailAssertions.assertSoftly(
                    softly -> {
                      softly.assertThat(mail).hasSubject("Receipt");
                      softly.assertThat(inbox).hasMessageCount(2);
                    }))
        .isInstanceOf(AssertJMultipleFailuresError.class)
        .satisfies(
            e ->
                assertThat(((AssertJMultipleFailuresError) e).getFailures())
                    .hasSize(2)
                    .allSatisfy(f -> assertThat(f).isInstanceOf(AssertionError.class)));
  }

  @Test
  void collectsTlsAndAuthFailuresToo(FakeMailServer server, Inbox inbox) {
    ReceivedMail mail = sendWelcome(server, inbox);

    SoftMailAssertions softly = new SoftMailAssertions();
    softly.assertThat(mail).wasSentOverTls().wasAuthenticatedAs("bob").wasNotSentOverTls();

    assertThat(withoutLocations(softly.errorsCollected()))
        .containsExactly(
            String.format(
                "%nExpecting mail #%s \"Welcome, Bob\" to have been sent over TLS%n"
                    + "but had:%n"
                    + "  no TLS (plain text)",
                mail.id()),
            String.format(
                "%nExpecting mail #%s \"Welcome, Bob\" to have been sent by a client"
                    + " authenticated as:%n"
                    + "  \"bob\"%n"
                    + "but had:%n"
                    + "  no SMTP AUTH",
                mail.id()));
  }

  @Test
  void aNullMailIsOneCollectedFailurePerAssertionNotACrash() {
    SoftMailAssertions softly = new SoftMailAssertions();
    softly.assertThat((ReceivedMail) null).hasSubject("Receipt").hasTo("bob@example.test");

    assertThat(withoutLocations(softly.errorsCollected()))
        .containsExactly(
            String.format("%nExpecting actual not to be null"),
            String.format("%nExpecting actual not to be null"));
  }

  @Test
  void worksWithSoftAssertionsExtensionAndMixesWithStandardAssertions() {
    EngineExecutionResults results = TestKit.run(InjectedCase.class, MixedCase.class);

    assertThat(failureOf(results, "twoFailures(FakeMailServer, Inbox)"))
        .isInstanceOf(AssertJMultipleFailuresError.class)
        .hasMessageContaining("Multiple Failures (2 failures)")
        .hasMessageContaining(String.format("to have subject:%n  \"Receipt\""))
        .hasMessageContaining(String.format("Expecting inbox (all mail) to have:%n  2 messages"));
    assertThat(failureOf(results, "mailAndStandardFailures(FakeMailServer, Inbox)"))
        .isInstanceOf(AssertJMultipleFailuresError.class)
        .hasMessageContaining("Multiple Failures (2 failures)")
        .hasMessageContaining(String.format("to have a subject containing:%n  \"Receipt\""))
        .hasMessageContaining("Expecting actual:");
  }

  @TestKitOnly
  @FakeMailTest
  @ExtendWith(SoftAssertionsExtension.class)
  static class InjectedCase {
    @InjectSoftAssertions SoftMailAssertions softly;

    @Test
    void twoFailures(FakeMailServer server, Inbox inbox) {
      ReceivedMail mail = sendWelcome(server, inbox);
      softly.assertThat(mail).hasSubject("Receipt");
      softly.assertThat(inbox).hasMessageCount(2);
    }
  }

  /** Standard and mail soft assertions in one object. */
  public static class MailAndStandardSoftAssertions extends SoftAssertions
      implements MailSoftAssertionsProvider {}

  @TestKitOnly
  @FakeMailTest
  @ExtendWith(SoftAssertionsExtension.class)
  static class MixedCase {
    @InjectSoftAssertions MailAndStandardSoftAssertions softly;

    @Test
    void mailAndStandardFailures(FakeMailServer server, Inbox inbox) {
      ReceivedMail mail = sendWelcome(server, inbox);
      softly.assertThat(mail).hasSubjectContaining("Receipt");
      softly.assertThat(mail.subject()).startsWith("Receipt");
      softly.assertThat(inbox).hasMessageCount(1);
    }
  }
}
