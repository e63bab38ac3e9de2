package dev.fakemail.internal.pop3;

import dev.fakemail.FakeMailConfig;
import dev.fakemail.internal.auth.AuthPolicy;
import dev.fakemail.internal.net.LineChannelInitializer;
import dev.fakemail.internal.net.NoopMetricFactory;
import dev.fakemail.internal.net.SessionChannelHandler;
import dev.fakemail.internal.net.tls.TlsSetup;
import dev.fakemail.internal.store.Mailboxes;
import dev.fakemail.internal.store.Users;
import dev.fakemail.internal.transcript.Dialect;
import dev.fakemail.internal.transcript.TranscriptLog;
import java.time.Duration;
import org.apache.james.metrics.api.MetricFactory;
import org.apache.james.protocols.api.ProtocolConfiguration;
import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.api.ProtocolTransport;
import org.apache.james.protocols.api.handler.CommandDispatcher;
import org.apache.james.protocols.api.handler.ProtocolHandlerChainImpl;
import org.apache.james.protocols.api.handler.WiringException;
import org.apache.james.protocols.pop3.POP3Protocol;
import org.apache.james.protocols.pop3.POP3Response;
import org.apache.james.protocols.pop3.POP3Session;
import org.apache.james.protocols.pop3.core.CapaCmdHandler;
import org.apache.james.protocols.pop3.core.DeleCmdHandler;
import org.apache.james.protocols.pop3.core.ListCmdHandler;
import org.apache.james.protocols.pop3.core.NoopCmdHandler;
import org.apache.james.protocols.pop3.core.RsetCmdHandler;
import org.apache.james.protocols.pop3.core.StatCmdHandler;

/**
 * POP3 (RFC 1939) on Apache James Protocols: James's session and its STAT, LIST, UIDL, DELE, RSET,
 * NOOP, QUIT and CAPA handlers, with ours for the greeting, login (USER/PASS, APOP, SASL AUTH),
 * RETR and TOP, in one chain served by our Netty pipeline on the server's shared event loop.
 */
public final class Pop3Service {
  private final POP3Protocol protocol;
  private final int maxLineLength;
  private final Duration idleTimeout;
  private final SessionChannelHandler.Wiring wiring;

  /**
   * @param startTls the context STLS upgrades to, or {@code null} to offer no STLS
   */
  public Pop3Service(
      Mailboxes mailboxes, AuthPolicy auth, FakeMailConfig config, TlsSetup startTls) {
    this(mailboxes, auth, config, startTls, TranscriptLog.disabled());
  }

  /**
   * @param startTls the context STLS upgrades to, or {@code null} to offer no STLS
   * @param transcripts where each session is recorded
   */
  public Pop3Service(
      Mailboxes mailboxes,
      AuthPolicy auth,
      FakeMailConfig config,
      TlsSetup startTls,
      TranscriptLog transcripts) {
    Users users = auth.users();
    this.maxLineLength = config.maxLineLength();
    this.idleTimeout = config.idleTimeout();
    MetricFactory metrics = new NoopMetricFactory();
    ProtocolHandlerChainImpl chain = new ProtocolHandlerChainImpl();
    chain.add(new CommandDispatcher<POP3Session>());
    chain.add(new Pop3Commands.Greeting(config.hostname()));
    chain.add(new Pop3Commands.Guard(auth)); // before every handler of the commands it checks
    // CAPA lists capabilities in this order
    chain.add(new Pop3Commands.User(auth));
    chain.add(new Pop3Commands.Auth(metrics, auth, mailboxes));
    chain.add(new Pop3Commands.Top());
    chain.add(new Pop3Commands.Uidl(metrics));
    chain.add(new CapaCmdHandler(metrics));
    if (startTls != null) {
      chain.add(new Pop3Commands.Stls(metrics));
    }
    chain.add(new Pop3Commands.Pass(metrics, users, mailboxes));
    chain.add(new Pop3Commands.Apop(metrics, users, mailboxes));
    chain.add(new StatCmdHandler(metrics));
    chain.add(new ListCmdHandler(metrics));
    chain.add(new Pop3Commands.Retr());
    chain.add(new DeleCmdHandler(metrics));
    chain.add(new RsetCmdHandler(metrics));
    chain.add(new NoopCmdHandler(metrics));
    chain.add(new Pop3Commands.Quit(metrics));
    chain.add(new Pop3Commands.Unknown());
    try {
      chain.wireExtensibleHandlers();
    } catch (WiringException e) {
      throw new IllegalStateException("POP3 handler chain is miswired", e);
    }
    String hostname = config.hostname();
    ProtocolConfiguration settings =
        new ProtocolConfiguration() {
          @Override
          public String getGreeting() {
            return null;
          }

          @Override
          public String getSoftwareName() {
            return "FakeMail";
          }

          @Override
          public String getHelloName() {
            return hostname;
          }
        };
    int lineLimit = maxLineLength;
    this.protocol =
        new POP3Protocol(chain, settings) {
          @Override
          public ProtocolSession newSession(ProtocolTransport transport) {
            return new Pop3Session(transport, getConfiguration(), lineLimit);
          }
        };
    POP3Response idle =
        new POP3Response(POP3Response.ERR_RESPONSE, "Idle timeout exceeded, closing connection");
    idle.setEndSession(true);
    this.wiring =
        new SessionChannelHandler.Wiring(protocol, idle, startTls, transcripts, Dialect.POP3);
  }

  /** The pipeline for each accepted POP3 connection. */
  public LineChannelInitializer channelInitializer() {
    return new LineChannelInitializer(
        maxLineLength, idleTimeout, () -> new SessionChannelHandler(wiring));
  }
}
