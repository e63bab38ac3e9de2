package dev.fakemail.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Map;

/** Loopback helpers: free ports and "is it accepting" probes. Every loop is bounded. */
public final class Net {
  private Net() {}

  /**
   * A port that was free a moment ago, for servers that cannot bind port 0 themselves (external
   * processes). There is a small race with other processes; callers retry on a bind failure.
   */
  public static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The "every listener accepting" check of the lifecycle benchmarks: connects to every port and,
   * for protocols whose server speaks first in plain text (SMTP, POP3, IMAP, LMTP), reads the first
   * line of the greeting, so the server has really accepted and served the connection; TLS and HTTP
   * ports only complete the TCP handshake. Returns the number of listeners that answered.
   *
   * @throws IllegalStateException if one refuses the connection or sends no greeting
   */
  public static int probeAll(String host, Map<Protocol, Integer> ports) {
    int ok = 0;
    for (Map.Entry<Protocol, Integer> e : ports.entrySet()) {
      try (Socket s = new Socket()) {
        s.setTcpNoDelay(true);
        s.connect(new InetSocketAddress(host, e.getValue()), 2000);
        if (greets(e.getKey())) {
          s.setSoTimeout(2000);
          InputStream in = s.getInputStream();
          int b;
          int n = 0;
          while ((b = in.read()) != '\n') {
            if (b < 0 || ++n > 1000) {
              throw new IOException("no greeting");
            }
          }
        }
        ok++;
      } catch (IOException ex) {
        throw new IllegalStateException(
            e.getKey() + " on port " + e.getValue() + " did not accept: " + ex, ex);
      }
    }
    return ok;
  }

  private static boolean greets(Protocol p) {
    return p == Protocol.SMTP || p == Protocol.POP3 || p == Protocol.IMAP || p == Protocol.LMTP;
  }

  /** Polls until a connect succeeds; returns whether it did within the timeout. */
  public static boolean awaitAccepting(String host, int port, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress(host, port), 200);
        return true;
      } catch (IOException e) {
        Thread.sleep(2);
      }
    }
    return false;
  }
}
