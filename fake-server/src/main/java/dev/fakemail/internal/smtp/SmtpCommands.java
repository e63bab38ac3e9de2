package dev.fakemail.internal.smtp;

import dev.fakemail.AuthMode;
import dev.fakemail.internal.store.Users;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.metrics.api.MetricFactory;
import org.apache.james.protocols.api.ProtocolSession.State;
import org.apache.james.protocols.api.Request;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.api.StartTlsResponse;
import org.apache.james.protocols.api.handler.CommandHandler;
import org.apache.james.protocols.lmtp.core.LhloCmdHandler;
import org.apache.james.protocols.smtp.SMTPResponse;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.core.DataCmdHandler;
import org.apache.james.protocols.smtp.core.HeloCmdHandler;
import org.apache.james.protocols.smtp.core.RcptCmdHandler;
import org.apache.james.protocols.smtp.core.esmtp.EhloCmdHandler;
import org.apache.james.protocols.smtp.core.esmtp.EhloExtension;
import org.apache.james.protocols.smtp.core.esmtp.StartTlsCmdHandler;
import org.apache.james.protocols.smtp.dsn.DSNStatus;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.apache.james.protocols.smtp.hook.MailParametersHook;
import org.apache.james.protocols.smtp.hook.RcptHook;

/** The small handlers we add to James's SMTP chain. */
final class SmtpCommands {
  private SmtpCommands() {}

  /** James's DATA command, telling our session where message content starts. */
  @SuppressWarnings("unchecked") // James declares a raw List in DataCmdHandler
  /**
   * STARTTLS (RFC 3207): James's command, plus §4.2 "the server MUST discard any knowledge obtained
   * from the client, such as the argument to the EHLO command": the greeting is forgotten, so the
   * client must send EHLO again over TLS (the transaction is reset by the session handler), and so
   * is an AUTH given in plain text, which the client must repeat over TLS: mail is never recorded
   * as sent over TLS by a user who logged in before it.
   */
  static final class StartTls extends StartTlsCmdHandler {
    @Override
    public Response onCommand(SMTPSession session, Request request) {
      Response response = super.onCommand(session, request);
      if (response instanceof StartTlsResponse) {
        session.removeAttachment(SMTPSession.CURRENT_HELO_NAME, State.Connection);
        session.removeAttachment(SMTPSession.CURRENT_HELO_MODE, State.Connection);
        ((SmtpSession) session).authenticated(null, null);
      }
      return response;
    }
  }

  static final class Data extends DataCmdHandler {
    private final DataCapture capture;

    Data(MetricFactory metricFactory, DataCapture capture) {
      super(metricFactory);
      this.capture = capture;
    }

    private static final Response START =
        new SMTPResponse("354", "End data with <CR><LF>.<CR><LF>").immutable();
    private static final Response NO_ARGUMENT =
        new SMTPResponse("501", "5.5.4 Syntax: DATA takes no argument").immutable();

    @Override
    protected Response doDATAFilter(SMTPSession session, String argument) {
      if (argument != null && !argument.isBlank()) {
        return NO_ARGUMENT;
      }
      return super.doDATAFilter(session, argument);
    }

    @Override
    protected Response doDATA(SMTPSession session, String argument) {
      super.doDATA(session, argument); // pushes the DATA line handler
      capture.begin((SmtpSession) session);
      return START;
    }
  }

  /**
   * James's RCPT, answering an unsupported RCPT parameter with RFC 5321's {@code 555} instead of
   * {@code 504} without an enhanced status code.
   */
  static final class Rcpt extends RcptCmdHandler {
    private final String defaultDomain;

    Rcpt(MetricFactory metricFactory, String defaultDomain) {
      super(metricFactory);
      this.defaultDomain = defaultDomain;
    }

    /**
     * {@code RCPT TO:<bob>} means bob at the server's host name, as a login name {@code bob} does.
     */
    @Override
    protected String getDefaultDomain() {
      return defaultDomain;
    }

    @Override
    protected Response doFilterChecks(SMTPSession session, String command, String argument) {
      Response response = super.doFilterChecks(session, command, argument);
      if (response != null && "504".equals(response.getRetCode())) {
        String line = response.getLines().get(0).toString();
        String option = line.substring(line.lastIndexOf(':') + 1).trim();
        return new SMTPResponse("555", "5.5.4 Unsupported RCPT TO parameter " + option);
      }
      return response;
    }
  }

  /**
   * Runs before James's MAIL handler. Refuses a second MAIL in one transaction itself, because
   * James's handler, on refusing it, also forgets the sender already accepted (the next RCPT would
   * get "503 Need MAIL"). Otherwise records the ESMTP parameters for the envelope and lets James's
   * handler answer.
   */
  static final class MailGuard implements CommandHandler<SMTPSession> {
    private static final Response SENDER_ALREADY_SPECIFIED =
        new SMTPResponse("503", "5.5.1 Sender already specified").immutable();

    @Override
    public Response onCommand(SMTPSession session, Request request) {
      if (session.getAttachment(SMTPSession.SENDER, State.Transaction).isPresent()) {
        return SENDER_ALREADY_SPECIFIED;
      }
      ((SmtpSession) session).mailParameters(parse(request.getArgument()));
      return null;
    }

