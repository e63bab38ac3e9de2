package dev.fakemail.bench.target;

import dev.fakemail.FakeMailConfig;
import dev.fakemail.FakeMailServer;
import dev.fakemail.MailFilter;
import dev.fakemail.ReceivedMail;
import dev.fakemail.bench.Protocol;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** FakeMail embedded, default configuration but for the listeners asked for. */
public final class FakeMailTarget implements ServerTarget {
  public static final String ID = "fakemail";

  /** Every listener FakeMail has today; the "every protocol" rows start all of them. */
  static final Set<Protocol> SUPPORTED =
      Collections.unmodifiableSet(
          EnumSet.of(
              Protocol.SMTP,
              Protocol.SMTPS,
              Protocol.POP3,
              Protocol.POP3S,
              Protocol.IMAP,
              Protocol.IMAPS,
              Protocol.LMTP));

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String displayName() {
    return "FakeMail";
  }

  @Override
  public Set<Protocol> supported() {
    return SUPPORTED;
  }

  @Override
  public RunningServer start(Set<Protocol> protocols) {
    List<dev.fakemail.Protocol> ours = new ArrayList<>();
    for (Protocol p : protocols) {
      switch (p) {
        case SMTP:
        case SMTPS:
        case POP3:
        case POP3S:
        case IMAP:
        case IMAPS:
        case LMTP:
          ours.add(dev.fakemail.Protocol.valueOf(p.name()));
          break;
        default:
          throw new IllegalArgumentException("FakeMail has no " + p + " listener");
      }
    }
    FakeMailServer server =
        FakeMailServer.start(
            FakeMailConfig.builder().protocols(ours.toArray(new dev.fakemail.Protocol[0])).build());
    return new Running(server, protocols);
  }

  private static final class Running implements RunningServer {
    private final FakeMailServer server;
    private final Map<Protocol, Integer> ports = new EnumMap<>(Protocol.class);

    Running(FakeMailServer server, Set<Protocol> protocols) {
      this.server = server;
      for (Protocol p : protocols) {
        switch (p) {
          case SMTP:
            ports.put(p, server.smtpPort());
            break;
          case POP3:
            ports.put(p, server.pop3Port());
            break;
          case IMAP:
            ports.put(p, server.imapPort());
            break;
          case SMTPS:
            ports.put(p, server.smtpsPort());
            break;
          case POP3S:
            ports.put(p, server.pop3sPort());
            break;
          case IMAPS:
            ports.put(p, server.imapsPort());
            break;
          default:
            ports.put(p, server.lmtpPort());
        }
      }
    }

    @Override
    public String host() {
      return server.config().bindAddress().getHostAddress();
    }

    @Override
    public Map<Protocol, Integer> ports() {
      return ports;
    }

    @Override
    public long storedCount() {
      return server.inbox().messages().size();
    }

    @Override
    public void clear() {
      server.inbox().clear();
      server.clearMailboxes();
    }

    @Override
    public void awaitOne(String subject, Duration timeout) {
      server.inbox().awaitMessage(MailFilter.subject(subject), timeout);
    }

    @Override
    public List<String> storedHeaderValues(String header) {
      List<String> values = new ArrayList<>();
      for (ReceivedMail m : server.inbox().messages()) {
        values.add(m.header(header).orElse(null));
      }
      return values;
    }

    @Override
    public void seedMailbox(String address, String login, String password, List<byte[]> messages) {
      // AuthMode.ANY (the default): the login name is the address, any password is accepted.
      for (byte[] raw : messages) {
        server.deliver(address, raw);
      }
    }

    @Override
    public void close() {
      server.close();
    }
  }
}
