package dev.fakemail.junit.internal;

import dev.fakemail.FakeMailConfig;
import dev.fakemail.FakeMailServer;
import dev.fakemail.Inbox;
import dev.fakemail.ReceivedMail;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;

/**
 * Which parameters the extensions resolve ({@link FakeMailServer} and {@link Inbox}, nothing else,
 * so that parameters of other FakeMail types stay free for {@code @ParameterizedTest} arguments and
 * other resolvers), and the hints they add to JUnit's parameter errors. Not API.
 */
public final class Parameters {
  private static final String API_PACKAGE = FakeMailServer.class.getPackageName();
  private static final String NO_RESOLVER = "No ParameterResolver registered for parameter [";
  private static final String COMPETING = "Discovered multiple competing ParameterResolvers";
  private static final String INJECTS_ONLY = "FakeMail injects only";
  private static final String ONCE_PER_CLASS = "FakeMail resolves FakeMailServer and Inbox";

  private Parameters() {}

  /** Whether the parameter is a {@link FakeMailServer} or an {@link Inbox}. */
  public static boolean supports(ParameterContext parameterContext) {
    return isServer(parameterContext) || isInbox(parameterContext);
  }

  /** Whether the parameter is a {@link FakeMailServer}. */
  public static boolean isServer(ParameterContext parameterContext) {
    return parameterContext.getParameter().getType() == FakeMailServer.class;
  }

  /** Whether the parameter is an {@link Inbox}. */
  public static boolean isInbox(ParameterContext parameterContext) {
    return parameterContext.getParameter().getType() == Inbox.class;
  }

  /**
   * The exception to report instead of {@code thrown}: when JUnit could not resolve a parameter of
   * a FakeMail type, its own message followed by what FakeMail injects and how to get the value
   * asked for, e.g.
   *
   * <pre>
   * No ParameterResolver registered for parameter [dev.fakemail.ReceivedMail arg0] in method
   * [void SignupTest.sendsWelcome(dev.fakemail.ReceivedMail)]. FakeMail injects only FakeMailServer
   * and Inbox parameters. To get a received message, inject Inbox and call
   * inbox.awaitMessage(filter).
   * </pre>
   *
   * (one line); or, when two FakeMail registrations compete for a parameter, how to register
   * FakeMail once. Anything else is returned as is, and so is an error that has its hint already
   * (both extensions may be registered and see it).
   */
  public static Throwable explain(Throwable thrown) {
    if (!(thrown instanceof ParameterResolutionException)) {
      return thrown;
    }
    String message = thrown.getMessage();
    if (message == null || message.contains(INJECTS_ONLY) || message.contains(ONCE_PER_CLASS)) {
      return thrown;
    }
    String type = parameterType(message);
    if (type == null || !isApiType(type)) {
      return thrown;
    }
    String hint;
    if (message.startsWith(NO_RESOLVER)) {
      hint = " " + INJECTS_ONLY + " FakeMailServer and Inbox parameters.";
      if (type.equals(ReceivedMail.class.getName())) {
        hint += " To get a received message, inject Inbox and call inbox.awaitMessage(filter).";
      } else if (type.equals(FakeMailConfig.class.getName())) {
        hint += " To get the configuration, inject FakeMailServer and call server.config().";
      }
    } else if (message.startsWith(COMPETING)) {
      hint =
          " "
              + ONCE_PER_CLASS
              + " parameters for one registration per class: use either @FakeMailTest or a"
              + " single FakeMailExtension field (with several servers, use the fields instead of"
              + " parameters).";
    } else {
      return thrown;
    }
    String sentence = message.endsWith(".") ? message : message + ".";
    return new ParameterResolutionException(sentence + hint, thrown);
  }

  // "… parameter [dev.fakemail.ReceivedMail arg0] in …" -> "dev.fakemail.ReceivedMail"
  private static String parameterType(String message) {
    int start = message.indexOf("parameter [");
    if (start < 0) {
      return null;
    }
    start += "parameter [".length();
    int end = message.indexOf(' ', start);
    return end < 0 ? null : message.substring(start, end);
  }

  private static boolean isApiType(String type) {
    return type.startsWith(API_PACKAGE + ".") && type.lastIndexOf('.') == API_PACKAGE.length();
  }
}
