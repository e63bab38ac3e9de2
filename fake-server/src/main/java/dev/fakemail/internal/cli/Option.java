package dev.fakemail.internal.cli;

import dev.fakemail.FakeMailConfig;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.BinaryOperator;
import java.util.function.Function;

/**
 * One standalone option: a long flag ({@code --smtp-port}), the environment variable derived from
 * it ({@code FAKEMAIL_SMTP_PORT}), its value type, its standalone default, a one-line description
 * and, for server settings, how it maps onto {@link FakeMailConfig.Builder}. Immutable.
 *
 * @param <T> the value's type
 */
public final class Option<T> {
  /** The prefix of every environment variable. */
  public static final String ENV_PREFIX = "FAKEMAIL_";

  private final String name;
  private final ValueType<T> type;
  private final T standaloneDefault;
  private final String description;
  private final Binding<T> binding;
  private final String envVariable;
  private final BinaryOperator<T> combiner; // null: the last flag wins
  private final String partOf; // a builder method this standalone option feeds with others

  private Option(
      String name,
      ValueType<T> type,
      T standaloneDefault,
      String description,
      Binding<T> binding,
      String envVariable,
      BinaryOperator<T> combiner,
      String partOf) {
    if (!name.matches("[a-z][a-z0-9]*(-[a-z0-9]+)*")) {
      throw new IllegalArgumentException("option names are lower-case-with-dashes: " + name);
    }
    this.name = name;
    this.type = Objects.requireNonNull(type);
    this.standaloneDefault = Objects.requireNonNull(standaloneDefault);
    this.description = Objects.requireNonNull(description);
    this.binding = binding;
    this.envVariable =
        envVariable != null
            ? envVariable
            : ENV_PREFIX + name.replace('-', '_').toUpperCase(Locale.ROOT);
    this.combiner = combiner;
    this.partOf = partOf;
  }

  /**
   * An option that sets a {@link FakeMailConfig} property; its standalone default is the library's
   * (read from {@link FakeMailConfig#defaults()}) unless {@link #withStandaloneDefault} changes it.
   *
   * @param builderMethod the name of the {@link FakeMailConfig.Builder} method and of the {@link
   *     FakeMailConfig} accessor of the same property
   */
  public static <T> Option<T> config(
      String name,
      ValueType<T> type,
      String builderMethod,
      Function<FakeMailConfig, T> getter,
      BiConsumer<FakeMailConfig.Builder, T> setter,
      String description) {
    return config(name, type, builderMethod, builderMethod, getter, setter, description);
  }

  /**
   * Like {@link #config(String, ValueType, String, Function, BiConsumer, String)}, for a property
   * whose accessor is named differently from its builder method (builder {@code user(…)}, accessor
   * {@code users()}).
   */
  public static <T> Option<T> config(
      String name,
      ValueType<T> type,
      String builderMethod,
      String accessor,
      Function<FakeMailConfig, T> getter,
      BiConsumer<FakeMailConfig.Builder, T> setter,
      String description) {
    Binding<T> binding = new Binding<>(builderMethod, accessor, getter, setter);
    return new Option<>(
        name, type, binding.libraryDefault(), description, binding, null, null, null);
  }

  /** An option of the standalone server itself, with no counterpart in {@link FakeMailConfig}. */
  public static <T> Option<T> standalone(
      String name, ValueType<T> type, T standaloneDefault, String description) {
    return new Option<>(name, type, standaloneDefault, description, null, null, null, null);
  }

  /** A copy with a different standalone default. */
  public Option<T> withStandaloneDefault(T value) {
    return new Option<>(name, type, value, description, binding, envVariable, combiner, partOf);
  }

  /**
   * A copy whose flag may be given several times, the values combined in order (the environment
   * variable still gives one value, which may itself be a list).
   */
  public Option<T> repeatable(BinaryOperator<T> combiner) {
    return new Option<>(
        name, type, standaloneDefault, description, binding, envVariable, combiner, partOf);
  }

