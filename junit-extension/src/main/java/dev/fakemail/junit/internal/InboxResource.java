package dev.fakemail.junit.internal;

import dev.fakemail.Inbox;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * An inbox of a shared server held in an {@link ExtensionContext.Store}: when its context ends the
 * inbox is emptied, so a long run on one shared server does not accumulate every test's mail.
 * Closes through either {@code CloseableResource} or {@link AutoCloseable}, once. Not API.
 */
@SuppressWarnings("deprecation") // CloseableResource is deprecated in JUnit 6, needed for JUnit 5
public final class InboxResource
    implements ExtensionContext.Store.CloseableResource, AutoCloseable {
  private final Inbox inbox;
  private final AtomicBoolean closed = new AtomicBoolean();

  /** Holds {@code inbox}; closing this resource empties it. */
  public InboxResource(Inbox inbox) {
    this.inbox = Objects.requireNonNull(inbox, "inbox");
  }

  /** The inbox held. */
  public Inbox inbox() {
    return inbox;
  }

  /** Empties the inbox, the first time only. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      inbox.clear();
    }
  }

  @Override
  public String toString() {
    return "InboxResource{" + inbox + '}';
  }
}
