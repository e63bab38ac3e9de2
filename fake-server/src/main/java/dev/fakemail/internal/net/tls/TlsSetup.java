package dev.fakemail.internal.net.tls;

import io.netty.channel.Channel;
import io.netty.handler.ssl.SslHandler;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * One server's TLS: where its certificate comes from, its handshake timeout, and the build of its
 * {@link ServerTlsContext}, started on first need and never run on an event loop.
 *
 * <ul>
 *   <li>A server with implicit-TLS listeners binds them at once, then calls {@link
 *       #startBuilding()}; a connection that arrives before the context is ready is held (not read)
 *       and gets its {@code SslHandler} when the build completes ({@link ImplicitTlsInitializer}).
 *   <li>A server with only STARTTLS starts the build on the first STARTTLS; that reply waits,
 *       without reading further, until the build completes ({@link #whenReady}).
 *   <li>A failed build closes each waiting connection with one logged line, and {@code
 *       server.tls()} throws with the reason.
 * </ul>
 *
 * <p>The default certificate (loopback names only) and its context are built once per JVM and
 * shared ({@link ServerTlsContexts#defaultBuild()}); any other certificate is built per server.
 */
public final class TlsSetup {
  /** How long {@link #close()} waits for a build still running. */
  private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

  private static final System.Logger LOG = System.getLogger(TlsSetup.class.getName());

  private final Supplier<CertificateMaterial> material; // null: the JVM-wide default
  private final Duration handshakeTimeout;
  private ServerTlsContexts.Build build; // guarded by this

  private TlsSetup(Supplier<CertificateMaterial> material, Duration handshakeTimeout) {
    this.material = material;
    this.handshakeTimeout = Objects.requireNonNull(handshakeTimeout, "handshakeTimeout");
  }

  /**
   * The generated certificate for this hostname and bind address (see {@link
   * SelfSignedCertificates}).
   */
  public static TlsSetup selfSigned(
      String hostname, InetAddress bindAddress, Duration handshakeTimeout) {
    Set<String> names = SelfSignedCertificates.subjectAltNames(hostname, bindAddress);
    if (names.equals(Set.copyOf(SelfSignedCertificates.LOOPBACK_NAMES))) {
      return new TlsSetup(null, handshakeTimeout);
    }
    return new TlsSetup(() -> SelfSignedCertificates.generate(names), handshakeTimeout);
  }

  /** A certificate from elsewhere (the user's files, or a test's); read on the build thread. */
  public static TlsSetup of(Supplier<CertificateMaterial> material, Duration handshakeTimeout) {
    return new TlsSetup(Objects.requireNonNull(material, "material"), handshakeTimeout);
  }

  public Duration handshakeTimeout() {
    return handshakeTimeout;
  }

  /** Starts the build if it has not started; returns at once. */
  public void startBuilding() {
    context();
  }

  /** The build's future; starts the build on first call. */
  public synchronized CompletableFuture<ServerTlsContext> context() {
    if (build == null) {
      build =
          material == null ? ServerTlsContexts.defaultBuild() : ServerTlsContexts.start(material);
    }
    return build.future;
  }

  /** The context if it is built, else {@code null} (never waits). */
  public ServerTlsContext readyOrNull() {
    CompletableFuture<ServerTlsContext> f = context();
    return f.isDone() && !f.isCompletedExceptionally() ? f.join() : null;
  }

  /**
   * Waits for the context: for callers that may block (a test asking for {@code server.tls()}),
   * never an event loop.
   *
   * @throws IllegalStateException with the reason if the build failed
   */
  public ServerTlsContext await() {
    try {
      return context().get();
    } catch (ExecutionException e) {
      throw failure(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while building the server TLS context", e);
    }
  }

  /** The handler for a connection whose context is ready (see {@link #readyOrNull()}). */
  public SslHandler newHandler(Channel channel) {
    ServerTlsContext ready = readyOrNull();
    if (ready == null) {
      throw new IllegalStateException("The server TLS context is not built yet");
    }
    return ready.newHandler(channel, handshakeTimeout);
  }

  /**
   * Runs {@code action} on {@code channel}'s event loop once the context is built: at once when
   * called there with the context ready, else from a task the build's completion schedules. If the
   * build failed, logs one line and closes the connection instead; a connection closed meanwhile is
   * skipped.
   */
  public void whenReady(Channel channel, Consumer<ServerTlsContext> action) {
    CompletableFuture<ServerTlsContext> f = context();
    if (f.isDone() && channel.eventLoop().inEventLoop()) {
      run(channel, f, action);
      return;
    }
    f.whenComplete(
        (c, e) -> {
          try {
            channel.eventLoop().execute(() -> run(channel, f, action));
          } catch (RuntimeException rejected) { // the server is closing: so is the connection
            channel.close();
          }
        });
  }

  private void run(
      Channel channel, CompletableFuture<ServerTlsContext> f, Consumer<ServerTlsContext> action) {
    if (!channel.isOpen()) {
      return;
    }
    ServerTlsContext c;
    try {
      c = f.join();
    } catch (CompletionException e) {
      LOG.log(
          System.Logger.Level.WARNING,
          "Closing the connection from "
              + channel.remoteAddress()
              + " to port "
              + ServerTlsContext.port(channel)
              + ": "
              + failure(e.getCause()).getMessage());
      channel.close();
      return;
    }
    action.accept(c);
  }

  private static IllegalStateException failure(Throwable cause) {
    if (cause instanceof IllegalStateException
        && cause.getMessage() != null
        && cause.getMessage().startsWith("Could not ")) {
      return new IllegalStateException(cause.getMessage(), cause);
    }
    return new IllegalStateException(
        "Could not build the server TLS context: " + cause.getMessage(), cause);
  }

  /** Waits (bounded) for a build this server started, so that no thread outlives the server. */
  public void close() {
    ServerTlsContexts.Build b;
    synchronized (this) {
      b = build;
    }
    if (b != null && b.threadAlive()) {
      b.awaitThread(CLOSE_WAIT);
    }
  }
}
