package dev.fakemail.internal.net.tls;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Builds server TLS contexts off the event loops: each build runs on a thread of its own and
 * completes a {@link CompletableFuture}, so neither a starting server nor the first STARTTLS ever
 * waits for key generation on a thread that serves connections.
 */
public final class ServerTlsContexts {
  static final String THREAD_NAME = "fakemail-tls-setup";

  private ServerTlsContexts() {}

  /**
   * The build of the context for the JVM-wide default certificate ({@link
   * SelfSignedCertificates#forHostname} with {@code localhost}): started by the first server that
   * needs it, once per JVM, in a lazy holder like the certificate itself (a {@code static final}
   * build whose future completes once; a built context is immutable and thread-safe).
   */
  static Build defaultBuild() {
    return DefaultHolder.BUILD;
  }

  /** Starts building a context from {@code material} on a new daemon thread. */
  static Build start(Supplier<CertificateMaterial> material) {
    return new Build(() -> ServerTlsContext.build(material.get()));
  }

  /** One build in progress or done: its future and the thread that completes it. */
  static final class Build {
    final CompletableFuture<ServerTlsContext> future = new CompletableFuture<>();
    private final Thread thread;

    Build(Supplier<ServerTlsContext> build) {
      this.thread =
          new Thread(
              () -> {
                try {
                  future.complete(build.get());
                } catch (RuntimeException | Error e) {
                  future.completeExceptionally(e);
                }
              },
              THREAD_NAME);
      thread.setDaemon(true);
      thread.start();
    }

    /** Waits, at most {@code limit}, for the build thread to end. */
    void awaitThread(Duration limit) {
      try {
        thread.join(Math.max(1, limit.toMillis()));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    boolean threadAlive() {
      return thread.isAlive();
    }

    @Override
    public String toString() {
      return "Build{" + future + "}";
    }
  }

  private static final class DefaultHolder {
    static final Build BUILD =
        new Build(() -> ServerTlsContext.build(SelfSignedCertificates.forHostname("localhost")));
  }
}
