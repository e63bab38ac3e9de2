package dev.fakemail.internal.imap.message;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A growable byte array without the locking of {@code ByteArrayOutputStream}. Not thread-safe. */
final class ByteBuilder {
  private byte[] bytes;
  private int length;

  ByteBuilder() {
    this(64);
  }

  ByteBuilder(int capacity) {
    bytes = new byte[Math.max(capacity, 16)];
  }

  int length() {
    return length;
  }

  byte at(int index) {
    return bytes[index];
  }

  ByteBuilder append(byte b) {
    ensure(1);
    bytes[length++] = b;
    return this;
  }

  ByteBuilder append(char c) {
    return append((byte) c);
  }

  ByteBuilder append(byte[] source) {
    return append(source, 0, source.length);
  }

  ByteBuilder append(byte[] source, int from, int to) {
    int n = to - from;
    ensure(n);
    System.arraycopy(source, from, bytes, length, n);
    length += n;
    return this;
  }

  /** ASCII text (atoms, numbers, punctuation). */
  ByteBuilder ascii(String text) {
    ensure(text.length());
    for (int i = 0; i < text.length(); i++) {
      bytes[length++] = (byte) text.charAt(i);
    }
    return this;
  }

  ByteBuilder number(long value) {
    return ascii(Long.toString(value));
  }

  void truncate(int newLength) {
    length = newLength;
  }

  byte[] toByteArray() {
    return Arrays.copyOf(bytes, length);
  }

  @Override
  public String toString() {
    return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
  }

  private void ensure(int more) {
    if (length + more > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
    }
  }
}
