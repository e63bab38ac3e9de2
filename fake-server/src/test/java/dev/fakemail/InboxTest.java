package dev.fakemail;

import static dev.fakemail.MailFilter.any;
import static dev.fakemail.MailFilter.subject;
import static dev.fakemail.MailFilter.subjectContains;
import static dev.fakemail.MailFilter.to;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Listing, awaiting and clearing received mail through {@link Inbox}, with mail sent over SMTP, and
 * the text of a failed wait, verbatim.
 */
class InboxTest {
  private static final Duration SHORT = Duration.ofMillis(50);
  private static final Duration LONG = Duration.ofSeconds(10);

  private FakeMailServer server;

  @BeforeEach
  void startServer() {
    server = FakeMailServer.start();
  }

  @AfterEach
  void stopServer() {
    server.close();
  }

  @Test
  void awaitReturnsAtOnceForAMessageAlreadyThere() {
    send("shop@example.test", "Subject: Welcome\r\n", "bob@example.test");
    server.inbox().awaitMessage(any()); // it has arrived
    // a zero timeout cannot wait: the message must be found without waiting
    ReceivedMail mail = server.inbox().awaitMessage(to("bob@example.test"), Duration.ZERO);
    assertThat(mail.subject()).isEqualTo("Welcome");
    assertThat(server.inbox().awaitMessages(any(), 1, Duration.ZERO)).containsExactly(mail);
  }

  @Test
  void awaitWakesWhenTheMessageArrives() throws Exception {
    assertThat(server.inbox().messages()).isEmpty();
    CompletableFuture<ReceivedMail> awaited = new CompletableFuture<>();
    Thread waiter =
        new Thread(
            () -> {
              try {
                awaited.complete(server.inbox().awaitMessage(subject("wake up"), LONG));
              } catch (Throwable t) {
                awaited.completeExceptionally(t);
              }
            },
            "inbox-test-waiter");
    waiter.start();
    awaitBlocked(waiter);
    assertThat(awaited).as("still waiting before anything was sent").isNotDone();

    send("shop@example.test", "Subject: something else\r\n", "bob@example.test");
    send("shop@example.test", "Subject: wake up\r\n", "bob@example.test");

    ReceivedMail mail = awaited.get(LONG.toSeconds(), TimeUnit.SECONDS);
    assertThat(mail.subject()).isEqualTo("wake up");
    assertThat(mail.id()).isEqualTo("2");
    waiter.join();
  }

  @Test
  void awaitMessagesCountsMessagesAlreadyThereAndReturnsThemInArrivalOrder() throws Exception {
    send("shop@example.test", "Subject: one\r\n", "bob@example.test");
    send("shop@example.test", "Subject: not for bob\r\n", "alice@example.test");
    server.inbox().awaitMessage(subject("not for bob"));
    CompletableFuture<List<ReceivedMail>> awaited =
        CompletableFuture.supplyAsync(
            () -> server.inbox().awaitMessages(to("bob@example.test"), 3, LONG));
    send("shop@example.test", "Subject: two\r\n", "bob@example.test");
    send("shop@example.test", "Subject: three\r\n", "bob@example.test");
    send("shop@example.test", "Subject: four\r\n", "bob@example.test");

    assertThat(awaited.get(LONG.toSeconds(), TimeUnit.SECONDS))
        .extracting(ReceivedMail::subject)
        .containsExactly("one", "two", "three");
    assertThat(server.inbox().awaitMessages(to("bob@example.test"), 4, LONG))
        .extracting(ReceivedMail::id)
        .containsExactly("1", "3", "4", "5");
  }

