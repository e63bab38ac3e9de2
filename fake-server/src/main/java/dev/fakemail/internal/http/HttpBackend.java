package dev.fakemail.internal.http;

import dev.fakemail.ReceivedMail;
import java.util.Map;
import java.util.Optional;

/** What the HTTP API needs from the server beyond its store: implemented by the server. */
public interface HttpBackend {
  /** Seeds a mailbox, exactly like {@code FakeMailServer.deliver(recipient, raw)}. */
  ReceivedMail deliver(String recipient, byte[] raw);

  /** A fresh inbox address, exactly like {@code FakeMailServer.newInbox().address()}. */
  String newInboxAddress();

  /**
   * Each listener's protocol (lower case) and port once every listener is bound; empty until then.
   */
  Optional<Map<String, Integer>> readyListeners();
}
