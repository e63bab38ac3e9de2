package dev.fakemail.testcontainers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.command.InspectContainerResponse;
import dev.fakemail.AuthMode;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.Properties;
import org.eclipse.angus.mail.smtp.SMTPTransport;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * The image itself: its health check, its user, configuration through FAKEMAIL_* variables, and how
 * it stops.
 */
@Testcontainers(disabledWithoutDocker = true)
class ImageIT {
  /** Started by the image's own HEALTHCHECK turning healthy, not by FakeMailContainer's wait. */
  @Container
  static final FakeMailContainer FAKEMAIL =
      new FakeMailContainer()
          .withAuthMode(AuthMode.USERS)
          .withUser("support@shop.test", "secret")
          .withEnv("FAKEMAIL_MAX_MESSAGE_SIZE", "1KiB")
          .waitingFor(Wait.forHealthcheck().withStartupTimeout(Duration.ofSeconds(60)));

  @Test
  void turnsHealthyByItsHealthCheck() {
    InspectContainerResponse info = FAKEMAIL.getCurrentContainerInfo();
    assertThat(info.getState().getHealth().getStatus()).isEqualTo("healthy");
    assertThat(info.getConfig().getHealthcheck().getTest())
        .containsExactly("CMD", "/opt/fakemail/healthcheck.sh");
  }

  @Test
  void runsTheServerAsAnUnprivilegedUser() throws Exception {
    assertThat(FAKEMAIL.getContainerInfo().getConfig().getUser()).isEqualTo("fakemail:fakemail");
    var pid1 = FAKEMAIL.execInContainer("stat", "-c", "%u %U %n", "/proc/1");
    assertThat(pid1.getStdout().trim()).isEqualTo("10001 fakemail /proc/1");
    var cmdline = FAKEMAIL.execInContainer("bash", "-c", "tr '\\0' ' ' < /proc/1/cmdline");
    assertThat(cmdline.getStdout()).startsWith("java ").contains("-jar /opt/fakemail/");
  }

  @Test
  void takesUsersAndAuthModeFromTheEnvironment() throws Exception {
    Store wrong = session().getStore("pop3");
    assertThatThrownBy(
            () ->
                wrong.connect(
                    FAKEMAIL.getHost(), FAKEMAIL.getPop3Port(), "support@shop.test", "nope"))
        .isInstanceOf(AuthenticationFailedException.class);
    Store stranger = session().getStore("imap");
    assertThatThrownBy(
            () ->
                stranger.connect(
                    FAKEMAIL.getHost(), FAKEMAIL.getImapPort(), "eve@shop.test", "secret"))
        .isInstanceOf(AuthenticationFailedException.class);

    Store store = session().getStore("imap");
    store.connect(FAKEMAIL.getHost(), FAKEMAIL.getImapPort(), "support@shop.test", "secret");
    try {
      Folder inbox = store.getFolder("INBOX");
      inbox.open(Folder.READ_ONLY);
      assertThat(inbox.getMessageCount()).isZero();
      inbox.close(false);
    } finally {
      store.close();
    }
  }

  @Test
  void takesTheMessageSizeLimitFromTheEnvironment() throws Exception {
    Session session = session();
    try (SMTPTransport smtp = (SMTPTransport) session.getTransport("smtp")) {
      smtp.connect();
      assertThat(smtp.getExtensionParameter("SIZE")).isEqualTo("1024");
    }
    MimeMessage big = new MimeMessage(session);
    big.setFrom(new InternetAddress("shop@example.test"));
    big.setRecipients(Message.RecipientType.TO, "support@shop.test");
    big.setSubject("Too big");
    big.setText("x".repeat(70).concat("\r\n").repeat(30));
    assertThatThrownBy(() -> Transport.send(big))
        .isInstanceOf(MessagingException.class)
        .hasStackTraceContaining("552");
    assertThat(FAKEMAIL.getInbox().messages()).isEmpty();
  }

  @Test
  void checksTheHttpPortGivenAsAFlagAndAddsJavaOptsAfterItsOwnFlags() throws Exception {
    try (FakeMailContainer container =
        new FakeMailContainer()
            .withCommand("--http-port", "9025")
            .withEnv("FAKEMAIL_HTTP_PORT", "9999") // the flag wins, in the server as in the check
            .withEnv("JAVA_OPTS", "-Xmx96m")
            .waitingFor(Wait.forHealthcheck().withStartupTimeout(Duration.ofSeconds(60)))) {
      container.start();

      assertThat(container.getCurrentContainerInfo().getState().getHealth().getStatus())
          .isEqualTo("healthy");
      assertThat(container.getLogs()).contains(" http=0.0.0.0:9025");
      String cmdline =
          container.execInContainer("bash", "-c", "tr '\\0' ' ' < /proc/1/cmdline").getStdout();
      assertThat(cmdline)
          .as("the image's own flags, then JAVA_OPTS, which replaced the default -Xmx512m")
          .startsWith("java -XX:TieredStopAtLevel=1 ")
          .contains(" -XX:SharedArchiveFile=/opt/fakemail/fakemail.jsa ")
          .contains(" -Xmx96m -jar /opt/fakemail/fakemail-standalone.jar --http-port 9025")
          .doesNotContain("-Xmx512m");
    }
  }

  @Test
  void stopsWithinTwoSecondsOfSigterm() {
    try (FakeMailContainer container = new FakeMailContainer()) {
      container.start();
      String id = container.getContainerId();

      long start = System.nanoTime();
      container.getDockerClient().stopContainerCmd(id).withTimeout(10).exec(); // SIGTERM
      Duration took = Duration.ofNanos(System.nanoTime() - start);

      InspectContainerResponse.ContainerState state =
          container.getDockerClient().inspectContainerCmd(id).exec().getState();
      assertThat(state.getExitCodeLong()).as("exit status after SIGTERM").isEqualTo(143L);
      assertThat(container.getLogs()).contains("FakeMail stopped; 0 messages received");
      assertThat(took)
          .as("docker stop (SIGTERM, SIGKILL after 10 s)")
          .isLessThan(Duration.ofSeconds(2));
    }
  }

  static Session session() {
    Properties p = new Properties();
    p.put("mail.smtp.host", FAKEMAIL.getHost());
    p.put("mail.smtp.port", Integer.toString(FAKEMAIL.getSmtpPort()));
    for (String protocol : new String[] {"smtp", "pop3", "imap"}) {
      p.put("mail." + protocol + ".connectiontimeout", "5000");
      p.put("mail." + protocol + ".timeout", "10000");
    }
    return Session.getInstance(p);
  }
}
