package dev.fakemail.testcontainers;

import dev.fakemail.AuthMode;
import dev.fakemail.FakeMailHttpClient;
import dev.fakemail.Inbox;
import dev.fakemail.SmtpBehavior;
import dev.fakemail.SmtpRule;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Properties;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/**
 * The FakeMail standalone server in a container (the {@code fakemail/fakemail} image), for
 * Testcontainers:
 *
 * <pre>{@code
 * @Container static final FakeMailContainer fakemail = new FakeMailContainer();
 *
 * app.sendWelcomeMail(fakemail.getHost(), fakemail.getSmtpPort(), "bob@example.test");
 * ReceivedMail mail = fakemail.getInbox().awaitMessage(to("bob@example.test"));
 * }</pre>
 *
 * <p>Every listener's port is exposed and mapped; the container counts as started when {@code GET
 * /readyz} on the HTTP port answers 200 (every listener bound). {@link #getInbox()} reads the
 * captured mail over the HTTP API ({@link Inbox#overHttp(URI)}), with the same contract as the
 * embedded server's inbox. Configure the server with {@link #withUser}, {@link #withAuthMode} and,
 * for any other option, {@code withEnv("FAKEMAIL_…", value)} (the variables of the README's
 * Configuration table). The HTTP listener must stay on: the wait and the inbox use it.
 */
public class FakeMailContainer extends GenericContainer<FakeMailContainer> {
  /** The image name without a tag; other names must declare themselves compatible with it. */
  public static final DockerImageName DEFAULT_IMAGE_NAME =
      DockerImageName.parse("fakemail/fakemail");

  /** SMTP port inside the container. */
  public static final int SMTP_PORT = 1025;

  /** SMTPS (implicit TLS) port inside the container. */
  public static final int SMTPS_PORT = 1465;

  /** POP3 port inside the container. */
  public static final int POP3_PORT = 1110;

  /** POP3S (implicit TLS) port inside the container. */
  public static final int POP3S_PORT = 1995;

  /** IMAP port inside the container. */
  public static final int IMAP_PORT = 1143;

  /** IMAPS (implicit TLS) port inside the container. */
  public static final int IMAPS_PORT = 1993;

  /** LMTP port inside the container. */
  public static final int LMTP_PORT = 1024;

  /** HTTP API and web page port inside the container. */
  public static final int HTTP_PORT = 8025;

  private final List<String> users = new ArrayList<>();
  private Duration awaitTimeout = FakeMailHttpClient.DEFAULT_AWAIT_TIMEOUT;
  private FakeMailHttpClient client; // guarded by this; for clientUrl
  private URI clientUrl;

  /** The image of this library's version, {@code fakemail/fakemail:<version>}. */
  public FakeMailContainer() {
    this(DEFAULT_IMAGE_NAME.withTag(libraryVersion()));
  }

  /**
   * The given image, e.g. {@code "fakemail/fakemail:0.1.0"}.
   *
   * @throws IllegalStateException if it is not a {@code fakemail/fakemail} image (see {@link
   *     #FakeMailContainer(DockerImageName)})
   */
  public FakeMailContainer(String image) {
    this(DockerImageName.parse(image));
  }

  /**
   * The given image: {@code fakemail/fakemail} with any tag, or another name declared {@code
   * DockerImageName.parse("registry.example/fakemail:1").asCompatibleSubstituteFor(
   * "fakemail/fakemail")}.
   *
   * @throws IllegalStateException if it is neither
   */
  public FakeMailContainer(DockerImageName image) {
    super(image);
    image.assertCompatibleWith(DEFAULT_IMAGE_NAME);
    withExposedPorts(
        SMTP_PORT, SMTPS_PORT, POP3_PORT, POP3S_PORT, IMAP_PORT, IMAPS_PORT, LMTP_PORT, HTTP_PORT);
    waitingFor(Wait.forHttp("/readyz").forPort(HTTP_PORT).forStatusCode(200));
  }

  /**
   * Adds a user (repeatable), for {@link #withAuthMode withAuthMode(AuthMode.USERS)}: sets {@code
   * FAKEMAIL_USERS}.
   *
   * @throws IllegalArgumentException if the address is blank or contains {@code :} or {@code ,}, or
   *     the password contains {@code ,} (the variable separates users with commas)
   */
  public FakeMailContainer withUser(String address, String password) {
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(password, "password");
    if (address.isBlank() || address.contains(":") || address.contains(",")) {
      throw new IllegalArgumentException(
          "A user's address must be non-blank without ':' or ',', was '" + address + "'");
    }
    if (password.contains(",")) {
      throw new IllegalArgumentException(
          "The password of "
              + address
              + " contains ',', which FAKEMAIL_USERS cannot carry: choose another password");
    }
    users.add(address + ":" + password);
    return withEnv("FAKEMAIL_USERS", String.join(",", users));
  }

