package dev.fakemail.internal.net;

import io.netty.channel.Channel;
import io.netty.channel.ChannelId;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.internal.SocketUtils;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * NIO channels whose ids are a listener number and a connection counter. Netty's default ids embed
 * the machine's MAC address, found by enumerating network interfaces the first time one is made:
 * about 30 ms of a cold start, for an id we only use in logs.
 */
final class CheapIdChannels {
  private CheapIdChannels() {}

  /** A listener that names its connections {@code <listener>-<n>}. */
  static final class ServerChannel extends NioServerSocketChannel {
    private final AtomicLong connections = new AtomicLong();

    @Override
    protected ChannelId newId() {
      return new Id(Integer.toHexString(System.identityHashCode(this)));
    }

    @Override
    protected int doReadMessages(List<Object> buf) throws Exception {
      SocketChannel ch = SocketUtils.accept(javaChannel());
      if (ch == null) {
        return 0;
      }
      try {
        buf.add(new Connection(this, ch));
        return 1;
      } catch (Throwable t) {
        ch.close();
        throw t;
      }
    }

    ChannelId nextConnectionId() {
      return new Id(id().asShortText() + "-" + connections.incrementAndGet());
    }
  }

  private static final class Connection extends NioSocketChannel {
    Connection(ServerChannel parent, SocketChannel socket) {
      super(parent, socket);
    }

    @Override
    protected ChannelId newId() {
      // called from Netty's constructor, after the parent is set and before our fields exist
      Channel parent = parent();
      return parent instanceof ServerChannel
          ? ((ServerChannel) parent).nextConnectionId()
          : new Id(Integer.toHexString(System.identityHashCode(this)));
    }
  }

  private static final class Id implements ChannelId {
    private static final long serialVersionUID = 1L;
    private final String text;

    Id(String text) {
      this.text = text;
    }

    @Override
    public String asShortText() {
      return text;
    }

    @Override
    public String asLongText() {
      return text;
    }

    @Override
    public int compareTo(ChannelId o) {
      return text.compareTo(o.asLongText());
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Id && ((Id) o).text.equals(text);
    }

    @Override
    public int hashCode() {
      return text.hashCode();
    }

    @Override
    public String toString() {
      return text;
    }
  }
}
