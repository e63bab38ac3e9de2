package dev.fakemail.junit;

import dev.fakemail.FakeMailConfig;
import dev.fakemail.FakeMailServer;
import dev.fakemail.Inbox;
import dev.fakemail.junit.internal.Parameters;
import dev.fakemail.junit.internal.Stores;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * A {@link FakeMailServer} held in a field, for {@code @RegisterExtension}: configurable, and
 * reachable from code that runs before any JUnit callback.
 *
 * <pre>{@code
 * class SignupTest {
 *   @RegisterExtension
 *   static final FakeMailExtension mail = FakeMailExtension.create();
 *
 *   @Test
 *   void sendsWelcome() {
 *     app(mail.server().smtpHost(), mail.server().smtpPort()).signUp("bob@example.test");
 *     assertThat(mail.inbox().awaitMessage(to("bob@example.test"))).hasSubject("Welcome, Bob");
 *   }
 * }
 * }</pre>
 *
 * <h2>Lifetime</h2>
 *
 * <ul>
 *   <li><b>{@code static} field:</b> one server for the class, started before its
 *       {@code @BeforeAll} methods and closed after its {@code @AfterAll} methods; {@code @Nested}
 *       classes use the same server.
 *   <li><b>Instance field:</b> one server per test instance, so with JUnit's default lifecycle one
 *       server per test (each on its own port), started before {@code @BeforeEach} methods and
 *       closed after {@code @AfterEach} methods; with {@link TestInstance.Lifecycle#PER_CLASS
 *       PER_CLASS}, one for the class.
 *   <li><b>{@link #server()} before any callback</b> (Spring's {@code @DynamicPropertySource}, a
 *       field initialiser, another extension): starts the server there and then; the lifetime above
 *       still decides when it is closed.
 * </ul>
 *
 * Before each test the extension clears {@link FakeMailServer#inbox() server.inbox()}, so each test
 * starts with no mail. Test methods and lifecycle methods may declare {@code FakeMailServer} and
 * {@code Inbox} parameters ({@code Inbox} is {@code server.inbox()}); {@code @BeforeAll} methods
 * and constructors only with a {@code static} field, since JUnit registers an instance field only
 * once the test instance exists. Other parameter types are left to other resolvers; when nothing
 * resolves a FakeMail type, JUnit's error is followed by what FakeMail injects.
 *
 * <p>A {@code static} field in a base class serves each subclass in turn: the server is closed when
 * no class that uses it is running, and the next class to start gets a new one. Subclasses that run
 * in parallel share the running server, and each clears it before each of its tests; to run classes
 * in parallel, give each its own field, or use {@link FakeMailTest @FakeMailTest(shared = true)},
 * which gives each test an inbox of its own. Do not combine this extension with
 * {@code @FakeMailTest} in one class, nor register two of them in a class whose methods take
 * FakeMail parameters: both would resolve the same parameters.
 *
 * <p>Thread-safe. All JUnit state lives in {@link ExtensionContext.Store}s; the extension itself
 * holds the running server and a count of the contexts that use it.
 */
public final class FakeMailExtension
    implements BeforeAllCallback,
        BeforeEachCallback,
        ParameterResolver,
        TestExecutionExceptionHandler,
        LifecycleMethodExecutionExceptionHandler {
  private static final Namespace NAMESPACE = Namespace.create(FakeMailExtension.class);

  private final FakeMailConfig config;
  private final Object lock = new Object();
  private FakeMailServer server; // guarded by lock
  private int leases; // guarded by lock: contexts using the server, each closes one lease

  private FakeMailExtension(FakeMailConfig config) {
    this.config = config;
  }

  /** An extension whose server uses {@link FakeMailConfig#defaults()}. Starts nothing yet. */
  public static FakeMailExtension create() {
    return create(FakeMailConfig.defaults());
  }

  /** An extension whose server uses this configuration. Starts nothing yet. */
  public static FakeMailExtension create(FakeMailConfig config) {
    return new FakeMailExtension(Objects.requireNonNull(config, "config"));
  }

  /** The configuration the server is started with. */
  public FakeMailConfig config() {
    return config;
  }

  /**
   * The running server, started now if it is not running: this may be called at any time, also
   * before JUnit's first callback (for example from Spring's {@code @DynamicPropertySource}).
   * Within one lifetime (see the class documentation) every call returns the same server.
   *
   * @throws java.io.UncheckedIOException if the server cannot bind its port
   */
  public FakeMailServer server() {
    synchronized (lock) {
      if (server == null || server.isClosed()) {
        server = FakeMailServer.start(config);
      }
      return server;
    }
  }

  /** Shorthand for {@code server().inbox()}: every message the server received. */
  public Inbox inbox() {
    return server().inbox();
  }

  /** Starts the server (if needed) for a {@code static} field's class. */
  @Override
  public void beforeAll(ExtensionContext context) {
    lease(context);
  }

  /** Starts the server (if needed) for an instance field's test instance, and clears its inbox. */
  @Override
  public void beforeEach(ExtensionContext context) {
    boolean perClass =
        context.getTestInstanceLifecycle().orElse(TestInstance.Lifecycle.PER_METHOD)
            == TestInstance.Lifecycle.PER_CLASS;
    lease(perClass ? context.getParent().orElse(context) : context);
    inbox().clear();
  }

  /** Claims {@code FakeMailServer} and {@code Inbox} parameters, and nothing else. */
  @Override
  public boolean supportsParameter(
      ParameterContext parameterContext, ExtensionContext extensionContext) {
    return Parameters.supports(parameterContext);
  }

  /** The server, or its inbox. */
  @Override
  public Object resolveParameter(
      ParameterContext parameterContext, ExtensionContext extensionContext) {
    if (Parameters.isServer(parameterContext)) {
      return server();
    }
    return inbox();
  }

  /** Adds what FakeMail injects to JUnit's error for an unresolvable FakeMail parameter. */
  @Override
  public void handleTestExecutionException(ExtensionContext context, Throwable throwable)
      throws Throwable {
    throw Parameters.explain(throwable);
  }

  /** As {@link #handleTestExecutionException}, for {@code @BeforeAll} methods. */
  @Override
  public void handleBeforeAllMethodExecutionException(ExtensionContext context, Throwable throwable)
      throws Throwable {
    throw Parameters.explain(throwable);
  }

  /** As {@link #handleTestExecutionException}, for {@code @BeforeEach} methods. */
  @Override
  public void handleBeforeEachMethodExecutionException(
      ExtensionContext context, Throwable throwable) throws Throwable {
    throw Parameters.explain(throwable);
  }

  /** As {@link #handleTestExecutionException}, for {@code @AfterEach} methods. */
  @Override
  public void handleAfterEachMethodExecutionException(ExtensionContext context, Throwable throwable)
      throws Throwable {
    throw Parameters.explain(throwable);
  }

  /** As {@link #handleTestExecutionException}, for {@code @AfterAll} methods. */
  @Override
  public void handleAfterAllMethodExecutionException(ExtensionContext context, Throwable throwable)
      throws Throwable {
    throw Parameters.explain(throwable);
  }

  /**
   * Makes sure {@code context}, or a context enclosing it, holds a lease on the server: a store
   * value that closes the server when the last context using it ends. The store's parent lookup
   * makes nested classes and tests reuse their class's lease.
   */
  private void lease(ExtensionContext context) {
    Stores.getOrCompute(context.getStore(NAMESPACE), this, key -> acquire(), Lease.class);
  }

  private Lease acquire() {
    synchronized (lock) {
      server();
      leases++;
      return new Lease(this);
    }
  }

  private void release() {
    FakeMailServer toClose = null;
    synchronized (lock) {
      if (--leases == 0) {
        toClose = server;
        server = null;
      }
    }
    if (toClose != null) {
      toClose.close();
    }
  }

  @Override
  public String toString() {
    synchronized (lock) {
      return "FakeMailExtension{server=" + (server == null ? "not started" : server) + '}';
    }
  }

  /**
   * One context's use of the server; closing it (once, through whichever interface the JUnit
   * version calls) gives the use back.
   */
  @SuppressWarnings("deprecation") // CloseableResource is deprecated in JUnit 6, needed for JUnit 5
  private static final class Lease
      implements ExtensionContext.Store.CloseableResource, AutoCloseable {
    private final FakeMailExtension extension;
    private final AtomicBoolean closed = new AtomicBoolean();

    Lease(FakeMailExtension extension) {
      this.extension = extension;
    }

    @Override
    public void close() {
      if (closed.compareAndSet(false, true)) {
        extension.release();
      }
    }
  }
}
