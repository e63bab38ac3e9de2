package dev.fakemail.junit;

import static dev.fakemail.assertj.MailAssertions.assertThat;
import static dev.fakemail.testsupport.TestKit.assertAllPassed;
import static dev.fakemail.testsupport.TestKit.failureOf;
import static dev.fakemail.testsupport.TestKit.isListening;
import static dev.fakemail.testsupport.TestKit.reported;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fakemail.FakeMailServer;
import dev.fakemail.Inbox;
import dev.fakemail.MailFilter;
import dev.fakemail.ReceivedMail;
import dev.fakemail.testsupport.TestKit;
import dev.fakemail.testsupport.TestKitOnly;
import dev.fakemail.testsupport.TestMail;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/** {@link FakeMailTest} driven through the Jupiter engine with {@link TestKit}. */
class FakeMailTestAnnotationTest {

  @Test
  void injectsOneServerIntoConstructorLifecycleMethodsAndTests() {
    EngineExecutionResults results = TestKit.run(InjectionCase.class);

    assertAllPassed(results, 2);
    List<String> ports = reported(results, "port");
    assertThat(ports).hasSize(4).containsOnly(ports.get(0)); // @BeforeAll, tests, @AfterAll
    assertThat(isListening(Integer.parseInt(ports.get(0)))).as("closed after the class").isFalse();
  }

  @Test
  void clearsTheInboxBeforeEachTest() {
    assertAllPassed(TestKit.run(ClearingCase.class), 2);
  }

  @Test
  void runsOneServerPerClassAndClosesItAfterTheClass() {
    EngineExecutionResults results = TestKit.run(PerClassCase.class, OtherPerClassCase.class);

    assertAllPassed(results, 4);
    List<String> first = reported(results, "first test port");
    List<String> second = reported(results, "second test port");
    assertThat(first).hasSize(2).doesNotHaveDuplicates(); // one port per class
    assertThat(second).containsExactlyElementsOf(first); // both tests of a class: the same port
    for (String port : first) {
      assertThat(isListening(Integer.parseInt(port))).as("listening on " + port).isFalse();
    }
  }

  @Test
  void nestedClassesUseTheServerOfTheirEnclosingClass() {
    EngineExecutionResults results = TestKit.run(NestingCase.class);

    assertAllPassed(results, 3);
    List<String> ports = reported(results, "port");
    assertThat(ports).hasSize(3).containsOnly(ports.get(0));
    assertThat(isListening(Integer.parseInt(ports.get(0)))).isFalse();
  }

  @Test
  void sharedServerGivesParallelClassesAndTestsAnInboxEach() {
    EngineExecutionResults results =
        TestKit.runInParallel(SharedCaseA.class, SharedCaseB.class, SharedCaseC.class);

    assertAllPassed(results, SharedCase.TESTS);
    List<String> ports = reported(results, "port");
    assertThat(ports).hasSize(SharedCase.TESTS).containsOnly(ports.get(0));
    assertThat(new HashSet<>(reported(results, "inbox"))).hasSize(SharedCase.TESTS);
    assertThat(isListening(Integer.parseInt(ports.get(0)))).as("closed after the run").isFalse();
  }

  @Test
  void sharedInboxFirstAskedForByTheClassIsKeptForItsTestsAndClearedBeforeEach() {
    EngineExecutionResults results = TestKit.run(SharedClassInboxCase.class);

    assertAllPassed(results, 2);
    List<String> inboxes = reported(results, "inbox");
    assertThat(inboxes).hasSize(3).containsOnly(inboxes.get(0)); // @BeforeAll and both tests
  }

  @Test
  void explainsWhatItInjectsWhenAskedForAnotherFakeMailType() throws Exception {
    EngineExecutionResults results = TestKit.run(UnsupportedParameterCase.class);

    Method method =
        UnsupportedParameterCase.class.getDeclaredMethod("needsMail", ReceivedMail.class);
    assertThat(failureOf(results, "needsMail(ReceivedMail)"))
        .isInstanceOf(ParameterResolutionException.class)
        .hasMessage(
            "No ParameterResolver registered for parameter [dev.fakemail.ReceivedMail %s] in"
                + " method [%s]. FakeMail injects only FakeMailServer and Inbox parameters. To"
                + " get a received message, inject Inbox and call inbox.awaitMessage(filter).",
            method.getParameters()[0].getName(), method.toGenericString());
  }

  @Test
  void leavesOtherFakeMailTypesToOtherResolvers() {
    EngineExecutionResults results = TestKit.run(ParameterizedCase.class);

    assertAllPassed(results, 2);
    assertThat(reported(results, "filter"))
        .containsExactly("{to=bob@example.test}", "{subject=\"Welcome\"}");
  }

