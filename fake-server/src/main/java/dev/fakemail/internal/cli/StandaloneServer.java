package dev.fakemail.internal.cli;

import dev.fakemail.FakeMailConfig;
import dev.fakemail.FakeMailServer;
import dev.fakemail.Protocol;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A {@link FakeMailServer} run as a program: starts it and words its ready and stopped lines.
 *
 * <p>The ready line lists one {@code protocol=address:port} pair per listener, always in the order
 * smtp, smtps, pop3, pop3s, imap, imaps, lmtp, http ({@code smtp=127.0.0.1:1025 pop3=127.0.0.1:1110
 * imap=127.0.0.1:1143 lmtp=127.0.0.1:1024 http=127.0.0.1:8025}); a protocol that is off is left
 * out, and new protocols append theirs.
 */
public final class StandaloneServer implements AutoCloseable {
  private final FakeMailServer server;

  private StandaloneServer(FakeMailServer server) {
    this.server = server;
  }

  /**
   * Starts the server; returns once every listener accepts connections.
   *
   * @throws java.io.UncheckedIOException if a port cannot be bound
   */
  public static StandaloneServer start(FakeMailConfig config) {
    return new StandaloneServer(FakeMailServer.start(config));
  }

  /** The running server. */
  public FakeMailServer server() {
    return server;
  }

  /** Each listener's protocol and bound {@code address:port}, in the order the ready line shows. */
  public Map<String, String> listeners() {
    Map<String, String> listeners = new LinkedHashMap<>();
    FakeMailConfig config = server.config();
    if (config.serves(Protocol.SMTP)) {
      listeners.put("smtp", hostPort(config.bindAddress(), server.smtpPort()));
    }
    if (config.serves(Protocol.SMTPS)) {
      listeners.put("smtps", hostPort(config.bindAddress(), server.smtpsPort()));
    }
    if (config.serves(Protocol.POP3)) {
      listeners.put("pop3", hostPort(config.bindAddress(), server.pop3Port()));
    }
    if (config.serves(Protocol.POP3S)) {
      listeners.put("pop3s", hostPort(config.bindAddress(), server.pop3sPort()));
    }
    if (config.serves(Protocol.IMAP)) {
      listeners.put("imap", hostPort(config.bindAddress(), server.imapPort()));
    }
    if (config.serves(Protocol.IMAPS)) {
      listeners.put("imaps", hostPort(config.bindAddress(), server.imapsPort()));
    }
    if (config.serves(Protocol.LMTP)) {
      listeners.put("lmtp", hostPort(config.bindAddress(), server.lmtpPort()));
    }
    if (config.serves(Protocol.HTTP)) {
      listeners.put("http", hostPort(config.bindAddress(), server.httpPort()));
    }
    return listeners;
  }

  /**
   * {@code FakeMail 0.1.0 ready in 87 ms: smtp=127.0.0.1:1025 pop3=127.0.0.1:1110
   * imap=127.0.0.1:1143 lmtp=127.0.0.1:1024}; without "in … ms" when the start-up time is unknown.
   */
  public String readyLine(String version, Optional<Duration> startup) {
    StringBuilder sb = new StringBuilder("FakeMail ").append(version).append(" ready");
    startup.ifPresent(d -> sb.append(" in ").append(d.toMillis()).append(" ms"));
    sb.append(':');
    listeners()
        .forEach((protocol, where) -> sb.append(' ').append(protocol).append('=').append(where));
    return sb.toString();
  }

  /**
   * {@code FakeMail stopped; 3 messages received}. When the store is full, older messages were
   * dropped and only a lower bound is known: {@code at least 10000 messages received (the last
   * 10000 kept)}.
   */
  public String stoppedLine() {
    int stored = server.inbox().messages().size();
    int max = server.config().maxStoredMessages();
    if (max > 0 && stored >= max) {
      return "FakeMail stopped; at least "
          + messages(stored)
          + " received (the last "
          + stored
          + " kept)";
    }
    return "FakeMail stopped; " + messages(stored) + " received";
  }

  /** Stops the server and its threads; idempotent. */
  @Override
  public void close() {
    server.close();
  }

  private static String messages(int count) {
    return count + (count == 1 ? " message" : " messages");
  }

  static String hostPort(InetAddress address, int port) {
    String host = address.getHostAddress();
    return (address instanceof Inet6Address ? "[" + host + "]" : host) + ":" + port;
  }
}
