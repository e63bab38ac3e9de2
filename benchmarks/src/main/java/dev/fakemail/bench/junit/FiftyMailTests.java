package dev.fakemail.bench.junit;

import org.junit.jupiter.api.Test;

/**
 * Row 2's test class: 50 trivial tests, each sends one mail with Jakarta Mail (Angus) and awaits it
 * with the tool's own API. The subclasses differ only in how they get a server, as their users
 * would write it. Not run by Surefire (this module has no tests); {@code SuiteCost} runs each
 * subclass through the JUnit Platform Launcher in a fresh JVM.
 */
public abstract class FiftyMailTests {
  /** How many tests this class has. */
  public static final int TESTS = 50;

  /** Sends one message with this subject to the server under test and waits until it is stored. */
  abstract void sendAndAwait(String subject) throws Exception;

  @Test
  void mail01() throws Exception {
    sendAndAwait("suite-cost 01");
  }

  @Test
  void mail02() throws Exception {
    sendAndAwait("suite-cost 02");
  }

  @Test
  void mail03() throws Exception {
    sendAndAwait("suite-cost 03");
  }

  @Test
  void mail04() throws Exception {
    sendAndAwait("suite-cost 04");
  }

  @Test
  void mail05() throws Exception {
    sendAndAwait("suite-cost 05");
  }

  @Test
  void mail06() throws Exception {
    sendAndAwait("suite-cost 06");
  }

  @Test
  void mail07() throws Exception {
    sendAndAwait("suite-cost 07");
  }

  @Test
  void mail08() throws Exception {
    sendAndAwait("suite-cost 08");
  }

  @Test
  void mail09() throws Exception {
    sendAndAwait("suite-cost 09");
  }

  @Test
  void mail10() throws Exception {
    sendAndAwait("suite-cost 10");
  }

  @Test
  void mail11() throws Exception {
    sendAndAwait("suite-cost 11");
  }

  @Test
  void mail12() throws Exception {
    sendAndAwait("suite-cost 12");
  }

  @Test
  void mail13() throws Exception {
    sendAndAwait("suite-cost 13");
  }

  @Test
  void mail14() throws Exception {
    sendAndAwait("suite-cost 14");
  }

  @Test
  void mail15() throws Exception {
    sendAndAwait("suite-cost 15");
  }

  @Test
  void mail16() throws Exception {
    sendAndAwait("suite-cost 16");
  }

  @Test
  void mail17() throws Exception {
    sendAndAwait("suite-cost 17");
  }

  @Test
  void mail18() throws Exception {
    sendAndAwait("suite-cost 18");
  }

  @Test
  void mail19() throws Exception {
    sendAndAwait("suite-cost 19");
  }

  @Test
  void mail20() throws Exception {
    sendAndAwait("suite-cost 20");
  }

  @Test
  void mail21() throws Exception {
    sendAndAwait("suite-cost 21");
  }

  @Test
  void mail22() throws Exception {
    sendAndAwait("suite-cost 22");
  }

  @Test
  void mail23() throws Exception {
    sendAndAwait("suite-cost 23");
  }

  @Test
  void mail24() throws Exception {
    sendAndAwait("suite-cost 24");
  }

  @Test
  void mail25() throws Exception {
    sendAndAwait("suite-cost 25");
  }

  @Test
  void mail26() throws Exception {
    sendAndAwait("suite-cost 26");
  }

  @Test
  void mail27() throws Exception {
    sendAndAwait("suite-cost 27");
  }

  @Test
  void mail28() throws Exception {
    sendAndAwait("suite-cost 28");
  }

  @Test
  void mail29() throws Exception {
    sendAndAwait("suite-cost 29");
  }

  @Test
  void mail30() throws Exception {
    sendAndAwait("suite-cost 30");
  }

  @Test
  void mail31() throws Exception {
    sendAndAwait("suite-cost 31");
  }

  @Test
  void mail32() throws Exception {
    sendAndAwait("suite-cost 32");
  }

  @Test
  void mail33() throws Exception {
    sendAndAwait("suite-cost 33");
  }

  @Test
  void mail34() throws Exception {
    sendAndAwait("suite-cost 34");
  }

  @Test
  void mail35() throws Exception {
    sendAndAwait("suite-cost 35");
  }

  @Test
  void mail36() throws Exception {
    sendAndAwait("suite-cost 36");
  }

  @Test
  void mail37() throws Exception {
    sendAndAwait("suite-cost 37");
  }

  @Test
  void mail38() throws Exception {
    sendAndAwait("suite-cost 38");
  }

  @Test
  void mail39() throws Exception {
    sendAndAwait("suite-cost 39");
  }

  @Test
  void mail40() throws Exception {
    sendAndAwait("suite-cost 40");
  }

  @Test
  void mail41() throws Exception {
    sendAndAwait("suite-cost 41");
  }

  @Test
  void mail42() throws Exception {
    sendAndAwait("suite-cost 42");
  }

  @Test
  void mail43() throws Exception {
    sendAndAwait("suite-cost 43");
  }

  @Test
  void mail44() throws Exception {
    sendAndAwait("suite-cost 44");
  }

  @Test
  void mail45() throws Exception {
    sendAndAwait("suite-cost 45");
  }

  @Test
  void mail46() throws Exception {
    sendAndAwait("suite-cost 46");
  }

  @Test
  void mail47() throws Exception {
    sendAndAwait("suite-cost 47");
  }

  @Test
  void mail48() throws Exception {
    sendAndAwait("suite-cost 48");
  }

  @Test
  void mail49() throws Exception {
    sendAndAwait("suite-cost 49");
  }

  @Test
  void mail50() throws Exception {
    sendAndAwait("suite-cost 50");
  }
}
