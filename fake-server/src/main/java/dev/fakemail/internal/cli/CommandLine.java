package dev.fakemail.internal.cli;

import dev.fakemail.FakeMailConfig;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Reads the standalone server's arguments and environment into an {@link Invocation}, without side
 * effects: the environment is passed in, nothing is started, nothing is printed.
 *
 * <p>Each option's value comes from its flag if given (the last one wins), else from its {@code
 * FAKEMAIL_*} variable if set and not blank, else from its standalone default. Flags take {@code
 * --name=value} or {@code --name value}; a switch such as {@code --verbose} takes no separate
 * value, only {@code --verbose=false}. {@code -h}/{@code --help} and {@code -V}/{@code --version}
 * win over everything else, so a bad setting never hides the help.
 */
public final class CommandLine {
  private static final List<String> HELP = List.of("-h", "--help");
  private static final List<String> VERSION = List.of("-V", "--version");

  private CommandLine() {}

  /** What the command line asks for. */
  public interface Invocation {}

  /** Print the usage and exit 0. */
  public static final class ShowHelp implements Invocation {
    static final ShowHelp INSTANCE = new ShowHelp();

    private ShowHelp() {}
  }

  /** Print the version and exit 0. */
  public static final class ShowVersion implements Invocation {
    static final ShowVersion INSTANCE = new ShowVersion();

    private ShowVersion() {}
  }

  /** Run the server. */
  public static final class Run implements Invocation {
    private final FakeMailConfig config;
    private final boolean verbose;
    private final List<String> warnings;

    Run(FakeMailConfig config, boolean verbose, List<String> warnings) {
      this.config = config;
      this.verbose = verbose;
      this.warnings = List.copyOf(warnings);
    }

    /** The server configuration. */
    public FakeMailConfig config() {
      return config;
    }

    /** Whether {@code --verbose} or {@code FAKEMAIL_VERBOSE} is on. */
    public boolean verbose() {
      return verbose;
    }

    /** Lines to print on stderr before starting, such as unknown {@code FAKEMAIL_*} variables. */
    public List<String> warnings() {
      return warnings;
    }
  }

  /**
   * Parses the arguments and the environment.
   *
   * @param env the environment, {@link System#getenv()} in production; only {@code FAKEMAIL_*}
   *     entries are read
   * @throws UsageException with the one line to print, for an unknown flag or a bad value
   */
  public static Invocation parse(List<String> args, Map<String, String> env) throws UsageException {
    Objects.requireNonNull(args, "args");
    Objects.requireNonNull(env, "env");
    for (String arg : args) {
      if (HELP.contains(arg)) {
        return ShowHelp.INSTANCE;
      }
    }
    for (String arg : args) {
      if (VERSION.contains(arg)) {
        return ShowVersion.INSTANCE;
      }
    }
    Map<Option<?>, List<String>> flags = readFlags(args);

    Map<Option<?>, Object> values = new HashMap<>();
    for (Option<?> option : Options.ALL) {
      values.put(option, resolve(option, flags, env));
    }

    FakeMailConfig.Builder builder = FakeMailConfig.builder();
    for (Option<?> option : Options.ALL) {
      apply(option, values.get(option), builder, flags, env);
    }
    applyTlsCertificate(values, builder);
    return new Run(builder.build(), (Boolean) values.get(Options.VERBOSE), warnings(env));
  }

  /** {@code --tls-pkcs12} with its password, or {@code --tls-cert} with {@code --tls-key}. */
  private static void applyTlsCertificate(Map<Option<?>, Object> values, FakeMailConfig.Builder b)
      throws UsageException {
    String pkcs12 = (String) values.get(Options.TLS_PKCS12);
    String password = (String) values.get(Options.TLS_PKCS12_PASSWORD);
    String cert = (String) values.get(Options.TLS_CERT);
    String key = (String) values.get(Options.TLS_KEY);
    if (!pkcs12.isEmpty() && (!cert.isEmpty() || !key.isEmpty())) {
      throw new UsageException(
          "Options --tls-pkcs12 and --tls-cert/--tls-key both give the server certificate;"
              + " choose one");
    }
    if (cert.isEmpty() != key.isEmpty()) {
      throw new UsageException(
          cert.isEmpty()
              ? "Option --tls-key needs --tls-cert, the certificate chain of that key"
              : "Option --tls-cert needs --tls-key, the private key of that certificate");
    }
    if (!password.isEmpty() && pkcs12.isEmpty()) {
      throw new UsageException("Option --tls-pkcs12-password needs --tls-pkcs12");
    }
    try {
      if (!pkcs12.isEmpty()) {
        b.tlsCertificate(Path.of(pkcs12), password);
      } else if (!cert.isEmpty()) {
        b.tlsCertificatePem(Path.of(cert), Path.of(key));
      }
    } catch (InvalidPathException e) {
      throw new UsageException(
          "Invalid value \"" + e.getInput() + "\": not a file path (" + e.getReason() + ")", e);
    }
  }