  @Test
  void explainsHowToRegisterFakeMailOnceWhenTwoRegistrationsCompete() {
    EngineExecutionResults results = TestKit.run(CompetingCase.class);

    assertThat(failureOf(results, "test(FakeMailServer)"))
        .isInstanceOf(ParameterResolutionException.class)
        .message()
        .startsWith(
            "Discovered multiple competing ParameterResolvers for parameter"
                + " [dev.fakemail.FakeMailServer ")
        .endsWith(
            ". FakeMail resolves FakeMailServer and Inbox parameters for one registration per"
                + " class: use either @FakeMailTest or a single FakeMailExtension field (with"
                + " several servers, use the fields instead of parameters).");
  }

  @Test
  void rejectsANestedClassThatAsksForTheOtherMode() {
    EngineExecutionResults results = TestKit.run(ConflictingModesCase.class);

    assertThat(failureOf(results, "SharedInside"))
        .isInstanceOf(ExtensionConfigurationException.class)
        .hasMessage(
            "@FakeMailTest(shared = true) on %s conflicts with @FakeMailTest(shared = false) on"
                + " its enclosing class %s: nested classes use the server of their enclosing"
                + " class, so remove the annotation from the nested class or give both the same"
                + " value",
            ConflictingModesCase.SharedInside.class.getName(),
            ConflictingModesCase.class.getName());
  }

  // ---- cases run by TestKit ----

  @TestKitOnly
  @FakeMailTest
  @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
  static class InjectionCase {
    private final FakeMailServer constructorServer;
    private final Inbox constructorInbox;
    private FakeMailServer beforeEachServer;
    private Inbox beforeEachInbox;

    InjectionCase(FakeMailServer server, Inbox inbox) {
      this.constructorServer = server;
      this.constructorInbox = inbox;
    }

    @BeforeAll
    static void beforeAll(FakeMailServer server, Inbox inbox, TestReporter reporter) {
      assertThat(inbox).isSameAs(server.inbox());
      reporter.publishEntry("port", Integer.toString(server.smtpPort()));
    }

    @BeforeEach
    void beforeEach(FakeMailServer server, Inbox inbox) {
      beforeEachServer = server;
      beforeEachInbox = inbox;
    }

    @AfterEach
    void afterEach(FakeMailServer server, Inbox inbox) {
      assertThat(server).isSameAs(constructorServer);
      assertThat(inbox).isSameAs(server.inbox());
    }

    @AfterAll
    static void afterAll(FakeMailServer server, TestReporter reporter) {
      reporter.publishEntry("port", Integer.toString(server.smtpPort()));
      assertThat(server.isClosed()).as("closed only after @AfterAll").isFalse();
    }

    @Test
    @Order(1)
    void receivesTheSameServerEverywhere(FakeMailServer server, Inbox inbox, TestReporter r) {
      r.publishEntry("port", Integer.toString(server.smtpPort()));
      assertThat(constructorServer).isSameAs(server);
      assertThat(beforeEachServer).isSameAs(server);
      assertThat(inbox).isSameAs(server.inbox());
      assertThat(constructorInbox).isSameAs(inbox);
      assertThat(beforeEachInbox).isSameAs(inbox);
    }

    @Test
    @Order(2)
    void receivesARunningServerThatCapturesMail(
        FakeMailServer server, Inbox inbox, TestReporter r) {
      r.publishEntry("port", Integer.toString(server.smtpPort()));
      TestMail.to("bob@example.test").subject("Welcome").sendTo(server);

      assertThat(inbox.awaitMessage(MailFilter.to("bob@example.test"))).hasSubject("Welcome");
    }
  }

  @TestKitOnly
  @FakeMailTest
  @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
  static class ClearingCase {
    @Test
    @Order(1)
    void leavesMailBehind(FakeMailServer server, Inbox inbox) {
      TestMail.to("bob@example.test").subject("Left behind").sendTo(server);
      inbox.awaitMessage(MailFilter.subject("Left behind"));
      assertThat(inbox).hasMessageCount(1);
    }

    @Test
    @Order(2)
    void startsWithAnEmptyInbox(FakeMailServer server, Inbox inbox) {
      assertThat(inbox).hasNoMessages();
      TestMail.to("bob@example.test").subject("Fresh").sendTo(server);
      inbox.awaitMessage(MailFilter.subject("Fresh"));
      assertThat(inbox).hasMessageCount(1);
    }
  }

  @TestKitOnly
  @FakeMailTest
  static class PerClassCase {
    @Test
    void firstTest(FakeMailServer server, TestReporter reporter) {
      reporter.publishEntry("first test port", Integer.toString(server.smtpPort()));
      assertThat(server.isClosed()).isFalse();
    }

    @Test
    void secondTest(FakeMailServer server, TestReporter reporter) {
      reporter.publishEntry("second test port", Integer.toString(server.smtpPort()));
      assertThat(server.isClosed()).isFalse();
    }
  }

  @TestKitOnly
  @FakeMailTest
  static class OtherPerClassCase extends PerClassCase {}

