package dev.fakemail.internal.cli;

import dev.fakemail.AuthMechanism;
import dev.fakemail.AuthMode;
import dev.fakemail.FakeMailConfig;
import dev.fakemail.Protocol;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The one table of standalone options, in the order the usage shows them. Each new {@link
 * FakeMailConfig} property gets a row here (a test compares the table with {@link
 * FakeMailConfig.Builder}'s methods) or an entry in {@link #NOT_EXPOSED} saying why not.
 */
public final class Options {
  /** The standalone SMTP port: fixed and well known, unlike the library's ephemeral port. */
  public static final int STANDALONE_SMTP_PORT = 1025;

  /** The standalone POP3 port. */
  public static final int STANDALONE_POP3_PORT = 1110;

  /** The standalone IMAP port. */
  public static final int STANDALONE_IMAP_PORT = 1143;

  /** The standalone LMTP port. */
  public static final int STANDALONE_LMTP_PORT = 1024;

  /** The standalone SMTPS (implicit TLS) port. */
  public static final int STANDALONE_SMTPS_PORT = 1465;

  /** The standalone POP3S (implicit TLS) port. */
  public static final int STANDALONE_POP3S_PORT = 1995;

  /** The standalone IMAPS (implicit TLS) port. */
  public static final int STANDALONE_IMAPS_PORT = 1993;

  /** The standalone HTTP API and web page port. */
  public static final int STANDALONE_HTTP_PORT = 8025;

  /** The standalone cap on stored messages, so a long-running server cannot grow without bound. */
  public static final int STANDALONE_MAX_STORED_MESSAGES = 10_000;

  public static final Option<InetAddress> BIND_ADDRESS =
      Option.config(
              "bind-address",
              ValueType.address(),
              "bindAddress",
              FakeMailConfig::bindAddress,
              FakeMailConfig.Builder::bindAddress,
              "Address every listener binds to; 0.0.0.0 also accepts connections from other hosts")
          .withStandaloneDefault(InetAddress.getLoopbackAddress());

  public static final Option<Integer> SMTP_PORT =
      Option.config(
              "smtp-port",
              ValueType.port(),
              "smtpPort",
              FakeMailConfig::smtpPort,
              FakeMailConfig.Builder::smtpPort,
              "SMTP port; 0 picks a free port, shown in the ready line")
          .withStandaloneDefault(STANDALONE_SMTP_PORT);

  public static final Option<Integer> POP3_PORT =
      Option.config(
              "pop3-port",
              ValueType.port(),
              "pop3Port",
              FakeMailConfig::pop3Port,
              FakeMailConfig.Builder::pop3Port,
              "POP3 port; 0 picks a free port, shown in the ready line")
          .withStandaloneDefault(STANDALONE_POP3_PORT);

  public static final Option<Integer> IMAP_PORT =
      Option.config(
              "imap-port",
              ValueType.port(),
              "imapPort",
              FakeMailConfig::imapPort,
              FakeMailConfig.Builder::imapPort,
              "IMAP port; 0 picks a free port, shown in the ready line")
          .withStandaloneDefault(STANDALONE_IMAP_PORT);

  public static final Option<Integer> LMTP_PORT =
      Option.config(
              "lmtp-port",
              ValueType.port(),
              "lmtpPort",
              FakeMailConfig::lmtpPort,
              FakeMailConfig.Builder::lmtpPort,
              "LMTP port; 0 picks a free port, shown in the ready line")
          .withStandaloneDefault(STANDALONE_LMTP_PORT);

  public static final Option<Integer> SMTPS_PORT =
      Option.config(
              "smtps-port",
              ValueType.port(),
              "smtpsPort",
              FakeMailConfig::smtpsPort,
              FakeMailConfig.Builder::smtpsPort,
              "SMTPS (implicit TLS, RFC 8314) port; 0 picks a free port, shown in the ready line")
          .withStandaloneDefault(STANDALONE_SMTPS_PORT);

  public static final Option<Integer> POP3S_PORT =
      Option.config(
              "pop3s-port",
              ValueType.port(),
              "pop3sPort",
              FakeMailConfig::pop3sPort,
              FakeMailConfig.Builder::pop3sPort,
              "POP3S (implicit TLS) port; 0 picks a free port, shown in the ready line")
          .withStandaloneDefault(STANDALONE_POP3S_PORT);

  public static final Option<Integer> IMAPS_PORT =
      Option.config(
              "imaps-port",
              ValueType.port(),
              "imapsPort",
              FakeMailConfig::imapsPort,
              FakeMailConfig.Builder::imapsPort,
              "IMAPS (implicit TLS) port; 0 picks a free port, shown in the ready line")
          .withStandaloneDefault(STANDALONE_IMAPS_PORT);

  public static final Option<Integer> HTTP_PORT =
      Option.config(
              "http-port",
              ValueType.port(),
              "httpPort",
              FakeMailConfig::httpPort,
              FakeMailConfig.Builder::httpPort,
              "HTTP API and web page port; 0 picks a free port, shown in the ready line")
          .withStandaloneDefault(STANDALONE_HTTP_PORT);

  public static final Option<Set<Protocol>> PROTOCOLS =
      Option.config(
              "protocols",
              ValueType.enumSet("PROTOCOLS", Protocol.class),
              "protocols",
              FakeMailConfig::protocols,
              (b, v) -> b.protocols(v.toArray(new Protocol[0])),
              "Protocols to serve, each on its own port")
          .withStandaloneDefault(EnumSet.allOf(Protocol.class));

  public static final Option<String> HOSTNAME =
      Option.config(
          "hostname",
          ValueType.text("NAME", "a host name without spaces"),
          "hostname",
          FakeMailConfig::hostname,
          FakeMailConfig.Builder::hostname,
          "Name the server gives in its greetings and EHLO reply; also the domain of a login or"
              + " recipient given without one");

  public static final Option<Long> MAX_MESSAGE_SIZE =
      Option.config(
          "max-message-size",
          ValueType.size(Long.MAX_VALUE),
          "maxMessageSize",
          FakeMailConfig::maxMessageSize,
          FakeMailConfig.Builder::maxMessageSize,
          "Largest message accepted, announced as SMTP SIZE; also the largest IMAP literal"
              + " (APPEND); 0 means no limit");

  public static final Option<Long> MAX_LINE_LENGTH =
      Option.config(
          "max-line-length",
          ValueType.size(Integer.MAX_VALUE),
          "maxLineLength",
          c -> (long) c.maxLineLength(),
          (b, v) -> b.maxLineLength(v.intValue()),
          "Longest command or message line accepted, without the line ending; at least 78");

  public static final Option<Integer> MAX_RECIPIENTS =
      Option.config(
          "max-recipients",
          ValueType.integer(0, Integer.MAX_VALUE),
          "maxRecipients",
          FakeMailConfig::maxRecipients,
          FakeMailConfig.Builder::maxRecipients,
          "Most RCPT TO accepted per message, more get 452; 0 means no limit");

  public static final Option<Duration> IDLE_TIMEOUT =
      Option.config(
          "idle-timeout",
          ValueType.duration(),
          "idleTimeout",
          FakeMailConfig::idleTimeout,
          FakeMailConfig.Builder::idleTimeout,
          "How long a silent connection is kept open; 0 means forever");

  public static final Option<Duration> TLS_HANDSHAKE_TIMEOUT =
      Option.config(
          "tls-handshake-timeout",
          ValueType.duration(),
          "tlsHandshakeTimeout",
          FakeMailConfig::tlsHandshakeTimeout,
          FakeMailConfig.Builder::tlsHandshakeTimeout,
          "How long a TLS handshake (implicit-TLS port or after STARTTLS) may take before the"
              + " connection is closed; 0 means no limit");

  public static final Option<Boolean> RECEIVED_HEADER =
      Option.config(
          "received-header",
          ValueType.bool(),
          "receivedHeader",
          FakeMailConfig::receivedHeader,
          FakeMailConfig.Builder::receivedHeader,
          "Prepend a Received: header to each stored message");

  public static final Option<Integer> MAX_STORED_MESSAGES =
      Option.config(
              "max-stored-messages",
              ValueType.integer(0, Integer.MAX_VALUE),
              "maxStoredMessages",
              FakeMailConfig::maxStoredMessages,
              FakeMailConfig.Builder::maxStoredMessages,
              "Messages kept in memory, the oldest dropped beyond it (from the capture log and from"
                  + " the mailboxes) so a long-running server cannot grow without bound; 0 means no"
                  + " limit")
          .withStandaloneDefault(STANDALONE_MAX_STORED_MESSAGES);

  public static final Option<String> INBOX_DOMAIN =
      Option.config(
          "inbox-domain",
          ValueType.text("DOMAIN", "a domain name such as fakemail.test"),
          "inboxDomain",
          FakeMailConfig::inboxDomain,
          FakeMailConfig.Builder::inboxDomain,
          "Domain of the per-test inbox addresses the server makes up");

  public static final Option<AuthMode> AUTH_MODE =
      Option.config(
          "auth-mode",
          ValueType.enumValue("MODE", AuthMode.class),
          "authMode",
          FakeMailConfig::authMode,
          FakeMailConfig.Builder::authMode,
          "Who may log in to POP3, IMAP and SMTP AUTH: any (any name, any password) or users (only the"
              + " --user pairs; LMTP then takes mail only for them)");

  public static final Option<Map<String, String>> USER =
      Option.config(
              "user",
              ValueType.users(),
              "user",
              "users",
              FakeMailConfig::users,
              (b, v) -> v.forEach(b::user),
              "A user for --auth-mode=users; repeat the flag for more, or separate them with"
                  + " commas")
          .withEnvVariable("FAKEMAIL_USERS")
          .repeatable(
              (a, b) -> {
                Map<String, String> all = new LinkedHashMap<>(a);
                all.putAll(b);
                return all;
              });

  public static final Option<Map<String, String>> OAUTH_TOKEN =
      Option.config(
              "oauth-token",
              ValueType.tokens(),
              "oauthToken",
              "oauthTokens",
              FakeMailConfig::oauthTokens,
              (b, v) -> v.forEach(b::oauthToken),
              "The bearer token XOAUTH2 and OAUTHBEARER accept for a user in --auth-mode=users (any"
                  + " token is accepted in any mode); repeat the flag for more, or separate them with"
                  + " commas")
          .withEnvVariable("FAKEMAIL_OAUTH_TOKENS")
          .repeatable(
              (a, b) -> {
                Map<String, String> all = new LinkedHashMap<>(a);
                all.putAll(b);
                return all;
              });

  public static final Option<List<AuthMechanism>> AUTH_MECHANISMS =
      Option.config(
          "auth-mechanisms",
          ValueType.mechanisms(),
          "authMechanisms",
          FakeMailConfig::authMechanisms,
          (b, v) -> b.authMechanisms(v.toArray(new AuthMechanism[0])),
          "SASL mechanisms SMTP AUTH, POP3 AUTH and IMAP AUTHENTICATE offer, in this order");

  public static final Option<Set<Protocol>> REQUIRE_TLS =
      Option.config(
          "require-tls",
          ValueType.startTlsProtocols(),
          "requireTls",
          FakeMailConfig::requireTls,
          (b, v) -> b.requireTls(v.toArray(new Protocol[0])),
          "Protocols that refuse all but STARTTLS before TLS: SMTP answers 530 5.7.0, POP3 refuses"
              + " login, IMAP advertises LOGINDISABLED");

  public static final Option<Boolean> AUTH_REQUIRES_TLS =
      Option.config(
          "auth-requires-tls",
          ValueType.bool(),
          "authRequiresTls",
          FakeMailConfig::authRequiresTls,
          FakeMailConfig.Builder::authRequiresTls,
          "Neither advertise nor accept any login before STARTTLS (SMTP still takes mail without"
              + " AUTH)");

  public static final Option<Integer> MAX_TRANSCRIPTS =
      Option.config(
          "max-transcripts",
          ValueType.integer(0, Integer.MAX_VALUE),
          "maxTranscripts",
          FakeMailConfig::maxTranscripts,
          FakeMailConfig.Builder::maxTranscripts,
          "Session transcripts kept (SMTP, LMTP, POP3, IMAP), the oldest dropped beyond it; 0"
              + " turns recording off");

  public static final Option<Integer> MAX_TRANSCRIPT_ENTRIES =
      Option.config(
          "max-transcript-entries",
          ValueType.integer(10, Integer.MAX_VALUE),
          "maxTranscriptEntries",
          FakeMailConfig::maxTranscriptEntries,
          FakeMailConfig.Builder::maxTranscriptEntries,
          "Lines and events one transcript records; the rest of a longer session is not recorded,"
              + " after a line saying so; at least 10");

  public static final Option<Long> MAX_TRANSCRIPT_BYTES =
      Option.config(
          "max-transcript-bytes",
          ValueType.size(Integer.MAX_VALUE),
          "maxTranscriptBytes",
          c -> (long) c.maxTranscriptBytes(),
          (b, v) -> b.maxTranscriptBytes(v.intValue()),
          "Text one transcript records, in characters, like max-transcript-entries; at least"
              + " 1KiB");

  public static final Option<Boolean> TRANSCRIPT_CREDENTIALS =
      Option.config(
          "transcript-credentials",
          ValueType.bool(),
          "transcriptCredentials",
          FakeMailConfig::transcriptCredentials,
          FakeMailConfig.Builder::transcriptCredentials,
          "Show credentials (SMTP AUTH, POP3 PASS/APOP/AUTH, IMAP LOGIN/AUTHENTICATE) in"
              + " transcripts instead of redacting them");

  public static final Option<Long> TRANSCRIPT_BODY_BYTES =
      Option.config(
          "transcript-body-bytes",
          ValueType.size(Integer.MAX_VALUE),
          "transcriptBodyBytes",
          c -> (long) c.transcriptBodyBytes(),
          (b, v) -> b.transcriptBodyBytes(v.intValue()),
          "Bytes of each message's content (DATA) a transcript shows before its size summary; 0"
              + " shows only the size and line count");

  public static final Option<Boolean> STRIP_PLUS_DETAIL =
      Option.config(
          "strip-plus-detail",
          ValueType.bool(),
          "stripPlusDetail",
          FakeMailConfig::stripPlusDetail,
          FakeMailConfig.Builder::stripPlusDetail,
          "Deliver mail for bob+tag@example.test to the mailbox of bob@example.test");

  public static final Option<List<FakeMailConfig.Preload>> PRELOAD =
      Option.config(
              "preload",
              ValueType.preloads(),
              "preload",
              "preloads",
              FakeMailConfig::preloads,
              (b, v) ->
                  v.forEach(
                      p -> {
                        if (p.recipient().isPresent()) {
                          b.preload(p.recipient().get(), p.path());
                        } else {
                          b.preload(p.path());
                        }
                      }),
              "Files .eml mail into mailboxes at start: ADDRESS=PATH for one mailbox (a file, or a"
                  + " folder read in name order), PATH for a folder with a subfolder per address;"
                  + " repeatable")
          .repeatable(
              (a, b) -> {
                List<FakeMailConfig.Preload> all = new ArrayList<>(a);
                all.addAll(b);
                return all;
              });

  public static final Option<Integer> IO_THREADS =
      Option.config(
          "io-threads",
          ValueType.integer(1, 64),
          "ioThreads",
          FakeMailConfig::ioThreads,
          FakeMailConfig.Builder::ioThreads,
          "Event-loop threads shared by all listeners, 1 to 64");

  public static final Option<String> TLS_PKCS12 =
      Option.standalone(
              "tls-pkcs12",
              ValueType.text("FILE", "a file path"),
              "",
              "PKCS#12 key store with the certificate and key every TLS listener and STARTTLS"
                  + " present, instead of a generated self-signed one; read at start")
          .partOf("tlsCertificate");

  public static final Option<String> TLS_PKCS12_PASSWORD =
      Option.standalone(
              "tls-pkcs12-password",
              ValueType.text("PASSWORD", "the key store's password"),
              "",
              "Password of the --tls-pkcs12 key store and its key")
          .partOf("tlsCertificate");

  public static final Option<String> TLS_CERT =
      Option.standalone(
              "tls-cert",
              ValueType.text("FILE", "a file path"),
              "",
              "PEM certificate chain (leaf first) to present instead of a generated self-signed"
                  + " one, with --tls-key; read at start")
          .partOf("tlsCertificatePem");

  public static final Option<String> TLS_KEY =
      Option.standalone(
              "tls-key",
              ValueType.text("FILE", "a file path"),
              "",
              "PEM private key (PKCS#8, or traditional RSA/EC) of the --tls-cert certificate")
          .partOf("tlsCertificatePem");

  public static final Option<Boolean> VERBOSE =
      Option.standalone(
          "verbose",
          ValueType.bool(),
          false,
          "Log at info level instead of warn, and print stack traces of startup failures");

  /** Every option, in the order the usage lists them. */
  public static final List<Option<?>> ALL =
      List.of(
          BIND_ADDRESS,
          PROTOCOLS,
          SMTP_PORT,
          SMTPS_PORT,
          POP3_PORT,
          POP3S_PORT,
          IMAP_PORT,
          IMAPS_PORT,
          LMTP_PORT,
          HTTP_PORT,
          HOSTNAME,
          MAX_MESSAGE_SIZE,
          MAX_LINE_LENGTH,
          MAX_RECIPIENTS,
          IDLE_TIMEOUT,
          RECEIVED_HEADER,
          MAX_STORED_MESSAGES,
          INBOX_DOMAIN,
          AUTH_MODE,
          USER,
          OAUTH_TOKEN,
          AUTH_MECHANISMS,
          REQUIRE_TLS,
          AUTH_REQUIRES_TLS,
          MAX_TRANSCRIPTS,
          MAX_TRANSCRIPT_ENTRIES,
          MAX_TRANSCRIPT_BYTES,
          TRANSCRIPT_CREDENTIALS,
          TRANSCRIPT_BODY_BYTES,
          STRIP_PLUS_DETAIL,
          PRELOAD,
          IO_THREADS,
          TLS_PKCS12,
          TLS_PKCS12_PASSWORD,
          TLS_CERT,
          TLS_KEY,
          TLS_HANDSHAKE_TIMEOUT,
          VERBOSE);

  /**
   * {@link FakeMailConfig.Builder} methods deliberately without a standalone option, with the
   * reason.
   */
  public static final Map<String, String> NOT_EXPOSED =
      Map.of(
          "awaitTimeout",
          "only the in-process Inbox API waits with it; a standalone server has no in-process"
              + " caller, and clients of the HTTP API pass their own wait (?wait=PT10S)");

  private Options() {}

  /** The option with the given name (without dashes). */
  public static Optional<Option<?>> byName(String name) {
    for (Option<?> option : ALL) {
      if (option.name().equals(name)) {
        return Optional.of(option);
      }
    }
    return Optional.empty();
  }
}
