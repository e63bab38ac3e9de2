package dev.fakemail.internal.smtp;

import dev.fakemail.Envelope;
import dev.fakemail.SmtpPhase;
import dev.fakemail.internal.behavior.Decision;
import dev.fakemail.internal.store.MailStore;
import dev.fakemail.internal.transcript.TranscriptLog;
import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.protocols.api.ProtocolSession.State;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.api.handler.LineHandler;
import org.apache.james.protocols.lmtp.LMTPMultiResponse;
import org.apache.james.protocols.smtp.SMTPResponse;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.core.DataLineFilter;

/**
 * Receives the content of DATA and stores it; for LMTP, answers with one reply per recipient.
 * Replaces James's {@code DataLineMessageHookHandler} and {@code ReceivedDataLineFilter}: the end
 * of data is recognised after CRLF and after a bare LF (hand-typed sessions), the bytes are stored
 * as sent, and nothing is prepended unless a {@code Received:} header is configured — then one
 * without any DNS lookup.
 */
final class DataCapture implements DataLineFilter {
  private final MailStore store;
  private final SmtpSettings settings;
  private final SmtpRules rules; // null: LMTP, which no rule touches

  DataCapture(MailStore store, SmtpSettings settings, SmtpRules rules) {
    this.store = store;
    this.settings = settings;
    this.rules = rules;
  }

  @Override
  public Response onLine(SMTPSession smtpSession, byte[] line, LineHandler<SMTPSession> next) {
    SmtpSession session = (SmtpSession) smtpSession;
    if (session.closeAfterBytes() >= 0) {
      // a rule drops the connection mid-content: at its byte count, or at the end of the content
      // if that comes first; nothing is stored
      if (isEndOfData(line) || session.countContent(line.length) >= session.closeAfterBytes()) {
        session.control().disconnect();
      }
      return null;
    }
    if (isEndOfData(line)) {
      if (rules != null && !rules.isEmpty() && session.failure() == SmtpSession.Failure.NONE) {
        Decision decision =
            rules.engine().decide(SmtpPhase.END_OF_DATA, SmtpRules.dataFacts(session));
        if (decision != null) {
          return SmtpRules.carryOut(
              session, SmtpPhase.END_OF_DATA, decision, d -> endOfData(session, d));
        }
      }
      return finish(session);
    }
    session.appendLine(line);
    return null;
  }

  /** Called as DATA is accepted, before the first content line. */
  void begin(SmtpSession session) {
    session.beginData();
    if (settings.receivedHeader()) {
      byte[] header = receivedHeader(session).getBytes(StandardCharsets.UTF_8);
      session.append(header, 0, header.length);
    }
  }

  /** The end of data as a rule decided: refused, dropped, or (after a delay) as usual. */
  private Response endOfData(SmtpSession session, Decision decision) {
    switch (decision.kind()) {
      case REPLY:
        try {
          return SmtpRules.reply(decision); // nothing stored; the transaction ends
        } finally {
          endTransaction(session);
        }
      case DROP:
        try {
          accepted(session);
          return new SMTPResponse("250", "2.0.0 Ok: queued as " + rules.engine().droppedId());
        } finally {
          endTransaction(session);
        }
      default:
        return finish(session);
    }
  }

  /** A message was accepted: counted for the rate limits. */
  private void accepted(SmtpSession session) {
    session.messageAccepted();
    if (rules != null) {
      rules.engine().messageAccepted();
    }
  }

  private static void endTransaction(SmtpSession session) {
    session.endData();
    session.popLineHandler();
    session.resetState();
  }

