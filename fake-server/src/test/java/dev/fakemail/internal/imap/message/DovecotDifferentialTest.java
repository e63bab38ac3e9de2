package dev.fakemail.internal.imap.message;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * A tool, not part of the build: APPENDs every corpus message to a private Dovecot and compares its
 * FETCH answers (ENVELOPE, BODY, BODYSTRUCTURE, RFC822.SIZE and the body sections of every part)
 * with ours, printing each difference. Runs only when {@code fakemail.dovecot} names Dovecot's
 * {@code imap} binary:
 *
 * <pre>
 * apt-get install -y --no-install-recommends dovecot-imapd
 * mvn -pl fake-server -am verify -Dtest=DovecotDifferentialTest -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dfakemail.dovecot=/usr/lib/dovecot/imap [-Dfakemail.dovecot.record=fake-server/src/test/resources/dev/fakemail/internal/imap/message/corpus]
 * </pre>
 *
 * With {@code fakemail.dovecot.record} it also writes Dovecot's answers for each message of {@code
 * corpus/} to {@code <message>.dovecot} there, which {@link DovecotGoldenTest} checks in every
 * build. Messages in {@code deviations/} are compared only: where we knowingly answer otherwise.
 * {@code -Dfakemail.dovecot.extra=<dir>} compares the messages of another directory too, for
 * instance those the unit tests built when run with {@code -Dfakemail.dovecot.capture=<dir>}.
 */
@EnabledIfSystemProperty(named = "fakemail.dovecot", matches = ".+")
class DovecotDifferentialTest {
  private static final Path RESOURCES =
      Path.of("src/test/resources/dev/fakemail/internal/imap/message");

  @Test
  void answersAsDovecotDoes() throws IOException {
    String record = System.getProperty("fakemail.dovecot.record", "");
    Path angus = RESOURCES.resolve("corpus/angus-newsletter.eml");
    if (!record.isEmpty() && !Files.exists(angus)) {
      Files.write(angus, AngusMessages.newsletter()); // boundaries are random: made once, kept
    }
    List<String> report = new ArrayList<>();
    int differences = 0;
    int expectedDeviations = 0;
    try (DovecotImap dovecot = new DovecotImap(System.getProperty("fakemail.dovecot"))) {
      dovecot.select("INBOX");
      String extra = System.getProperty("fakemail.dovecot.extra", "");
      for (String folder : List.of("corpus", "deviations", "extra")) {
        Path dir = folder.equals("extra") ? Path.of(extra) : RESOURCES.resolve(folder);
        if (folder.equals("extra") && extra.isEmpty()) {
          continue;
        }
        for (Path eml : messages(dir)) {
          byte[] message = Files.readAllBytes(eml);
          if (folder.equals("extra")) {
            if (message.length == 0) {
              continue; // Dovecot: "Can't save a zero byte message"
            }
            if (message[message.length - 1] != '\n') { // a known deviation, not worth reporting
              message = Arrays.copyOf(message, message.length + 2);
              message[message.length - 2] = '\r';
              message[message.length - 1] = '\n';
            }
          }
          ImapMessageView ours = Fetch.view(message);
          List<String> items = Fetch.items(ours);
          long uid = dovecot.append(message);
          Map<String, byte[]> theirs = new LinkedHashMap<>();
          for (int i = 0; i < items.size(); i += 20) {
            theirs.putAll(dovecot.fetch(uid, items.subList(i, Math.min(items.size(), i + 20))));
          }
          Map<String, byte[]> recorded = new LinkedHashMap<>();
          int before = differences;
          for (String item : items) {
            byte[] expected = theirs.get(item);
            if (expected == null) {
              report.add(eml.getFileName() + " " + item + ": Dovecot sent nothing");
              differences++;
              continue;
            }
            byte[] actual = Fetch.answer(ours, item);
            String known = KnownDeviations.reason(eml.getFileName().toString(), item);
            if (known != null) {
              report.add(eml.getFileName() + " " + item + ": known deviation");
              continue;
            }
            recorded.put(item, expected);
            if (!Arrays.equals(expected, actual)) {
              differences++;
              report.add(
                  eml.getFileName()
                      + " "
                      + item
                      + "\n  dovecot: "
                      + show(expected)
                      + "\n  ours:    "
                      + show(actual));
            }
          }
          if (folder.equals("deviations") && differences > before) {
            expectedDeviations += differences - before; // known: each has its own unit test
            differences = before;
          }
          if (!record.isEmpty() && folder.equals("corpus")) {
            Files.write(
                Path.of(record).resolve(eml.getFileName() + ".dovecot"), Golden.write(recorded));
          }
        }
      }
      for (Map.Entry<String, byte[]> g : Limits.messages().entrySet()) {
        ImapMessageView ours = Fetch.view(g.getValue());
        List<String> items = new ArrayList<>(Fetch.items(ours).subList(0, 9));
        items.addAll(Limits.ITEMS);
        long uid = dovecot.append(g.getValue());
        Map<String, byte[]> theirs = new LinkedHashMap<>();
        for (int i = 0; i < items.size(); i += 20) {
          theirs.putAll(dovecot.fetch(uid, items.subList(i, Math.min(items.size(), i + 20))));
        }
        for (String item : items) {
          byte[] expected = theirs.getOrDefault(item, new byte[0]);
          byte[] actual = Fetch.answer(ours, item);
          if (!Arrays.equals(expected, actual)) {
            differences++;
            report.add(
                g.getKey()
                    + " "
                    + item
                    + "\n  dovecot: "
                    + show(expected)
                    + "\n  ours:    "
                    + show(actual));
          }
        }
      }
    }
    System.out.println(
        "=== Dovecot differences: "
            + differences
            + " unexpected, "
            + expectedDeviations
            + " in deviations/");
    report.forEach(System.out::println);
    assertThat(differences).isZero();
  }