  @Test
  void awaitFailsWithTheNearestMisses() {
    send("noreply@shop.test", "Subject: Welcome, Bob\r\n", "bob@example.test");
    send("noreply@shop.test", "Subject: Receipt #41\r\n", "alice@example.test");
    server.inbox().awaitMessages(any(), 2, LONG);

    assertThatThrownBy(
            () ->
                server
                    .inbox()
                    .awaitMessage(
                        to("bob@example.test").and(subjectContains("Receipt")),
                        Duration.ofMillis(100)))
        .isInstanceOf(MailNotReceivedError.class)
        .isInstanceOf(AssertionError.class)
        .hasMessage(
            """
            Expected a message matching {to=bob@example.test, subject contains "Receipt"} \
            within PT0.1S, but none arrived.
            Received 2 messages:
              #1 from=noreply@shop.test to=[bob@example.test]   subject="Welcome, Bob"  ✗ subject
              #2 from=noreply@shop.test to=[alice@example.test] subject="Receipt #41"   ✗ to""");
  }

  @Test
  void awaitMessagesFailsSayingHowManyArrived() {
    // no From header and the null sender; a subject longer than the 60 characters shown
    sendAs("<>", "X-Nothing: here\r\n", "bob@example.test");
    send(
        "shop@example.test",
        "Subject: " + "A very long subject line ".repeat(4) + "\r\n",
        "bob@example.test",
        "carol@example.test");
    send("shop@example.test", "Subject: elsewhere\r\n", "alice@example.test");
    server.inbox().awaitMessages(any(), 3, LONG);

    assertThatThrownBy(() -> server.inbox().awaitMessages(to("bob@example.test"), 3, SHORT))
        .isInstanceOf(MailNotReceivedError.class)
        .hasMessage(
            """
            Expected 3 messages matching {to=bob@example.test} within PT0.05S, but only 2 arrived.
            Received 3 messages:
              #1 from=<>                to=[bob@example.test]                     \
            subject=""                                                              ✓ matches
              #2 from=shop@example.test to=[bob@example.test, carol@example.test] \
            subject="A very long subject line A very long subject line A very lo…"  ✓ matches
              #3 from=shop@example.test to=[alice@example.test]                   \
            subject="elsewhere"                                                     ✗ to""");
  }

  @Test
  void awaitFailsSayingNothingArrivedAtAll() {
    FakeMailServer quick =
        FakeMailServer.start(FakeMailConfig.builder().awaitTimeout(SHORT).build());
    try (quick) {
      assertThatThrownBy(() -> quick.inbox().awaitMessage(subject("Hi")))
          .isInstanceOf(MailNotReceivedError.class)
          .hasMessage(
              """
              Expected a message matching {subject="Hi"} within PT0.05S, but none arrived.
              Received no messages.""");
      assertThatThrownBy(() -> quick.inbox().awaitMessage())
          .hasMessageStartingWith("Expected a message matching {any message} within PT0.05S");
    }
  }

  @Test
  void awaitOnAnIsolatedInboxListsWhatWentToOtherAddresses() {
    Inbox inbox = server.newInbox();
    String me = inbox.address();
    send("shop@example.test", "Subject: Receipt #1\r\n", "carol@example.test");
    send("shop@example.test", "Subject: Receipt #2\r\n", "dave@example.test", "eve@example.test");
    send("shop@example.test", "Subject: Hello\r\n", me);
    server.inbox().awaitMessages(any(), 3, LONG);

    assertThatThrownBy(() -> inbox.awaitMessage(subjectContains("Receipt"), SHORT))
        .isInstanceOf(MailNotReceivedError.class)
        .hasMessage(
            """
            Expected a message matching {subject contains "Receipt"} within PT0.05S, \
            but none arrived.
            Received 1 message for %1$s:
              #3 from=shop@example.test to=[%1$s] subject="Hello"  ✗ subject
            The server also received 2 messages for other addresses: \
            carol@example.test, dave@example.test, eve@example.test."""
                .formatted(me));

    Inbox empty = server.newInbox();
    for (int i = 0; i < 4; i++) {
      send("shop@example.test", "Subject: more\r\n", "x" + i + "@example.test");
    }
    server.inbox().awaitMessages(any(), 7, LONG);
    assertThatThrownBy(() -> empty.awaitMessage(any(), SHORT))
        .hasMessage(
            """
            Expected a message matching {any message} within PT0.05S, but none arrived.
            Received no messages for %s.
            The server also received 7 messages for other addresses: carol@example.test, \
            dave@example.test, eve@example.test, %s, x0@example.test, ….""",
            empty.address(), me);
  }

