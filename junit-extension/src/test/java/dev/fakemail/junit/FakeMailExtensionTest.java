package dev.fakemail.junit;

import static dev.fakemail.assertj.MailAssertions.assertThat;
import static dev.fakemail.testsupport.TestKit.assertAllPassed;
import static dev.fakemail.testsupport.TestKit.failureOf;
import static dev.fakemail.testsupport.TestKit.isListening;
import static dev.fakemail.testsupport.TestKit.reported;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fakemail.FakeMailConfig;
import dev.fakemail.FakeMailServer;
import dev.fakemail.Inbox;
import dev.fakemail.MailFilter;
import dev.fakemail.testsupport.TestKit;
import dev.fakemail.testsupport.TestKitOnly;
import dev.fakemail.testsupport.TestMail;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestClassOrder;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/** {@link FakeMailExtension} driven through the Jupiter engine with {@link TestKit}. */
class FakeMailExtensionTest {

  @Test
  void staticFieldRunsOneServerForTheClassAndClosesItAfterAll() {
    EngineExecutionResults results = TestKit.run(StaticFieldCase.class);

    assertAllPassed(results, 2);
    List<String> ports = reported(results, "port");
    assertThat(ports).hasSize(3).containsOnly(ports.get(0)); // @BeforeAll and both tests
    assertThat(isListening(Integer.parseInt(ports.get(0)))).as("closed after all").isFalse();
  }

  @Test
  void instanceFieldRunsOneServerPerTest() {
    EngineExecutionResults results = TestKit.run(InstanceFieldCase.class);

    assertAllPassed(results, 3);
    List<String> ports = reported(results, "port");
    assertThat(ports).hasSize(3).doesNotHaveDuplicates();
    assertThat(reported(results, "previous test's server closed")).containsExactly("true", "true");
    for (String port : ports) {
      assertThat(isListening(Integer.parseInt(port))).as("listening on " + port).isFalse();
    }
  }

  @Test
  void instanceFieldWithPerClassLifecycleRunsOneServerForTheClass() {
    EngineExecutionResults results = TestKit.run(PerClassInstanceFieldCase.class);

    assertAllPassed(results, 2);
    List<String> ports = reported(results, "port");
    assertThat(ports).hasSize(2).containsOnly(ports.get(0));
    assertThat(isListening(Integer.parseInt(ports.get(0)))).isFalse();
  }

  @Test
  void nestedClassesUseTheServerOfTheEnclosingStaticField() {
    EngineExecutionResults results = TestKit.run(NestedStaticFieldCase.class);

    assertAllPassed(results, 3);
    List<String> ports = reported(results, "port");
    assertThat(ports).hasSize(3).containsOnly(ports.get(0));
    assertThat(isListening(Integer.parseInt(ports.get(0)))).isFalse();
  }

  @Test
  void serverAskedForBeforeAnyCallbackIsStartedThenAndClosedWithTheClass() {
    EngineExecutionResults results = TestKit.run(EarlyAccessCase.class);

    assertAllPassed(results, 1);
    List<String> early = reported(results, "early port");
    assertThat(early).hasSize(1);
    assertThat(reported(results, "port")).containsExactlyElementsOf(early);
    assertThat(isListening(Integer.parseInt(early.get(0)))).isFalse();
  }

  @Test
  void instanceFieldServerAskedForByAFieldInitialiserLivesForItsTest() {
    EngineExecutionResults results = TestKit.run(EarlyInstanceFieldCase.class);

    assertAllPassed(results, 2);
    List<String> ports = reported(results, "port");
    assertThat(ports).hasSize(2).doesNotHaveDuplicates();
    for (String port : ports) {
      assertThat(isListening(Integer.parseInt(port))).isFalse();
    }
  }

  @Test
  void staticFieldOfABaseClassServesEachSubclassInTurn() {
    EngineExecutionResults results = TestKit.run(SubclassCaseA.class, SubclassCaseB.class);

    assertAllPassed(results, 2);
    List<String> ports = reported(results, "port");
    assertThat(ports).hasSize(2).doesNotHaveDuplicates();
    for (String port : ports) {
      assertThat(isListening(Integer.parseInt(port))).isFalse();
    }
  }

