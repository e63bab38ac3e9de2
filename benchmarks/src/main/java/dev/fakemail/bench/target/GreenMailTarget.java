package dev.fakemail.bench.target;

import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.fakemail.bench.Protocol;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/** GreenMail embedded, default configuration, listeners on free loopback ports. */
public final class GreenMailTarget implements ServerTarget {
  public static final String ID = "greenmail";
  private static final String HOST = "127.0.0.1";

  static final Set<Protocol> SUPPORTED =
      Collections.unmodifiableSet(
          EnumSet.of(
              Protocol.SMTP,
              Protocol.SMTPS,
              Protocol.POP3,
              Protocol.POP3S,
              Protocol.IMAP,
              Protocol.IMAPS));

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String displayName() {
    return "GreenMail " + version();
  }

  /** GreenMail's version, from its jar's Maven metadata. */
  public static String version() {
    try (InputStream in =
        GreenMail.class.getResourceAsStream(
            "/META-INF/maven/com.icegreen/greenmail/pom.properties")) {
      if (in != null) {
        Properties p = new Properties();
        p.load(in);
        return p.getProperty("version", "?");
      }
    } catch (IOException e) {
      // fall through
    }
    return "?";
  }

  @Override
  public Set<Protocol> supported() {
    return SUPPORTED;
  }

  @Override
  public RunningServer start(Set<Protocol> protocols) {
    List<ServerSetup> setups = new ArrayList<>();
    for (Protocol p : protocols) {
      if (!SUPPORTED.contains(p)) {
        throw new IllegalArgumentException("GreenMail has no " + p + " listener");
      }
      setups.add(new ServerSetup(0, HOST, p.key()));
    }
    GreenMail gm = new GreenMail(setups.toArray(new ServerSetup[0]));
    gm.start();
    return new Running(gm, protocols);
  }

  private static final class Running implements RunningServer {
    private final GreenMail gm;
    private final Map<Protocol, Integer> ports = new EnumMap<>(Protocol.class);

    Running(GreenMail gm, Set<Protocol> protocols) {
      this.gm = gm;
      for (Protocol p : protocols) {
        switch (p) {
          case SMTP:
            ports.put(p, gm.getSmtp().getPort());
            break;
          case SMTPS:
            ports.put(p, gm.getSmtps().getPort());
            break;
          case POP3:
            ports.put(p, gm.getPop3().getPort());
            break;
          case POP3S:
            ports.put(p, gm.getPop3s().getPort());
            break;
          case IMAP:
            ports.put(p, gm.getImap().getPort());
            break;
          default:
            ports.put(p, gm.getImaps().getPort());
        }
      }
    }

    @Override
    public String host() {
      return HOST;
    }

    @Override
    public Map<Protocol, Integer> ports() {
      return ports;
    }

    @Override
    public long storedCount() {
      return gm.getReceivedMessages().length;
    }

    @Override
    public void clear() throws Exception {
      gm.purgeEmailFromAllMailboxes();
    }

    @Override
    public void awaitOne(String subject, Duration timeout) throws Exception {
      // GreenMail has no "wait for this message": wait for one, then check it, as a test does.
      if (!gm.waitForIncomingEmail(timeout.toMillis(), 1)) {
        throw new IllegalStateException("no message within " + timeout);
      }
      MimeMessage[] received = gm.getReceivedMessages();
      if (received.length == 0 || !subject.equals(received[0].getSubject())) {
        throw new IllegalStateException("unexpected message");
      }
    }

    @Override
    public List<String> storedHeaderValues(String header) throws Exception {
      List<String> values = new ArrayList<>();
      for (MimeMessage m : gm.getReceivedMessages()) {
        values.add(m.getHeader(header, null));
      }
      return values;
    }

    @Override
    public void seedMailbox(String address, String login, String password, List<byte[]> messages)
        throws Exception {
      GreenMailUser user = gm.setUser(address, login, password);
      Session session = Session.getInstance(new Properties());
      for (byte[] raw : messages) {
        user.deliver(new MimeMessage(session, new ByteArrayInputStream(raw)));
      }
    }

    /**
     * Stops GreenMail. Its stop can throw a NullPointerException from the JDK's SSLSocketImpl when
     * a TLS connection (the lifecycle probe's TCP-only connect) is closed before any handshake; the
     * services after the failing one are then still running, so stop is tried again (twice at most)
     * rather than failing the benchmark.
     */
    @Override
    public void close() {
      for (int attempt = 0; ; attempt++) {
        try {
          gm.stop();
          return;
        } catch (RuntimeException e) {
          if (attempt >= 2) {
            throw e;
          }
        }
      }
    }
  }
}
