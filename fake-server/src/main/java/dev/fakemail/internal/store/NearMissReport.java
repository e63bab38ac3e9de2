package dev.fakemail.internal.store;

import dev.fakemail.Address;
import dev.fakemail.MailFilter;
import dev.fakemail.ReceivedMail;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The text of a failed wait: what was expected, what arrived instead, and which criterion each
 * message failed (WireMock's near miss). Shared by every {@code Inbox} so that the message reads
 * the same embedded and remote.
 */
public final class NearMissReport {
  /** At most this many messages are listed; beyond it, the nearest misses are kept. */
  static final int MAX_LISTED = 20;

  private static final int MAX_SUBJECT = 60;
  private static final int MAX_OTHER_ADDRESSES = 5;

  private NearMissReport() {}

  /**
   * @param address the inbox's address, or {@code null} for the server-wide inbox
   * @param inScope the messages the inbox sees, in arrival order
   * @param elsewhere messages on the server the inbox does not see (for other addresses)
   */
  public static String describe(
      MailFilter filter,
      int count,
      Duration timeout,
      String address,
      List<ReceivedMail> inScope,
      List<ReceivedMail> elsewhere) {
    List<List<String>> mismatches = new ArrayList<>(inScope.size());
    int matching = 0;
    for (ReceivedMail m : inScope) {
      List<String> failed = filter.mismatches(m);
      mismatches.add(failed);
      if (failed.isEmpty()) {
        matching++;
      }
    }

    StringBuilder sb = new StringBuilder();
    if (count == 1) {
      sb.append("Expected a message matching ");
    } else {
      sb.append("Expected ").append(count).append(" messages matching ");
    }
    sb.append(filter).append(" within ").append(timeout).append(", but ");
    if (matching == 0) {
      sb.append("none arrived.");
    } else {
      sb.append("only ").append(matching).append(matching == 1 ? " arrived." : " arrived.");
    }
    sb.append('\n');

    String forAddress = address == null ? "" : " for " + address;
    if (inScope.isEmpty()) {
      sb.append("Received no messages").append(forAddress).append('.');
    } else {
      sb.append("Received ")
          .append(inScope.size())
          .append(inScope.size() == 1 ? " message" : " messages")
          .append(forAddress)
          .append(':');
      appendRows(sb, inScope, mismatches);
    }
    if (address != null && !elsewhere.isEmpty()) {
      sb.append('\n').append(otherAddresses(elsewhere, address));
    }
    return sb.toString();
  }

  private static void appendRows(
      StringBuilder sb, List<ReceivedMail> messages, List<List<String>> mismatches) {
    List<Integer> shown = new ArrayList<>();
    for (int i = 0; i < messages.size(); i++) {
      shown.add(i);
    }
    if (shown.size() > MAX_LISTED) {
      // keep the nearest misses (fewest failed criteria; the latest among equals), in arrival order
      shown.sort(
          Comparator.<Integer>comparingInt(i -> mismatches.get(i).size())
              .thenComparing(Comparator.<Integer>reverseOrder()));
      shown = new ArrayList<>(shown.subList(0, MAX_LISTED));
      shown.sort(Comparator.naturalOrder());
    }
    List<String[]> rows = new ArrayList<>();
    int[] widths = new int[4];
    for (int i : shown) {
      ReceivedMail m = messages.get(i);
      String[] row = {
        "#" + m.id(), "from=" + from(m), "to=" + m.envelope().recipients(), "subject=" + subject(m)
      };
      for (int c = 0; c < row.length; c++) {
        widths[c] = Math.max(widths[c], row[c].length());
      }
      rows.add(row);
    }
    for (int r = 0; r < rows.size(); r++) {
      String[] row = rows.get(r);
      sb.append("\n ");
      for (int c = 0; c < row.length; c++) {
        sb.append(' ').append(pad(row[c], widths[c]));
      }
      sb.append("  ");
      List<String> failed = mismatches.get(shown.get(r));
      sb.append(failed.isEmpty() ? "✓ matches" : "✗ " + String.join(", ", failed));
    }
    int hidden = messages.size() - shown.size();
    if (hidden > 0) {
      sb.append("\n  … and ")
          .append(hidden)
          .append(hidden == 1 ? " more message" : " more messages")
          .append(" that failed more criteria");
    }
  }

  private static String otherAddresses(List<ReceivedMail> elsewhere, String address) {
    Set<String> recipients = new LinkedHashSet<>();
    for (ReceivedMail m : elsewhere) {
      for (String r : m.envelope().recipients()) {
        if (!r.equalsIgnoreCase(address)) {
          recipients.add(r);
        }
      }
    }
    List<String> listed = new ArrayList<>(recipients);
    String names =
        String.join(", ", listed.subList(0, Math.min(MAX_OTHER_ADDRESSES, listed.size())));
    if (listed.size() > MAX_OTHER_ADDRESSES) {
      names += ", …";
    }
    return "The server also received "
        + elsewhere.size()
        + (elsewhere.size() == 1 ? " message" : " messages")
        + " for other addresses: "
        + names
        + '.';
  }

  private static String from(ReceivedMail m) {
    List<Address> from = m.from();
    return from.isEmpty() ? "<" + m.envelope().mailFrom() + ">" : from.get(0).address();
  }

  private static String subject(ReceivedMail m) {
    String s = m.subject();
    if (s.length() > MAX_SUBJECT) {
      s = s.substring(0, MAX_SUBJECT - 1) + "…";
    }
    return '"' + s.replace("\n", " ").replace("\r", " ") + '"';
  }

  private static String pad(String s, int width) {
    StringBuilder sb = new StringBuilder(width).append(s);
    while (sb.length() < width) {
      sb.append(' ');
    }
    return sb.toString();
  }
}
