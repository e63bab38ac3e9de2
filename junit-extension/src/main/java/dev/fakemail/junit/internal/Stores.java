package dev.fakemail.junit.internal;

import java.util.function.Function;
import org.junit.jupiter.api.extension.ExtensionContext;

/** Store access shared by the extensions. Not API. */
public final class Stores {
  private Stores() {}

  /**
   * The value stored under {@code key} in this store or in one of its ancestors; when there is
   * none, {@code creator} computes it (once, even under concurrent calls) and it is stored here.
   *
   * <p>Calls {@code getOrComputeIfAbsent}: deprecated in JUnit 6 in favour of {@code
   * computeIfAbsent}, which JUnit 5.10 to 5.12 do not have. Both look in the ancestors first.
   */
  @SuppressWarnings("deprecation")
  public static <K, V> V getOrCompute(
      ExtensionContext.Store store, K key, Function<K, V> creator, Class<V> type) {
    return store.getOrComputeIfAbsent(key, creator, type);
  }
}
