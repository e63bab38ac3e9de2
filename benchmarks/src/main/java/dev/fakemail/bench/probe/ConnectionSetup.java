package dev.fakemail.bench.probe;

import dev.fakemail.FakeMailConfig;
import dev.fakemail.FakeMailServer;
import dev.fakemail.Protocol;
import dev.fakemail.bench.Stats;
import dev.fakemail.bench.smtp.Messages;
import dev.fakemail.bench.smtp.SmtpClient;
import dev.fakemail.bench.target.RunningServer;
import dev.fakemail.bench.target.SmtpSinkTarget;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.LineBasedFrameDecoder;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.handler.stream.ChunkedWriteHandler;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * By-hand probe of the cost of one SMTP connection (row 3d's "new connection per message"), by
 * ablation: the same one-thread client loop against servers that each add one layer of FakeMail's
 * accept path, from a blocking Java socket up to FakeMail itself, with smtp-sink as the C anchor.
 * Per variant: wall time per connection (serial, one client thread), and the CPU the whole JVM
 * (client and in-JVM server) and, for smtp-sink, the sink process spent per connection, split into
 * user and system time from {@code /proc}.
 *
 * <pre>
 * java -cp "benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)" \
 *     dev.fakemail.bench.probe.ConnectionSetup [ms-per-round] [variant,…]
 * </pre>
 *
 * Variants: {@code java} (blocking ServerSocket, one thread), {@code netty} (FakeMail's transport
 * settings: 2 NIO loops, TCP_NODELAY, a line decoder and a greeting handler), {@code
 * netty+handlers} (plus FakeMail's other pipeline handlers: flush consolidation, idle timeout,
 * chunked writes), {@code netty+handlers-idle} (the same without the idle-timeout handler), {@code
 * fakemail} (FakeMailServer, SMTP only), {@code fakemail-1loop} (the same with {@code
 * ioThreads(1)}: accept and connection on one loop) and {@code smtp-sink}; each first with
 * "greeting + QUIT", then FakeMail and smtp-sink with a whole 1 KB message per connection (EHLO,
 * MAIL, RCPT, DATA, QUIT; pipelined, as row 3d).
 */
public final class ConnectionSetup {
  private static final String HOST = "127.0.0.1";
  private static final byte[] GREETING =
      "220 probe ESMTP ready\r\n".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] BYE = "221 2.0.0 bye\r\n".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] QUIT = "QUIT\r\n".getBytes(StandardCharsets.US_ASCII);
  private static final long TICK_NANOS = 10_000_000L; // USER_HZ = 100 on Linux

  private ConnectionSetup() {}

  /** Runs every (or the chosen) variant and prints one line each. */
  public static void main(String[] args) throws Exception {
    long roundMs = args.length > 0 ? Long.parseLong(args[0]) : 1000;
    List<String> chosen =
        args.length > 1
            ? List.of(args[1].split(","))
            : List.of(
                "java",
                "netty",
                "netty+handlers-idle",
                "netty+handlers",
                "fakemail",
                "fakemail-1loop",
                "smtp-sink",
                "fakemail-1k",
                "fakemail-1loop-1k",
                "smtp-sink-1k");
    List<Server> servers = new ArrayList<>();
    try {
      for (String variant : chosen) {
        servers.add(Server.start(variant.replace("-1k", "")));
      }
      // JIT warm-up of every variant (client and server code) before any measurement.
      for (int i = 0; i < chosen.size(); i++) {
        round(servers.get(i), chosen.get(i).endsWith("-1k"), 3 * roundMs);
      }
      // Rounds interleave the variants, so a burst of load from other processes hits them alike.
      int rounds = 5;
      List<List<double[]>> results = new ArrayList<>();
      for (int i = 0; i < chosen.size(); i++) {
        results.add(new ArrayList<>());
      }
      for (int r = 0; r < rounds; r++) {
        for (int i = 0; i < chosen.size(); i++) {
          results.get(i).add(round(servers.get(i), chosen.get(i).endsWith("-1k"), roundMs));
        }
      }
      System.out.printf(
          Locale.ROOT,
          "per connection, median of %d interleaved rounds of %d ms (min in brackets)%n",
          rounds,
          roundMs);
      System.out.printf(
          Locale.ROOT,
          "%-22s %18s %18s %18s %14s %14s%n",
          "variant",
          "wall µs",
          "JVM user µs",
          "JVM sys µs",
          "sink user µs",
          "sink sys µs");
      for (int i = 0; i < chosen.size(); i++) {
        String[] cells = new String[5];
        for (int k = 0; k < cells.length; k++) {
          List<Double> v = new ArrayList<>();
          for (double[] round : results.get(i)) {
            v.add(round[k]);
          }
          Stats st = Stats.of(v);
          cells[k] = String.format(Locale.ROOT, "%.1f [%.1f]", st.median(), st.min());
        }
        boolean sink = servers.get(i).pid() > 0;
        System.out.printf(
            Locale.ROOT,
            "%-22s %18s %18s %18s %14s %14s%n",
            chosen.get(i),
            cells[0],
            cells[1],
            cells[2],
            sink ? cells[3] : "-",
            sink ? cells[4] : "-");
      }
    } finally {
      for (Server server : servers) {
        server.close();
      }
    }
  }

  /** One timed round: {wall µs, JVM user µs, JVM sys µs, sink user µs, sink sys µs} per op. */
  private static double[] round(Server server, boolean full, long millis) throws Exception {
    byte[] head = Messages.textHead("probe");
    byte[] body = Messages.textBody(1024, head.length);
    long[] self0 = ticks(ProcessHandle.current().pid());
    long[] sink0 = server.pid() > 0 ? ticks(server.pid()) : new long[2];
    long t0 = System.nanoTime();
    long deadline = t0 + TimeUnit.MILLISECONDS.toNanos(millis);
    long ops = 0;
    while (System.nanoTime() < deadline && ops < 1_000_000) {
      if (full) {
        try (SmtpClient c =
            SmtpClient.connect(
                HOST, server.port(), SmtpClient.Mode.AUTO, Messages.FROM, Messages.TO)) {
          c.sendAndQuit(head, body);
        }
      } else {
        greetAndQuit(server.port());
      }
      ops++;
    }
    long wall = System.nanoTime() - t0;
    long[] self1 = ticks(ProcessHandle.current().pid());
    long[] sink1 = server.pid() > 0 ? ticks(server.pid()) : new long[2];
    return new double[] {
      wall / 1e3 / ops,
      (self1[0] - self0[0]) * TICK_NANOS / 1e3 / ops,
      (self1[1] - self0[1]) * TICK_NANOS / 1e3 / ops,
      (sink1[0] - sink0[0]) * TICK_NANOS / 1e3 / ops,
      (sink1[1] - sink0[1]) * TICK_NANOS / 1e3 / ops
    };
  }

  private static void greetAndQuit(int port) throws IOException {
    try (Socket s = new Socket()) {
      s.setTcpNoDelay(true);
      s.connect(new InetSocketAddress(HOST, port), 2000);
      s.setSoTimeout(5000);
      InputStream in = s.getInputStream();
      OutputStream out = s.getOutputStream();
      expect(in, '2');
      out.write(QUIT);
      out.flush();
      expect(in, '2');
    }
  }

  /** Reads one reply line and checks its first digit; at most 1,000 bytes. */
  private static void expect(InputStream in, char digit) throws IOException {
    int first = in.read();
    if (first != digit) {
      throw new IOException("unexpected reply starting with " + first);
    }
    for (int n = 0; n < 1000; n++) {
      int b = in.read();
      if (b == '\n') {
        return;
      }
      if (b < 0) {
        throw new IOException("connection closed");
      }
    }
    throw new IOException("reply line too long");
  }

  /** utime and stime of a process, in clock ticks. */
  private static long[] ticks(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return new long[] {Long.parseLong(f[11]), Long.parseLong(f[12])};
  }

  /** One server under test. */
  private interface Server extends AutoCloseable {
    int port();

    /** The pid of a server in another process, or 0. */
    default long pid() {
      return 0;
    }

    @Override
    void close() throws Exception;

    static Server start(String variant) throws Exception {
      switch (variant) {
        case "java":
          return new JavaServer();
        case "netty":
          return new NettyServer(false, false);
        case "netty+handlers-idle":
          return new NettyServer(true, false);
        case "netty+handlers":
          return new NettyServer(true, true);
        case "fakemail":
        case "fakemail-1loop":
          {
            FakeMailServer fm =
                FakeMailServer.start(
                    FakeMailConfig.builder()
                        .protocols(Protocol.SMTP)
                        .ioThreads(variant.equals("fakemail") ? 2 : 1)
                        .build());
            return new Server() {
              @Override
              public int port() {
                return fm.smtpPort();
              }

              @Override
              public void close() {
                fm.close();
              }
            };
          }
        case "smtp-sink":
          {
            RunningServer sink =
                new SmtpSinkTarget().start(EnumSet.of(dev.fakemail.bench.Protocol.SMTP));
            long pid = sinkPid(sink.smtpPort());
            return new Server() {
              @Override
              public int port() {
                return sink.smtpPort();
              }

              @Override
              public long pid() {
                return pid;
              }

              @Override
              public void close() throws Exception {
                sink.close();
              }
            };
          }
        default:
          throw new IllegalArgumentException("Unknown variant " + variant);
      }
    }
  }

  /** The smtp-sink child of this JVM listening on {@code port} (found through its command line). */
  private static long sinkPid(int port) {
    return ProcessHandle.current()
        .children()
        .filter(p -> p.info().commandLine().map(c -> c.contains(HOST + ":" + port)).orElse(false))
        .findFirst()
        .map(ProcessHandle::pid)
        .orElse(0L);
  }

  /** Blocking accept loop on one platform thread: the kernel's and the JDK's floor. */
  private static final class JavaServer implements Server {
    private final ServerSocket socket;
    private final Thread thread;

    JavaServer() throws IOException {
      socket = new ServerSocket(0, 256, InetAddress.getByName(HOST));
      thread = new Thread(this::serve, "probe-java-server");
      thread.setDaemon(true);
      thread.start();
    }

    private void serve() {
      while (!socket.isClosed()) {
        try (Socket s = socket.accept()) {
          s.setTcpNoDelay(true);
          s.getOutputStream().write(GREETING);
          BufferedReader in =
              new BufferedReader(
                  new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
          if (in.readLine() != null) {
            s.getOutputStream().write(BYE);
          }
        } catch (IOException e) {
          // closed, or the client went away
        }
      }
    }

    @Override
    public int port() {
      return socket.getLocalPort();
    }

    @Override
    public void close() throws Exception {
      socket.close();
      thread.join(2000);
    }
  }

  /** Netty with FakeMail's transport settings, with or without FakeMail's extra handlers. */
  private static final class NettyServer implements Server {
    private final EventLoopGroup group;
    private final Channel channel;

    NettyServer(boolean handlers, boolean idle) throws InterruptedException {
      group = new NioEventLoopGroup(2, new DefaultThreadFactory("probe-netty", true));
      channel =
          new ServerBootstrap()
              .group(group.next(), group)
              .channel(NioServerSocketChannel.class)
              .option(ChannelOption.SO_BACKLOG, 256)
              .option(ChannelOption.SO_REUSEADDR, true)
              .childOption(ChannelOption.TCP_NODELAY, true)
              .childOption(ChannelOption.SO_KEEPALIVE, true)
              .childHandler(
                  new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                      ChannelPipeline p = ch.pipeline();
                      if (handlers) {
                        p.addLast(new FlushConsolidationHandler(256, false));
                      }
                      p.addLast(new LineBasedFrameDecoder(65536, false, false));
                      if (handlers && idle) {
                        p.addLast(new IdleStateHandler(0, 0, 300_000, TimeUnit.MILLISECONDS));
                      }
                      if (handlers) {
                        p.addLast(new ChunkedWriteHandler());
                      }
                      p.addLast(new GreetHandler());
                    }
                  })
              .bind(new InetSocketAddress(HOST, 0))
              .sync()
              .channel();
    }

    @Override
    public int port() {
      return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    @Override
    public void close() {
      channel.close().syncUninterruptibly();
      group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
  }

  /** Greets on connect, says bye to any line and closes. */
  private static final class GreetHandler extends ChannelInboundHandlerAdapter {
    @Override
    public void channelActive(ChannelHandlerContext ctx) {
      ctx.writeAndFlush(Unpooled.wrappedBuffer(GREETING));
      ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ((ByteBuf) msg).release();
      ctx.writeAndFlush(Unpooled.wrappedBuffer(BYE)).addListener(ChannelFutureListener.CLOSE);
    }
  }
}
