package dev.fakemail.internal.transcript;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;
import java.util.RandomAccess;

/**
 * A list that only grows, whose {@link #view()} is an immutable snapshot made without copying: the
 * elements a view covers are never written again (a full array is replaced, not changed), so a
 * snapshot per stored message costs the same in a session's first message as in its ten thousandth.
 * Not thread-safe; the views are (their fields are final).
 */
public final class AppendOnly<T> {
  private Object[] array;
  private int size;
  private View<T> last; // the latest view: reused while nothing was added since

  AppendOnly(int capacity) {
    this.array = new Object[Math.max(1, capacity)];
  }

  void add(T element) {
    if (size == array.length) {
      array = Arrays.copyOf(array, array.length * 2);
    }
    array[size++] = element;
  }

  int size() {
    return size;
  }

  List<T> view() {
    if (size == 0) {
      return List.of();
    }
    // a long session's snapshots (one per stored message) share one view of what did not change
    if (last == null || last.size != size) {
      last = new View<>(array, size);
    }
    return last;
  }

  /** An immutable prefix of an array that is never written below {@code size} again. */
  static final class View<T> extends AbstractList<T> implements RandomAccess {
    private final Object[] array;
    private final int size;

    View(Object[] array, int size) {
      this.array = array;
      this.size = size;
    }

    @Override
    @SuppressWarnings("unchecked")
    public T get(int index) {
      java.util.Objects.checkIndex(index, size);
      return (T) array[index];
    }

    @Override
    public int size() {
      return size;
    }
  }

  /** Whether {@code list} is such a view, which needs no defensive copy. */
  public static boolean isView(List<?> list) {
    return list instanceof View;
  }
}
