package dev.fakemail.internal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fakemail.AuthMode;
import dev.fakemail.FakeMailConfig;
import dev.fakemail.Protocol;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CommandLineTest {

  private static CommandLine.Run run(Map<String, String> env, String... args) throws Exception {
    CommandLine.Invocation invocation = CommandLine.parse(List.of(args), env);
    assertThat(invocation).isInstanceOf(CommandLine.Run.class);
    return (CommandLine.Run) invocation;
  }

  private static FakeMailConfig config(String... args) throws Exception {
    return run(Map.of(), args).config();
  }

  private static String error(Map<String, String> env, String... args) {
    try {
      CommandLine.parse(List.of(args), env);
    } catch (UsageException e) {
      return e.getMessage();
    }
    throw new AssertionError("no UsageException for " + List.of(args) + " " + env);
  }

  @Test
  void noArgumentsGiveTheStandaloneDefaults() throws Exception {
    CommandLine.Run run = run(Map.of());

    assertThat(run.verbose()).isFalse();
    assertThat(run.warnings()).isEmpty();
    assertThat(run.config())
        .isEqualTo(
            FakeMailConfig.builder()
                .bindAddress("127.0.0.1")
                .protocols(Protocol.values())
                .smtpPort(1025)
                .smtpsPort(1465)
                .pop3sPort(1995)
                .imapsPort(1993)
                .pop3Port(1110)
                .imapPort(1143)
                .lmtpPort(1024)
                .httpPort(8025)
                .maxStoredMessages(10_000)
                .build());
  }

  @Test
  void readsEveryOptionAsNameEqualsValue() throws Exception {
    CommandLine.Run run =
        run(
            Map.of(),
            "--bind-address=0.0.0.0",
            "--smtp-port=2525",
            "--hostname=mail.test",
            "--max-message-size=10MiB",
            "--max-line-length=1000",
            "--max-recipients=5",
            "--idle-timeout=30s",
            "--received-header=true",
            "--max-stored-messages=0",
            "--inbox-domain=example.test",
            "--io-threads=4",
            "--protocols=pop3,SMTP",
            "--pop3-port=1995",
            "--imap-port=1993",
            "--lmtp-port=2424",
            "--smtps-port=2465",
            "--pop3s-port=2995",
            "--imaps-port=2993",
            "--http-port=8080",
            "--auth-mode=users",
            "--user=bob@example.test:pw:1",
            "--user=carol@example.test:secret,dave:",
            "--strip-plus-detail=false",
            "--preload=bob@example.test=mail/bob",
            "--preload=seed",
            "--verbose=yes");

    assertThat(run.verbose()).isTrue();
    assertThat(run.config()).isEqualTo(everyOptionChanged());
  }

  @Test
  void readsTheTranscriptOptionsFromFlagsAndEnvironment() throws Exception {
    FakeMailConfig flags =
        config(
            "--max-transcripts=5",
            "--max-transcript-entries=50",
            "--max-transcript-bytes=2KiB",
            "--transcript-credentials",
            "--transcript-body-bytes=100");
    assertThat(flags.maxTranscripts()).isEqualTo(5);
    assertThat(flags.maxTranscriptEntries()).isEqualTo(50);
    assertThat(flags.maxTranscriptBytes()).isEqualTo(2048);
    assertThat(flags.transcriptCredentials()).isTrue();
    assertThat(flags.transcriptBodyBytes()).isEqualTo(100);

    FakeMailConfig env =
        run(Map.of(
                "FAKEMAIL_MAX_TRANSCRIPTS", "0",
                "FAKEMAIL_TRANSCRIPT_CREDENTIALS", "true",
                "FAKEMAIL_TRANSCRIPT_BODY_BYTES", "1KiB"))
            .config();
    assertThat(env.maxTranscripts()).isZero();
    assertThat(env.transcriptCredentials()).isTrue();
    assertThat(env.transcriptBodyBytes()).isEqualTo(1024);

    assertThat(error(Map.of(), "--max-transcript-entries=3"))
        .isEqualTo(
            "Invalid value \"3\" for --max-transcript-entries: expected a whole number of at least"
                + " 10; see --help");
    assertThat(error(Map.of(), "--max-transcript-bytes=100"))
        .isEqualTo(
            "Invalid value \"100\" for --max-transcript-bytes: maxTranscriptBytes must be at least"
                + " 1024, was 100; see --help");
  }

  @Test
  void readsEveryOptionAsNameSpaceValue() throws Exception {
    CommandLine.Run run =
        run(
            Map.of(),
            "--bind-address",
            "0.0.0.0",
            "--smtp-port",
            "2525",
            "--hostname",
            "mail.test",
            "--max-message-size",
            "10MiB",
            "--max-line-length",
            "1000",
            "--max-recipients",
            "5",
            "--idle-timeout",
            "PT30S",
            "--received-header",
            "--max-stored-messages",
            "0",
            "--inbox-domain",
            "example.test",
            "--io-threads",
            "4",
            "--protocols",
            "smtp, pop3",
            "--pop3-port",
            "1995",
            "--imap-port",
            "1993",
            "--lmtp-port",
            "2424",
            "--smtps-port",
            "2465",
            "--pop3s-port",
            "2995",
            "--imaps-port",
            "2993",
            "--http-port",
            "8080",
            "--auth-mode",
            "USERS",
            "--user",
            "bob@example.test:pw:1",
            "--user",
            "carol@example.test:secret",
            "--user",
            "dave:",
            "--strip-plus-detail=off",
            "--preload",
            "bob@example.test=mail/bob,seed",
            "--verbose");

    assertThat(run.verbose()).isTrue();
    assertThat(run.config()).isEqualTo(everyOptionChanged());
  }

  @Test
  void readsEveryOptionFromTheEnvironment() throws Exception {
    CommandLine.Run run =
        run(
            Map.ofEntries(
                Map.entry("FAKEMAIL_BIND_ADDRESS", "0.0.0.0"),
                Map.entry("FAKEMAIL_SMTP_PORT", "2525"),
                Map.entry("FAKEMAIL_HOSTNAME", "mail.test"),
                Map.entry("FAKEMAIL_MAX_MESSAGE_SIZE", "10 MiB"),
                Map.entry("FAKEMAIL_MAX_LINE_LENGTH", "1000"),
                Map.entry("FAKEMAIL_MAX_RECIPIENTS", "5"),
                Map.entry("FAKEMAIL_IDLE_TIMEOUT", "30s"),
                Map.entry("FAKEMAIL_RECEIVED_HEADER", "1"),
                Map.entry("FAKEMAIL_MAX_STORED_MESSAGES", "0"),
                Map.entry("FAKEMAIL_INBOX_DOMAIN", "example.test"),
                Map.entry("FAKEMAIL_IO_THREADS", "4"),
                Map.entry("FAKEMAIL_PROTOCOLS", "smtp,pop3"),
                Map.entry("FAKEMAIL_POP3_PORT", "1995"),
                Map.entry("FAKEMAIL_IMAP_PORT", "1993"),
                Map.entry("FAKEMAIL_LMTP_PORT", "2424"),
                Map.entry("FAKEMAIL_SMTPS_PORT", "2465"),
                Map.entry("FAKEMAIL_POP3S_PORT", "2995"),
                Map.entry("FAKEMAIL_IMAPS_PORT", "2993"),
                Map.entry("FAKEMAIL_HTTP_PORT", "8080"),
                Map.entry("FAKEMAIL_AUTH_MODE", "users"),
                Map.entry(
                    "FAKEMAIL_USERS", "bob@example.test:pw:1, carol@example.test:secret,dave:"),
                Map.entry("FAKEMAIL_STRIP_PLUS_DETAIL", "false"),
                Map.entry("FAKEMAIL_PRELOAD", "bob@example.test=mail/bob,seed"),
                Map.entry("FAKEMAIL_VERBOSE", "true"),
                Map.entry("PATH", "/usr/bin")));

    assertThat(run.verbose()).isTrue();
    assertThat(run.warnings()).isEmpty();
    assertThat(run.config()).isEqualTo(everyOptionChanged());
  }

  private static FakeMailConfig everyOptionChanged() {
    return FakeMailConfig.builder()
        .bindAddress("0.0.0.0")
        .smtpPort(2525)
        .hostname("mail.test")
        .maxMessageSize(10L * 1024 * 1024)
        .maxLineLength(1000)
        .maxRecipients(5)
        .idleTimeout(Duration.ofSeconds(30))
        .receivedHeader(true)
        .maxStoredMessages(0)
        .inboxDomain("example.test")
        .ioThreads(4)
        .protocols(Protocol.SMTP, Protocol.POP3)
        .pop3Port(1995)
        .imapPort(1993)
        .lmtpPort(2424)
        .smtpsPort(2465)
        .pop3sPort(2995)
        .imapsPort(2993)
        .httpPort(8080)
        .authMode(AuthMode.USERS)
        .user("bob@example.test", "pw:1")
        .user("carol@example.test", "secret")
        .user("dave", "")
        .stripPlusDetail(false)
        .preload("bob@example.test", Path.of("mail/bob"))
        .preload(Path.of("seed"))
        .build();
  }

  @Test
  void flagBeatsEnvironmentWhichBeatsDefault() throws Exception {
    Map<String, String> env = Map.of("FAKEMAIL_SMTP_PORT", "2525", "FAKEMAIL_HOSTNAME", "env.test");

    FakeMailConfig config = run(env, "--smtp-port", "3535").config();

    assertThat(config.smtpPort()).isEqualTo(3535);
    assertThat(config.hostname()).isEqualTo("env.test");
    assertThat(config.ioThreads()).isEqualTo(2);
  }

  @Test
  void aFlagHidesABadEnvironmentValue() throws Exception {
    FakeMailConfig config = run(Map.of("FAKEMAIL_SMTP_PORT", "smtp"), "--smtp-port=0").config();

    assertThat(config.smtpPort()).isZero();
  }

  @Test
  void blankEnvironmentValuesCountAsUnset() throws Exception {
    assertThat(run(Map.of("FAKEMAIL_SMTP_PORT", " ")).config().smtpPort()).isEqualTo(1025);
  }

  @Test
  void theLastOfARepeatedFlagWins() throws Exception {
    assertThat(config("--smtp-port=1", "--smtp-port", "2").smtpPort()).isEqualTo(2);
  }

  @Test
  void aSwitchCanBeTurnedOffExplicitly() throws Exception {
    assertThat(run(Map.of("FAKEMAIL_VERBOSE", "true"), "--verbose=false").verbose()).isFalse();
    assertThat(config("--received-header=off").receivedHeader()).isFalse();
  }

  @Test
  void portZeroIsAccepted() throws Exception {
    assertThat(config("--smtp-port", "0").smtpPort()).isZero();
  }

  @Test
  void aValueMayStartWithADash() throws Exception {
    assertThat(error(Map.of(), "--smtp-port", "-1"))
        .isEqualTo(
            "Invalid value \"-1\" for --smtp-port: expected a port number from 0 to 65535"
                + " (0 picks a free port); see --help");
  }

  @ParameterizedTest
  @ValueSource(strings = {"--help", "-h"})
  void helpWinsOverEverythingElse(String help) throws Exception {
    assertThat(
            CommandLine.parse(
                List.of("--smtp-port=x", "--nope", help), Map.of("FAKEMAIL_SMTP_PORT", "y")))
        .isInstanceOf(CommandLine.ShowHelp.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"--version", "-V"})
  void version(String version) throws Exception {
    assertThat(CommandLine.parse(List.of(version), Map.of()))
        .isInstanceOf(CommandLine.ShowVersion.class);
  }

  @Test
  void unknownFlagWithASuggestion() {
    assertThat(error(Map.of(), "--smtp-prot", "25"))
        .isEqualTo("Unknown option --smtp-prot (did you mean --smtp-port?); see --help");
  }

  @Test
  void unknownFlagWithoutASuggestion() {
    assertThat(error(Map.of(), "--web-port=8025"))
        .isEqualTo("Unknown option --web-port; see --help");
  }

  @Test
  void unknownShortFlag() {
    assertThat(error(Map.of(), "-p", "25")).isEqualTo("Unknown option -p; see --help");
  }

  @Test
  void positionalArgument() {
    assertThat(error(Map.of(), "1025"))
        .isEqualTo(
            "Unexpected argument \"1025\": options start with --, such as --smtp-port;"
                + " see --help");
  }

  @Test
  void aSwitchDoesNotTakeTheNextArgument() {
    assertThat(error(Map.of(), "--verbose", "true"))
        .isEqualTo(
            "Unexpected argument \"true\": options start with --, such as --smtp-port;"
                + " see --help");
  }

  @Test
  void missingValueAtTheEnd() {
    assertThat(error(Map.of(), "--smtp-port"))
        .isEqualTo(
            "Option --smtp-port needs a value: a port number from 0 to 65535 (0 picks a free"
                + " port); see --help");
  }

  @Test
  void missingValueBeforeAnotherFlag() {
    assertThat(error(Map.of(), "--idle-timeout", "--verbose"))
        .isEqualTo(
            "Option --idle-timeout needs a value: a duration like 30s, 5m, 250ms, 1h30m or"
                + " ISO-8601 PT30S; see --help");
  }

  @Test
  void helpTakesNoValue() {
    assertThat(error(Map.of(), "--version=yes"))
        .isEqualTo("Option --version takes no value; see --help");
  }

  @Test
  void badFlagValue() {
    assertThat(error(Map.of(), "--smtp-port=smtp"))
        .isEqualTo(
            "Invalid value \"smtp\" for --smtp-port: expected a port number from 0 to 65535"
                + " (0 picks a free port); see --help");
  }

  @Test
  void badEnvironmentValue() {
    assertThat(error(Map.of("FAKEMAIL_IDLE_TIMEOUT", "30")))
        .isEqualTo(
            "Invalid value \"30\" for FAKEMAIL_IDLE_TIMEOUT: expected a duration like 30s, 5m,"
                + " 250ms, 1h30m or ISO-8601 PT30S; see --help");
  }

  @Test
  void badSize() {
    assertThat(error(Map.of(), "--max-message-size", "10M"))
        .isEqualTo(
            "Invalid value \"10M\" for --max-message-size: expected a size in bytes, optionally"
                + " with a suffix KB, MB, GB (powers of 1000) or KiB, MiB, GiB (powers of 1024),"
                + " e.g. 10MiB; see --help");
  }

  @Test
  void badBoolean() {
    assertThat(error(Map.of("FAKEMAIL_RECEIVED_HEADER", "maybe")))
        .isEqualTo(
            "Invalid value \"maybe\" for FAKEMAIL_RECEIVED_HEADER: expected true or false"
                + " (also yes/no, on/off, 1/0); see --help");
  }

  @Test
  void integerOutOfRange() {
    assertThat(error(Map.of(), "--io-threads=100"))
        .isEqualTo(
            "Invalid value \"100\" for --io-threads: expected a whole number from 1 to 64;"
                + " see --help");
  }

  @Test
  void badAddress() {
    assertThat(error(Map.of(), "--bind-address=[::1"))
        .isEqualTo(
            "Invalid value \"[::1\" for --bind-address: expected an IP address such as"
                + " 127.0.0.1, 0.0.0.0 or ::1, or a host name that resolves; see --help");
  }

  @Test
  void valueTheBuilderRejects() {
    assertThat(error(Map.of(), "--max-line-length=10"))
        .isEqualTo(
            "Invalid value \"10\" for --max-line-length: maxLineLength must be at least 78,"
                + " was 10; see --help");
    assertThat(error(Map.of("FAKEMAIL_HOSTNAME", "mail server")))
        .isEqualTo(
            "Invalid value \"mail server\" for FAKEMAIL_HOSTNAME: hostname must be a non-empty"
                + " name without spaces, was \"mail server\"; see --help");
  }

  @Test
  void unknownEnvironmentVariablesAreWarnedAboutNotFatal() throws Exception {
    CommandLine.Run run =
        run(Map.of("FAKEMAIL_SMTP_PROT", "25", "FAKEMAIL_FROBNICATE", "1", "OTHER_THING", "x"));

    assertThat(run.warnings())
        .containsExactly(
            "Ignoring unknown environment variable FAKEMAIL_FROBNICATE; see --help",
            "Ignoring unknown environment variable FAKEMAIL_SMTP_PROT"
                + " (did you mean FAKEMAIL_SMTP_PORT?); see --help");
  }

  @Test
  void aRepeatedUserAddsAndTheLastPasswordForAnAddressWins() throws Exception {
    FakeMailConfig c =
        config(
            "--user", "bob@example.test:one", "--user=carol:x", "--user", "BOB@example.test:two");

    assertThat(c.users())
        .containsExactly(Map.entry("bob@example.test", "two"), Map.entry("carol", "x"));
  }

  @Test
  void flagsOfARepeatableOptionReplaceTheEnvironmentEntirely() throws Exception {
    FakeMailConfig c =
        run(Map.of("FAKEMAIL_USERS", "env@example.test:e"), "--user=flag@example.test:f").config();

    assertThat(c.users()).containsOnlyKeys("flag@example.test");
  }

  @Test
  void badListValuesNameTheirForm() {
    assertThat(error(Map.of(), "--user=bob@example.test"))
        .isEqualTo(
            "Invalid value \"bob@example.test\" for --user: expected address:password, or several"
                + " separated by commas; see --help");
    assertThat(error(Map.of("FAKEMAIL_USERS", "a:1,,b:2")))
        .startsWith("Invalid value \"a:1,,b:2\" for FAKEMAIL_USERS: expected address:password");
    assertThat(error(Map.of(), "--protocols=smtp,imap4"))
        .isEqualTo(
            "Invalid value \"smtp,imap4\" for --protocols: expected a comma-separated list of smtp,"
                + " smtps, pop3, pop3s, imap, imaps, lmtp, http; see --help");
    assertThat(error(Map.of(), "--auth-mode=none"))
        .isEqualTo("Invalid value \"none\" for --auth-mode: expected any or users; see --help");
    assertThat(error(Map.of(), "--preload==seed"))
        .startsWith("Invalid value \"=seed\" for --preload: expected ADDRESS=PATH");
    assertThat(error(Map.of(), "--user=bob smith@example.test:pw"))
        .isEqualTo(
            "Invalid value \"bob smith@example.test:pw\" for --user: user address must be an"
                + " address without spaces, was \"bob smith@example.test\"; see --help");
  }

  @Test
  void readsTheTlsCertificateFromFlagsAndEnvironment() throws Exception {
    assertThat(
            run(Map.of(), "--tls-pkcs12=certs/server.p12", "--tls-pkcs12-password", "pw")
                .config()
                .tlsCertificate())
        .contains(FakeMailConfig.TlsCertificate.pkcs12(Path.of("certs/server.p12"), "pw"));
    assertThat(
            run(Map.of("FAKEMAIL_TLS_PKCS12", "server.p12"))
                .config()
                .tlsCertificate()
                .orElseThrow()
                .password())
        .contains("");
    assertThat(
            run(
                    Map.of("FAKEMAIL_TLS_CERT", "chain.pem", "FAKEMAIL_TLS_KEY", "env-key.pem"),
                    "--tls-key=key.pem")
                .config()
                .tlsCertificate())
        .contains(FakeMailConfig.TlsCertificate.pem(Path.of("chain.pem"), Path.of("key.pem")));
    assertThat(run(Map.of()).config().tlsCertificate()).isEmpty();
  }

  @Test
  void tlsCertificateOptionsThatDoNotGoTogetherAreOneLine() {
    assertThat(error(Map.of(), "--tls-cert=chain.pem"))
        .isEqualTo(
            "Option --tls-cert needs --tls-key, the private key of that certificate; see --help");
    assertThat(error(Map.of("FAKEMAIL_TLS_KEY", "key.pem")))
        .isEqualTo(
            "Option --tls-key needs --tls-cert, the certificate chain of that key; see --help");
    assertThat(error(Map.of(), "--tls-pkcs12=a.p12", "--tls-cert=c.pem", "--tls-key=k.pem"))
        .isEqualTo(
            "Options --tls-pkcs12 and --tls-cert/--tls-key both give the server certificate;"
                + " choose one; see --help");
    assertThat(error(Map.of(), "--tls-pkcs12-password=pw"))
        .isEqualTo("Option --tls-pkcs12-password needs --tls-pkcs12; see --help");
  }
}
