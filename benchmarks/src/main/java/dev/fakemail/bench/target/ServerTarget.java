package dev.fakemail.bench.target;

import dev.fakemail.bench.Protocol;
import java.util.Set;

/** A mail server the benchmarks can start: FakeMail, GreenMail or smtp-sink. */
public interface ServerTarget {
  /** {@code fakemail}, {@code greenmail} or {@code smtp-sink}. */
  String id();

  /** Name and version for the report header. */
  String displayName();

  /** Every listener this server can run; the "every protocol" rows start all of them. */
  Set<Protocol> supported();

  /** Starts the server with these listeners on free loopback ports; returns once it accepts. */
  RunningServer start(Set<Protocol> protocols) throws Exception;

  /** The target with this id. */
  static ServerTarget byId(String id) {
    switch (id) {
      case FakeMailTarget.ID:
        return new FakeMailTarget();
      case GreenMailTarget.ID:
        return new GreenMailTarget();
      case SmtpSinkTarget.ID:
        return new SmtpSinkTarget();
      default:
        throw new IllegalArgumentException("Unknown server " + id);
    }
  }
}
