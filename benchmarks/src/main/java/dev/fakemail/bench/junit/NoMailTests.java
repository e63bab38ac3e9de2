package dev.fakemail.bench.junit;

/**
 * Row 2's floor: the same 50 tests with no server and no mail, so the launcher run measures what
 * JUnit itself costs in a fresh JVM.
 */
public class NoMailTests extends FiftyMailTests {
  @Override
  void sendAndAwait(String subject) {
    // nothing: JUnit's own cost
  }
}
