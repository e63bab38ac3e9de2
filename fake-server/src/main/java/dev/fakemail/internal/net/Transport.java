package dev.fakemail.internal.net;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * One event loop group of daemon threads shared by every listener of a server: accepting, reading,
 * protocol work and writing all happen on it, without further thread hops.
 */
public final class Transport implements AutoCloseable {
  private final EventLoopGroup group;
  private final EventLoop acceptor;
  private final List<Channel> listeners = new ArrayList<>();
  private final List<Thread> threads = new CopyOnWriteArrayList<>();

  public Transport(int threads, String name) {
    this.group =
        new NioEventLoopGroup(
            threads,
            new DefaultThreadFactory(name, true) {
              @Override
              protected Thread newThread(Runnable r, String threadName) {
                Thread t = super.newThread(r, threadName);
                Transport.this.threads.add(t);
                return t;
              }
            });
    // Every listener accepts on one loop: registering each on the group's next loop would start a
    // second thread for the second listener (~0.1 ms of every start); connections still spread
    // over the whole group, so the others start when the first connections arrive.
    this.acceptor = group.next();
  }

  /** Binds a listener; the returned channel's local address has the actual port. */
  public synchronized Channel bind(
      InetSocketAddress address, ChannelInitializer<Channel> initializer)
      throws InterruptedException {
    Channel channel =
        new ServerBootstrap()
            .group(acceptor, group)
            .channelFactory(CheapIdChannels.ServerChannel::new)
            .option(ChannelOption.SO_BACKLOG, 256)
            .option(ChannelOption.SO_REUSEADDR, true)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childOption(ChannelOption.SO_KEEPALIVE, true)
            .childHandler(initializer)
            .bind(address)
            .sync()
            .channel();
    listeners.add(channel);
    return channel;
  }

  /** Closes every listener and connection and stops the threads; returns when they are gone. */
  @Override
  public synchronized void close() {
    List<ChannelFuture> closing = new ArrayList<>(listeners.size());
    for (Channel listener : listeners) {
      closing.add(listener.close());
    }
    // The close runs on the accepting loop after whatever it is doing: once it is done, no accept
    // is half-way through handing a connection to another loop. Shutting the group down before
    // that let the other loop terminate first, and Netty logged a rejected notification.
    for (ChannelFuture f : closing) {
      f.awaitUninterruptibly(2, TimeUnit.SECONDS);
    }
    listeners.clear();
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    // Netty completes the termination future from inside each event-loop thread, just before the
    // thread ends: join them, so that no thread of ours is alive once close() has returned.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
    for (Thread t : threads) {
      long remaining = deadline - System.nanoTime();
      if (remaining <= 0) {
        break;
      }
      try {
        t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(remaining)));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    threads.clear();
  }
}