  /** A copy read from a differently named environment variable, such as a plural for a list. */
  public Option<T> withEnvVariable(String variable) {
    if (!variable.startsWith(ENV_PREFIX)) {
      throw new IllegalArgumentException("environment variables start with " + ENV_PREFIX);
    }
    return new Option<>(
        name, type, standaloneDefault, description, binding, variable, combiner, partOf);
  }

  /**
   * A copy that, together with other options, gives the arguments of one {@link
   * FakeMailConfig.Builder} method taking several values (such as {@code tlsCertificate(Path,
   * String)}); {@link CommandLine} makes that call.
   */
  public Option<T> partOf(String builderMethod) {
    return new Option<>(
        name,
        type,
        standaloneDefault,
        description,
        binding,
        envVariable,
        combiner,
        Objects.requireNonNull(builderMethod));
  }

  /** The several-valued builder method this option is one argument of; see {@link #partOf}. */
  public Optional<String> partOfBuilderMethod() {
    return Optional.ofNullable(partOf);
  }

  /** Whether the flag may be given more than once, each value adding to the others. */
  public boolean isRepeatable() {
    return combiner != null;
  }

  /** Combines the values of repeated flags, earlier first. */
  public T combine(T earlier, T later) {
    if (combiner == null) {
      return later;
    }
    return combiner.apply(earlier, later);
  }

  /** The name without dashes, such as {@code smtp-port}. */
  public String name() {
    return name;
  }

  /** The long flag, such as {@code --smtp-port}. */
  public String flag() {
    return "--" + name;
  }

  /** The environment variable, such as {@code FAKEMAIL_SMTP_PORT}. */
  public String envVariable() {
    return envVariable;
  }

  public ValueType<T> type() {
    return type;
  }

  /** The value used when neither the flag nor the environment variable is given. */
  public T standaloneDefault() {
    return standaloneDefault;
  }

  /** The standalone default as text. */
  public String standaloneDefaultText() {
    return type.format(standaloneDefault);
  }

  /** One line, no trailing period. */
  public String description() {
    return description;
  }

  /** How the option maps onto {@link FakeMailConfig}; empty for standalone-only options. */
  public Optional<Binding<T>> binding() {
    return Optional.ofNullable(binding);
  }

  /** Whether the option is a yes/no switch, given as a bare flag. */
  public boolean isSwitch() {
    return standaloneDefault instanceof Boolean;
  }

  @Override
  public String toString() {
    return flag();
  }

  /**
   * How an option maps onto {@link FakeMailConfig}: the builder method's name, the accessor and the
   * setter.
   *
   * @param <T> the value's type
   */
  public static final class Binding<T> {
    private final String builderMethod;
    private final String accessor;
    private final Function<FakeMailConfig, T> getter;
    private final BiConsumer<FakeMailConfig.Builder, T> setter;

    Binding(
        String builderMethod,
        String accessor,
        Function<FakeMailConfig, T> getter,
        BiConsumer<FakeMailConfig.Builder, T> setter) {
      this.builderMethod = Objects.requireNonNull(builderMethod);
      this.accessor = Objects.requireNonNull(accessor);
      this.getter = Objects.requireNonNull(getter);
      this.setter = Objects.requireNonNull(setter);
    }

    /** The builder method, such as {@code smtpPort} or {@code user}. */
    public String builderMethod() {
      return builderMethod;
    }

    /** The config accessor, such as {@code smtpPort} or {@code users}. */
    public String accessor() {
      return accessor;
    }

    /** The value in {@link FakeMailConfig#defaults()}. */
    public T libraryDefault() {
      return getter.apply(FakeMailConfig.defaults());
    }

    /** The value in the given configuration. */
    public T get(FakeMailConfig config) {
      return getter.apply(config);
    }

    /**
     * Sets the value on the builder.
     *
     * @throws IllegalArgumentException if the builder rejects it
     */
    public void set(FakeMailConfig.Builder builder, T value) {
      setter.accept(builder, value);
    }
  }
}
