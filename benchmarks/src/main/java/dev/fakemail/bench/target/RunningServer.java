package dev.fakemail.bench.target;

import dev.fakemail.bench.Protocol;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** A started server: where it listens, what it stored, and how to stop it. */
public interface RunningServer extends AutoCloseable {
  /** The loopback address its listeners are bound to. */
  String host();

  /** Every listener's port, in protocol order. */
  Map<Protocol, Integer> ports();

  /** The SMTP port. */
  default int smtpPort() {
    return port(Protocol.SMTP);
  }

  /** The port of one listener. */
  default int port(Protocol protocol) {
    Integer port = ports().get(protocol);
    if (port == null) {
      throw new IllegalStateException(protocol + " is not running");
    }
    return port;
  }

  /** How many messages it has stored since the last {@link #clear()}. */
  long storedCount() throws Exception;

  /** Forgets every stored message. */
  void clear() throws Exception;

  /**
   * Waits, as a test would with this server's own API, until a message with this subject is stored.
   */
  void awaitOne(String subject, Duration timeout) throws Exception;

  /** The value of one header of every stored message (null where a message lacks it). */
  List<String> storedHeaderValues(String header) throws Exception;

  /**
   * Puts these raw messages into the mailbox a POP3 client reads when it logs in with {@code
   * login}/{@code password}, with the server's own API (not over SMTP).
   */
  default void seedMailbox(String address, String login, String password, List<byte[]> messages)
      throws Exception {
    throw new UnsupportedOperationException("no mailboxes");
  }

  @Override
  void close() throws Exception;
}
