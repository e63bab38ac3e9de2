package dev.fakemail.internal.net.tls;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * A value computed on first use, once, then kept (per server: not static). TLS material and the
 * server context are built this way so that a JVM whose tests never use TLS does not pay for it (~1
 * s for the first server in a JVM: BouncyCastle, key generation, the JDK SSL context).
 */
public final class Lazy<T> implements Supplier<T> {
  private final Supplier<T> compute;
  private volatile T value;

  public Lazy(Supplier<T> compute) {
    this.compute = Objects.requireNonNull(compute);
  }

  @Override
  public T get() {
    T v = value;
    if (v == null) {
      synchronized (this) {
        v = value;
        if (v == null) {
          v = Objects.requireNonNull(compute.get());
          value = v;
        }
      }
    }
    return v;
  }
}
