package dev.fakemail.junit.internal;

import dev.fakemail.FakeMailServer;
import dev.fakemail.Inbox;
import dev.fakemail.junit.FakeMailTest;
import java.lang.reflect.AnnotatedElement;
import java.util.Optional;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The extension behind {@link FakeMailTest}; its documentation describes the behaviour. All state
 * lives in {@link ExtensionContext.Store}s:
 *
 * <ul>
 *   <li>per-class server: a {@link ServerResource} in the store of the outermost class annotated
 *       {@code @FakeMailTest}, found by nested classes through the store's parent lookup;
 *   <li>shared server: a {@link ServerResource} in the root store, under its own key;
 *   <li>shared-mode inbox: an {@link InboxResource} in the store of the context that first asked
 *       for it (a test, or a class), which contexts below it find through the parent lookup.
 * </ul>
 *
 * Not API: use the annotation.
 */
public final class FakeMailTestExtension
    implements BeforeAllCallback,
        BeforeEachCallback,
        ParameterResolver,
        TestExecutionExceptionHandler,
        LifecycleMethodExecutionExceptionHandler {
  private static final Namespace NAMESPACE = Namespace.create(FakeMailTest.class);
  private static final Object CLASS_SERVER = ClassServerKey.INSTANCE;
  private static final Object SHARED_SERVER = SharedServerKey.INSTANCE;
  private static final Object INBOX = InboxKey.INSTANCE;

  /** Made by JUnit through {@code @ExtendWith} on {@link FakeMailTest}. */
  public FakeMailTestExtension() {}

  @Override
  public void beforeAll(ExtensionContext context) {
    server(context);
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    if (scope(context).shared()) {
      InboxResource classInbox = context.getStore(NAMESPACE).get(INBOX, InboxResource.class);
      if (classInbox != null) {
        classInbox.inbox().clear();
      }
    } else {
      server(context).inbox().clear();
    }
  }

  @Override
  public boolean supportsParameter(
      ParameterContext parameterContext, ExtensionContext extensionContext) {
    return Parameters.supports(parameterContext);
  }

  @Override
  public Object resolveParameter(
      ParameterContext parameterContext, ExtensionContext extensionContext) {
    if (Parameters.isServer(parameterContext)) {
      return server(extensionContext);
    }
    return inbox(extensionContext);
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

  private static FakeMailServer server(ExtensionContext context) {
    Scope scope = scope(context);
    if (scope.shared()) {
      return Stores.getOrCompute(
              context.getRoot().getStore(NAMESPACE),
              SHARED_SERVER,
              key -> new ServerResource(FakeMailServer.start()),
              ServerResource.class)
          .server();
    }
    return Stores.getOrCompute(
            scope.owner().getStore(NAMESPACE),
            CLASS_SERVER,
            key -> new ServerResource(FakeMailServer.start()),
            ServerResource.class)
        .server();
  }

  private static Inbox inbox(ExtensionContext context) {
    FakeMailServer server = server(context);
    if (!scope(context).shared()) {
      return server.inbox();
    }
    return Stores.getOrCompute(
            context.getStore(NAMESPACE),
            INBOX,
            key -> new InboxResource(server.newInbox()),
            InboxResource.class)
        .inbox();
  }

  /**
   * The outermost class context annotated with {@code @FakeMailTest} (or the outermost class
   * context at all, should the extension be registered some other way) and its mode.
   */
  private static Scope scope(ExtensionContext context) {
    ExtensionContext owner = null;
    ExtensionContext outermostClass = null;
    Class<?> annotatedClass = null;
    Boolean shared = null;
    for (ExtensionContext c = context; c != null; c = c.getParent().orElse(null)) {
      Optional<AnnotatedElement> element = c.getElement();
      if (element.isEmpty() || !(element.get() instanceof Class)) {
        continue;
      }
      Class<?> testClass = (Class<?>) element.get();
      outermostClass = c;
      Optional<FakeMailTest> annotation =
          AnnotationSupport.findAnnotation(testClass, FakeMailTest.class);
      if (annotation.isEmpty()) {
        continue;
      }
      boolean classShared = annotation.get().shared();
      if (shared != null && shared != classShared) {
        throw new ExtensionConfigurationException(
            "@FakeMailTest(shared = "
                + shared
                + ") on "
                + annotatedClass.getName()
                + " conflicts with @FakeMailTest(shared = "
                + classShared
                + ") on its enclosing class "
                + testClass.getName()
                + ": nested classes use the server of their enclosing class,"
                + " so remove the annotation from the nested class or give both the same value");
      }
      shared = classShared;
      annotatedClass = testClass;
      owner = c;
    }
    if (owner == null) {
      if (outermostClass == null) {
        throw new ExtensionConfigurationException(
            "@FakeMailTest needs a test class; found none for " + context.getUniqueId());
      }
      return new Scope(outermostClass, false);
    }
    return new Scope(owner, shared);
  }

  private record Scope(ExtensionContext owner, boolean shared) {}

  // Store keys of their own type: no other extension's key can ever be equal to them.
  private enum ClassServerKey {
    INSTANCE
  }

  private enum SharedServerKey {
    INSTANCE
  }

  private enum InboxKey {
    INSTANCE
  }
}
