package dev.fakemail.internal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fakemail.FakeMailConfig;
import dev.fakemail.Protocol;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class OptionsTest {

  @Test
  void everyBuilderMethodHasAnOptionOrASaidReason() {
    Set<String> builderSetters =
        Arrays.stream(FakeMailConfig.Builder.class.getDeclaredMethods())
            .filter(m -> Modifier.isPublic(m.getModifiers()))
            .filter(m -> m.getReturnType() == FakeMailConfig.Builder.class)
            .map(Method::getName)
            .collect(Collectors.toSet());
    Set<String> covered = new HashSet<>(Options.NOT_EXPOSED.keySet());
    for (Option<?> option : Options.ALL) {
      option.binding().ifPresent(b -> covered.add(b.builderMethod()));
      option.partOfBuilderMethod().ifPresent(covered::add);
    }

    assertThat(covered)
        .as("builder methods in Options.ALL or Options.NOT_EXPOSED")
        .isEqualTo(builderSetters);
  }

  @Test
  void noOptionIsBothExposedAndNotExposed() {
    for (Option<?> option : Options.ALL) {
      option
          .binding()
          .ifPresent(b -> assertThat(Options.NOT_EXPOSED).doesNotContainKey(b.builderMethod()));
    }
  }

  @Test
  void eachBindingReadsTheConfigAccessorOfTheSameName() throws Exception {
    FakeMailConfig config = FakeMailConfig.defaults();
    for (Option<?> option : Options.ALL) {
      if (option.binding().isEmpty()) {
        continue;
      }
      Option.Binding<?> binding = option.binding().get();
      Object viaAccessor = FakeMailConfig.class.getMethod(binding.accessor()).invoke(config);
      assertThat(((Object) binding.get(config)).toString())
          .as(option.flag())
          .isEqualTo(viaAccessor.toString());
    }
  }

  @Test
  void eachOptionSetsItsOwnProperty() throws Exception {
    // Set every option to its standalone default, then check each accessor reads that value back.
    CommandLine.Run run = (CommandLine.Run) CommandLine.parse(List.of(), Map.of());
    for (Option<?> option : Options.ALL) {
      if (option.binding().isPresent()) {
        Object read =
            FakeMailConfig.class.getMethod(option.binding().get().accessor()).invoke(run.config());
        assertThat(String.valueOf(option.binding().get().get(run.config())))
            .as(option.flag())
            .isEqualTo(String.valueOf(read));
        assertThat((Object) option.binding().get().get(run.config()))
            .as(option.flag())
            .isEqualTo(option.standaloneDefault());
      }
    }
  }

  @Test
  void envVariablesDeriveFromTheFlag() {
    assertThat(Options.SMTP_PORT.flag()).isEqualTo("--smtp-port");
    assertThat(Options.SMTP_PORT.envVariable()).isEqualTo("FAKEMAIL_SMTP_PORT");
    assertThat(Options.MAX_STORED_MESSAGES.envVariable()).isEqualTo("FAKEMAIL_MAX_STORED_MESSAGES");
    assertThat(Options.USER.flag()).isEqualTo("--user");
    assertThat(Options.USER.envVariable())
        .as("one variable holds every user, so its name is plural")
        .isEqualTo("FAKEMAIL_USERS");
    assertThat(Options.ALL.stream().filter(Option::isRepeatable))
        .containsExactly(Options.USER, Options.OAUTH_TOKEN, Options.PRELOAD);
    assertThat(Options.ALL)
        .extracting(Option::name)
        .doesNotHaveDuplicates()
        .allMatch(n -> n.matches("[a-z][a-z0-9-]*"));
  }

  @Test
  void standaloneDefaultsDifferFromTheLibraryOnlyWhereIntended() {
    assertThat(Options.SMTP_PORT.standaloneDefault()).isEqualTo(1025);
    assertThat(Options.SMTP_PORT.binding().orElseThrow().libraryDefault()).isZero();
    assertThat(Options.BIND_ADDRESS.standaloneDefaultText()).isEqualTo("127.0.0.1");
    assertThat(Options.MAX_STORED_MESSAGES.standaloneDefault()).isEqualTo(10_000);
    assertThat(Options.MAX_STORED_MESSAGES.binding().orElseThrow().libraryDefault()).isZero();
    assertThat(Options.MAX_STORED_MESSAGES.description()).contains("cannot grow without bound");

    assertThat(Options.POP3_PORT.standaloneDefault()).isEqualTo(1110);
    assertThat(Options.IMAP_PORT.standaloneDefault()).isEqualTo(1143);
    assertThat(Options.LMTP_PORT.standaloneDefault()).isEqualTo(1024);
    assertThat(Options.SMTPS_PORT.standaloneDefault()).isEqualTo(1465);
    assertThat(Options.POP3S_PORT.standaloneDefault()).isEqualTo(1995);
    assertThat(Options.IMAPS_PORT.standaloneDefault()).isEqualTo(1993);
    assertThat(Options.HTTP_PORT.standaloneDefault()).isEqualTo(8025);
    assertThat(Options.PROTOCOLS.standaloneDefaultText())
        .isEqualTo("smtp,smtps,pop3,pop3s,imap,imaps,lmtp,http");
    assertThat(Options.PROTOCOLS.binding().orElseThrow().libraryDefault())
        .containsExactly(Protocol.SMTP, Protocol.POP3, Protocol.IMAP);

    Set<Option<?>> changed =
        Set.of(
            Options.SMTP_PORT,
            Options.POP3_PORT,
            Options.IMAP_PORT,
            Options.LMTP_PORT,
            Options.SMTPS_PORT,
            Options.POP3S_PORT,
            Options.IMAPS_PORT,
            Options.HTTP_PORT,
            Options.PROTOCOLS,
            Options.MAX_STORED_MESSAGES);
    for (Option<?> option : Options.ALL) {
      if (!changed.contains(option) && option.binding().isPresent()) {
        assertThat((Object) option.standaloneDefault())
            .as(option.flag())
            .isEqualTo(option.binding().get().libraryDefault());
      }
    }
  }

  @Test
  void defaultsReadBackThroughTheirOwnType() {
    for (Option<?> option : Options.ALL) {
      assertThat(reparse(option)).as(option.flag()).isEqualTo(option.standaloneDefault());
    }
  }

  @Test
  void descriptionsAreOneLineWithoutTrailingPeriod() {
    for (Option<?> option : Options.ALL) {
      assertThat(option.description()).as(option.flag()).doesNotContain("\n").doesNotEndWith(".");
    }
  }

  private static <T> T reparse(Option<T> option) {
    return option.type().parse(option.standaloneDefaultText());
  }
}
