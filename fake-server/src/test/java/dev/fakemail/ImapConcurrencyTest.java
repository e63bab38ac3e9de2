package dev.fakemail;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Two sessions on one mailbox at the same time: one expunges message after message while the other
 * fetches the whole folder over and over. The fetching session keeps a model of its sequence
 * numbers from what it is told; every FETCH must agree with it, no EXPUNGE may arrive during a
 * FETCH, and at the end the model must equal the folder.
 */
class ImapConcurrencyTest {
  private static final String BOB = "bob@example.test";
  private static final int MESSAGES = 600;
  private static final Pattern FETCH = Pattern.compile("\\* (\\d+) FETCH \\(UID (\\d+)\\)");
  private static final Pattern EXPUNGE = Pattern.compile("\\* (\\d+) EXPUNGE");

  @Test
  void fetchingSessionKeepsConsistentNumbersWhileAnotherExpunges() throws Exception {
    try (FakeMailServer server =
        FakeMailServer.start(FakeMailConfig.builder().protocols(Protocol.IMAP).build())) {
      for (int i = 1; i <= MESSAGES; i++) {
        server.deliver(
            BOB, ("Subject: m" + i + "\r\n\r\nx\r\n").getBytes(StandardCharsets.US_ASCII));
      }
      try (ImapWire reader = ImapWire.select(server, BOB);
          ImapWire expunger = ImapWire.select(server, BOB)) {
        List<Long> model = new ArrayList<>();
        for (long uid = 1; uid <= MESSAGES; uid++) {
          model.add(uid);
        }
        CompletableFuture<Void> expunging =
            CompletableFuture.runAsync(
                () -> {
                  // every third message, highest first, one EXPUNGE each
                  for (int uid = MESSAGES; uid >= 1; uid -= 3) {
                    expunger.send("s UID STORE " + uid + " +FLAGS.SILENT (\\Deleted)");
                    assertThat(expunger.send("e EXPUNGE")).endsWith("e OK Expunge completed.\r\n");
                  }
                });
        int rounds = 0;
        while (!expunging.isDone() && rounds < 500) {
          rounds++;
          String fetch = reader.send("f FETCH 1:* UID");
          for (String line : fetch.split("\r\n")) {
            assertThat(line).as("no EXPUNGE during FETCH").doesNotContain("EXPUNGE");
            Matcher m = FETCH.matcher(line);
            if (m.matches()) {
              int msn = Integer.parseInt(m.group(1));
              assertThat(model.get(msn - 1)).as(line).isEqualTo(Long.parseLong(m.group(2)));
            }
          }
          assertThat(fetch).endsWith("f OK Fetch completed.\r\n");
          applyExpunges(model, reader.send("n NOOP"));
        }
        expunging.get(30, TimeUnit.SECONDS);
        applyExpunges(model, reader.send("n NOOP"));
        assertThat(model).hasSize(MESSAGES - MESSAGES / 3);
        String uids = reader.send("u UID SEARCH ALL");
        StringBuilder expected = new StringBuilder("* SEARCH");
        model.forEach(u -> expected.append(' ').append(u));
        assertThat(uids).isEqualTo(expected + "\r\nu OK Search completed.\r\n");
        assertThat(rounds).isPositive();
      }
    }
  }

  private static void applyExpunges(List<Long> model, String responses) {
    for (String line : responses.split("\r\n")) {
      Matcher m = EXPUNGE.matcher(line);
      if (m.matches()) {
        model.remove(Integer.parseInt(m.group(1)) - 1);
      }
    }
  }
}
