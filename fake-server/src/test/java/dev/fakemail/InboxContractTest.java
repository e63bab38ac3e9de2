package dev.fakemail;

import static dev.fakemail.MailFilter.any;
import static dev.fakemail.MailFilter.cc;
import static dev.fakemail.MailFilter.from;
import static dev.fakemail.MailFilter.header;
import static dev.fakemail.MailFilter.htmlContains;
import static dev.fakemail.MailFilter.subject;
import static dev.fakemail.MailFilter.subjectContains;
import static dev.fakemail.MailFilter.textContains;
import static dev.fakemail.MailFilter.to;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@link Inbox} contract, run against every implementation so that they cannot drift: the
 * embedded one ({@link EmbeddedInboxContractTest}), the one over the HTTP API ({@link
 * HttpInboxContractTest}) and, in the docker module, the inbox of a FakeMail container (this class
 * ships in fakemail-server's test jar for it). Each test gets a fresh server, or a cleared one;
 * mail goes in over SMTP (raw, and with Angus Mail). Every result of the implementation under test
 * is also compared with what the reference inbox of the same server says (the embedded one where
 * there is one), failure texts included.
 */
public abstract class InboxContractTest {
  static final Duration SHORT = Duration.ofMillis(100);
  protected static final Duration LONG = Duration.ofSeconds(10);

  /** The default await timeout of the server and of the client. */
  protected static final Duration DEFAULT = Duration.ofMillis(200);

  /** The server of the current test: where mail is sent, and the reference inboxes. */
  protected Target server;

  /**
   * Starts the server the test runs against, or resets a shared one (no mail in its inbox), with
   * {@link #DEFAULT} as its await timeout.
   */
  protected abstract Target start();

  /** The implementation under test, seeing what this reference inbox of the server sees. */
  protected abstract Inbox view(Inbox reference);

  /** A new inbox with an address of its own, made the implementation's way. */
  protected abstract Inbox freshInbox();

  /** Called before an await starts; its {@code await} returns once that await is underway. */
  protected abstract Underway underway();

  /** See {@link #underway()}. */
  protected interface Underway {
    void await(Thread waiter);
  }

  /**
   * What the suite needs of a server: where to send, and the reference inboxes it compares the
   * implementation under test with.
   */
  protected interface Target {
    /** The reference server-wide inbox (the same instance on every call). */
    Inbox inbox();

    /** A reference inbox with a new address. */
    Inbox newInbox();

    String smtpHost();

    int smtpPort();

    /** The name the server greets with. */
    String hostname();

    /** Jakarta Mail properties for SMTP with STARTTLS required, trusting the server. */
    Properties starttlsProperties();

    /** Stops the server, or does nothing for a shared one. */
    void close();

    /** An embedded server, its own inbox as the reference. */
    static Target of(FakeMailServer server) {
      return new Target() {
        @Override
        public Inbox inbox() {
          return server.inbox();
        }

        @Override
        public Inbox newInbox() {
          return server.newInbox();
        }

        @Override
        public String smtpHost() {
          return server.smtpHost();
        }

        @Override
        public int smtpPort() {
          return server.smtpPort();
        }

        @Override
        public String hostname() {
          return server.config().hostname();
        }

        @Override
        public Properties starttlsProperties() {
          return server.tls().mailProperties(Protocol.SMTP, TlsMode.STARTTLS);
        }

        @Override
        public void close() {
          server.close();
        }
      };
    }
  }

  /** The configuration every embedded server of the suite starts with. */
  static FakeMailConfig.Builder config() {
    return FakeMailConfig.builder().awaitTimeout(DEFAULT);
  }

  @BeforeEach
  void startServer() {
    server = start();
  }

  @AfterEach
  void stopServer() {
    server.close();
  }

  @Test
  void listsEveryMessageInArrivalOrderExactlyAsStored() throws Exception {
    Inbox all = view(server.inbox());
    assertThat(all.messages()).isEmpty();

    send("shop@example.test", "Subject: one\r\n", "bob@example.test");
    sendReceipt();
    sendAs("<>", "X-Bounce: yes\r\n", "carol@example.test", "dave@example.test");
    List<ReceivedMail> stored = server.inbox().awaitMessages(any(), 3, LONG);

    List<ReceivedMail> listed = all.messages();
    assertSameMail(listed, stored);
    assertThat(listed).extracting(ReceivedMail::subject).containsExactly("one", "Receipt #41", "");
    assertSameMail(all.messages(any()), stored);
    ReceivedMail receipt = listed.get(1);
    assertThat(receipt.html()).contains("<p>Thanks for your order</p>");
    assertThat(receipt.attachments()).extracting(Attachment::name).containsExactly("r.txt");
  }

  @Test
  void filtersByEveryCriterion() throws Exception {
    sendReceipt(); // shop -> bob (+ hidden), cc carol, X-Order 41, text and HTML
    send("news@example.test", "Subject: Receipt #42 for Alice\r\n", "alice@example.test");
    send(
        "shop@example.test",
        "Subject: Welcome\r\nX-Order: 42\r\nContent-Type: text/html\r\n",
        "bob@example.test");
    List<ReceivedMail> stored = server.inbox().awaitMessages(any(), 3, LONG);
    String receipt = stored.get(0).id();
    String alice = stored.get(1).id();
    String welcome = stored.get(2).id();

    Map<MailFilter, List<String>> expected = new LinkedHashMap<>();
    expected.put(to("bob@example.test"), List.of(receipt, welcome));
    expected.put(to("HIDDEN@example.test"), List.of(receipt));
    expected.put(to("carol@example.test"), List.of(receipt)); // Angus sends to Cc too
    expected.put(to("alice@example.test"), List.of(alice));
    expected.put(to("nobody@example.test"), List.of());
    expected.put(from("news@example.test"), List.of(alice));
    expected.put(cc("carol@example.test"), List.of(receipt));
    expected.put(subject("Receipt #41"), List.of(receipt));
    expected.put(subject("receipt #41"), List.of());
    expected.put(subjectContains("Receipt"), List.of(receipt, alice));
    expected.put(header("x-order", "42"), List.of(welcome));
    expected.put(header("X-Order", "41"), List.of(receipt));
    expected.put(textContains("your order"), List.of(receipt));
    expected.put(htmlContains("<p>Thanks"), List.of(receipt));
    expected.put(to("bob@example.test").and(subjectContains("Receipt")), List.of(receipt));
    expected.put(subjectContains("Receipt").and(from("nobody@example.test")), List.of());
    expected.put(any(), List.of(receipt, alice, welcome));

    Inbox all = view(server.inbox());
    expected.forEach(
        (filter, ids) -> {
          List<ReceivedMail> found = all.messages(filter);
          assertThat(found).as(filter.toString()).extracting(ReceivedMail::id).isEqualTo(ids);
          assertSameMail(found, server.inbox().messages(filter));
        });
    // and every criterion once more through a wait that is already satisfied
    expected.forEach(
        (filter, ids) -> {
          if (!ids.isEmpty()) {
            assertThat(all.awaitMessages(filter, ids.size(), Duration.ZERO))
                .as(filter.toString())
                .extracting(ReceivedMail::id)
                .isEqualTo(ids);
          }
        });
  }

  @Test
  void anInboxWithAnAddressSeesOnlyItsOwnMail() {
    Inbox embeddedA = server.newInbox();
    Inbox a = view(embeddedA);
    Inbox b = view(server.newInbox());
    Inbox all = view(server.inbox());
    assertThat(a.address()).isEqualTo(embeddedA.address());

    send("shop@example.test", "Subject: for a\r\n", a.address());
    send("shop@example.test", "Subject: for b\r\n", b.address());
    send("shop@example.test", "Subject: for a in capitals\r\n", a.address().toUpperCase());
    send("shop@example.test", "Subject: for someone else\r\n", "carol@example.test");
    server.inbox().awaitMessages(any(), 4, LONG);

    assertThat(a.messages())
        .extracting(ReceivedMail::subject)
        .containsExactly("for a", "for a in capitals");
    assertSameMail(a.messages(), embeddedA.messages());
    assertThat(a.messages(subjectContains("capitals")))
        .extracting(ReceivedMail::subject)
        .containsExactly("for a in capitals");
    assertThat(b.messages()).extracting(ReceivedMail::subject).containsExactly("for b");
    assertThat(b.awaitMessage(any(), Duration.ZERO).subject()).isEqualTo("for b");
    assertThat(all.messages()).hasSize(4);
    assertSameMail(all.messages(), server.inbox().messages());

    assertThatThrownBy(all::address)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "The server-wide inbox sees mail for every address and has none of its own;"
                + " use server.newInbox() for an inbox with an address");
  }

  @Test
  void aFreshInboxHasANewAddressOnTheServersDomain() {
    Inbox one = freshInbox();
    Inbox two = freshInbox();
    assertThat(one.address()).matches("inbox-\\d+-[0-9a-f]{6}@fakemail\\.test");
    assertThat(two.address()).matches("inbox-\\d+-[0-9a-f]{6}@fakemail\\.test");
    assertThat(one.address()).isNotEqualTo(two.address());
    assertThat(one.messages()).isEmpty();

    send("shop@example.test", "Subject: hi one\r\n", one.address());
    assertThat(one.awaitMessage(any(), LONG).subject()).isEqualTo("hi one");
    assertThat(two.messages()).isEmpty();
  }

  @Test
  void clearingAnInboxWithAnAddressHidesOnlyItsMail() {
    Inbox a = freshInbox();
    Inbox b = freshInbox();
    Inbox all = view(server.inbox());
    send("shop@example.test", "Subject: for a\r\n", a.address());
    send("shop@example.test", "Subject: for a and b\r\n", a.address(), b.address());
    send("shop@example.test", "Subject: for carol\r\n", "carol@example.test");
    server.inbox().awaitMessages(any(), 3, LONG);

    a.clear();

    assertThat(a.messages()).isEmpty();
    assertThat(a.messages(subject("for a"))).isEmpty();
    assertThatThrownBy(() -> a.awaitMessage(any(), Duration.ZERO))
        .isInstanceOf(MailNotReceivedError.class);
    assertThat(b.messages()).extracting(ReceivedMail::subject).containsExactly("for a and b");
    assertThat(all.messages())
        .as("clearing an address's inbox hides its mail there; the server still has it")
        .extracting(ReceivedMail::subject)
        .containsExactly("for a", "for a and b", "for carol");

    send("shop@example.test", "Subject: for a again\r\n", a.address());
    assertThat(a.awaitMessage(any(), LONG).subject()).isEqualTo("for a again");
    assertThat(a.messages()).extracting(ReceivedMail::subject).containsExactly("for a again");

    all.clear();

    assertThat(all.messages()).isEmpty();
    assertThat(server.inbox().messages()).isEmpty();
    assertThat(b.messages()).isEmpty();
    send("shop@example.test", "Subject: after\r\n", "carol@example.test");
    assertThat(all.awaitMessage(any(), LONG).subject()).isEqualTo("after");
  }

  @Test
  void awaitReturnsAtOnceForAMessageAlreadyThere() {
    send("shop@example.test", "Subject: Welcome\r\n", "bob@example.test");
    ReceivedMail stored = server.inbox().awaitMessage(any(), LONG);
    Inbox all = view(server.inbox());

    // a zero timeout cannot wait: the message must be found without waiting
    ReceivedMail mail = all.awaitMessage(to("bob@example.test"), Duration.ZERO);
    assertSameMail(List.of(mail), List.of(stored));
    assertThat(all.awaitMessages(any(), 1, Duration.ZERO)).containsExactly(stored);
    assertThat(all.awaitMessage()).isEqualTo(stored);
    assertThat(all.awaitMessage(subject("Welcome"))).isEqualTo(stored);
  }

  @Test
  void awaitWakesWhenAMatchingMessageArrivesLater() throws Exception {
    Inbox all = view(server.inbox());
    CompletableFuture<ReceivedMail> awaited = new CompletableFuture<>();
    Underway underway = underway();
    Thread waiter =
        new Thread(() -> complete(awaited, () -> all.awaitMessage(subject("wake up"), LONG)));
    waiter.start();
    underway.await(waiter);
    assertThat(awaited).as("still waiting before anything was sent").isNotDone();

    CountDownLatch otherSent = new CountDownLatch(1);
    CountDownLatch sendMatching = new CountDownLatch(1);
    AtomicReference<Throwable> senderFailed = new AtomicReference<>();
    Thread sender =
        new Thread(
            () -> {
              try {
                Session session = AngusClient.session(server.smtpHost(), server.smtpPort());
                AngusClient.send(
                    session,
                    AngusClient.message(
                        session, "shop@example.test", "bob@example.test", "something else", "x"));
                otherSent.countDown();
                if (!sendMatching.await(LONG.toSeconds(), TimeUnit.SECONDS)) {
                  throw new AssertionError("never told to send");
                }
                AngusClient.send(
                    session,
                    AngusClient.message(
                        session, "shop@example.test", "bob@example.test", "wake up", "y"));
              } catch (Throwable t) {
                senderFailed.set(t);
                otherSent.countDown();
              }
            },
            "contract-sender");
    sender.start();
    assertThat(otherSent.await(LONG.toSeconds(), TimeUnit.SECONDS)).isTrue();
    server.inbox().awaitMessage(subject("something else"), LONG);
    assertThat(awaited).as("a message that does not match does not end the wait").isNotDone();
    sendMatching.countDown();

    ReceivedMail mail = awaited.get(LONG.toSeconds(), TimeUnit.SECONDS);
    sender.join(LONG.toMillis());
    assertThat(senderFailed.get()).isNull();
    assertThat(mail.subject()).isEqualTo("wake up");
    assertSameMail(List.of(mail), server.inbox().messages(subject("wake up")));
    waiter.join(LONG.toMillis());
  }

  @Test
  void awaitMessagesCountsMessagesAlreadyThereAndReturnsTheFirstInArrivalOrder() throws Exception {
    send("shop@example.test", "Subject: one\r\n", "bob@example.test");
    send("shop@example.test", "Subject: not for bob\r\n", "alice@example.test");
    server.inbox().awaitMessages(any(), 2, LONG);
    Inbox all = view(server.inbox());
    CompletableFuture<List<ReceivedMail>> awaited = new CompletableFuture<>();
    Underway underway = underway();
    Thread waiter =
        new Thread(
            () -> complete(awaited, () -> all.awaitMessages(to("bob@example.test"), 3, LONG)));
    waiter.start();
    underway.await(waiter);

    send("shop@example.test", "Subject: two\r\n", "bob@example.test");
    send("shop@example.test", "Subject: three\r\n", "bob@example.test");
    send("shop@example.test", "Subject: four\r\n", "bob@example.test");

    assertThat(awaited.get(LONG.toSeconds(), TimeUnit.SECONDS))
        .extracting(ReceivedMail::subject)
        .containsExactly("one", "two", "three");
    List<ReceivedMail> four = all.awaitMessages(to("bob@example.test"), 4, LONG);
    assertSameMail(four, server.inbox().awaitMessages(to("bob@example.test"), 4, LONG));
    waiter.join(LONG.toMillis());
  }

  @Test
  void awaitFailsWithTheNearestMissesInTheSameWords() {
    send("noreply@shop.test", "Subject: Welcome, Bob\r\n", "bob@example.test");
    send("noreply@shop.test", "Subject: Receipt #41\r\n", "alice@example.test");
    String[] n = numbers(server.inbox().awaitMessages(any(), 2, LONG));

    assertSameFailure(
        server.inbox(),
        inbox -> inbox.awaitMessage(to("bob@example.test").and(subjectContains("Receipt")), SHORT),
        """
        Expected a message matching {to=bob@example.test, subject contains "Receipt"} \
        within PT0.1S, but none arrived.
        Received 2 messages:
          %s from=noreply@shop.test to=[bob@example.test]   subject="Welcome, Bob"  ✗ subject
          %s from=noreply@shop.test to=[alice@example.test] subject="Receipt #41"   ✗ to"""
            .formatted((Object[]) n));
  }

  @Test
  void awaitMessagesFailsSayingHowManyArrivedInTheSameWords() {
    sendAs("<>", "X-Nothing: here\r\n", "bob@example.test");
    send("shop@example.test", "Subject: Größe \"quoted\"\r\n", "bob@example.test");
    send("shop@example.test", "Subject: elsewhere\r\n", "alice@example.test");
    String[] n = numbers(server.inbox().awaitMessages(any(), 3, LONG));

    assertSameFailure(
        server.inbox(),
        inbox -> inbox.awaitMessages(to("bob@example.test"), 3, SHORT),
        """
        Expected 3 messages matching {to=bob@example.test} within PT0.1S, but only 2 arrived.
        Received 3 messages:
          %s from=<>                to=[bob@example.test]   subject=""                ✓ matches
          %s from=shop@example.test to=[bob@example.test]   subject="Größe "quoted""  ✓ matches
          %s from=shop@example.test to=[alice@example.test] subject="elsewhere"       ✗ to"""
            .formatted((Object[]) n));
  }

  @Test
  void awaitOnAnInboxWithAnAddressFailsListingOtherAddressesInTheSameWords() {
    Inbox inbox = server.newInbox();
    String me = inbox.address();
    send("shop@example.test", "Subject: Receipt #1\r\n", "carol@example.test");
    send("shop@example.test", "Subject: Hello\r\n", me);
    String hello = server.inbox().awaitMessages(any(), 2, LONG).get(1).id();

    assertSameFailure(
        inbox,
        i -> i.awaitMessage(subjectContains("Receipt"), SHORT),
        """
        Expected a message matching {subject contains "Receipt"} within PT0.1S, but none arrived.
        Received 1 message for %1$s:
          #%2$s from=shop@example.test to=[%1$s] subject="Hello"  ✗ subject
        The server also received 1 message for other addresses: carol@example.test."""
            .formatted(me, hello));
  }

  @Test
  void awaitWithoutATimeoutWaitsTheDefaultAndSaysNothingArrived() {
    assertSameFailure(
        server.inbox(),
        inbox -> inbox.awaitMessage(subject("Hi")),
        """
        Expected a message matching {subject="Hi"} within PT0.2S, but none arrived.
        Received no messages.""");
    assertSameFailure(
        server.inbox(),
        Inbox::awaitMessage,
        """
        Expected a message matching {any message} within PT0.2S, but none arrived.
        Received no messages.""");
  }

  @Test
  void rejectsNonsensicalArgumentsTheSameWay() {
    Inbox all = view(server.inbox());
    assertThatThrownBy(() -> all.awaitMessages(any(), 0, LONG))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("count must be at least 1, was 0");
    assertThatThrownBy(() -> all.awaitMessages(any(), -3, LONG))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("count must be at least 1, was -3");
    assertThatThrownBy(() -> all.awaitMessage(any(), Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("timeout must not be negative, was PT-1S");
    assertThatThrownBy(() -> all.awaitMessage(null, LONG))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("filter");
    assertThatThrownBy(() -> all.awaitMessage(any(), null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("timeout");
    assertThatThrownBy(() -> all.messages(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("filter");
  }

  @Test
  void anInterruptedThreadStillGetsMailThatIsAlreadyThere() {
    send("shop@example.test", "Subject: here\r\n", "bob@example.test");
    ReceivedMail stored = server.inbox().awaitMessage(any(), LONG);
    Inbox all = view(server.inbox());
    Thread.currentThread().interrupt();
    try {
      assertThat(all.awaitMessage(subject("here"), LONG)).isEqualTo(stored);
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
      assertThatThrownBy(() -> all.awaitMessage(subject("not here"), LONG))
          .isInstanceOf(CancellationException.class)
          .hasMessage("Interrupted while waiting for mail")
          .hasCauseInstanceOf(InterruptedException.class);
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
      assertThatThrownBy(() -> all.awaitMessage(subject("not here"), Duration.ZERO))
          .as("a zero timeout never waits, so it fails as usual")
          .isInstanceOf(MailNotReceivedError.class);
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted(); // do not leak the flag into the next test
    }
  }

  @Test
  void listingAndClearingIgnoreAnInterruptFlagAndKeepIt() {
    send("shop@example.test", "Subject: here\r\n", "bob@example.test");
    List<ReceivedMail> stored = server.inbox().awaitMessages(any(), 1, LONG);
    Inbox all = view(server.inbox());
    Thread.currentThread().interrupt();
    try {
      assertSameMail(all.messages(), stored);
      assertSameMail(all.messages(subject("here")), stored);
      Inbox fresh = freshInbox();
      assertThat(fresh.messages()).isEmpty();
      fresh.clear();
      all.clear();
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted(); // do not leak the flag into the next test
    }
    assertThat(server.inbox().messages()).isEmpty();
  }

  @Test
  void envelopesCarryTlsAndAuthExactlyAsStored() throws Exception {
    Properties props = server.starttlsProperties();
    props.setProperty("mail.smtp.localhost", AngusClient.CLIENT_NAME);
    props.setProperty("mail.smtp.auth", "true");
    props.setProperty("mail.smtp.auth.mechanisms", "PLAIN");
    Session session = Session.getInstance(props);
    MimeMessage m =
        AngusClient.message(session, "shop@example.test", "bob@example.test", "secure", "hi");
    try (jakarta.mail.Transport t = session.getTransport("smtp")) {
      t.connect("Bob@Example.test", "any password");
      t.sendMessage(m, m.getAllRecipients());
    }
    send("shop@example.test", "Subject: plain\r\n", "bob@example.test");
    List<ReceivedMail> stored = server.inbox().awaitMessages(any(), 2, LONG);
    Envelope secure = stored.get(0).envelope();
    assertThat(secure.tls()).map(Envelope.Tls::mode).hasValue(TlsMode.STARTTLS);
    assertThat(secure.authenticatedUser()).hasValue("Bob@Example.test");
    assertThat(secure.authMechanism()).hasValue("PLAIN");
    assertThat(stored.get(1).envelope().tls()).isEmpty();

    Inbox all = view(server.inbox());
    assertSameMail(all.messages(), stored);
    assertSameMail(List.of(all.awaitMessage(subject("secure"), LONG)), stored.subList(0, 1));
  }

  @Test
  void interruptingABlockedAwaitEndsIt() throws Exception {
    Inbox all = view(server.inbox());
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    AtomicReference<Boolean> flagAfter = new AtomicReference<>();
    Underway underway = underway();
    Thread waiter =
        new Thread(
            () -> {
              try {
                all.awaitMessage(any(), LONG);
              } catch (Throwable t) {
                thrown.set(t);
              }
              flagAfter.set(Thread.currentThread().isInterrupted());
            },
            "contract-interrupted");
    waiter.start();
    underway.await(waiter);
    waiter.interrupt();
    waiter.join(LONG.toMillis());

    assertThat(waiter.isAlive()).isFalse();
    assertThat(thrown.get())
        .isInstanceOf(CancellationException.class)
        .hasMessage("Interrupted while waiting for mail")
        .hasCauseInstanceOf(InterruptedException.class);
    assertThat(flagAfter.get()).isTrue();
    // the server is fine afterwards
    send("shop@example.test", "Subject: after\r\n", "bob@example.test");
    assertThat(all.awaitMessage(any(), LONG).subject()).isEqualTo("after");
  }

  /**
   * The call fails on the implementation under test with exactly the text it fails with on the
   * embedded inbox, and that text is the expected one.
   */
  private void assertSameFailure(Inbox embedded, Function<Inbox, ?> call, String expected) {
    Throwable embeddedFailure = catchThrowable(() -> call.apply(embedded));
    Throwable failure = catchThrowable(() -> call.apply(view(embedded)));
    assertThat(embeddedFailure).isInstanceOf(MailNotReceivedError.class).hasMessage(expected);
    assertThat(failure).isInstanceOf(MailNotReceivedError.class).hasMessage(expected);
    assertThat(failure.getMessage()).isEqualTo(embeddedFailure.getMessage());
  }

  /**
   * The messages' numbers as a failure lists them, {@code #id} padded to one width: an embedded
   * server numbers from 1, a shared one goes on counting.
   */
  private static String[] numbers(List<ReceivedMail> messages) {
    int width = messages.stream().mapToInt(m -> m.id().length() + 1).max().orElse(0);
    return messages.stream()
        .map(m -> String.format("%-" + width + "s", "#" + m.id()))
        .toArray(String[]::new);
  }

  /** Same messages, in the same order, as the server stored them (ids, bytes and envelopes). */
  static void assertSameMail(List<ReceivedMail> actual, List<ReceivedMail> stored) {
    assertThat(actual).containsExactlyElementsOf(stored); // id and raw bytes
    for (int i = 0; i < actual.size(); i++) {
      ReceivedMail a = actual.get(i);
      ReceivedMail s = stored.get(i);
      assertThat(a.envelope()).as("envelope of #" + s.id()).isEqualTo(s.envelope());
      // the store keeps instants to the millisecond, as the HTTP API carries them: equal, not close
      assertThat(a.receivedAt()).as("receivedAt of #" + s.id()).isEqualTo(s.receivedAt());
      assertThat(s.receivedAt().getNano() % 1_000_000).as("sub-millisecond part").isZero();
    }
  }

  private static <T> void complete(CompletableFuture<T> future, java.util.function.Supplier<T> s) {
    try {
      future.complete(s.get());
    } catch (Throwable t) {
      future.completeExceptionally(t);
    }
  }

  /** A receipt sent with Angus Mail: text, HTML and an attachment; a Bcc recipient. */
  private void sendReceipt() throws Exception {
    Session session = AngusClient.session(server.smtpHost(), server.smtpPort());
    MimeMessage m = new MimeMessage(session);
    m.setFrom(new InternetAddress("Shop <shop@example.test>"));
    m.setRecipients(Message.RecipientType.TO, InternetAddress.parse("Bob <bob@example.test>"));
    m.setRecipients(Message.RecipientType.CC, InternetAddress.parse("carol@example.test"));
    m.setRecipients(Message.RecipientType.BCC, InternetAddress.parse("hidden@example.test"));
    m.setSubject("Receipt #41", "UTF-8");
    m.setHeader("X-Order", "41");
    MimeMultipart alternative = new MimeMultipart("alternative");
    MimeBodyPart text = new MimeBodyPart();
    text.setText("Thanks for your order", "UTF-8");
    MimeBodyPart html = new MimeBodyPart();
    html.setText("<p>Thanks for your order</p>", "UTF-8", "html");
    alternative.addBodyPart(text);
    alternative.addBodyPart(html);
    MimeBodyPart body = new MimeBodyPart();
    body.setContent(alternative);
    MimeBodyPart attachment = new MimeBodyPart();
    attachment.setText("receipt", "UTF-8");
    attachment.setFileName("r.txt");
    MimeMultipart mixed = new MimeMultipart("mixed");
    mixed.addBodyPart(body);
    mixed.addBodyPart(attachment);
    m.setContent(mixed);
    m.saveChanges();
    AngusClient.send(session, m);
  }

  @Test
  void transcriptsOfAnInboxAreItsSessionsAndClearHidesThem() {
    Inbox inbox = freshInbox();
    Inbox all = view(server.inbox());
    sessionWithQuit(inbox.address());
    sessionWithQuit("someone@else.test");

    List<Transcript> mine = inbox.transcripts();
    assertThat(mine).hasSize(1);
    assertThat(mine.get(0).recipients()).containsExactly(inbox.address());
    assertThat(mine.get(0).outcome()).isEqualTo(Transcript.Outcome.DELIVERED);
    assertThat(mine.get(0).messageIds())
        .containsExactly(inbox.messages().get(0).id())
        .containsExactly(inbox.messages().get(0).transcript().orElseThrow().messageIds().get(0));
    assertThat(all.transcripts()).hasSize(2).isEqualTo(server.inbox().transcripts());
    assertThat(inbox.transcript(mine.get(0).id())).hasValue(mine.get(0));
    String otherId = all.transcripts().get(1).id();
    assertThat(inbox.transcript(otherId)).isEmpty();
    assertThat(all.transcript(otherId)).isEqualTo(server.inbox().transcript(otherId)).isPresent();

    inbox.clear();
    assertThat(inbox.transcripts()).isEmpty();
    assertThat(inbox.transcript(mine.get(0).id())).isEmpty();
    assertThat(all.transcripts()).hasSize(2);
    all.clear();
    assertThat(all.transcripts()).isEmpty();
    assertThat(server.inbox().transcripts()).isEmpty();
  }

  /** One message over SMTP, ended by QUIT: its transcript is closed once the 221 is read. */
  private void sessionWithQuit(String recipient) {
    try (SmtpWire smtp =
        SmtpWire.connect(server.smtpHost(), server.smtpPort(), server.hostname())) {
      deliver(smtp, "app@shop.test", "Subject: session\r\n", recipient);
      assertThat(smtp.send("QUIT")).startsWith("221 ");
    }
  }

  /** Sends one message with a From header over a fresh SMTP connection. */
  void send(String from, String headers, String... recipients) {
    try (SmtpWire smtp =
        SmtpWire.connect(server.smtpHost(), server.smtpPort(), server.hostname())) {
      deliver(smtp, from, "From: " + from + "\r\n" + headers, recipients);
    }
  }

  /** Sends one message without a From header, {@code mailFrom} as the reverse path. */
  void sendAs(String mailFrom, String headers, String... recipients) {
    try (SmtpWire smtp =
        SmtpWire.connect(server.smtpHost(), server.smtpPort(), server.hostname())) {
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