  @Test
  void staticFieldOfABaseClassStaysOpenWhileAnySubclassRuns() {
    EngineExecutionResults results =
        TestKit.runInParallel(OverlappingSubclassCaseA.class, OverlappingSubclassCaseB.class);

    assertAllPassed(results, 2);
    List<String> ports = reported(results, "port");
    assertThat(ports).hasSize(2).containsOnly(ports.get(0));
    assertThat(isListening(Integer.parseInt(ports.get(0)))).isFalse();
  }

  @Test
  void startsTheServerWithTheGivenConfiguration() {
    assertAllPassed(TestKit.run(ConfiguredCase.class), 1);
  }

  @Test
  void explainsWhatItInjectsWhenALifecycleMethodAsksForAnotherFakeMailType() throws Exception {
    EngineExecutionResults results = TestKit.run(UnsupportedParameterCase.class);

    Method method =
        UnsupportedParameterCase.class.getDeclaredMethod("needsConfig", FakeMailConfig.class);
    assertThat(failureOf(results, "test()"))
        .isInstanceOf(ParameterResolutionException.class)
        .hasMessage(
            "No ParameterResolver registered for parameter [dev.fakemail.FakeMailConfig %s] in"
                + " method [%s]. FakeMail injects only FakeMailServer and Inbox parameters. To"
                + " get the configuration, inject FakeMailServer and call server.config().",
            method.getParameters()[0].getName(), method.toGenericString());
  }