  @Test
  void awaitFailureListsAtMostTwentyMessagesKeepingTheNearestMisses() {
    try (SmtpWire smtp = SmtpWire.connect(server)) {
      for (int i = 1; i <= 25; i++) {
        deliver(
            smtp,
            "news@shop.test",
            "From: news@shop.test\r\nSubject: News\r\n",
            i <= 17 ? "alice@example.test" : "bob@example.test");
      }
    }
    server.inbox().awaitMessages(any(), 25, LONG);

    assertThatThrownBy(
            () ->
                server
                    .inbox()
                    .awaitMessage(to("bob@example.test").and(subjectContains("Receipt")), SHORT))
        .hasMessage(
            """
            Expected a message matching {to=bob@example.test, subject contains "Receipt"} \
            within PT0.05S, but none arrived.
            Received 25 messages:
              #6  from=news@shop.test to=[alice@example.test] subject="News"  ✗ to, subject
              #7  from=news@shop.test to=[alice@example.test] subject="News"  ✗ to, subject
              #8  from=news@shop.test to=[alice@example.test] subject="News"  ✗ to, subject
              #9  from=news@shop.test to=[alice@example.test] subject="News"  ✗ to, subject
              #10 from=news@shop.test to=[alice@example.test] subject="News"  ✗ to, subject
              #11 from=news@shop.test to=[alice@example.test] subject="News"  ✗ to, subject
              #12 from=news@shop.test to=[alice@example.test] subject="News"  ✗ to, subject
              #13 from=news@shop.test to=[alice@example.test] subject="News"  ✗ to, subject
              #14 from=news@shop.test to=[alice@example.test] subject="News"  ✗ to, subject
              #15 from=news@shop.test to=[alice@example.test] subject="News"  ✗ to, subject
              #16 from=news@shop.test to=[alice@example.test] subject="News"  ✗ to, subject
              #17 from=news@shop.test to=[alice@example.test] subject="News"  ✗ to, subject
              #18 from=news@shop.test to=[bob@example.test]   subject="News"  ✗ subject
              #19 from=news@shop.test to=[bob@example.test]   subject="News"  ✗ subject
              #20 from=news@shop.test to=[bob@example.test]   subject="News"  ✗ subject
              #21 from=news@shop.test to=[bob@example.test]   subject="News"  ✗ subject
              #22 from=news@shop.test to=[bob@example.test]   subject="News"  ✗ subject
              #23 from=news@shop.test to=[bob@example.test]   subject="News"  ✗ subject
              #24 from=news@shop.test to=[bob@example.test]   subject="News"  ✗ subject
              #25 from=news@shop.test to=[bob@example.test]   subject="News"  ✗ subject
              … and 5 more messages that failed more criteria""");
  }

  @Test
  void interruptedAwaitThrowsCancellationAndKeepsTheInterruptFlag() {
    Thread.currentThread().interrupt();
    try {
      assertThatThrownBy(() -> server.inbox().awaitMessage(any(), LONG))
          .isInstanceOf(CancellationException.class)
          .hasMessage("Interrupted while waiting for mail")
          .hasCauseInstanceOf(InterruptedException.class);
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted(); // do not leak the flag into the next test
    }
  }

  @Test
  void interruptingABlockedAwaitEndsIt() throws Exception {
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    AtomicReference<Boolean> flagAfter = new AtomicReference<>();
    Thread waiter =
        new Thread(
            () -> {
              try {
                server.inbox().awaitMessage(any(), LONG);
              } catch (Throwable t) {
                thrown.set(t);
              }
              flagAfter.set(Thread.currentThread().isInterrupted());
            },
            "inbox-test-interrupted");
    waiter.start();
    awaitBlocked(waiter);
    waiter.interrupt();
    waiter.join(LONG.toMillis());
    assertThat(waiter.isAlive()).isFalse();
    assertThat(thrown.get()).isInstanceOf(CancellationException.class);
    assertThat(flagAfter.get()).isTrue();
  }

