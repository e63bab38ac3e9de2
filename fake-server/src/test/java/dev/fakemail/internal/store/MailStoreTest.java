package dev.fakemail.internal.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fakemail.Envelope;
import dev.fakemail.ReceivedMail;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The store on its own: ordering, ids, eviction, waiting and concurrency. */
class MailStoreTest {
  private static final Envelope ENVELOPE =
      Envelope.builder().mailFrom("a@example.test").addRecipient("b@example.test").build();

  @Test
  void idsIncreaseInArrivalOrderAndAreNeverReused() {
    MailStore store = new MailStore(0);
    assertThat(add(store, "one").id()).isEqualTo("1");
    assertThat(add(store, "two").id()).isEqualTo("2");
    store.clear();
    assertThat(store.size()).isZero();
    assertThat(add(store, "three").id()).isEqualTo("3");
    store.removeIf(m -> true);
    assertThat(add(store, "four").id()).isEqualTo("4");
    assertThat(store.messages(m -> true)).extracting(ReceivedMail::id).containsExactly("4");
  }

  @Test
  void copiesTheBytesItIsGiven() {
    MailStore store = new MailStore(0);
    byte[] buffer = "xxSubject: copy\r\n\r\nyy".getBytes(StandardCharsets.US_ASCII);
    ReceivedMail mail = store.add(ENVELOPE, buffer, 2, buffer.length - 4);
    buffer[2] = 'X';
    assertThat(mail.raw()).asString(StandardCharsets.US_ASCII).isEqualTo("Subject: copy\r\n\r\n");
  }

  @Test
  void evictsTheOldestBeyondTheLimit() {
    MailStore store = new MailStore(2);
    for (int i = 1; i <= 5; i++) {
      add(store, "m" + i);
    }
    assertThat(store.size()).isEqualTo(2);
    assertThat(store.messages(m -> true))
        .extracting(ReceivedMail::subject)
        .containsExactly("m4", "m5");
  }