  @Test
  void createRejectsANullConfiguration() {
    assertThatThrownBy(() -> FakeMailExtension.create(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("config");
  }

  @Test
  void serverOutsideJunitStartsOnceAndCanBeClosedByItsCaller() {
    FakeMailExtension extension = FakeMailExtension.create();
    assertThat(extension).hasToString("FakeMailExtension{server=not started}");

    try (FakeMailServer server = extension.server()) {
      assertThat(extension.server()).isSameAs(server);
      assertThat(extension.inbox()).isSameAs(server.inbox());
      assertThat(extension).hasToString("FakeMailExtension{server=" + server + "}");
    }
  }

  // ---- cases run by TestKit ----

  @TestKitOnly
  @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
  static class StaticFieldCase {
    @RegisterExtension static final FakeMailExtension mail = FakeMailExtension.create();

    private final FakeMailServer constructorServer;
    private final Inbox constructorInbox;
    private Inbox beforeEachInbox;

    StaticFieldCase(FakeMailServer server, Inbox inbox) {
      constructorServer = server;
      constructorInbox = inbox;
    }

    @BeforeAll
    static void beforeAll(FakeMailServer server, TestReporter reporter) {
      assertThat(server).isSameAs(mail.server());
      reporter.publishEntry("port", Integer.toString(server.smtpPort()));
    }

    @BeforeEach
    void beforeEach(Inbox inbox) {
      beforeEachInbox = inbox;
    }

    @Test
    @Order(1)
    void injectsTheFieldsServerAndInbox(FakeMailServer server, Inbox inbox, TestReporter r) {
      r.publishEntry("port", Integer.toString(server.smtpPort()));
      assertThat(server).isSameAs(mail.server()).isSameAs(constructorServer);
      assertThat(inbox).isSameAs(mail.inbox()).isSameAs(constructorInbox).isSameAs(beforeEachInbox);

      TestMail.to("bob@example.test").subject("Left behind").sendTo(server);
      assertThat(inbox.awaitMessage()).hasSubject("Left behind");
    }

    @Test
    @Order(2)
    void clearsTheInboxBeforeEachTest(FakeMailServer server, TestReporter reporter) {
      reporter.publishEntry("port", Integer.toString(server.smtpPort()));
      assertThat(mail.inbox()).hasNoMessages();
    }
  }

  /**
   * Before each test, publishes whether the server of the test before it is closed; keeps that
   * server in the class's store, not in a static field.
   */
  static class PreviousServerProbe implements BeforeEachCallback, AfterEachCallback {
    private static final ExtensionContext.Namespace NAMESPACE =
        ExtensionContext.Namespace.create(PreviousServerProbe.class);

    @Override
    public void beforeEach(ExtensionContext context) {
      FakeMailServer previous = classStore(context).get("previous", FakeMailServer.class);
      if (previous != null) {
        context.publishReportEntry(
            "previous test's server closed", Boolean.toString(previous.isClosed()));
      }
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
      Object instance = context.getRequiredTestInstance();
      FakeMailExtension mail =
          (FakeMailExtension) instance.getClass().getDeclaredField("mail").get(instance);
      classStore(context).put("previous", mail.server());
    }

    private static ExtensionContext.Store classStore(ExtensionContext context) {
      return context.getParent().orElseThrow().getStore(NAMESPACE);
    }
  }

  @TestKitOnly
  @ExtendWith(PreviousServerProbe.class)
  static class InstanceFieldCase {
    @RegisterExtension final FakeMailExtension mail = FakeMailExtension.create();

    @Test
    void first(FakeMailServer server, TestReporter reporter) {
      check(server, reporter);
    }

    @Test
    void second(FakeMailServer server, TestReporter reporter) {
      check(server, reporter);
    }

    @Test
    void third(FakeMailServer server, TestReporter reporter) {
      check(server, reporter);
    }

    private void check(FakeMailServer server, TestReporter reporter) {
      reporter.publishEntry("port", Integer.toString(server.smtpPort()));
      assertThat(server).isSameAs(mail.server());
      TestMail.to("bob@example.test").subject("Hello").sendTo(server);
      assertThat(mail.inbox().awaitMessage()).hasSubject("Hello");
      assertThat(mail.inbox()).hasMessageCount(1);
    }
  }

  @TestKitOnly
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  static class PerClassInstanceFieldCase {
    @RegisterExtension final FakeMailExtension mail = FakeMailExtension.create();

    @Test
    void first(FakeMailServer server, TestReporter reporter) {
      reporter.publishEntry("port", Integer.toString(server.smtpPort()));
    }

    @Test
    void second(FakeMailServer server, TestReporter reporter) {
      reporter.publishEntry("port", Integer.toString(server.smtpPort()));
    }
  }

  @TestKitOnly
  @TestClassOrder(ClassOrderer.OrderAnnotation.class)
  static class NestedStaticFieldCase {
    @RegisterExtension static final FakeMailExtension mail = FakeMailExtension.create();

    @Test
    void outer(FakeMailServer server, TestReporter reporter) {
      reporter.publishEntry("port", Integer.toString(server.smtpPort()));
    }

    @Nested
    @Order(1)
    class First {
      @Test
      void inner(FakeMailServer server, TestReporter reporter) {
        reporter.publishEntry("port", Integer.toString(server.smtpPort()));
      }
    }

    // Had the first nested class closed the server when it ended, this one would get a new one.
    @Nested
    @Order(2)
    class Second {
      @Test
      void inner(FakeMailServer server, TestReporter reporter) {
        reporter.publishEntry("port", Integer.toString(server.smtpPort()));
        assertThat(server.isClosed()).isFalse();
      }
    }
  }

  /**
   * Calls {@code mail.server()} in its {@code beforeAll}, which runs before the field's own: the
   * way Spring's extension evaluates {@code @DynamicPropertySource} suppliers.
   */
  static class CallsServerEarly implements BeforeAllCallback {
    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
      FakeMailExtension mail =
          (FakeMailExtension) context.getRequiredTestClass().getDeclaredField("mail").get(null);
      context.publishReportEntry("early port", Integer.toString(mail.server().smtpPort()));
    }
  }

  @TestKitOnly
  @ExtendWith(CallsServerEarly.class)
  static class EarlyAccessCase {
    @RegisterExtension static final FakeMailExtension mail = FakeMailExtension.create();

    @Test
    void usesTheServerStartedEarly(FakeMailServer server, TestReporter reporter) {
      reporter.publishEntry("port", Integer.toString(server.smtpPort()));
      TestMail.to("bob@example.test").subject("Hello").sendTo(server);
      assertThat(mail.inbox().awaitMessage()).hasSubject("Hello");
    }
  }

  @TestKitOnly
  static class EarlyInstanceFieldCase {
    @RegisterExtension final FakeMailExtension mail = FakeMailExtension.create();
    final int portAtConstruction = mail.server().smtpPort();

    @Test
    void first(FakeMailServer server, TestReporter reporter) {
      reporter.publishEntry("port", Integer.toString(server.smtpPort()));
      assertThat(server.smtpPort()).isEqualTo(portAtConstruction);
    }

    @Test
    void second(FakeMailServer server, TestReporter reporter) {
      reporter.publishEntry("port", Integer.toString(server.smtpPort()));
      assertThat(server.smtpPort()).isEqualTo(portAtConstruction);
    }
  }

  abstract static class SharedBase {
    @RegisterExtension static final FakeMailExtension mail = FakeMailExtension.create();

    @Test
    void test(FakeMailServer server, TestReporter reporter) {
      reporter.publishEntry("port", Integer.toString(server.smtpPort()));
      assertThat(server.isClosed()).isFalse();
    }
  }

  @TestKitOnly
  static class SubclassCaseA extends SharedBase {}

  @TestKitOnly
  static class SubclassCaseB extends SharedBase {}

  /**
   * Two classes that share their base class's static field and provably run at the same time: each
   * waits for the other's ping, and the one that finishes first must leave the server open for the
   * other, which waits a little longer and then uses it once more.
   */
  abstract static class OverlappingBase {
    @RegisterExtension static final FakeMailExtension mail = FakeMailExtension.create();

    abstract String me();

    abstract String other();

    @Test
    void test(FakeMailServer server, TestReporter reporter) {
      reporter.publishEntry("port", Integer.toString(server.smtpPort()));
      // Both clear the shared inbox before their test: ping until the other's ping is seen, so
      // that the other has cleared before it pinged, then ping once more for it to see.
      boolean seen = false;
      for (int attempt = 0; attempt < 100 && !seen; attempt++) {
        TestMail.to(me()).subject("ping").sendTo(server);
        seen = !server.inbox().messages(MailFilter.to(other())).isEmpty() || awaits(server);
      }
      assertThat(seen).as("saw the other class's ping").isTrue();
      TestMail.to(me()).subject("ping").sendTo(server);
      if (me().startsWith(
              "b")) { // b waits half a second (for mail that never comes) so that a ends
        assertThatThrownBy(
                () ->
                    server
                        .inbox()
                        .awaitMessage(MailFilter.to("nobody@example.test"), Duration.ofMillis(500)))
            .isInstanceOf(AssertionError.class);
      }
      TestMail.to(me()).subject("still open").sendTo(server);
      assertThat(
              server
                  .inbox()
                  .awaitMessage(MailFilter.to(me()).and(MailFilter.subject("still open"))))
          .hasSubject("still open");
    }

    private boolean awaits(FakeMailServer server) {
      try {
        server.inbox().awaitMessage(MailFilter.to(other()), Duration.ofMillis(100));
        return true;
      } catch (AssertionError notYet) {
        return false;
      }
    }
  }

  @TestKitOnly
  static class OverlappingSubclassCaseA extends OverlappingBase {
    @Override
    String me() {
      return "a@example.test";
    }

    @Override
    String other() {
      return "b@example.test";
    }
  }

  @TestKitOnly
  static class OverlappingSubclassCaseB extends OverlappingBase {
    @Override
    String me() {
      return "b@example.test";
    }

    @Override
    String other() {
      return "a@example.test";
    }
  }

  @TestKitOnly
  static class ConfiguredCase {
    static final FakeMailConfig CONFIG =
        FakeMailConfig.builder()
            .inboxDomain("custom.test")
            .awaitTimeout(Duration.ofMillis(200))
            .build();

    @RegisterExtension static final FakeMailExtension mail = FakeMailExtension.create(CONFIG);

    @Test
    void usesTheConfiguration(FakeMailServer server) {
      assertThat(mail.config()).isSameAs(CONFIG);
      assertThat(server.config()).isEqualTo(CONFIG);
      assertThat(server.newInbox().address()).endsWith("@custom.test");
      assertThatThrownBy(() -> server.inbox().awaitMessage(MailFilter.any()))
          .hasMessageContaining("within PT0.2S");
    }
  }

  @TestKitOnly
  static class UnsupportedParameterCase {
    @RegisterExtension static final FakeMailExtension mail = FakeMailExtension.create();

    @BeforeEach
    void needsConfig(FakeMailConfig config) {
      assertThat(config).isNotNull();
    }

    @Test
    void test() {
      assertThat(mail.server()).isNotNull();
    }
  }
}