  private static Map<Option<?>, List<String>> readFlags(List<String> args) throws UsageException {
    Map<Option<?>, List<String>> flags = new HashMap<>();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (!arg.startsWith("-")) {
        throw new UsageException(
            "Unexpected argument \"" + arg + "\": options start with --, such as --smtp-port");
      }
      if (!arg.startsWith("--")) {
        throw new UsageException("Unknown option " + arg);
      }
      int eq = arg.indexOf('=');
      String name = arg.substring(2, eq < 0 ? arg.length() : eq);
      String flag = "--" + name;
      Option<?> option = Options.byName(name).orElse(null);
      if (option == null) {
        if (HELP.contains(flag) || VERSION.contains(flag)) {
          throw new UsageException("Option " + flag + " takes no value");
        }
        throw new UsageException("Unknown option " + flag + suggestion(name, false));
      }
      String value;
      if (eq >= 0) {
        value = arg.substring(eq + 1);
      } else if (option.isSwitch()) {
        value = "true";
      } else if (i + 1 < args.size() && !args.get(i + 1).startsWith("--")) {
        value = args.get(++i);
      } else {
        throw new UsageException("Option " + flag + " needs a value: " + option.type().form());
      }
      if (option.isRepeatable()) {
        flags.computeIfAbsent(option, o -> new ArrayList<>()).add(value);
      } else {
        flags.put(option, List.of(value)); // the last one wins
      }
    }
    return flags;
  }

  private static <T> T resolve(
      Option<T> option, Map<Option<?>, List<String>> flags, Map<String, String> env)
      throws UsageException {
    List<String> given = flags.get(option);
    if (given == null) {
      String raw = env.get(option.envVariable());
      if (raw == null || raw.isBlank()) {
        return option.standaloneDefault();
      }
      return parse(option, raw, option.envVariable());
    }
    T value = null;
    for (String raw : given) {
      T parsed = parse(option, raw, option.flag());
      value = value == null ? parsed : option.combine(value, parsed);
    }
    return value;
  }

  private static <T> T parse(Option<T> option, String raw, String source) throws UsageException {
    try {
      return option.type().parse(raw);
    } catch (IllegalArgumentException e) {
      throw new UsageException(
          "Invalid value \"" + raw + "\" for " + source + ": expected " + option.type().form(), e);
    }
  }

  @SuppressWarnings("unchecked")
  private static <T> void apply(
      Option<T> option,
      Object value,
      FakeMailConfig.Builder builder,
      Map<Option<?>, List<String>> flags,
      Map<String, String> env)
      throws UsageException {
    Optional<Option.Binding<T>> binding = option.binding();
    if (binding.isEmpty()) {
      return;
    }
    try {
      binding.get().set(builder, (T) value);
    } catch (IllegalArgumentException e) {
      boolean fromFlag = flags.containsKey(option);
      String raw = fromFlag ? String.join(" ", flags.get(option)) : env.get(option.envVariable());
      String source = fromFlag ? option.flag() : option.envVariable();
      throw new UsageException(
          "Invalid value \"" + raw + "\" for " + source + ": " + e.getMessage(), e);
    }
  }

  private static List<String> warnings(Map<String, String> env) {
    List<String> warnings = new ArrayList<>();
    for (String name : new TreeSet<>(env.keySet())) {
      if (name.startsWith(Option.ENV_PREFIX)
          && Options.ALL.stream().noneMatch(o -> o.envVariable().equals(name))) {
        warnings.add(
            "Ignoring unknown environment variable "
                + name
                + suggestion(name, true)
                + "; see --help");
      }
    }
    return warnings;
  }

  /** " (did you mean --smtp-port?)" for a near miss, else "". */
  private static String suggestion(String name, boolean env) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (Option<?> option : Options.ALL) {
      String candidate = env ? option.envVariable() : option.name();
      int d = distance(name, candidate);
      if (d < bestDistance) {
        best = env ? candidate : option.flag();
        bestDistance = d;
      }
    }
    return bestDistance <= 2 ? " (did you mean " + best + "?)" : "";
  }

  /** Levenshtein distance. */
  private static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        current[j] =
            Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
