package dev.fakemail.internal.smtp;

import dev.fakemail.Envelope;
import dev.fakemail.RegisteredRule;
import dev.fakemail.SmtpPhase;
import dev.fakemail.TlsMode;
import dev.fakemail.internal.net.SessionControl;
import dev.fakemail.internal.transcript.SessionRecorder;
import dev.fakemail.internal.transcript.TranscriptLog;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import javax.net.ssl.SSLSession;
import org.apache.james.protocols.api.ProtocolTransport;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.smtp.SMTPResponse;
import org.apache.james.protocols.smtp.SMTPSessionImpl;

/**
 * One SMTP connection's state: James's session plus the message being received. The DATA buffer
 * lives here (not in a James attachment) so each line is appended with one copy, and it is reused
 * for the next message of the same connection.
 */
final class SmtpSession extends SMTPSessionImpl implements SessionControl.Aware {
  /** Buffers larger than this are not kept between messages. */
  private static final int KEEP_BUFFER_BYTES = 1 << 20;

  enum Failure {
    NONE,
    TOO_BIG,
    LINE_TOO_LONG
  }

  private static final Response FATAL_ERROR =
      new SMTPResponse("451", "4.3.0 Internal server error; please try again").immutable();

  private final SmtpSettings settings;

  /**
   * Whether the connection was on TLS from its first byte (an implicit-TLS listener puts its {@code
   * SslHandler} in the pipeline before the session exists); otherwise TLS can only come from
   * STARTTLS.
   */
  private final boolean implicitTls;

  private byte[] buffer;
  private int length;
  private boolean inData;
  private int lines;
  private Failure failure = Failure.NONE;
  private int failedLine;
  private Map<String, String> mailParameters = Map.of();
  private String authenticatedUser;
  private String authMechanism;
  private boolean authExchange;

  // ---- what the SMTP rules changed in this session (RuleDispatcher, RuleGreeting, DataCapture)
  private SessionControl control;
  private boolean refusedAtGreeting;
  private Set<String> hiddenCommands = Set.of();
  private long closeAfterBytes = -1;
  private long contentBytes;
  private int acceptedMessages;

  SmtpSession(ProtocolTransport transport, SmtpSettings settings) {
    super(transport, settings);
    this.settings = settings;
    this.implicitTls = transport.isTLSStarted();
  }

  /**
   * How this connection is encrypted now, for the envelope: the mode, and the protocol and cipher
   * suite of the {@code SslHandler}'s engine; {@code null} in plain text.
   */
  Envelope.Tls tls() {
    if (!isTLSStarted()) {
      return null;
    }
    SSLSession ssl = getSSLSession().orElse(null);
    if (ssl == null) {
      return null;
    }
    return Envelope.Tls.of(
        implicitTls ? TlsMode.IMPLICIT : TlsMode.STARTTLS, ssl.getProtocol(), ssl.getCipherSuite());
  }

  /** Called when the server answers DATA with 354: from now on lines are message content. */
  void beginData() {
    inData = true;
    length = 0;
    lines = 0;
    failure = Failure.NONE;
  }

  boolean inData() {
    return inData;
  }

  /** Appends one DATA line (delimiter included), undoing dot-stuffing. */
  void appendLine(byte[] line) {
    lines++;
    if (failure != Failure.NONE) {
      return; // discard the rest; the client is told at the final dot
    }
    int from = line.length > 1 && line[0] == '.' ? 1 : 0;
    append(line, from, line.length - from);
  }

  void append(byte[] bytes, int from, int count) {
    long max = settings.getMaxMessageSize();
    if (max > 0 && (long) length + count > max) {
      failure = Failure.TOO_BIG;
      releaseBuffer();
      return;
    }
    if (buffer == null) {
      buffer = new byte[8192];
    }
    if (length + count > buffer.length) {
      int wanted = Math.max(length + count, buffer.length * 2);
      buffer = Arrays.copyOf(buffer, max > 0 ? (int) Math.min(wanted, max) : wanted);
    }
    System.arraycopy(bytes, from, buffer, length, count);
    length += count;
  }

  byte[] buffer() {
    return buffer;
  }

  int length() {
    return length;
  }

  Failure failure() {
    return failure;
  }

  int failedLine() {
    return failedLine;
  }

  /** Ends the DATA phase, whatever its outcome. */
  void endData() {
    inData = false;
    length = 0;
    if (buffer != null && buffer.length > KEEP_BUFFER_BYTES) {
      releaseBuffer();
    }
  }

