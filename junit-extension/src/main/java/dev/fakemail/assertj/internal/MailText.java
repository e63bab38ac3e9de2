package dev.fakemail.assertj.internal;

import dev.fakemail.Address;
import dev.fakemail.Attachment;
import dev.fakemail.Envelope;
import dev.fakemail.Inbox;
import dev.fakemail.MailFilter;
import dev.fakemail.ReceivedMail;
import dev.fakemail.TlsMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * How assertion messages print mail, addresses, bodies and inboxes. Blocks are built with {@code
 * \n}; {@link MailErrorMessage} indents them and turns line breaks into the platform's. Not API.
 */
public final class MailText {
  /** Subjects in a message's label are cut to this length. */
  static final int MAX_LABEL_SUBJECT = 60;

  /** Bodies are cut to this many characters. */
  static final int MAX_BODY = 10_000;

  /** Message tables list at most this many rows. */
  static final int MAX_ROWS = 20;

  private MailText() {}

  /** {@code mail #3 "Welcome, Bob"}, or {@code mail #3 (no subject)}. */
  public static String mailLabel(ReceivedMail mail) {
    String subject = mail.subject();
    if (subject.isEmpty()) {
      return "mail #" + mail.id() + " (no subject)";
    }
    if (subject.length() > MAX_LABEL_SUBJECT) {
      subject = subject.substring(0, MAX_LABEL_SUBJECT - 1) + "…";
    }
    return "mail #" + mail.id() + " " + quote(subject);
  }

  /** {@code inbox <inbox-1-a3f2c1@fakemail.test>}, or {@code inbox (all mail)}. */
  public static String inboxLabel(Inbox inbox) {
    String address;
    try {
      address = inbox.address();
    } catch (IllegalStateException serverWide) {
      return "inbox (all mail)";
    }
    return "inbox <" + address + ">";
  }