  @TestKitOnly
  @FakeMailTest
  static class NestingCase {
    @Test
    void outerTest(FakeMailServer server, TestReporter reporter) {
      reporter.publishEntry("port", Integer.toString(server.smtpPort()));
      TestMail.to("bob@example.test").subject("From the outer test").sendTo(server);
      server.inbox().awaitMessage();
    }

    @Nested
    class Inner {
      @Test
      void innerTest(FakeMailServer server, Inbox inbox, TestReporter reporter) {
        reporter.publishEntry("port", Integer.toString(server.smtpPort()));
        assertThat(inbox).isSameAs(server.inbox()).hasNoMessages();
      }

      @Nested
      class Innermost {
        @Test
        void innermostTest(FakeMailServer server, TestReporter reporter) {
          reporter.publishEntry("port", Integer.toString(server.smtpPort()));
        }
      }
    }
  }

  /**
   * Each test sends one message to its own inbox, then waits until every test of the three classes
   * has sent one (so they provably run at the same time), then checks that its inbox holds its own
   * message only.
   */
  abstract static class SharedCase {
    static final int TESTS = 6;
    private static final String EVERYONE = "everyone@example.test";
    private Inbox beforeEachInbox;

    @BeforeEach
    void rememberInbox(Inbox inbox) {
      beforeEachInbox = inbox;
    }

    @Test
    void first(FakeMailServer server, Inbox inbox, TestReporter reporter) {
      sendAndCheck(server, inbox, reporter, getClass().getSimpleName() + " first");
    }

    @Test
    void second(FakeMailServer server, Inbox inbox, TestReporter reporter) {
      sendAndCheck(server, inbox, reporter, getClass().getSimpleName() + " second");
    }

    private void sendAndCheck(
        FakeMailServer server, Inbox inbox, TestReporter reporter, String subject) {
      reporter.publishEntry("port", Integer.toString(server.smtpPort()));
      reporter.publishEntry("inbox", inbox.address());
      assertThat(inbox).isSameAs(beforeEachInbox).isNotSameAs(server.inbox());

      TestMail.to(inbox.address()).subject(subject).sendTo(server);
      TestMail.to(EVERYONE).subject(subject).sendTo(server);
      server.inbox().awaitMessages(MailFilter.to(EVERYONE), TESTS, Duration.ofSeconds(30));

      assertThat(inbox).hasMessageCount(1);
      assertThat(inbox.messages().get(0)).hasSubject(subject).hasOnlyTo(inbox.address());
    }
  }

  @TestKitOnly
  @FakeMailTest(shared = true)
  static class SharedCaseA extends SharedCase {}

  @TestKitOnly
  @FakeMailTest(shared = true)
  static class SharedCaseB extends SharedCase {}

  @TestKitOnly
  @FakeMailTest(shared = true)
  static class SharedCaseC extends SharedCase {}

  @TestKitOnly
  @FakeMailTest(shared = true)
  @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
  static class SharedClassInboxCase {
    @BeforeAll
    static void configureOnce(Inbox inbox, TestReporter reporter) {
      reporter.publishEntry("inbox", inbox.address());
    }

    @Test
    @Order(1)
    void leavesMailBehind(FakeMailServer server, Inbox inbox, TestReporter reporter) {
      reporter.publishEntry("inbox", inbox.address());
      TestMail.to(inbox.address()).subject("Left behind").sendTo(server);
      inbox.awaitMessage();
    }

    @Test
    @Order(2)
    void startsWithAnEmptyInbox(Inbox inbox, TestReporter reporter) {
      reporter.publishEntry("inbox", inbox.address());
      assertThat(inbox).hasNoMessages();
    }
  }

  @TestKitOnly
  @FakeMailTest
  static class UnsupportedParameterCase {
    @Test
    void needsMail(ReceivedMail mail) {
      assertThat(mail).isNotNull();
    }
  }

  @TestKitOnly
  @FakeMailTest
  static class ParameterizedCase {
    static Stream<MailFilter> filters() {
      return Stream.of(MailFilter.to("bob@example.test"), MailFilter.subject("Welcome"));
    }

    @ParameterizedTest
    @MethodSource("filters")
    void filterFromASource(MailFilter filter, Inbox inbox, TestReporter reporter) {
      reporter.publishEntry("filter", filter.toString());
      assertThat(inbox).hasNoMessages(filter);
    }
  }

  @TestKitOnly
  @FakeMailTest
  static class CompetingCase {
    @RegisterExtension static final FakeMailExtension mail = FakeMailExtension.create();

    @Test
    void test(FakeMailServer server) {
      assertThat(server).isNotNull();
    }
  }

  @TestKitOnly
  @FakeMailTest
  static class ConflictingModesCase {
    @Nested
    @FakeMailTest(shared = true)
    class SharedInside {
      @Test
      void test(FakeMailServer server) {
        assertThat(server).isNotNull();
      }
    }
  }
}