  /** Who may log in: sets {@code FAKEMAIL_AUTH_MODE} ({@code any} or {@code users}). */
  public FakeMailContainer withAuthMode(AuthMode mode) {
    Objects.requireNonNull(mode, "mode");
    return withEnv("FAKEMAIL_AUTH_MODE", mode.name().toLowerCase(Locale.ROOT));
  }

  /**
   * How long the awaits of {@link #getInbox()} and {@link #getHttpClient()} wait when given no
   * timeout, like {@code FakeMailConfig.awaitTimeout} of an embedded server; default 5 s ({@link
   * FakeMailHttpClient#DEFAULT_AWAIT_TIMEOUT}). A setting of the client: the container is the same.
   *
   * @throws IllegalArgumentException if it is negative
   */
  public synchronized FakeMailContainer withAwaitTimeout(Duration awaitTimeout) {
    Objects.requireNonNull(awaitTimeout, "awaitTimeout");
    if (awaitTimeout.isNegative()) {
      throw new IllegalArgumentException("awaitTimeout must not be negative, was " + awaitTimeout);
    }
    this.awaitTimeout = awaitTimeout;
    clientUrl = null; // the next getHttpClient() makes a client with it
    return self();
  }

  /** The host port mapped to SMTP. */
  public int getSmtpPort() {
    return getMappedPort(SMTP_PORT);
  }

  /** The host port mapped to SMTPS (implicit TLS). */
  public int getSmtpsPort() {
    return getMappedPort(SMTPS_PORT);
  }

  /** The host port mapped to POP3. */
  public int getPop3Port() {
    return getMappedPort(POP3_PORT);
  }

  /** The host port mapped to POP3S (implicit TLS). */
  public int getPop3sPort() {
    return getMappedPort(POP3S_PORT);
  }

  /** The host port mapped to IMAP. */
  public int getImapPort() {
    return getMappedPort(IMAP_PORT);
  }

  /** The host port mapped to IMAPS (implicit TLS). */
  public int getImapsPort() {
    return getMappedPort(IMAPS_PORT);
  }

  /** The host port mapped to LMTP. */
  public int getLmtpPort() {
    return getMappedPort(LMTP_PORT);
  }

  /** The host port mapped to the HTTP API and web page. */
  public int getHttpPort() {
    return getMappedPort(HTTP_PORT);
  }

  /** The base URL of the HTTP API and web page from the host: {@code http://<host>:<port>/}. */
  public URI getHttpUrl() {
    return URI.create("http://" + hostForUrl() + ":" + getHttpPort() + "/");
  }

  /**
   * A client of the container's HTTP API, one per started container (it keeps its connections):
   * {@link FakeMailHttpClient#newInbox()}, {@link FakeMailHttpClient#deliver}, and more.
   */
  public synchronized FakeMailHttpClient getHttpClient() {
    URI url = getHttpUrl();
    if (!url.equals(clientUrl)) {
      client = FakeMailHttpClient.of(url).withAwaitTimeout(awaitTimeout);
      clientUrl = url;
    }
    return client;
  }

  /**
   * Every message the server received, read over the HTTP API: list, filter, await and clear, as
   * with an embedded server's {@code inbox()} (awaits without a timeout wait 5 s, or {@link
   * #withAwaitTimeout}).
   */
  public Inbox getInbox() {
    return getHttpClient().inbox();
  }

  /**
   * The container's scripted SMTP behaviour, driven over the HTTP API with the same typed API as an
   * embedded server's {@code smtp()}: {@link SmtpRule}s that make its SMTP port fail, stall or drop
   * on cue. {@code getInbox().clear()} removes every rule; an inbox from {@code
   * getHttpClient().newInbox()} has rules of its own ({@code inbox.smtp()}).
   */
  public SmtpBehavior getSmtpBehavior() {
    return getHttpClient().smtp();
  }

  private String hostForUrl() {
    String host = getHost();
    return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
  }

  /** This artifact's version, the tag {@link #FakeMailContainer()} starts. */
  static String libraryVersion() {
    try (InputStream in = FakeMailContainer.class.getResourceAsStream("version.properties")) {
      if (in == null) {
        throw new IllegalStateException(
            "dev/fakemail/testcontainers/version.properties is missing from the class path");
      }
      Properties properties = new Properties();
      properties.load(in);
      return properties.getProperty("version");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
