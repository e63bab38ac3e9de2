package dev.fakemail.internal.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The published {@code fakemail-server-<version>.jar} (shaded, relocated, minimized) on its own:
 * nothing else on the class path, every protocol used with a real client, TLS through STARTTLS; and
 * its entries and dependency-reduced pom checked for anything a user's build would see.
 */
class PublishedJarIT {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
  private static final Path JAR =
      Path.of(
          System.getProperty(
              "fakemail.published.jar", "target/fakemail-server-0.1.0-SNAPSHOT.jar"));
  private static final Path REDUCED_POM = JAR.resolveSibling("dependency-reduced-pom.xml");
  private static final String VERSION = System.getProperty("fakemail.version", "dev");

  private final List<Process> processes = new ArrayList<>();

  @BeforeAll
  static void jarExists() {
    assertThat(JAR).as("built by mvn package").isRegularFile();
  }

  @AfterEach
  void killLeftovers() {
    processes.forEach(Process::destroyForcibly);
  }

  @Test
  void aJvmWithOnlyThePublishedJarServesSmtpPop3ImapAndHttpWithStartTls() throws Exception {
    List<String> command =
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp",
            JAR.toString(),
            "dev.fakemail.internal.cli.Main",
            "--smtp-port=0",
            "--pop3-port=0",
            "--imap-port=0",
            "--lmtp-port=0",
            "--smtps-port=0",
            "--pop3s-port=0",
            "--imaps-port=0",
            "--http-port=0",
            "--auth-mode=users",
            "--require-tls=smtp,pop3,imap");
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().keySet().removeIf(k -> k.startsWith(Option.ENV_PREFIX));
    builder.environment().put("FAKEMAIL_USERS", "bob@example.test:secret");
    builder.environment().remove("CLASSPATH");
    Process process = builder.start();
    processes.add(process);
    Lines out = new Lines();
    Lines err = new Lines();
    Thread outPump = pump(process.getInputStream(), out);
    Thread errPump = pump(process.getErrorStream(), err);

    String ready = out.next(START_TIMEOUT);
    Matcher m =
        Pattern.compile(
                "FakeMail "
                    + Pattern.quote(VERSION)
                    + " ready in \\d+ ms: smtp=127\\.0\\.0\\.1:(\\d+) .*"
                    + " pop3=127\\.0\\.0\\.1:(\\d+) .* imap=127\\.0\\.0\\.1:(\\d+) .*"
                    + " http=127\\.0\\.0\\.1:(\\d+)")
            .matcher(ready);
    assertThat(m.matches()).as(ready).isTrue();
    int smtp = Integer.parseInt(m.group(1));
    int pop3 = Integer.parseInt(m.group(2));
    int imap = Integer.parseInt(m.group(3));
    int http = Integer.parseInt(m.group(4));

