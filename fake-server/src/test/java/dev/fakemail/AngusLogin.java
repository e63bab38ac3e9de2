package dev.fakemail;

import jakarta.mail.Folder;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * Logs an Angus Mail store (POP3 or IMAP) in and out with the protocol trace on, authentication
 * commands included ({@code mail.debug.auth}), so a test can check which command Angus used.
 */
final class AngusLogin {
  private static final Pattern NOISE = Pattern.compile("(?m)^DEBUG.*\\R");

  private AngusLogin() {}

  /**
   * Connects with {@code props} (plus {@code extra} name/value pairs) as {@code user}, opens and
   * counts INBOX, then closes; returns the wire trace (every line ending normalised to LF, Angus's
   * DEBUG lines left out). Throws what {@link Store#connect} and {@link Folder#open} throw.
   */
  static String login(Properties props, String user, String password, String... extra)
      throws MessagingException {
    Properties p = new Properties();
    p.putAll(props);
    for (int i = 0; i < extra.length; i += 2) {
      p.setProperty(extra[i], extra[i + 1]);
    }
    p.setProperty("mail.debug.auth", "true");
    String protocol = p.getProperty("mail.store.protocol");
    p.setProperty("mail." + protocol + ".connectiontimeout", "5000");
    p.setProperty("mail." + protocol + ".timeout", "10000");
    Session session = Session.getInstance(p);
    ByteArrayOutputStream trace = new ByteArrayOutputStream();
    session.setDebugOut(new PrintStream(trace, true, StandardCharsets.UTF_8));
    session.setDebug(true);
    try (Store store = session.getStore()) {
      store.connect(user, password);
      Folder inbox = store.getFolder("INBOX");
      inbox.open(Folder.READ_ONLY);
      inbox.getMessageCount();
      inbox.close(false);
    }
    String text = trace.toString(StandardCharsets.UTF_8).replace("\r\n", "\n");
    return NOISE.matcher(text).replaceAll("");
  }

  /** {@link Properties} for the plain port without STARTTLS: {@code mail.<protocol>.host/port}. */
  static Properties plain(FakeMailServer server, Protocol protocol) {
    Properties p = new Properties();
    String name = protocol.name().toLowerCase(java.util.Locale.ROOT);
    p.setProperty("mail.store.protocol", name);
    p.setProperty(
        "mail." + name + ".host",
        protocol == Protocol.POP3 ? server.pop3Host() : server.imapHost());
    p.setProperty(
        "mail." + name + ".port",
        Integer.toString(protocol == Protocol.POP3 ? server.pop3Port() : server.imapPort()));
    return p;
  }
}
