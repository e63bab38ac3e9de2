package dev.fakemail;

/** The {@link Inbox} contract on the embedded inbox: {@code server.inbox()}, {@code newInbox()}. */
class EmbeddedInboxContractTest extends InboxContractTest {

  @Override
  protected Target start() {
    return Target.of(FakeMailServer.start(config().build()));
  }

  @Override
  protected Inbox view(Inbox embedded) {
    return embedded;
  }

  @Override
  protected Inbox freshInbox() {
    return server.newInbox();
  }

  /** The await is underway when the waiting thread is parked in its timed wait. */
  @Override
  protected Underway underway() {
    return waiter -> {
      long deadline = System.nanoTime() + LONG.toNanos();
      while (waiter.getState() != Thread.State.TIMED_WAITING) {
        if (System.nanoTime() > deadline || !waiter.isAlive()) {
          throw new AssertionError("The waiting thread never blocked: " + waiter.getState());
        }
        Thread.onSpinWait();
      }
    };
  }
}