  @Test
  void rejectsANegativeLimit() {
    assertThatThrownBy(() -> new MailStore(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxMessages must be >= 0");
  }

  @Test
  void awaitCountsMessagesAlreadyStoredAndReturnsTheFirstInOrder() {
    MailStore store = new MailStore(0);
    add(store, "a1");
    add(store, "b1");
    add(store, "a2");
    add(store, "a3");
    assertThat(store.await(m -> m.subject().startsWith("a"), 2, 0, TimeUnit.NANOSECONDS))
        .extracting(ReceivedMail::subject)
        .containsExactly("a1", "a2");
  }

  @Test
  void awaitReturnsNullOnTimeout() {
    MailStore store = new MailStore(0);
    add(store, "present");
    assertThat(store.await(m -> m.subject().equals("absent"), 1, 0, TimeUnit.NANOSECONDS)).isNull();
    assertThat(store.await(m -> true, 2, 10, TimeUnit.MILLISECONDS)).isNull();
  }

  @Test
  void awaitDoesNotHoldTheLockWhileTestingMessages() throws Exception {
    MailStore store = new MailStore(0);
    add(store, "slow to test");
    CountDownLatch testing = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    CompletableFuture<List<ReceivedMail>> awaited =
        CompletableFuture.supplyAsync(
            () ->
                store.await(
                    m -> {
                      if (m.subject().equals("slow to test")) {
                        testing.countDown();
                        await(release);
                        return false;
                      }
                      return true;
                    },
                    1,
                    10,
                    TimeUnit.SECONDS));
    await(testing);
    // if the filter ran under the store's lock, this add would block until the filter returned
    CompletableFuture<ReceivedMail> added =
        CompletableFuture.supplyAsync(() -> add(store, "arrives while testing"));
    assertThat(added.get(10, TimeUnit.SECONDS).subject()).isEqualTo("arrives while testing");
    release.countDown();
    assertThat(awaited.get(10, TimeUnit.SECONDS))
        .extracting(ReceivedMail::subject)
        .containsExactly("arrives while testing");
  }

  @Test
  void keepsEveryMessageAddedConcurrentlyAndWakesAWaiterForAllOfThem() throws Exception {
    MailStore store = new MailStore(0);
    int threads = 8;
    int perThread = 2_000;
    int total = threads * perThread;
    CompletableFuture<List<ReceivedMail>> all =
        CompletableFuture.supplyAsync(() -> store.await(m -> true, total, 30, TimeUnit.SECONDS));
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    long started = System.nanoTime();
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        done.add(
            pool.submit(
                () -> {
                  go.await();
                  for (int i = 0; i < perThread; i++) {
                    add(store, thread + "/" + i);
                  }
                  return null;
                }));
      }
      go.countDown();
      for (Future<?> f : done) {
        f.get(30, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    List<ReceivedMail> received = all.get(30, TimeUnit.SECONDS);
    long nanos = System.nanoTime() - started;
    System.out.printf(
        "MailStoreTest: %d adds from %d threads in %d ms%n", total, threads, nanos / 1_000_000);

    assertThat(received).hasSize(total);
    assertThat(store.size()).isEqualTo(total);
    Set<String> subjects = new HashSet<>();
    long previousId = 0;
    for (ReceivedMail m : store.messages(x -> true)) {
      long id = Long.parseLong(m.id());
      assertThat(id).as("ids increase in arrival order").isGreaterThan(previousId);
      previousId = id;
      subjects.add(m.subject());
    }
    assertThat(previousId).isEqualTo(total);
    assertThat(subjects).hasSize(total);
  }

  private static ReceivedMail add(MailStore store, String subject) {
    byte[] raw = ("Subject: " + subject + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    return store.add(ENVELOPE, raw, 0, raw.length);
  }

  private static void await(CountDownLatch latch) {
    try {
      if (!latch.await(10, TimeUnit.SECONDS)) {
        throw new AssertionError("latch not released");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  @Test
  void awaitsWithoutAThreadCountingStoredMailFirst() {
    MailStore store = new MailStore(0);
    add(store, "match one");
    List<Runnable> tasks = new ArrayList<>();
    CompletableFuture<List<ReceivedMail>> waiting =
        store.awaitAfterAsync(0, m -> subject(m).startsWith("match"), 2, tasks::add);
    assertThat(store.listenerCount()).isEqualTo(1);
    runAll(tasks);
    assertThat(waiting).isNotDone();

    add(store, "other");
    runAll(tasks);
    assertThat(waiting).isNotDone();

    add(store, "match two");
    assertThat(waiting).as("tested on the executor, not on the storing thread").isNotDone();
    runAll(tasks);
    assertThat(waiting.join())
        .extracting(MailStoreTest::subject)
        .containsExactly("match one", "match two");
    assertThat(store.listenerCount()).as("forgotten once done").isZero();
  }

  @Test
  void forgetsAnAsyncWaiterThatIsCancelledOrTimedOut() {
    MailStore store = new MailStore(0);
    CompletableFuture<List<ReceivedMail>> cancelled =
        store.awaitAfterAsync(0, m -> true, 1, Runnable::run);
    CompletableFuture<List<ReceivedMail>> timedOut =
        store.awaitAfterAsync(0, m -> true, 1, Runnable::run);
    assertThat(store.listenerCount()).isEqualTo(2);
    cancelled.cancel(false);
    timedOut.complete(null);
    assertThat(store.listenerCount()).isZero();
    add(store, "late");
    assertThat(timedOut.join()).isNull();
  }

  @Test
  void tellsListenersOfEveryChangeInOrder() {
    MailStore store = new MailStore(2);
    List<String> events = new ArrayList<>();
    store.addListener(
        new StoreListener() {
          @Override
          public void added(ReceivedMail mail) {
            events.add("added " + mail.id());
          }

          @Override
          public void removed(List<ReceivedMail> mails) {
            mails.forEach(m -> events.add("removed " + m.id()));
          }

          @Override
          public void cleared() {
            events.add("cleared");
          }

          @Override
          public void inboxCleared(String address) {
            events.add("inbox cleared " + address);
          }
        });
    add(store, "1");
    add(store, "2");
    add(store, "3"); // the oldest is dropped
    store.removeIf(m -> m.id().equals("2"));
    store.clearFor("Bob@Example.test");
    store.clear();

    assertThat(events)
        .containsExactly(
            "added 1",
            "added 2",
            "removed 1",
            "added 3",
            "removed 2",
            "inbox cleared Bob@Example.test",
            "cleared");
  }

  @Test
  void keepsEachAddressInboxWatermarkIgnoringCase() {
    MailStore store = new MailStore(0);
    add(store, "one");
    assertThat(store.clearedUpTo("bob@example.test")).isZero();
    store.clearFor(" Bob@Example.TEST ");
    assertThat(store.clearedUpTo("bob@example.test")).isEqualTo(1);
    assertThat(store.clearedUpTo("carol@example.test")).isZero();
  }

  private static void runAll(List<Runnable> tasks) {
    while (!tasks.isEmpty()) {
      tasks.remove(0).run();
    }
  }

  private static String subject(ReceivedMail m) {
    return m.subject();
  }
}
