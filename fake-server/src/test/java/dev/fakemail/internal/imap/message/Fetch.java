package dev.fakemail.internal.imap.message;

import dev.fakemail.Envelope;
import dev.fakemail.ReceivedMail;
import dev.fakemail.internal.imap.message.ImapMessageView.SectionText;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * FETCH items answered by an {@link ImapMessageView}, named as they appear in a FETCH response
 * ({@code ENVELOPE}, {@code BODY[1.2.MIME]}, {@code BODY[HEADER.FIELDS (FROM TO)]}…), so that the
 * answers can be compared with another server's item by item.
 */
final class Fetch {
  private Fetch() {}

  static ImapMessageView view(String message) {
    return view(message.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * A view of the message; with {@code -Dfakemail.dovecot.capture=<dir>} the message is also saved
   * there, so that {@link DovecotDifferentialTest} can check it against Dovecot.
   */
  static ImapMessageView view(byte[] message) {
    String capture = System.getProperty("fakemail.dovecot.capture", "");
    if (!capture.isEmpty()) {
      try {
        String name = Integer.toHexString(Arrays.hashCode(message)) + "-" + message.length;
        java.nio.file.Files.write(java.nio.file.Path.of(capture, name + ".eml"), message);
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
    return new ImapMessageView(
        ReceivedMail.of(
            "1", Instant.EPOCH, Envelope.builder().mailFrom("a@example.test").build(), message));
  }

  /** The lines joined, each ending with CRLF. */
  static String crlf(String... lines) {
    return String.join("\r\n", lines) + "\r\n";
  }

  static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  /** Our answer to one item. */
  static byte[] answer(ImapMessageView view, String item) {
    switch (item) {
      case "RFC822.SIZE":
        return Long.toString(view.size()).getBytes(StandardCharsets.US_ASCII);
      case "ENVELOPE":
        return view.envelope();
      case "BODY":
        return view.bodyStructure(false);
      case "BODYSTRUCTURE":
        return view.bodyStructure(true);
      default:
        if (item.startsWith("BODY[") && item.endsWith("]")) {
          return section(view, item.substring(5, item.length() - 1));
        }
        throw new IllegalArgumentException(item);
    }
  }

  /** A section spec as in {@code BODY[spec]}: {@code 1.2}, {@code 3.HEADER}, {@code TEXT}… */
  static byte[] section(ImapMessageView view, String spec) {
    List<Integer> numbers = new ArrayList<>();
    String rest = spec;
    while (!rest.isEmpty() && Character.isDigit(rest.charAt(0))) {
      int dot = rest.indexOf('.');
      String number = dot < 0 ? rest : rest.substring(0, dot);
      numbers.add(Integer.parseInt(number));
      rest = dot < 0 ? "" : rest.substring(dot + 1);
    }
    int[] part = numbers.stream().mapToInt(Integer::intValue).toArray();
    String upper = rest.toUpperCase(Locale.ROOT);
    if (upper.isEmpty()) {
      return view.section(part, SectionText.NONE, List.of());
    }
    if (upper.startsWith("HEADER.FIELDS.NOT ")) {
      return view.section(part, SectionText.HEADER_FIELDS_NOT, fields(rest.substring(18)));
    }
    if (upper.startsWith("HEADER.FIELDS ")) {
      return view.section(part, SectionText.HEADER_FIELDS, fields(rest.substring(14)));
    }
    return view.section(part, SectionText.valueOf(upper), List.of());
  }

  private static List<String> fields(String list) {
    String inner = list.trim();
    inner = inner.substring(1, inner.length() - 1).trim();
    return inner.isEmpty() ? List.of() : Arrays.asList(inner.split("\\s+"));
  }

  /**
   * The items worth comparing for a message: sizes, ENVELOPE, BODY, BODYSTRUCTURE, the whole
   * message, its header and text, and for every part number ours says exists, the part with its
   * MIME, HEADER, TEXT and a HEADER.FIELDS; plus a few part numbers that exist nowhere.
   */
  static List<String> items(ImapMessageView view) {
    List<String> items =
        new ArrayList<>(
            List.of(
                "RFC822.SIZE",
                "ENVELOPE",
                "BODY",
                "BODYSTRUCTURE",
                "BODY[]",
                "BODY[HEADER]",
                "BODY[TEXT]",
                "BODY[HEADER.FIELDS (FROM SUBJECT CONTENT-TYPE)]",
                "BODY[HEADER.FIELDS.NOT (FROM SUBJECT CONTENT-TYPE)]"));
    List<String> numbers = new ArrayList<>();
    partNumbers(view.structure().root, "", numbers);
    for (String n : numbers) {
      items.add("BODY[" + n + "]");
      items.add("BODY[" + n + ".MIME]");
      items.add("BODY[" + n + ".HEADER]");
      items.add("BODY[" + n + ".TEXT]");
      items.add("BODY[" + n + ".HEADER.FIELDS (SUBJECT CONTENT-TYPE)]");
    }
    items.add("BODY[1.1]");
    items.add("BODY[2.1]");
    items.add("BODY[2.1.MIME]");
    items.add("BODY[9]");
    items.add("BODY[1.9]");
    items.add("BODY[1.1.1.1.1]");
    return items;
  }

  /** Every part number of the entity (the message, or the message inside a message/rfc822). */
  static void partNumbers(Part entity, String prefix, List<String> out) {
    if (entity.kind == Part.Kind.MULTIPART) {
      for (int i = 0; i < entity.children.size(); i++) {
        String number = prefix.isEmpty() ? Integer.toString(i + 1) : prefix + "." + (i + 1);
        out.add(number);
        Part child = entity.children.get(i);
        if (child.kind == Part.Kind.MULTIPART) {
          partNumbers(child, number, out);
        } else if (child.kind == Part.Kind.MESSAGE) {
          partNumbers(child.message(), number, out);
        }
      }
    } else {
      String number = prefix.isEmpty() ? "1" : prefix + ".1";
      out.add(number);
      if (entity.kind == Part.Kind.MESSAGE) {
        partNumbers(entity.message(), number, out);
      }
    }
  }
}