  private Response finish(SmtpSession session) {
    try {
      Response failure = failure(session);
      String queued = null;
      if (failure == null) {
        queued =
            store
                .add(
                    envelope(session),
                    session.buffer(),
                    0,
                    session.length(),
                    TranscriptLog.recorderOf(session))
                .id();
        accepted(session);
      }
      if (!settings.isLmtp()) {
        return failure != null ? failure : new SMTPResponse("250", "2.0.0 Ok: queued as " + queued);
      }
      // RFC 2033 §4.2: one reply per accepted recipient, in RCPT order
      List<Response> replies = new ArrayList<>();
      for (MailAddress rcpt : recipients(session)) {
        replies.add(
            failure != null
                ? failure
                : new SMTPResponse(
                    "250", "2.0.0 <" + rcpt.asString() + "> Ok: queued as " + queued));
      }
      return LMTPMultiResponse.of(replies);
    } finally {
      endTransaction(session);
    }
  }

  /** The reply for a message that cannot be stored, or {@code null} when it can. */
  private Response failure(SmtpSession session) {
    switch (session.failure()) {
      case TOO_BIG:
        return new SMTPResponse(
            "552",
            "5.3.4 Message size exceeds fixed maximum message size of "
                + settings.getMaxMessageSize()
                + " bytes; it was not stored");
      case LINE_TOO_LONG:
        return new SMTPResponse(
            "554",
            "5.6.0 Line "
                + session.failedLine()
                + " of the message is longer than the limit of "
                + settings.maxLineLength()
                + " bytes; it was not stored");
      default:
        return null;
    }
  }

  private static List<MailAddress> recipients(SmtpSession session) {
    return session.getAttachment(SMTPSession.RCPT_LIST, State.Transaction).orElse(List.of());
  }

  static Envelope envelope(SmtpSession session) {
    Envelope.Builder b = Envelope.builder();
    MaybeSender sender =
        session
            .getAttachment(SMTPSession.SENDER, State.Transaction)
            .orElse(MaybeSender.nullSender());
    b.mailFrom(sender.isNullSender() ? "" : sender.asString());
    List<MailAddress> recipients = recipients(session);
    List<String> rcpt = new ArrayList<>(recipients.size());
    for (MailAddress a : recipients) {
      rcpt.add(a.asString());
    }
    b.recipients(rcpt);
    b.heloName(session.getAttachment(SMTPSession.CURRENT_HELO_NAME, State.Connection).orElse(""));
    b.clientAddress(session.getRemoteAddress());
    b.tls(session.tls());
    b.authenticated(session.authenticatedUser(), session.authMechanism());
    for (Map.Entry<String, String> p : session.mailParameters().entrySet()) {
      b.mailParameter(p.getKey(), p.getValue());
    }
    return b.build();
  }

  private String receivedHeader(SmtpSession session) {
    String helo =
        session.getAttachment(SMTPSession.CURRENT_HELO_NAME, State.Connection).orElse("unknown");
    String mode =
        session.getAttachment(SMTPSession.CURRENT_HELO_MODE, State.Connection).orElse("HELO");
    String with = settings.isLmtp() ? "LMTP" : "EHLO".equals(mode) ? "ESMTP" : "SMTP";
    if (session.isTLSStarted()) {
      with += "S";
    }
    if (session.authenticatedUser() != null) {
      with += "A";
    }
    List<MailAddress> recipients = recipients(session);
    StringBuilder sb = new StringBuilder(160);
    sb.append("Received: from ")
        .append(helo)
        .append(" ([")
        .append(session.getRemoteAddress().getAddress().getHostAddress())
        .append("])\r\n\tby ")
        .append(settings.hostname())
        .append(" (FakeMail) with ")
        .append(with);
    if (recipients.size() == 1) {
      sb.append("\r\n\tfor <").append(recipients.get(0).asString()).append('>');
    }
    sb.append(";\r\n\t")
        .append(
            DateTimeFormatter.RFC_1123_DATE_TIME
                .withLocale(Locale.ROOT)
                .format(ZonedDateTime.now()))
        .append("\r\n");
    return sb.toString();
  }

  /** {@code .CRLF} or, from hand-typed sessions, {@code .LF}. */
  static boolean isEndOfData(byte[] line) {
    return line.length > 0
        && line[0] == '.'
        && ((line.length == 3 && line[1] == '\r' && line[2] == '\n')
            || (line.length == 2 && line[1] == '\n'));
  }
}