  /** The text in double quotes, with {@code "}, {@code \}, CR, LF and tab escaped Java-style. */
  public static String quote(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> sb.append(c);
      }
    }
    return sb.append('"').toString();
  }

  /** {@code [a@example.test, "Bob" <bob@example.test>]}. */
  public static String addresses(List<Address> addresses) {
    List<String> shown = new ArrayList<>(addresses.size());
    for (Address a : addresses) {
      shown.add(a.toString());
    }
    return list(shown);
  }

  /** {@code [a, b]}. */
  public static String list(List<String> items) {
    return "[" + String.join(", ", items) + "]";
  }

  /**
   * A body as a Java text block: {@code """}, the lines, and {@code """} on a line of its own when
   * the body ends with a line break, else right after the last character; cut after {@value
   * #MAX_BODY} characters.
   */
  public static String body(String body) {
    String shown = body.length() > MAX_BODY ? body.substring(0, MAX_BODY) + "…" : body;
    StringBuilder sb = new StringBuilder("\"\"\"\n").append(shown).append("\"\"\"");
    if (shown.length() < body.length()) {
      sb.append("\n(").append(body.length() - MAX_BODY).append(" more characters not shown)");
    }
    return sb.toString();
  }

  /** {@code "invoice.pdf" (application/pdf, 5120 bytes)}; unnamed parts and inline ones say so. */
  public static String attachment(Attachment a) {
    return (a.name().isEmpty() ? "(unnamed)" : quote(a.name()))
        + " ("
        + a.contentType()
        + ", "
        + a.size()
        + (a.size() == 1 ? " byte" : " bytes")
        + (a.inline() ? ", inline" : "")
        + ")";
  }

  /** One line per attachment, or {@code no attachments}. */
  public static String attachments(List<Attachment> attachments) {
    if (attachments.isEmpty()) {
      return "no attachments";
    }
    List<String> lines = new ArrayList<>();
    for (Attachment a : attachments) {
      lines.add(attachment(a));
    }
    return String.join("\n", lines);
  }

  /**
   * {@code TLSv1.3 (TLS_AES_256_GCM_SHA384) after STARTTLS}, {@code … on the SMTPS port (implicit
   * TLS)}, or {@code no TLS (plain text)}.
   */
  public static String tls(Envelope envelope) {
    Envelope.Tls tls = envelope.tls().orElse(null);
    if (tls == null) {
      return "no TLS (plain text)";
    }
    return tls.protocol()
        + " ("
        + tls.cipherSuite()
        + ") "
        + (tls.mode() == TlsMode.STARTTLS ? "after STARTTLS" : "on the SMTPS port (implicit TLS)");
  }

  /** {@code "bob" (AUTH PLAIN)}, or {@code no SMTP AUTH}. */
  public static String auth(Envelope envelope) {
    return envelope
        .authenticatedUser()
        .map(u -> quote(u) + " (AUTH " + envelope.authMechanism().orElse("?") + ")")
        .orElse("no SMTP AUTH");
  }

  /** {@code 1 message}, {@code 3 messages}. */
  public static String messages(int count) {
    return count + (count == 1 ? " message" : " messages");
  }

  /**
   * A table of messages, one per line indented by two spaces: {@code #2 from=… to=[…] subject="…"}
   * in aligned columns, followed by {@code ✗ subject, to} (the criteria of {@code filter} it fails)
   * when a filter is given. Beyond {@value #MAX_ROWS} rows, the nearest misses are kept (or the
   * latest, without a filter) and a last line counts the rest.
   */
  public static String table(List<ReceivedMail> mails, MailFilter filter) {
    List<Integer> shown = new ArrayList<>();
    for (int i = 0; i < mails.size(); i++) {
      shown.add(i);
    }
    List<List<String>> failed = new ArrayList<>();
    for (ReceivedMail m : mails) {
      failed.add(filter == null ? List.of() : filter.mismatches(m));
    }
    if (shown.size() > MAX_ROWS) {
      shown.sort(
          Comparator.<Integer>comparingInt(i -> failed.get(i).size())
              .thenComparing(Comparator.<Integer>reverseOrder()));
      shown = new ArrayList<>(shown.subList(0, MAX_ROWS));
      shown.sort(Comparator.naturalOrder());
    }
    List<String[]> rows = new ArrayList<>();
    int[] widths = new int[3];
    for (int i : shown) {
      ReceivedMail m = mails.get(i);
      String[] row = {
        "#" + m.id() + " from=" + from(m),
        "to=" + list(m.envelope().recipients()),
        "subject=" + quote(shortSubject(m.subject()))
      };
      for (int c = 0; c < row.length; c++) {
        widths[c] = Math.max(widths[c], row[c].length());
      }
      rows.add(row);
    }
    StringBuilder sb = new StringBuilder();
    for (int r = 0; r < rows.size(); r++) {
      String[] row = rows.get(r);
      List<String> misses = failed.get(shown.get(r));
      if (r > 0) {
        sb.append('\n');
      }
      sb.append("  ").append(pad(row[0], widths[0])).append(' ').append(pad(row[1], widths[1]));
      if (filter == null) {
        sb.append(' ').append(row[2]);
      } else {
        sb.append(' ')
            .append(pad(row[2], widths[2]))
            .append("  ")
            .append(misses.isEmpty() ? "✓ matches" : "✗ " + String.join(", ", misses));
      }
    }
    int hidden = mails.size() - shown.size();
    if (hidden > 0) {
      sb.append("\n  … and ")
          .append(hidden)
          .append(hidden == 1 ? " more message" : " more messages");
    }
    return sb.toString();
  }

  private static String from(ReceivedMail m) {
    List<Address> from = m.from();
    return from.isEmpty() ? "<" + m.envelope().mailFrom() + ">" : from.get(0).address();
  }

  private static String shortSubject(String subject) {
    return subject.length() > MAX_LABEL_SUBJECT
        ? subject.substring(0, MAX_LABEL_SUBJECT - 1) + "…"
        : subject;
  }

  private static String pad(String s, int width) {
    StringBuilder sb = new StringBuilder(width).append(s);
    while (sb.length() < width) {
      sb.append(' ');
    }
    return sb.toString();
  }
}