  private void releaseBuffer() {
    buffer = null;
    length = 0;
  }

  /** The user name given to AUTH, exactly as sent; {@code null} before AUTH succeeds. */
  String authenticatedUser() {
    return authenticatedUser;
  }

  /** The SASL mechanism AUTH used, e.g. {@code PLAIN}; {@code null} before AUTH succeeds. */
  String authMechanism() {
    return authMechanism;
  }

  void authenticated(String user, String mechanism) {
    this.authenticatedUser = user;
    this.authMechanism = mechanism;
    SessionRecorder recorder = user == null ? null : TranscriptLog.recorderOf(this);
    if (recorder != null) {
      recorder.loggedIn(user);
    }
  }

  /** Whether an AUTH exchange waits for the client's response to a {@code 334} challenge. */
  void authExchange(boolean waiting) {
    this.authExchange = waiting;
  }

  Map<String, String> mailParameters() {
    return mailParameters;
  }

  void mailParameters(LinkedHashMap<String, String> parameters) {
    this.mailParameters = parameters;
  }

  @Override
  public void resetState() {
    super.resetState();
    mailParameters = Map.of();
  }

  @Override
  public Response newFatalErrorResponse() {
    return FATAL_ERROR;
  }

  @Override
  public Response newLineTooLongResponse() {
    if (inData) {
      if (failure == Failure.NONE) {
        failure = Failure.LINE_TOO_LONG;
        failedLine = lines + 1;
        releaseBuffer();
      }
      lines++;
      return null; // reported after the final dot
    }
    if (authExchange) {
      // RFC 4954 §6: the exchange ends; the next line is a command again
      popLineHandler();
      authExchange = false;
      return AuthCommand.LINE_TOO_LONG;
    }
    return new SMTPResponse(
        "500", "5.5.2 Line too long (the limit is " + settings.maxLineLength() + " bytes)");
  }

  // ---------------------------------------------------------------- SMTP rules

  @Override
  public void control(SessionControl control) {
    this.control = control;
  }

  /** The connection's control: holds (delayed replies) and disconnects. */
  SessionControl control() {
    return control;
  }

  /**
   * A rule fired in this session: recorded on its transcript as the event {@code rule r3 fired at
   * RCPT_TO: SmtpRule{…}} and in {@link dev.fakemail.Transcript#rulesFired()} (bounded by the
   * transcript's limits, like every entry). Nothing is kept when transcripts are off.
   */
  void ruleFired(RegisteredRule snapshot, SmtpPhase phase) {
    SessionRecorder recorder = TranscriptLog.recorderOf(this);
    if (recorder != null) {
      recorder.ruleFired(snapshot.id(), phase.name(), snapshot.rule().toString());
    }
  }

  /** Whether anything the rules did still shapes this session: checked on the fast path. */
  boolean hasRuleState() {
    return refusedAtGreeting || !hiddenCommands.isEmpty();
  }

  /**
   * The greeting was a refusal other than 421 (RFC 5321 §3.1): every command but QUIT is answered
   * 503 from now on.
   */
  void refuseAtGreeting() {
    refusedAtGreeting = true;
  }

  boolean refusedAtGreeting() {
    return refusedAtGreeting;
  }

  /** The commands whose keyword the last EHLO reply left out (STARTTLS, AUTH): refused with 502. */
  void hiddenCommands(Set<String> commands) {
    this.hiddenCommands = Set.copyOf(commands);
  }

  boolean hides(String command) {
    return hiddenCommands.contains(command);
  }

  /** From now on, in DATA: close the connection after {@code bytes} of content. */
  void closeAfterBytes(long bytes) {
    this.closeAfterBytes = bytes;
    this.contentBytes = 0;
  }

  /** The byte count {@link #closeAfterBytes(long)} set, or -1. */
  long closeAfterBytes() {
    return closeAfterBytes;
  }

  /** Counts content bytes read under {@link #closeAfterBytes(long)}; returns the total. */
  long countContent(int bytes) {
    contentBytes += bytes;
    return contentBytes;
  }

  /** A message was accepted on this connection (250 at the end of data, stored or dropped). */
  void messageAccepted() {
    acceptedMessages++;
  }

  /** How many messages were accepted on this connection. */
  int acceptedMessages() {
    return acceptedMessages;
  }
}