    static LinkedHashMap<String, String> parse(String argument) {
      LinkedHashMap<String, String> parameters = new LinkedHashMap<>();
      if (argument == null) {
        return parameters;
      }
      int colon = argument.indexOf(':');
      String rest = colon < 0 ? argument : argument.substring(colon + 1).trim();
      int open = rest.indexOf('<');
      int close = open < 0 ? -1 : rest.indexOf('>', open);
      int paramsStart = close >= 0 ? close + 1 : rest.indexOf(' ');
      if (paramsStart < 0 || paramsStart >= rest.length()) {
        return parameters;
      }
      for (String token : rest.substring(paramsStart).trim().split("\\s+")) {
        if (token.isEmpty()) {
          continue;
        }
        int eq = token.indexOf('=');
        String name = (eq < 0 ? token : token.substring(0, eq)).toUpperCase(Locale.ROOT);
        parameters.put(name, eq < 0 ? "" : token.substring(eq + 1));
      }
      return parameters;
    }

    @Override
    public Collection<String> getImplCommands() {
      return Set.of("MAIL");
    }
  }

  /** James's EHLO, with the stray ')' of its first reply line removed. */
  static final class Ehlo extends EhloCmdHandler {
    Ehlo(MetricFactory metricFactory) {
      super(metricFactory);
    }

    @Override
    protected Response doCoreCmd(SMTPSession session, String command, String parameters) {
      return withoutStrayParenthesis(super.doCoreCmd(session, command, parameters));
    }
  }

  /** James's LMTP LHLO (RFC 2033 §4.1), with the stray ')' of its first reply line removed. */
  static final class Lhlo extends LhloCmdHandler {
    Lhlo(MetricFactory metricFactory) {
      super(metricFactory);
    }

    @Override
    protected Response doCoreCmd(SMTPSession session, String command, String parameters) {
      return withoutStrayParenthesis(super.doCoreCmd(session, command, parameters));
    }
  }

  /**
   * LMTP in {@link AuthMode#USERS}: a recipient that is not a configured user is refused at RCPT,
   * as a mail server refuses an unknown local user.
   */
  static final class KnownRecipients implements RcptHook {
    private final Users users;

    KnownRecipients(Users users) {
      this.users = users;
    }

    @Override
    public HookResult doRcpt(SMTPSession session, MaybeSender sender, MailAddress rcpt) {
      if (users.isKnown(rcpt.asString())) {
        return HookResult.DECLINED;
      }
      return HookResult.builder()
          .hookReturnCode(HookReturnCode.deny())
          .smtpReturnCode("550")
          .smtpDescription(
              DSNStatus.getStatus(DSNStatus.PERMANENT, DSNStatus.ADDRESS_MAILBOX)
                  + " <"
                  + rcpt.asString()
                  + ">: Recipient address rejected: User unknown")
          .build();
    }
  }

  /** James's HELO, with the stray ')' of its reply removed. */
  static final class Helo extends HeloCmdHandler {
    Helo(MetricFactory metricFactory) {
      super(metricFactory);
    }

    @Override
    protected Response doCoreCmd(SMTPSession session, String command, String parameters) {
      return withoutStrayParenthesis(super.doCoreCmd(session, command, parameters));
    }
  }

  private static Response withoutStrayParenthesis(Response response) {
    List<CharSequence> lines = response.getLines();
    if (lines.isEmpty() || !lines.get(0).toString().endsWith("])")) {
      return response;
    }
    String code = response.getRetCode();
    String first = lines.get(0).toString();
    // lines are "250-text" / "250 text"; rebuild without the code prefixes
    SMTPResponse fixed = new SMTPResponse(code, first.substring(4, first.length() - 1));
    for (int i = 1; i < lines.size(); i++) {
      fixed.appendLine(lines.get(i).toString().substring(4));
    }
    return fixed;
  }

  /** RFC 5321 §3.5.3: a server that will not verify answers 252 and accepts the mail anyway. */
  static final class Vrfy implements CommandHandler<SMTPSession> {
    @Override
    public Response onCommand(SMTPSession session, Request request) {
      String argument = request.getArgument();
      if (argument == null || argument.isBlank()) {
        return new SMTPResponse("501", "5.5.4 Syntax: VRFY <address>");
      }
      return new SMTPResponse(
          "252", "2.5.2 Cannot VRFY " + argument.trim() + ", but will accept mail for it");
    }

    @Override
    public Collection<String> getImplCommands() {
      return Set.of("VRFY");
    }
  }

  /** RFC 1870 SIZE: announced with the limit; a declared size over it is refused at MAIL FROM. */
  static final class Size implements MailParametersHook, EhloExtension {
    @Override
    public HookResult doMailParameter(SMTPSession session, String name, String value) {
      long max = session.getConfiguration().getMaxMessageSize();
      long size;
      try {
        size = Long.parseLong(value.trim());
      } catch (NumberFormatException e) {
        return deny(
            "501",
            DSNStatus.getStatus(DSNStatus.PERMANENT, DSNStatus.DELIVERY_INVALID_ARG)
                + " Syntactically incorrect value for SIZE parameter");
      }
      if (max > 0 && size > max) {
        return deny(
            "552",
            DSNStatus.getStatus(DSNStatus.PERMANENT, DSNStatus.SYSTEM_MSG_TOO_BIG)
                + " Message size exceeds fixed maximum message size of "
                + max
                + " bytes");
      }
      return HookResult.DECLINED;
    }

    @Override
    public String[] getMailParamNames() {
      return new String[] {"SIZE"};
    }

    @Override
    public List<String> getImplementedEsmtpFeatures(SMTPSession session) {
      long max = session.getConfiguration().getMaxMessageSize();
      return List.of(max > 0 ? "SIZE " + max : "SIZE");
    }

    private static HookResult deny(String code, String text) {
      return HookResult.builder()
          .hookReturnCode(HookReturnCode.deny())
          .smtpReturnCode(code)
          .smtpDescription(text)
          .build();
    }
  }
}
