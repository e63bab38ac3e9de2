package dev.fakemail.internal.imap.message;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Broken input never makes a view throw; a view shared by threads answers as a lone one. */
class RobustnessTest {

  @Test
  void mangledMessagesNeverThrow() throws IOException, URISyntaxException {
    Random random = new Random(Long.getLong("fakemail.fuzz.seed", 20260311));
    int views = 0;
    for (byte[] message : corpus()) {
      for (int round = 0; round < 40; round++) {
        byte[] mangled = mangle(message, random);
        ImapMessageView v = Fetch.view(mangled);
        for (String item : Fetch.items(v)) {
          Fetch.answer(v, item);
        }
        v.bodyContains("x");
        v.textContains("ü");
        v.headerContains("Subject", "a");
        v.sentDate();
        assertThat(v.full()).hasSize((int) v.size());
        views++;
      }
    }
    assertThat(views).isGreaterThan(1000);
  }

  @Test
  void threadsSharingAViewSeeWhatOneThreadSees() throws Exception {
    byte[] message = AngusMessages.newsletter();
    List<String> items = Fetch.items(Fetch.view(message));
    List<byte[]> expected = new ArrayList<>();
    ImapMessageView alone = Fetch.view(message);
    for (String item : items) {
      expected.add(Fetch.answer(alone, item));
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      for (int round = 0; round < 20; round++) {
        ImapMessageView shared = Fetch.view(message);
        List<Future<Boolean>> results = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
          results.add(
              pool.submit(
                  () -> {
                    for (int i = items.size() - 1; i >= 0; i--) {
                      if (!Arrays.equals(expected.get(i), Fetch.answer(shared, items.get(i)))) {
                        return false;
                      }
                    }
                    return true;
                  }));
        }
        for (Future<Boolean> r : results) {
          assertThat(r.get(30, TimeUnit.SECONDS)).isTrue();
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static List<byte[]> corpus() throws IOException, URISyntaxException {
    List<byte[]> messages = new ArrayList<>();
    for (String folder : List.of("corpus", "deviations")) {
      Path dir = Path.of(RobustnessTest.class.getResource(folder).toURI());
      for (Path eml : DovecotDifferentialTest.messages(dir)) {
        messages.add(Files.readAllBytes(eml));
      }
    }
    return messages;
  }

  /** Cuts, duplicates, deletes or overwrites a few bytes with MIME-significant ones. */
  private static byte[] mangle(byte[] message, Random random) {
    byte[] specials =
        "-\r\n:;=\"()<>@,\\\0 \t*'%".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    byte[] m = message.clone();
    int edits = 1 + random.nextInt(6);
    for (int i = 0; i < edits && m.length > 0; i++) {
      int at = random.nextInt(m.length);
      switch (random.nextInt(4)) {
        case 0:
          m = Arrays.copyOf(m, at); // truncated
          break;
        case 1:
          m[at] = specials[random.nextInt(specials.length)];
          break;
        case 2:
          byte[] cut = new byte[m.length - 1];
          System.arraycopy(m, 0, cut, 0, at);
          System.arraycopy(m, at + 1, cut, at, m.length - at - 1);
          m = cut;
          break;
        default:
          int len = Math.min(m.length - at, 1 + random.nextInt(40));
          byte[] doubled = new byte[m.length + len];
          System.arraycopy(m, 0, doubled, 0, at + len);
          System.arraycopy(m, at, doubled, at + len, m.length - at);
          m = doubled;
          break;
      }
    }
    return m;
  }
}
