package dev.fakemail.junit.internal;

import dev.fakemail.FakeMailServer;
import java.util.Objects;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A server held in an {@link ExtensionContext.Store}: JUnit closes it when that context ends.
 *
 * <p>Implements both {@code CloseableResource} (the only contract JUnit 5.10 to 5.12 close) and
 * {@link AutoCloseable} (what JUnit 5.13 and later close instead); JUnit closes it through one of
 * them, and closing twice is harmless anyway. Not API.
 */
@SuppressWarnings("deprecation") // CloseableResource is deprecated in JUnit 6, needed for JUnit 5
public final class ServerResource
    implements ExtensionContext.Store.CloseableResource, AutoCloseable {
  private final FakeMailServer server;

  /** Holds a running {@code server}; closing this resource closes it. */
  public ServerResource(FakeMailServer server) {
    this.server = Objects.requireNonNull(server, "server");
  }

  /** The server held. */
  public FakeMailServer server() {
    return server;
  }

  /** Closes the server; idempotent. */
  @Override
  public void close() {
    server.close();
  }

  @Override
  public String toString() {
    return "ServerResource{" + server + '}';
  }
}
