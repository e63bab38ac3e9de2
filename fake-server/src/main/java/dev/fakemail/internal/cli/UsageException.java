package dev.fakemail.internal.cli;

/**
 * A bad command line or environment: the message is the one line printed to the user, naming the
 * flag or environment variable and the accepted form, ending with {@code "; see --help"}.
 */
public final class UsageException extends Exception {
  private static final long serialVersionUID = 1L;

  UsageException(String message) {
    super(message + "; see --help");
  }

  UsageException(String message, Throwable cause) {
    super(message + "; see --help", cause);
  }
}
