package dev.fakemail;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A TCP relay on loopback in front of an HTTP server that counts the long-poll requests ({@code
 * wait=} in the request line) it has passed on. When the count goes up, the server has the request
 * in its socket: the client's wait is underway, and a test can send mail knowing it comes after.
 */
final class LoopbackRelay implements AutoCloseable {
  private static final int BUFFER = 16 * 1024;

  private final int targetPort;
  private final ServerSocket listener;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition forwarded = lock.newCondition();
  private int longPolls;

  LoopbackRelay(URI target) {
    this.targetPort = target.getPort();
    try {
      listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Thread acceptor = new Thread(this::accept, "relay-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  URI url() {
    return URI.create("http://127.0.0.1:" + listener.getLocalPort() + "/");
  }

  /** How many long-poll requests have been passed on so far. */
  int longPolls() {
    lock.lock();
    try {
      return longPolls;
    } finally {
      lock.unlock();
    }
  }

  /** Waits until more than {@code seen} long-poll requests have been passed on. */
  void awaitLongPollsAbove(int seen, Duration timeout) {
    long remaining = timeout.toNanos();
    lock.lock();
    try {
      while (longPolls <= seen) {
        if (remaining <= 0) {
          throw new AssertionError("No long-poll request reached the server within " + timeout);
        }
        remaining = forwarded.awaitNanos(remaining);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    } finally {
      lock.unlock();
    }
  }

  private void accept() {
    while (!listener.isClosed()) {
      try {
        Socket client = listener.accept();
        Socket server = new Socket(InetAddress.getLoopbackAddress(), targetPort);
        sockets.add(client);
        sockets.add(server);
        start(() -> pumpRequests(client, server), "relay-requests");
        start(() -> pump(server, client), "relay-responses");
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  /** Client to server, counting long polls once each request head has been written on. */
  private void pumpRequests(Socket from, Socket to) {
    StringBuilder head = new StringBuilder();
    long bodyLeft = 0;
    byte[] buffer = new byte[BUFFER];
    try (InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream()) {
      int n;
      while ((n = in.read(buffer)) >= 0) {
        out.write(buffer, 0, n);
        out.flush();
        int i = 0;
        while (i < n) {
          if (bodyLeft > 0) {
            int skip = (int) Math.min(bodyLeft, n - i);
            bodyLeft -= skip;
            i += skip;
            continue;
          }
          head.append((char) (buffer[i++] & 0xFF));
          if (endsWithBlankLine(head)) {
            bodyLeft = requestDone(head.toString());
            head.setLength(0);
          }
        }
      }
    } catch (IOException e) {
      // closed by either side
    } finally {
      closeQuietly(to);
    }
  }

  private static boolean endsWithBlankLine(StringBuilder sb) {
    int n = sb.length();
    return n >= 4
        && sb.charAt(n - 4) == '\r'
        && sb.charAt(n - 3) == '\n'
        && sb.charAt(n - 2) == '\r'
        && sb.charAt(n - 1) == '\n';
  }

  /** Counts the request if it is a long poll; the length of its body. */
  private long requestDone(String head) {
    String requestLine = head.substring(0, head.indexOf("\r\n"));
    if (requestLine.contains("?wait=") || requestLine.contains("&wait=")) {
      lock.lock();
      try {
        longPolls++;
        forwarded.signalAll();
      } finally {
        lock.unlock();
      }
    }
    for (String line : head.split("\r\n")) {
      if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
        return Long.parseLong(line.substring("content-length:".length()).trim());
      }
    }
    return 0;
  }

  private void pump(Socket from, Socket to) {
    byte[] buffer = new byte[BUFFER];
    try (InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream()) {
      int n;
      while ((n = in.read(buffer)) >= 0) {
        out.write(buffer, 0, n);
        out.flush();
      }
    } catch (IOException e) {
      // closed by either side
    } finally {
      closeQuietly(to);
    }
  }

  private static void start(Runnable task, String name) {
    Thread t = new Thread(task, name);
    t.setDaemon(true);
    t.start();
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException e) {
      // already closed
    }
  }

  @Override
  public void close() {
    try {
      listener.close();
    } catch (IOException e) {
      // already closed
    }
    sockets.forEach(LoopbackRelay::closeQuietly);
  }

  @Override
  public String toString() {
    return "LoopbackRelay{" + url() + " -> 127.0.0.1:" + targetPort + "}";
  }
}