  @Test
  void newInboxesSeeOnlyTheirOwnMailAndClearOnlyIt() {
    Inbox a = server.newInbox();
    Inbox b = server.newInbox();
    assertThat(a.address()).matches("inbox-\\d+-[0-9a-f]{6}@fakemail\\.test");
    assertThat(b.address()).matches("inbox-\\d+-[0-9a-f]{6}@fakemail\\.test");
    assertThat(a.address()).isNotEqualTo(b.address());
    assertThat(a).hasToString("Inbox{" + a.address() + "}");

    send("shop@example.test", "Subject: for a\r\n", a.address());
    send("shop@example.test", "Subject: for b\r\n", b.address());
    send("shop@example.test", "Subject: for a in capitals\r\n", a.address().toUpperCase());
    send("shop@example.test", "Subject: for someone else\r\n", "carol@example.test");
    server.inbox().awaitMessages(any(), 4, LONG);

    assertThat(a.messages())
        .extracting(ReceivedMail::subject)
        .containsExactly("for a", "for a in capitals");
    assertThat(a.messages(subjectContains("capitals"))).hasSize(1);
    assertThat(b.messages()).extracting(ReceivedMail::subject).containsExactly("for b");
    assertThat(b.awaitMessage(any(), Duration.ZERO).subject()).isEqualTo("for b");

    a.clear();

    assertThat(a.messages()).isEmpty();
    assertThat(b.messages()).extracting(ReceivedMail::subject).containsExactly("for b");
    assertThat(server.inbox().messages())
        .as("clearing an address's inbox hides its mail there; the server still has it")
        .extracting(ReceivedMail::subject)
        .containsExactly("for a", "for b", "for a in capitals", "for someone else");
    send("shop@example.test", "Subject: for a again\r\n", a.address());
    assertThat(a.awaitMessage(any(), LONG).subject()).isEqualTo("for a again");

    server.inbox().clear();
    assertThat(server.inbox().messages()).isEmpty();
    assertThat(b.messages()).isEmpty();
  }

  @Test
  void newInboxUsesTheConfiguredDomain() {
    try (FakeMailServer custom =
        FakeMailServer.start(FakeMailConfig.builder().inboxDomain("mail.example.test").build())) {
      assertThat(custom.newInbox().address()).endsWith("@mail.example.test");
    }
  }

