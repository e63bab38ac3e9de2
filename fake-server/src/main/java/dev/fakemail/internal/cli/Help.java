package dev.fakemail.internal.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/** The usage text and the Markdown configuration table, both generated from {@link Options}. */
public final class Help {
  private static final int FLAG_COLUMN = 32;
  private static final int VALUE_COLUMN = 12;
  private static final int WIDTH = 100;

  private Help() {}

  /** The {@code --help} text, ending with a line break. */
  public static String usage() {
    StringBuilder sb = new StringBuilder();
    sb.append("Usage: java -jar fakemail-standalone.jar [OPTION]...\n")
        .append('\n')
        .append("Starts FakeMail, a fake mail server: SMTP and LMTP capture every message in\n")
        .append("memory and file it into the recipients' mailboxes, which POP3 and IMAP clients\n")
        .append("read; the HTTP API and the web page show what was captured.\n")
        .append("Prints one \"ready\" line with the ports once it accepts connections; stops on\n")
        .append("Ctrl-C or SIGTERM.\n")
        .append('\n')
        .append("Every option can also be set with its environment variable. A flag beats the\n")
        .append("environment, which beats the default. Flags take --name=value or --name value;\n")
        .append("a switch such as --verbose needs no value (--verbose=false turns it off).\n")
        .append("A repeatable flag adds to its earlier values; its variable takes them all,\n")
        .append("separated by commas.\n")
        .append('\n')
        .append("Options:\n");
    for (Option<?> option : Options.ALL) {
      String flag = "  " + flagWithValue(option);
      sb.append(flag);
      if (flag.length() >= FLAG_COLUMN) {
        sb.append('\n').append(" ".repeat(FLAG_COLUMN));
      } else {
        sb.append(" ".repeat(FLAG_COLUMN - flag.length()));
      }
      String variable =
          "["
              + option.envVariable()
              + ", default "
              + defaultText(option.standaloneDefaultText())
              + "]";
      // a long default (every protocol) moves left rather than past the hundredth column
      int indent = Math.max(4, Math.min(FLAG_COLUMN, 100 - variable.length()));
      sb.append(wrap(option.description(), FLAG_COLUMN))
          .append('\n')
          .append(" ".repeat(indent))
          .append(variable)
          .append('\n');
    }
    sb.append(pad("  -h, --help", FLAG_COLUMN)).append("Print this help and exit\n");
    sb.append(pad("  -V, --version", FLAG_COLUMN)).append("Print the version and exit\n");
    sb.append('\n').append("Values:\n");
    for (Map.Entry<String, String> e : valueForms().entrySet()) {
      String name = "  " + e.getKey();
      if (name.length() >= VALUE_COLUMN) {
        sb.append(name).append('\n').append(" ".repeat(VALUE_COLUMN)); // a long placeholder
      } else {
        sb.append(pad(name, VALUE_COLUMN));
      }
      sb.append(wrap(e.getValue(), VALUE_COLUMN)).append('\n');
    }
    sb.append('\n')
        .append("Exit status: 0 after --help or --version, 1 if the server cannot start,\n")
        .append("2 for an unknown option or a bad value, 143 after SIGTERM (130 after Ctrl-C).\n");
    return sb.toString();
  }

  /**
   * The configuration as a Markdown table: flag, environment variable, standalone default, library
   * default with its builder method, description; then a note on the builder methods without a
   * flag. Ends with a line break.
   */
  public static String markdownTable() {
    StringBuilder sb = new StringBuilder();
    sb.append(
            "| Flag | Environment variable | Standalone default"
                + " | Library default (`FakeMailConfig.Builder`) | Description |\n")
        .append("|---|---|---|---|---|\n");
    for (Option<?> option : Options.ALL) {
      sb.append("| `")
          .append(flagWithValue(option))
          .append("` | `")
          .append(option.envVariable())
          .append("` | ")
          .append(defaultCell(option.standaloneDefaultText()))
          .append(" | ")
          .append(libraryColumn(option))
          .append(" | ")
          .append(option.description().replace("|", "\\|"))
          .append(" |\n");
    }
    for (Map.Entry<String, String> e : new TreeMap<>(Options.NOT_EXPOSED).entrySet()) {
      sb.append('\n')
          .append("`FakeMailConfig.Builder.")
          .append(e.getKey())
          .append("` has no standalone option: ")
          .append(e.getValue())
          .append(".\n");
    }
    return sb.toString();
  }

  /** Prints {@link #markdownTable()}, to refresh the README's table. */
  public static void main(String[] args) {
    System.out.print(markdownTable());
  }

  private static <T> String libraryColumn(Option<T> option) {
    return option
        .binding()
        .map(
            b ->
                defaultCell(option.type().format(b.libraryDefault()))
                    + " (`"
                    + b.builderMethod()
                    + "`)")
        .orElseGet(
            () ->
                option
                    .partOfBuilderMethod()
                    .map(m -> "*none* (`" + m + "`)")
                    .orElse("— (standalone only)"));
  }

  /** A default as the usage shows it: {@code none} for an empty list. */
  private static String defaultText(String text) {
    return text.isEmpty() ? "none" : text;
  }

  /** A default as the Markdown table shows it: code, or an italic <em>none</em>. */
  private static String defaultCell(String text) {
    return text.isEmpty() ? "*none*" : "`" + text.replace("|", "\\|") + "`";
  }

  private static String flagWithValue(Option<?> option) {
    if (option.isSwitch()) {
      return option.flag() + "[=" + option.type().placeholder() + "]";
    }
    return option.flag() + "=" + option.type().placeholder();
  }

  private static String pad(String s, int column) {
    return s + " ".repeat(Math.max(1, column - s.length()));
  }

  /** Words of {@code text} in lines of at most {@link #WIDTH}, continued at {@code indent}. */
  private static String wrap(String text, int indent) {
    StringBuilder sb = new StringBuilder();
    int column = indent;
    for (String word : text.split(" ")) {
      if (column > indent && column + 1 + word.length() > WIDTH) {
        sb.append('\n').append(" ".repeat(indent));
        column = indent;
      } else if (column > indent) {
        sb.append(' ');
        column++;
      }
      sb.append(word);
      column += word.length();
    }
    return sb.toString();
  }

  private static Map<String, String> valueForms() {
    Map<String, String> forms = new LinkedHashMap<>();
    for (Option<?> option : Options.ALL) {
      String placeholder = option.type().placeholder();
      if (placeholder.equals("COUNT")) {
        forms.putIfAbsent(placeholder, "a whole number, in the range the description gives");
      } else {
        forms.putIfAbsent(placeholder, option.type().form());
      }
    }
    return forms;
  }
}