    sendWithStartTls(smtp, "Through the published jar");
    assertThat(subjectsWithStartTls("pop3", pop3)).containsExactly("Through the published jar");
    assertThat(subjectsWithStartTls("imap", imap)).containsExactly("Through the published jar");
    HttpResponse<String> list =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http + "/api/v1/messages"))
                    .timeout(Duration.ofSeconds(10))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(list.statusCode()).isEqualTo(200);
    assertThat(list.body()).startsWith("{\"total\":1,").contains("Through the published jar");

    assertThat(process.toHandle().destroy()).as("SIGTERM sent").isTrue();
    assertThat(process.waitFor(5, TimeUnit.SECONDS)).as("exited within 5 s").isTrue();
    outPump.join(TimeUnit.SECONDS.toMillis(5));
    errPump.join(TimeUnit.SECONDS.toMillis(5));
    assertThat(out.all()).last().isEqualTo("FakeMail stopped; 1 message received");
    // No "SLF4J(W): No SLF4J providers were found", no stack trace: the relocated SLF4J found its
    // bundled provider, and no class that minimizeJar dropped was missed.
    assertThat(err.text())
        .doesNotContain("SLF4J")
        .doesNotContain("Exception")
        .doesNotContain("Error");
  }

  @Test
  void aClassLoaderWithOnlyThePublishedJarRunsTheServerInProcess() throws Exception {
    try (URLClassLoader loader =
        new URLClassLoader(new URL[] {JAR.toUri().toURL()}, ClassLoader.getPlatformClassLoader())) {
      assertThatThrownBy(() -> loader.loadClass("io.netty.channel.Channel"))
          .isInstanceOf(ClassNotFoundException.class);
      assertThatThrownBy(() -> loader.loadClass("org.slf4j.LoggerFactory"))
          .isInstanceOf(ClassNotFoundException.class);
      Class<?> serverClass = loader.loadClass("dev.fakemail.FakeMailServer");
      assertThat(serverClass.getProtectionDomain().getCodeSource().getLocation())
          .isEqualTo(JAR.toUri().toURL());
      // What James and Netty log goes through the relocated SLF4J to java.util.logging.
      Class<?> slf4j = loader.loadClass("dev.fakemail.internal.shaded.org.slf4j.LoggerFactory");
      assertThat(slf4j.getMethod("getILoggerFactory").invoke(null).getClass().getName())
          .isEqualTo("dev.fakemail.internal.shaded.org.slf4j.jul.JDK14LoggerFactory");
      List<String> logged = new ArrayList<>();
      java.util.logging.Logger jul = java.util.logging.Logger.getLogger("dev.fakemail.probe");
      java.util.logging.Handler handler =
          new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord record) {
              logged.add(record.getLevel() + " " + record.getMessage());
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
          };
      jul.addHandler(handler);
      try {
        Object logger =
            slf4j.getMethod("getLogger", String.class).invoke(null, "dev.fakemail.probe");
        logger.getClass().getMethod("warn", String.class).invoke(logger, "through SLF4J");
      } finally {
        jul.removeHandler(handler);
      }
      assertThat(logged).containsExactly("WARNING through SLF4J");

      Class<?> protocol = loader.loadClass("dev.fakemail.Protocol");
      Class<?> tlsMode = loader.loadClass("dev.fakemail.TlsMode");
      Object server = serverClass.getMethod("start").invoke(null);
      try {
        Object tls = serverClass.getMethod("tls").invoke(server);
        Method mailProperties = tls.getClass().getMethod("mailProperties", protocol, tlsMode);
        Object startTls = tlsMode.getField("STARTTLS").get(null);

        Properties smtp =
            (Properties) mailProperties.invoke(tls, protocol.getField("SMTP").get(null), startTls);
        Session session = Session.getInstance(smtp);
        MimeMessage message = new MimeMessage(session);
        message.setFrom(new InternetAddress("app@example.test"));
        message.setRecipients(Message.RecipientType.TO, "carol@example.test");
        message.setSubject("In process, shaded");
        message.setText("Hi");
        Transport.send(message);

        Object inbox = serverClass.getMethod("inbox").invoke(server);
        Object received =
            loader.loadClass("dev.fakemail.Inbox").getMethod("awaitMessage").invoke(inbox);
        assertThat(received.getClass().getMethod("subject").invoke(received))
            .isEqualTo("In process, shaded");

        Properties pop3 =
            (Properties) mailProperties.invoke(tls, protocol.getField("POP3").get(null), startTls);
        assertThat(subjects(pop3, "pop3", "carol@example.test"))
            .containsExactly("In process, shaded");
        Properties imap =
            (Properties) mailProperties.invoke(tls, protocol.getField("IMAP").get(null), startTls);
        assertThat(subjects(imap, "imap", "carol@example.test"))
            .containsExactly("In process, shaded");
      } finally {
        serverClass.getMethod("close").invoke(server);
      }
    }
  }

  @Test
  void holdsNoClassOrResourceOutsideDevFakemail() throws IOException {
    List<String> outside = new ArrayList<>();
    try (JarFile jar = new JarFile(JAR.toFile())) {
      for (ZipEntry e : Collections.list(jar.entries())) {
        String name = e.getName();
        if (e.isDirectory() || name.startsWith("dev/fakemail/")) {
          continue;
        }
        boolean allowedMetaInf =
            name.equals("META-INF/MANIFEST.MF")
                || name.startsWith("META-INF/maven/")
                || name.startsWith("META-INF/services/dev.fakemail.")
                || name.matches(
                    "META-INF/[A-Za-z0-9.-]*(LICENSE|NOTICE|README|DEPENDENCIES)[A-Za-z.]*")
                || name.matches("META-INF/(ASL-2\\.0|LGPL-3\\.0)\\.txt");
        if (!allowedMetaInf) {
          outside.add(name);
        }
      }
    }
    assertThat(outside)
        .as("entries outside dev/fakemail/ and the allowed META-INF files")
        .isEmpty();
  }

  @Test
  void theDependencyReducedPomGivesUsersNoDependency() throws Exception {
    var pom = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(REDUCED_POM.toFile());
    NodeList deps = pom.getElementsByTagName("dependency");
    List<String> visible = new ArrayList<>();
    for (int i = 0; i < deps.getLength(); i++) {
      Element dep = (Element) deps.item(i);
      if (!dep.getParentNode().getNodeName().equals("dependencies")
          || !dep.getParentNode().getParentNode().getNodeName().equals("project")) {
        continue;
      }
      String scope = text(dep, "scope");
      boolean optional = "true".equals(text(dep, "optional"));
      if (!"test".equals(scope) && !optional) {
        visible.add(text(dep, "groupId") + ":" + text(dep, "artifactId") + ":" + scope);
      }
    }
    assertThat(visible).isEmpty();
  }

  private static String text(Element parent, String child) {
    NodeList nodes = parent.getElementsByTagName(child);
    return nodes.getLength() == 0 ? null : nodes.item(0).getTextContent().trim();
  }

  private static void sendWithStartTls(int port, String subject) throws MessagingException {
    Properties props = startTls("smtp", port);
    MimeMessage message = new MimeMessage(Session.getInstance(props));
    message.setFrom(new InternetAddress("sender@example.test"));
    message.setRecipients(Message.RecipientType.TO, "bob@example.test");
    message.setSubject(subject, "UTF-8");
    message.setText("Hello", "UTF-8");
    Transport.send(message);
  }

  private static List<String> subjectsWithStartTls(String protocol, int port)
      throws MessagingException {
    Properties props = startTls(protocol, port);
    props.setProperty("mail.store.protocol", protocol);
    return subjects(props, protocol, "bob@example.test");
  }

  /** STARTTLS required; the CLI's certificate is generated at start, so any is trusted here. */
  private static Properties startTls(String protocol, int port) {
    String p = "mail." + protocol + ".";
    Properties props = new Properties();
    props.setProperty(p + "host", "127.0.0.1");
    props.setProperty(p + "port", Integer.toString(port));
    props.setProperty(p + "connectiontimeout", "5000");
    props.setProperty(p + "timeout", "5000");
    props.setProperty(p + "starttls.enable", "true");
    props.setProperty(p + "starttls.required", "true");
    props.setProperty(p + "ssl.trust", "*");
    return props;
  }

  private static List<String> subjects(Properties props, String protocol, String user)
      throws MessagingException {
    try (Store store = Session.getInstance(props).getStore(protocol)) {
      store.connect(user, "secret");
      Folder inbox = store.getFolder("INBOX");
      inbox.open(Folder.READ_ONLY);
      List<String> subjects = new ArrayList<>();
      for (Message message : inbox.getMessages()) {
        subjects.add(message.getSubject());
      }
      inbox.close(false);
      return subjects;
    }
  }

  private static Thread pump(InputStream in, Lines lines) {
    Thread t =
        new Thread(
            () -> {
              try (in) {
                in.transferTo(lines);
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            },
            "pump");
    t.setDaemon(true);
    t.start();
    return t;
  }
}