  @Test
  void serverWideInboxHasNoAddress() {
    assertThat(server.inbox()).hasToString("Inbox{all mail}");
    assertThatThrownBy(() -> server.inbox().address())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "The server-wide inbox sees mail for every address and has none of its own;"
                + " use server.newInbox() for an inbox with an address");
  }

  @Test
  void rejectsANonsensicalCountOrTimeout() {
    assertThatThrownBy(() -> server.inbox().awaitMessages(any(), 0, LONG))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("count must be at least 1, was 0");
    assertThatThrownBy(() -> server.inbox().awaitMessage(any(), Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("timeout must not be negative, was PT-1S");
    assertThatThrownBy(() -> server.inbox().awaitMessage(null, LONG))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("filter");
  }

  @Test
  void keepsOnlyTheNewestMessagesBeyondMaxStoredMessages() {
    try (FakeMailServer small =
        FakeMailServer.start(FakeMailConfig.builder().maxStoredMessages(3).build())) {
      try (SmtpWire smtp = SmtpWire.connect(small)) {
        for (int i = 1; i <= 5; i++) {
          deliver(smtp, "shop@example.test", "Subject: " + i + "\r\n", "bob@example.test");
        }
      }
      assertThat(small.inbox().awaitMessage(subject("5")).id()).isEqualTo("5");
      assertThat(small.inbox().messages())
          .extracting(ReceivedMail::id, ReceivedMail::subject)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple("3", "3"),
              org.assertj.core.groups.Tuple.tuple("4", "4"),
              org.assertj.core.groups.Tuple.tuple("5", "5"));
    }
  }

  @Test
  void storesEveryMessageSentConcurrentlyExactlyOnce() throws Exception {
    int threads = 8;
    int perThread = 250;
    int total = threads * perThread;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    long started;
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        done.add(
            pool.submit(
                () -> {
                  try (SmtpWire smtp = SmtpWire.connect(server)) {
                    go.await();
                    for (int i = 0; i < perThread; i++) {
                      // one write per message: envelope, DATA and content pipelined
                      smtp.write(
                          "MAIL FROM:<t"
                              + thread
                              + "@example.test>\r\nRCPT TO:<bob@example.test>\r\nDATA\r\n"
                              + "Subject: "
                              + thread
                              + "/"
                              + i
                              + "\r\n\r\nload\r\n.\r\n");
                      assertThat(smtp.reply()).startsWith("250 2.1.0");
                      assertThat(smtp.reply()).startsWith("250 2.1.5");
                      assertThat(smtp.reply()).startsWith("354 ");
                      assertThat(smtp.reply()).startsWith("250 2.0.0 Ok: queued as ");
                    }
                  }
                  return null;
                }));
      }
      started = System.nanoTime();
      go.countDown();
      for (Future<?> f : done) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    List<ReceivedMail> all = server.inbox().awaitMessages(any(), total, LONG);
    long nanos = System.nanoTime() - started;
    System.out.printf(
        "InboxTest: %d messages from %d socket clients stored in %d ms (%.0f messages/s)%n",
        total, threads, nanos / 1_000_000, total / (nanos / 1e9));

    assertThat(server.inbox().messages()).hasSize(total);
    Set<String> ids = new HashSet<>();
    Set<String> subjects = new HashSet<>();
    for (ReceivedMail m : all) {
      ids.add(m.id());
      subjects.add(m.subject());
    }
    assertThat(ids).hasSize(total);
    assertThat(subjects).hasSize(total);
    for (int t = 0; t < threads; t++) {
      for (int i = 0; i < perThread; i++) {
        assertThat(subjects).contains(t + "/" + i);
      }
    }
  }

  /** Waits (without sleeping) until the thread is parked in a timed wait: the await's wait. */
  private static void awaitBlocked(Thread thread) {
    long deadline = System.nanoTime() + LONG.toNanos();
    while (thread.getState() != Thread.State.TIMED_WAITING) {
      if (System.nanoTime() > deadline || !thread.isAlive()) {
        throw new AssertionError("The waiting thread never blocked: " + thread.getState());
      }
      Thread.onSpinWait();
    }
  }

  /** Sends one message with a From header over a fresh connection. */
  private void send(String from, String headers, String... recipients) {
    try (SmtpWire smtp = SmtpWire.connect(server)) {
      deliver(smtp, from, "From: " + from + "\r\n" + headers, recipients);
    }
  }

  /** Sends one message without a From header, {@code mailFrom} as the reverse path. */
  private void sendAs(String mailFrom, String headers, String... recipients) {
    try (SmtpWire smtp = SmtpWire.connect(server)) {
      deliver(smtp, mailFrom, headers, recipients);
    }
  }

  private static void deliver(
      SmtpWire smtp, String mailFrom, String headers, String... recipients) {
    String path = mailFrom.startsWith("<") ? mailFrom : "<" + mailFrom + ">";
    assertThat(smtp.send("MAIL FROM:" + path)).startsWith("250 ");
    for (String r : recipients) {
      assertThat(smtp.send("RCPT TO:<" + r + ">")).startsWith("250 ");
    }
    assertThat(smtp.send("DATA")).startsWith("354 ");
    smtp.write(headers + "\r\nbody\r\n");
    assertThat(smtp.send(".")).startsWith("250 ");
  }
}
