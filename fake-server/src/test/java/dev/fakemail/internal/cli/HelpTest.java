package dev.fakemail.internal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HelpTest {
  @Test
  void usageListsEveryFlagWithItsEnvironmentVariableAndDefault() {
    String usage = Help.usage();

    for (Option<?> option : Options.ALL) {
      assertThat(usage)
          .contains(option.flag() + (option.isSwitch() ? "[=" : "=") + option.type().placeholder())
          .contains(
              "[" + option.envVariable() + ", default " + option.standaloneDefaultText() + "]")
          .contains(option.description().split(" ")[0]);
    }
    assertThat(usage)
        .contains("-h, --help", "-V, --version")
        .contains("[FAKEMAIL_SMTP_PORT, default 1025]")
        .contains("[FAKEMAIL_MAX_STORED_MESSAGES, default 10000]")
        .contains("[FAKEMAIL_BIND_ADDRESS, default 127.0.0.1]")
        .contains("[FAKEMAIL_MAX_MESSAGE_SIZE, default 64MiB]")
        .contains("[FAKEMAIL_IDLE_TIMEOUT, default 5m]")
        .endsWith("\n");
  }

  @Test
  void usageExplainsEveryValueForm() {
    String usage = Help.usage();

    for (Option<?> option : Options.ALL) {
      assertThat(usage).contains("\n  " + option.type().placeholder() + " ");
    }
    assertThat(usage).contains("KiB, MiB, GiB").contains("PT30S");
  }

  @Test
  void usageLinesFitInAHundredColumns() {
    assertThat(Help.usage().lines()).allMatch(line -> line.length() <= 100);
  }

  @Test
  void markdownTableHasARowPerOption() {
    String table = Help.markdownTable();

    assertThat(table)
        .startsWith(
            "| Flag | Environment variable | Standalone default | Library default"
                + " (`FakeMailConfig.Builder`) | Description |\n|---|---|---|---|---|\n")
        .contains(
            "| `--smtp-port=PORT` | `FAKEMAIL_SMTP_PORT` | `1025` | `0` (`smtpPort`) | SMTP port;"
                + " 0 picks a free port, shown in the ready line |\n")
        .contains("| `--verbose[=BOOL]` | `FAKEMAIL_VERBOSE` | `false` | — (standalone only) |")
        .contains("`FakeMailConfig.Builder.awaitTimeout` has no standalone option: ");
    for (Option<?> option : Options.ALL) {
      assertThat(table).contains("| `" + option.envVariable() + "` |");
    }
  }
}
