package dev.fakemail.internal.cli;

import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.BindException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The standalone server: {@code java -jar fakemail-standalone.jar [OPTION]...}.
 *
 * <p>Parses flags and {@code FAKEMAIL_*} variables ({@link CommandLine}), starts the server, prints
 * one ready line on stdout, and on SIGTERM or Ctrl-C closes the server from a shutdown hook and
 * prints {@code FakeMail stopped; …}. Errors are one line on stderr: exit status 2 for a bad
 * option, 1 when the server cannot start (with the stack trace only under {@code --verbose}).
 */
public final class Main {
  /** Exit status for an unknown option or a bad value. */
  public static final int EXIT_USAGE = 2;

  /** Exit status when the server cannot start, such as a port in use. */
  public static final int EXIT_START_FAILED = 1;

  private static final Pattern CANNOT_BIND = Pattern.compile("Cannot bind (\\S+) to ");

  private final PrintStream out;
  private final PrintStream err;
  private final Map<String, String> env;
  private final String version;
  private final Supplier<Optional<Instant>> processStart;
  private final Consumer<Thread> shutdownHooks;
  private final Consumer<Boolean> logging;

  /**
   * @param env the environment to read {@code FAKEMAIL_*} variables from
   * @param version shown by {@code --version} and in the ready line
   * @param processStart when the JVM started, to report the start-up time
   * @param shutdownHooks registers the thread that stops the server
   * @param logging configures logging before the server creates its loggers; gets the verbose flag
   */
  Main(
      PrintStream out,
      PrintStream err,
      Map<String, String> env,
      String version,
      Supplier<Optional<Instant>> processStart,
      Consumer<Thread> shutdownHooks,
      Consumer<Boolean> logging) {
    this.out = Objects.requireNonNull(out);
    this.err = Objects.requireNonNull(err);
    this.env = Map.copyOf(env);
    this.version = Objects.requireNonNull(version);
    this.processStart = Objects.requireNonNull(processStart);
    this.shutdownHooks = Objects.requireNonNull(shutdownHooks);
    this.logging = Objects.requireNonNull(logging);
  }

  /** Runs the standalone server until SIGTERM or Ctrl-C. */
  public static void main(String[] args) {
    Main main =
        new Main(
            System.out,
            System.err,
            System.getenv(),
            version(),
            Main::processStart,
            Runtime.getRuntime()::addShutdownHook,
            Main::configureLogging);
    int status = main.run(List.of(args));
    if (status != 0) {
      System.exit(status);
    }
  }

  /**
   * Runs one invocation: returns at once for {@code --help}, {@code --version} and errors;
   * otherwise blocks until the registered shutdown hook has stopped the server.
   *
   * @return the exit status
   */
  int run(List<String> args) {
    CommandLine.Invocation invocation;
    try {
      invocation = CommandLine.parse(args, env);
    } catch (UsageException e) {
      err.println(e.getMessage());
      err.flush();
      return EXIT_USAGE;
    }
    if (invocation instanceof CommandLine.ShowHelp) {
      out.print(Help.usage());
      out.flush();
      return 0;
    }
    if (invocation instanceof CommandLine.ShowVersion) {
      out.println("FakeMail " + version);
      out.flush();
      return 0;
    }
    CommandLine.Run run = (CommandLine.Run) invocation;
    run.warnings().forEach(err::println);
    logging.accept(run.verbose());

    StandaloneServer server;
    try {
      server = StandaloneServer.start(run.config());
    } catch (RuntimeException e) {
      err.println(startFailure(e));
      if (run.verbose()) {
        e.printStackTrace(err);
      }
      err.flush();
      return EXIT_START_FAILED;
    }

    CountDownLatch stopped = new CountDownLatch(1);
    shutdownHooks.accept(
        new Thread(
            () -> {
              try {
                server.close();
                out.println(server.stoppedLine());
                out.flush();
              } finally {
                stopped.countDown();
              }
            },
            "fakemail-shutdown"));
    Optional<Duration> startup =
        processStart.get().map(start -> Duration.between(start, Instant.now()));
    out.println(server.readyLine(version, startup));
    out.flush();

    boolean interrupted = false;
    while (stopped.getCount() > 0) {
      try {
        stopped.await();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }

  /** One line: the failure's own message, with a hint for a port in use or a foreign address. */
  static String startFailure(RuntimeException e) {
    if (!(e instanceof UncheckedIOException && e.getCause() instanceof BindException)) {
      String message = e.getMessage();
      return "FakeMail could not start: " + (message == null ? e.toString() : message);
    }
    String message = e.getCause().getMessage();
    Matcher protocol = CANNOT_BIND.matcher(message);
    Optional<Option<?>> port =
        protocol.lookingAt()
            ? Options.byName(protocol.group(1).toLowerCase(Locale.ROOT) + "-port")
            : Optional.empty();
    if (message.contains("in use")) {
      return message
          + port.map(
                  o ->
                      " (another process uses the port; choose another with "
                          + o.flag()
                          + " or "
                          + o.envVariable()
                          + ", or 0 for a free one)")
              .orElse(" (another process uses the port)");
    }
    if (message.contains("assign requested address")) {
      return message
          + " (not an address of this machine; choose another with "
          + Options.BIND_ADDRESS.flag()
          + " or "
          + Options.BIND_ADDRESS.envVariable()
          + ")";
    }
    return message;
  }

  /**
   * Sets slf4j-simple's level before any logger exists: warn, or info when verbose. A level given
   * with {@code -Dorg.slf4j.simpleLogger.defaultLogLevel} wins.
   */
  static void configureLogging(boolean verbose) {
    setIfAbsent("org.slf4j.simpleLogger.defaultLogLevel", verbose ? "info" : "warn");
    setIfAbsent("org.slf4j.simpleLogger.logFile", "System.err");
    setIfAbsent("org.slf4j.simpleLogger.showDateTime", "true");
    setIfAbsent("org.slf4j.simpleLogger.dateTimeFormat", "HH:mm:ss.SSS");
  }

  private static void setIfAbsent(String key, String value) {
    if (System.getProperty(key) == null) {
      System.setProperty(key, value);
    }
  }

  /** The jar manifest's Implementation-Version, or {@code dev} outside the standalone jar. */
  static String version() {
    String version = Main.class.getPackage().getImplementationVersion();
    return version == null ? "dev" : version;
  }

  /**
   * When the JVM started, from {@link java.lang.management.RuntimeMXBean#getStartTime()} (to the
   * millisecond). {@link ProcessHandle.Info#startInstant()} is only the fallback: on Linux it adds
   * the process's start tick to a boot time rounded to whole seconds, so it is off by up to a
   * second.
   */
  private static Optional<Instant> processStart() {
    try {
      return Optional.of(Instant.ofEpochMilli(ManagementFactory.getRuntimeMXBean().getStartTime()));
    } catch (RuntimeException | LinkageError e) {
      return ProcessHandle.current().info().startInstant();
    }
  }
}
