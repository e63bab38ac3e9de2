package dev.fakemail.internal.transcript;

import dev.fakemail.Transcript;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.api.ProtocolSessionImpl;

/**
 * The session transcripts of one server: the newest {@link TranscriptSettings#maxTranscripts} ones,
 * open or closed, in the order the connections came.
 *
 * <p>Cleared with the mail: {@link #clear()} forgets every transcript (a session still open goes on
 * recording, unlisted, for its messages' {@link dev.fakemail.ReceivedMail#transcript()}); {@link
 * #clearFor(String)} hides from one address's view the sessions that began before it.
 *
 * <p>Thread-safe. Lock order: this log, then a recorder; a recorder never calls back.
 */
public final class TranscriptLog {
  private final TranscriptSettings settings;
  private final ArrayDeque<SessionRecorder> sessions = new ArrayDeque<>(); // guarded by this
  private final ConcurrentHashMap<String, Long> watermarks = new ConcurrentHashMap<>();
  private long lastSeq; // guarded by this

  public TranscriptLog(TranscriptSettings settings) {
    this.settings = settings;
  }

  /** A log that records nothing. */
  public static TranscriptLog disabled() {
    return new TranscriptLog(new TranscriptSettings(0, 10, 1024, false, 0));
  }

  public boolean enabled() {
    return settings.enabled();
  }

  /**
   * Starts recording a connection.
   *
   * @param tls whether the connection began on TLS (an implicit-TLS listener)
   * @return the recorder, or {@code null} when recording is off
   */
  public SessionRecorder open(Dialect dialect, boolean tls, InetSocketAddress client) {
    if (!settings.enabled()) {
      return null;
    }
    synchronized (this) {
      SessionRecorder r = new SessionRecorder(++lastSeq, dialect, tls, client, settings);
      sessions.addLast(r);
      while (sessions.size() > settings.maxTranscripts) {
        sessions.pollFirst();
      }
      return r;
    }
  }

  /** Every kept transcript, oldest first, as recorded now. */
  public List<Transcript> list() {
    List<Transcript> all = new ArrayList<>();
    for (SessionRecorder r : recorders()) {
      all.add(r.snapshot());
    }
    return List.copyOf(all);
  }

  /**
   * The kept transcripts of the sessions that involved this address (a recipient named in RCPT TO,
   * or the POP3 user) and began after the address's inbox was last cleared, oldest first.
   */
  public List<Transcript> list(String address) {
    long after = watermarks.getOrDefault(key(address), 0L);
    List<Transcript> mine = new ArrayList<>();
    for (SessionRecorder r : recorders()) {
      if (r.seq() > after && r.involves(address.trim())) {
        mine.add(r.snapshot());
      }
    }
    return List.copyOf(mine);
  }

  /** The kept transcript with this id, as recorded now. */
  public Optional<Transcript> find(String id) {
    for (SessionRecorder r : recorders()) {
      if (r.id().equals(id)) {
        return Optional.of(r.snapshot());
      }
    }
    return Optional.empty();
  }

  /**
   * Like {@link #find(String)}, for an address's inbox: empty unless the session involved the
   * address and began after the inbox was last cleared.
   */
  public Optional<Transcript> find(String address, String id) {
    long after = watermarks.getOrDefault(key(address), 0L);
    for (SessionRecorder r : recorders()) {
      if (r.id().equals(id) && r.seq() > after && r.involves(address.trim())) {
        return Optional.of(r.snapshot());
      }
    }
    return Optional.empty();
  }

  /** Forgets every transcript. */
  public synchronized void clear() {
    sessions.clear();
  }

  /** Hides the sessions so far from the view of this address's inbox. */
  public void clearFor(String address) {
    long last;
    synchronized (this) {
      last = lastSeq;
    }
    watermarks.merge(key(address), last, Math::max);
  }

  private synchronized List<SessionRecorder> recorders() {
    return new ArrayList<>(sessions);
  }

  private static String key(String address) {
    return address.trim().toLowerCase(Locale.ROOT);
  }

  /**
   * The recorder of a James session, found through its transport; {@code null} when the session is
   * not recorded. The rules engine reports a rule firing with {@code
   * recorderOf(session).ruleFired(…)} after a null check.
   */
  public static SessionRecorder recorderOf(ProtocolSession session) {
    if (session instanceof ProtocolSessionImpl
        && ((ProtocolSessionImpl) session).getProtocolTransport() instanceof Recorded) {
      return ((Recorded) ((ProtocolSessionImpl) session).getProtocolTransport()).recorder();
    }
    return null;
  }

  /** A transport that records its session. */
  public interface Recorded {
    SessionRecorder recorder();
  }
}
