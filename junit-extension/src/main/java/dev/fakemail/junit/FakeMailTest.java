package dev.fakemail.junit;

import dev.fakemail.FakeMailServer;
import dev.fakemail.Inbox;
import dev.fakemail.junit.internal.FakeMailTestExtension;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs a test class against a {@link FakeMailServer} with {@link FakeMailServer#start() default
 * settings} (loopback, ephemeral port) and injects it, and an {@link Inbox}, into test methods,
 * lifecycle methods ({@code @BeforeAll}, {@code @BeforeEach}, {@code @AfterEach},
 * {@code @AfterAll}) and constructors.
 *
 * <pre>{@code
 * @FakeMailTest
 * class SignupTest {
 *   @Test
 *   void sendsWelcome(FakeMailServer server, Inbox inbox) {
 *     app(server.smtpHost(), server.smtpPort()).signUp("bob@example.test");
 *     assertThat(inbox.awaitMessage(to("bob@example.test"))).hasSubject("Welcome, Bob");
 *   }
 * }
 * }</pre>
 *
 * <h2>One server per class (default)</h2>
 *
 * <ul>
 *   <li><b>Server:</b> one per top-level test class, started before its {@code @BeforeAll} methods
 *       and closed after its {@code @AfterAll} methods. {@code @Nested} classes use the server of
 *       their enclosing class.
 *   <li><b>Injected {@code Inbox}:</b> {@link FakeMailServer#inbox() server.inbox()}, which sees
 *       every message the server received, whatever the address.
 *   <li><b>Cleared:</b> {@code server.inbox()} before each test (before {@code @BeforeEach}
 *       methods), so each test starts with no mail.
 * </ul>
 *
 * Classes run in parallel do not interfere (each has its own server), but the methods of one class
 * must not run concurrently: clearing before one test would remove the mail of another.
 *
 * <h2>One server for the whole run: {@code @FakeMailTest(shared = true)}</h2>
 *
 * <ul>
 *   <li><b>Server:</b> one for every class annotated {@code @FakeMailTest(shared = true)} in the
 *       run, started when the first of them starts and closed when the whole run ends.
 *   <li><b>Injected {@code Inbox}:</b> one {@link FakeMailServer#newInbox() server.newInbox()} per
 *       test, with an {@link Inbox#address() address} of its own, which sees only mail sent to that
 *       address. Within a test, the constructor (when JUnit resolves it for the test),
 *       {@code @BeforeEach}, test and {@code @AfterEach} parameters get the same inbox. An {@code
 *       Inbox} first asked for at class level, in a {@code @BeforeAll}/{@code @AfterAll} method or
 *       a constructor that JUnit resolves for the class (its default, and always with
 *       {@code @TestInstance(PER_CLASS)}), is one inbox for that class: its tests, and those of its
 *       {@code @Nested} classes, are then injected that same inbox.
 *   <li><b>Cleared:</b> nothing that another class can see. An inbox kept for a class is cleared
 *       before each of its tests; every inbox is emptied when its test or class ends, so the shared
 *       server does not accumulate mail.
 * </ul>
 *
 * Neither classes nor test methods that run in parallel see each other's mail, as long as each test
 * uses the inbox it was given and the code under test sends to its {@link Inbox#address()}. The
 * {@code FakeMailServer} parameter is the shared server: its {@code inbox()} sees every class's
 * mail and must not be cleared.
 *
 * <h2>Notes</h2>
 *
 * Only {@code FakeMailServer} and {@code Inbox} parameters are injected. Other types, FakeMail's
 * own included, are left to other resolvers (a {@code @ParameterizedTest} may take {@code
 * MailFilter} arguments); when nothing resolves one, JUnit's error is followed by what FakeMail
 * injects and, for a {@code ReceivedMail}, how to get one. To configure the server (limits,
 * timeouts, a fixed port), or to control its lifetime through a field, use {@link
 * FakeMailExtension} instead; do not combine the two in one class, as both would resolve the same
 * parameters. This annotation may be used as a meta-annotation; on a {@code @Nested} class whose
 * enclosing class already has it, it must have the same {@code shared} value.
 */
@Target({ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(FakeMailTestExtension.class)
public @interface FakeMailTest {

  /**
   * Whether the class uses the one server shared by the whole test run, with a fresh inbox per
   * test, instead of a server of its own whose inbox is cleared before each test. See the class
   * documentation for what each mode injects and clears.
   */
  boolean shared() default false;
}
