package dev.fakemail.internal.smtp;

import dev.fakemail.AuthMode;
import dev.fakemail.FakeMailConfig;
import dev.fakemail.internal.auth.AuthPolicy;
import dev.fakemail.internal.behavior.RuleEngine;
import dev.fakemail.internal.net.LineChannelInitializer;
import dev.fakemail.internal.net.NoopMetricFactory;
import dev.fakemail.internal.net.SessionChannelHandler;
import dev.fakemail.internal.net.tls.TlsSetup;
import dev.fakemail.internal.store.MailStore;
import dev.fakemail.internal.store.Users;
import dev.fakemail.internal.transcript.Dialect;
import org.apache.james.metrics.api.MetricFactory;
import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.api.ProtocolTransport;
import org.apache.james.protocols.api.handler.CommandDispatcher;
import org.apache.james.protocols.api.handler.WiringException;
import org.apache.james.protocols.smtp.SMTPConfiguration;
import org.apache.james.protocols.smtp.SMTPProtocol;
import org.apache.james.protocols.smtp.SMTPProtocolHandlerChain;
import org.apache.james.protocols.smtp.SMTPResponse;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.core.ExpnCmdHandler;
import org.apache.james.protocols.smtp.core.HelpCmdHandler;
import org.apache.james.protocols.smtp.core.MailCmdHandler;
import org.apache.james.protocols.smtp.core.NoopCmdHandler;
import org.apache.james.protocols.smtp.core.QuitCmdHandler;
import org.apache.james.protocols.smtp.core.RsetCmdHandler;
import org.apache.james.protocols.smtp.core.UnknownCmdHandler;
import org.apache.james.protocols.smtp.core.WelcomeMessageHandler;
import org.apache.james.protocols.smtp.core.fastfail.MaxRcptHandler;

/**
 * SMTP and LMTP on Apache James Protocols: James's command handlers, wired into our chain with our
 * DATA capture, SIZE, VRFY and AUTH handlers and require-TLS mode, served by our own Netty
 * pipeline. LMTP (RFC 2033) is the same chain with LHLO instead of HELO/EHLO, no AUTH, one reply
 * per recipient after DATA and, in {@link dev.fakemail.AuthMode#USERS}, only configured users as
 * recipients.
 */
public final class SmtpService {
  private final SMTPProtocol protocol;
  private final SmtpSettings settings;
  private final SessionChannelHandler.Wiring wiring;

  private SmtpService(MailStore store, SmtpSettings settings, AuthPolicy auth, TlsSetup startTls) {
    this.settings = settings;
    Users users = auth.users();
    boolean lmtp = settings.isLmtp();
    MetricFactory metrics = new NoopMetricFactory();
    // SMTP rules act on SMTP and SMTPS only; LMTP is never affected
    SmtpRules rules =
        lmtp
            ? null
            : new SmtpRules(
                new RuleEngine(store.rules(), users::isConfigured, settings.hostname()),
                settings.hostname());
    DataCapture capture = new DataCapture(store, settings, rules);
    SMTPProtocolHandlerChain chain = new SMTPProtocolHandlerChain(metrics, false);
    // LMTP has no STARTTLS, so require-TLS never applies to it
    chain.add(lmtp ? new CommandDispatcher<SMTPSession>() : new RuleDispatcher(auth, rules));
    if (lmtp) {
      chain.add(new SmtpCommands.Lhlo(metrics));
    } else {
      chain.add(new SmtpCommands.Ehlo(metrics));
      chain.add(new SmtpCommands.Helo(metrics));
    }
    if (startTls != null && !lmtp) {
      chain.add(new SmtpCommands.StartTls()); // RFC 3207; EHLO lists STARTTLS until TLS is on
    }
    chain.add(new HelpCmdHandler());
    chain.add(new ExpnCmdHandler());
    chain.add(new SmtpCommands.MailGuard()); // before James's MAIL handler
    chain.add(new MailCmdHandler(metrics));
    chain.add(new SmtpCommands.Rcpt(metrics, settings.hostname()));
    chain.add(new SmtpCommands.Data(metrics, capture));
    chain.add(new NoopCmdHandler());
    chain.add(new RsetCmdHandler());
    chain.add(new SmtpCommands.Vrfy());
    chain.add(new QuitCmdHandler(metrics));
    chain.add(new UnknownCmdHandler(metrics));
    chain.add(lmtp ? new WelcomeMessageHandler() : new RuleGreeting(rules));
    chain.add(new SmtpCommands.Size());
    chain.add(capture);
    if (!lmtp) {
      chain.add(new AuthCommand(auth));
    } else if (users.mode() == AuthMode.USERS) {
      chain.add(new SmtpCommands.KnownRecipients(users));
    }
    if (settings.maxRecipients() > 0) {
      MaxRcptHandler maxRcpt = new MaxRcptHandler();
      maxRcpt.setMaxRcpt(settings.maxRecipients());
      chain.add(maxRcpt);
    }
    try {
      chain.wireExtensibleHandlers();
    } catch (WiringException e) {
      throw new IllegalStateException((lmtp ? "LMTP" : "SMTP") + " handler chain is miswired", e);
    }
    this.protocol =
        new SMTPProtocol(chain, settings) {
          @Override
          public ProtocolSession newSession(ProtocolTransport transport) {
            return new SmtpSession(transport, (SmtpSettings) getConfiguration());
          }
        };
    SMTPResponse idle =
        new SMTPResponse(
            "421", "4.4.2 " + settings.hostname() + " Error: timeout exceeded, closing connection");
    idle.setEndSession(true);
    this.wiring =
        new SessionChannelHandler.Wiring(
            protocol,
            idle,
            lmtp ? null : startTls,
            store.transcripts(),
            lmtp ? Dialect.LMTP : Dialect.SMTP);
  }

  /** The SMTP service; STARTTLS upgrades to {@code startTls}, not offered when {@code null}. */
  public static SmtpService smtp(
      MailStore store, FakeMailConfig config, AuthPolicy auth, TlsSetup startTls) {
    return new SmtpService(store, new SmtpSettings(config), auth, startTls);
  }

  /** The LMTP service. */
  public static SmtpService lmtp(MailStore store, FakeMailConfig config, AuthPolicy auth) {
    return new SmtpService(store, SmtpSettings.lmtp(config), auth, null);
  }

  public SMTPConfiguration settings() {
    return settings;
  }

  /** The pipeline for each accepted SMTP connection. */
  public LineChannelInitializer channelInitializer() {
    return new LineChannelInitializer(
        settings.maxLineLength(), settings.idleTimeout(), () -> new SessionChannelHandler(wiring));
  }
}
