package dev.fakemail.internal.smtp;

import dev.fakemail.Protocol;
import dev.fakemail.internal.auth.AuthPolicy;
import java.util.HashSet;
import java.util.Set;
import org.apache.james.protocols.api.Request;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.api.handler.CommandDispatcher;
import org.apache.james.protocols.api.handler.CommandHandler;
import org.apache.james.protocols.smtp.SMTPResponse;
import org.apache.james.protocols.smtp.SMTPSession;

/**
 * James's command dispatcher with require-TLS mode ({@link
 * dev.fakemail.FakeMailConfig.Builder#requireTls}) in front: on a plain SMTP connection every
 * command the server knows, other than those in {@link #BEFORE_TLS}, is answered {@code 530 5.7.0
 * Must issue a STARTTLS command first} (RFC 3207 §4) without running. Unknown commands still get
 * their {@code 500}, as in Postfix. A connection on TLS (after STARTTLS, or on the SMTPS port) is
 * never affected; LMTP does not use this dispatcher.
 */
class RequireTlsDispatcher extends CommandDispatcher<SMTPSession> {
  /**
   * RFC 3207 §4 names NOOP, EHLO, STARTTLS and QUIT. HELO is allowed too, as Postfix does (smtpd's
   * {@code SMTPD_CMD_FLAG_PRE_TLS}): it only greets. RSET is allowed because it can change nothing
   * before TLS (no transaction can have started) and clients send it after any refused command
   * (Angus after the 530 to MAIL): a second 530 would only be noise. RFC 4954 §6 exempts the same
   * six commands from its {@code 530 Authentication required}.
   */
  static final Set<String> BEFORE_TLS = Set.of("EHLO", "HELO", "STARTTLS", "NOOP", "RSET", "QUIT");

  static final Response MUST_STARTTLS =
      new SMTPResponse("530", "5.7.0 Must issue a STARTTLS command first").immutable();

  private final AuthPolicy auth;
  private final Set<String> known = new HashSet<>();

  RequireTlsDispatcher(AuthPolicy auth) {
    this.auth = auth;
  }

  @Override
  protected void addToMap(String commandName, CommandHandler<SMTPSession> cmdHandler) {
    super.addToMap(commandName, cmdHandler);
    known.add(commandName);
  }

  @Override
  protected Response dispatchCommandHandlers(SMTPSession session, Request request) {
    Response refusal = refusal(session, request);
    return refusal != null ? refusal : super.dispatchCommandHandlers(session, request);
  }

  /** {@link #MUST_STARTTLS} if require-TLS mode refuses the command, otherwise {@code null}. */
  final Response refusal(SMTPSession session, Request request) {
    String command = request.getCommand();
    if (!BEFORE_TLS.contains(command)
        && known.contains(command)
        && !command.equals(getUnknownCommandHandlerIdentifier())
        && auth.tlsRequired(Protocol.SMTP, session.isTLSStarted())) {
      return MUST_STARTTLS;
    }
    return null;
  }
}
