package dev.fakemail;

import dev.fakemail.internal.net.Transport;
import dev.fakemail.internal.smtp.SmtpService;
import dev.fakemail.internal.smtp.SmtpSettings;
import dev.fakemail.internal.store.MailStore;
import dev.fakemail.internal.store.StoreInbox;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A running fake mail server: an SMTP listener that captures every message in memory.
 *
 * <pre>{@code
 * try (FakeMailServer server = FakeMailServer.start()) {
 *   app.sendMailVia(server.smtpHost(), server.smtpPort());
 *   ReceivedMail mail = server.inbox().awaitMessage(MailFilter.to("bob@example.test"));
 * }
 * }</pre>
 *
 * <p>Defaults never collide: loopback and an ephemeral port, so any number of servers can run in
 * one JVM. The server owns one small event-loop group of daemon threads; {@link #close()} stops it
 * and returns when every thread is gone. Thread-safe.
 */
public final class FakeMailServer implements AutoCloseable {
  private final FakeMailConfig config;
  private final MailStore store;
  private final Transport transport;
  private final InetSocketAddress smtpAddress;
  private final StoreInbox inbox;
  private final AtomicLong inboxCounter = new AtomicLong();
  private final AtomicBoolean closed = new AtomicBoolean();

  private FakeMailServer(FakeMailConfig config) {
    this.config = config;
    this.store = new MailStore(config.maxStoredMessages());
    this.inbox = StoreInbox.all(store, config.awaitTimeout());
    this.transport = new Transport(config.ioThreads(), "fakemail-io");
    try {
      SmtpService smtp = new SmtpService(store, new SmtpSettings(config));
      this.smtpAddress =
          bind("SMTP", new InetSocketAddress(config.bindAddress(), config.smtpPort()), smtp);
    } catch (RuntimeException | Error e) {
      transport.close();
      throw e;
    }
  }

  /** Starts a server with {@link FakeMailConfig#defaults()}. */
  public static FakeMailServer start() {
    return start(FakeMailConfig.defaults());
  }

  /**
   * Starts a server; returns once every listener accepts connections.
   *
   * @throws UncheckedIOException if a port cannot be bound (the message names it)
   */
  public static FakeMailServer start(FakeMailConfig config) {
    return new FakeMailServer(Objects.requireNonNull(config, "config"));
  }

  private InetSocketAddress bind(String protocol, InetSocketAddress address, SmtpService smtp) {
    try {
      return (InetSocketAddress) transport.bind(address, smtp.channelInitializer()).localAddress();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while binding " + protocol, e);
    } catch (Exception e) { // Netty rethrows the checked BindException undeclared
      String where = address.getAddress().getHostAddress() + ":" + address.getPort();
      BindException bind =
          new BindException("Cannot bind " + protocol + " to " + where + ": " + e.getMessage());
      bind.initCause(e);
      throw new UncheckedIOException(bind);
    }
  }

  /** The configuration the server was started with. */
  public FakeMailConfig config() {
    return config;
  }

  /**
   * The host to connect to for SMTP: the bound address as an IP literal, or {@code 127.0.0.1} when
   * bound to every interface.
   */
  public String smtpHost() {
    InetAddress address = smtpAddress.getAddress();
    if (address.isAnyLocalAddress()) {
      return "127.0.0.1";
    }
    return address.getHostAddress();
  }

  /** The SMTP port actually bound (the ephemeral one when configured with port 0). */
  public int smtpPort() {
    return smtpAddress.getPort();
  }

  /** Every message the server received, to list, await and clear. */
  public Inbox inbox() {
    return inbox;
  }

  /**
   * A fresh inbox with an address of its own ({@code inbox-…@fakemail.test} by default) that sees
   * only mail sent to that address, so tests sharing one server never see each other's mail.
   */
  public Inbox newInbox() {
    String local =
        "inbox-"
            + inboxCounter.incrementAndGet()
            + "-"
            + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000, 0x1000000));
    return StoreInbox.forAddress(store, local + "@" + config.inboxDomain(), config.awaitTimeout());
  }

  /** Whether {@link #close()} has been called. */
  public boolean isClosed() {
    return closed.get();
  }

  /** Stops listening, closes every connection and stops the server's threads. Idempotent. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      transport.close();
    }
  }

  @Override
  public String toString() {
    return "FakeMailServer{smtp="
        + smtpHost()
        + ':'
        + smtpPort()
        + (isClosed() ? ", closed" : "")
        + '}';
  }
}
