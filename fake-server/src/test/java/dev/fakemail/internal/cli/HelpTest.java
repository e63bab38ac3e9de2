package dev.fakemail.internal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class HelpTest {
  static final String TABLE_START = "<!-- config-table:start -->";
  static final String TABLE_END = "<!-- config-table:end -->";

  @Test
  void usageListsEveryFlagWithItsEnvironmentVariableAndDefault() {
    String usage = Help.usage();

    for (Option<?> option : Options.ALL) {
      assertThat(usage)
          .contains(option.flag() + (option.isSwitch() ? "[=" : "=") + option.type().placeholder())
          .contains(
              "["
                  + option.envVariable()
                  + ", default "
                  + (option.standaloneDefaultText().isEmpty()
                      ? "none"
                      : option.standaloneDefaultText())
                  + "]")
          .contains(option.description().split(" ")[0]);
    }
    assertThat(usage)
        .contains("-h, --help", "-V, --version")
        .contains("[FAKEMAIL_SMTP_PORT, default 1025]")
        .contains("[FAKEMAIL_MAX_STORED_MESSAGES, default 10000]")
        .contains("[FAKEMAIL_BIND_ADDRESS, default 127.0.0.1]")
        .contains("[FAKEMAIL_MAX_MESSAGE_SIZE, default 64MiB]")
        .contains("[FAKEMAIL_IDLE_TIMEOUT, default 5m]")
        .contains("[FAKEMAIL_POP3_PORT, default 1110]")
        .contains("[FAKEMAIL_IMAP_PORT, default 1143]")
        .contains("[FAKEMAIL_LMTP_PORT, default 1024]")
        .contains("[FAKEMAIL_SMTPS_PORT, default 1465]")
        .contains("[FAKEMAIL_POP3S_PORT, default 1995]")
        .contains("[FAKEMAIL_IMAPS_PORT, default 1993]")
        .contains("[FAKEMAIL_PROTOCOLS, default smtp,smtps,pop3,pop3s,imap,imaps,lmtp,http]")
        .contains("[FAKEMAIL_USERS, default none]")
        .endsWith("\n");
  }

  @Test
  void usageExplainsEveryValueForm() {
    String usage = Help.usage();

    for (Option<?> option : Options.ALL) {
      assertThat(usage)
          .containsPattern("\n  " + Pattern.quote(option.type().placeholder()) + "[ \n]");
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
        .contains(
            "| `--protocols=PROTOCOLS` | `FAKEMAIL_PROTOCOLS`"
                + " | `smtp,smtps,pop3,pop3s,imap,imaps,lmtp,http` |"
                + " `smtp,pop3,imap`"
                + " (`protocols`) |")
        .contains("| `--user=ADDRESS:PASSWORD` | `FAKEMAIL_USERS` | *none* | *none* (`user`) |")
        .contains("`FakeMailConfig.Builder.awaitTimeout` has no standalone option: ");
    for (Option<?> option : Options.ALL) {
      assertThat(table).contains("| `" + option.envVariable() + "` |");
    }
  }

  /**
   * The README's configuration table is {@link Help#markdownTable()}, pasted between two markers;
   * refresh it with {@code java -cp fake-server/target/fakemail-standalone.jar
   * dev.fakemail.internal.cli.Help}.
   */
  @Test
  void readmeTableMatchesTheOptions() throws IOException {
    Path readme = Path.of(System.getProperty("basedir", "."), "..", "README.md");
    String text = Files.readString(readme, StandardCharsets.UTF_8);
    int start = text.indexOf(TABLE_START);
    int end = text.indexOf(TABLE_END);
    assertThat(start).as("%s in %s", TABLE_START, readme).isNotNegative();
    assertThat(end).as("%s in %s", TABLE_END, readme).isGreaterThan(start);

    String inReadme = text.substring(start + TABLE_START.length(), end).strip() + "\n";

    assertThat(inReadme)
        .as(
            "the README table is out of date; refresh it with: java -cp"
                + " fake-server/target/fakemail-standalone.jar dev.fakemail.internal.cli.Help")
        .isEqualTo(Help.markdownTable());
  }
}