  /** Criterion, value: what {@link SearchTest#MESSAGE} is searched for. */
  private static final String[][] SEARCHES = {
    {"SUBJECT", "grüße aus köln"},
    {"SUBJECT", "koln"},
    {"SUBJECT", "=?UTF-8?B?"},
    {"SUBJECT", "GRÜSSE"},
    {"SUBJECT", "Ko\u0308ln"},
    {"SUBJECT", "K\u00d6LN"},
    {"SUBJECT", "inner"},
    {"FROM", "jörg müller"},
    {"FROM", "joerg@example.de"},
    {"FROM", "JOERG"},
    {"TO", "ZOË"},
    {"TO", "zoe"},
    {"CC", "TEAM@"},
    {"BCC", ""},
    {"HEADER X-Ticket", "abc-123"},
    {"HEADER X-Ticket", ""},
    {"HEADER X-Missing", ""},
    {"BODY", "schöne grüße"},
    {"BODY", "schone"},
    {"BODY", "hello <b>world"},
    {"BODY", "UMLAUTEN: ÄÖÜ"},
    {"BODY", "binary attachment"},
    {"BODY", "preamble"},
    {"BODY", "Sch=F6ne"},
    {"BODY", "Köln"},
    {"BODY", "inner"},
    {"TEXT", "köln"},
    {"TEXT", "x-ticket: abc"},
    {"TEXT", "Subject: inner"},
    {"TEXT", "charset=iso-8859-1"},
    {"TEXT", "schöne"},
    {"TEXT", "not there"},
  };

  @Test
  void searchesAsDovecotDoes() throws IOException {
    List<String> report = new ArrayList<>();
    try (DovecotImap dovecot = new DovecotImap(System.getProperty("fakemail.dovecot"))) {
      dovecot.select("INBOX");
      byte[] message = SearchTest.MESSAGE.getBytes(StandardCharsets.UTF_8);
      ImapMessageView ours = Fetch.view(message);
      long uid = dovecot.append(message);
      for (String[] s : SEARCHES) {
        boolean theirs = dovecot.search(uid, s[0], s[1]);
        boolean mine = ourSearch(ours, s[0], s[1]);
        report.add(
            (theirs == mine ? "  same " : "  DIFF ")
                + s[0]
                + " \""
                + s[1]
                + "\": dovecot "
                + theirs
                + ", ours "
                + mine);
      }
    }
    report.forEach(System.out::println);
    assertThat(report).allMatch(line -> line.startsWith("  same"));
  }

  private static boolean ourSearch(ImapMessageView v, String criterion, String value) {
    switch (criterion) {
      case "BODY":
        return v.bodyContains(value);
      case "TEXT":
        return v.textContains(value);
      case "SUBJECT":
      case "FROM":
      case "TO":
      case "CC":
      case "BCC":
        return v.headerContains(criterion, value);
      default:
        return v.headerContains(criterion.substring("HEADER ".length()), value);
    }
  }

  static List<Path> messages(Path folder) throws IOException {
    if (!Files.isDirectory(folder)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(folder)) {
      return files
          .filter(p -> p.getFileName().toString().endsWith(".eml"))
          .sorted()
          .collect(Collectors.toList());
    }
  }

  private static String show(byte[] b) {
    String s = new String(b, StandardCharsets.UTF_8);
    return s.replace("\r", "\\r").replace("\n", "\\n\n           ");
  }
}
