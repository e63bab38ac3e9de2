package dev.fakemail.internal.imap.message;

import dev.fakemail.internal.imap.message.ImapMessageView.SectionText;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * A measurement, not a timed test: how long the views take over 10,000 messages of about 5 KB
 * (multipart/alternative, as applications send them). Each figure is the best of five rounds on
 * fresh views, after a warm-up. Not picked up by the build (the name does not end in Test); run:
 *
 * <pre>
 * mvn -pl fake-server -am test -Dtest=ViewPerformanceProbe -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dfakemail.perf=true
 * </pre>
 */
@EnabledIfSystemProperty(named = "fakemail.perf", matches = "true")
class ViewPerformanceProbe {
  private static final int MESSAGES = 10_000;

  @Test
  void tenThousandFiveKilobyteMessages() throws IOException {
    List<byte[]> messages = new ArrayList<>();
    for (int i = 0; i < MESSAGES; i++) {
      messages.add(message(i, false));
    }
    long bytes = messages.stream().mapToLong(m -> m.length).sum();
    System.out.printf(
        "%d messages, %.1f KB each on average%n", MESSAGES, bytes / 1024.0 / MESSAGES);
    for (int round = 0; round < 3; round++) { // warm-up
      measure(messages, false);
    }
    measure(messages, true);
    List<byte[]> lf = new ArrayList<>();
    for (int i = 0; i < MESSAGES; i++) {
      lf.add(message(i, true));
    }
    System.out.println("-- the same stored with bare LF line endings:");
    measure(lf, false);
    measure(lf, true);
  }

  private static void measure(List<byte[]> messages, boolean print) throws IOException {
    long fullAndSize = Long.MAX_VALUE;
    long fullAgain = Long.MAX_VALUE;
    long stream = Long.MAX_VALUE;
    long structure = Long.MAX_VALUE;
    long structureAgain = Long.MAX_VALUE;
    long envelope = Long.MAX_VALUE;
    long part = Long.MAX_VALUE;
    long search = Long.MAX_VALUE;
    long sink = 0;
    byte[] buffer = new byte[16384];
    for (int round = 0; round < 5; round++) {
      List<ImapMessageView> views = views(messages);
      long t0 = System.nanoTime();
      for (ImapMessageView v : views) {
        sink += v.full().length + v.size();
      }
      long t1 = System.nanoTime();
      for (ImapMessageView v : views) {
        sink += v.full().length + v.size();
      }
      long t2 = System.nanoTime();
      for (ImapMessageView v : views) {
        try (InputStream in = v.fullStream()) {
          int n;
          while ((n = in.read(buffer)) > 0) {
            sink += n;
          }
        }
      }
      long t3 = System.nanoTime();
      for (ImapMessageView v : views) {
        sink += v.bodyStructure(true).length;
      }
      long t4 = System.nanoTime();
      for (ImapMessageView v : views) {
        sink += v.bodyStructure(true).length;
      }
      long t5 = System.nanoTime();
      for (ImapMessageView v : views) {
        sink += v.envelope().length;
      }
      long t6 = System.nanoTime();
      for (ImapMessageView v : views) {
        sink += v.section(new int[] {2}, SectionText.NONE, List.of()).length;
      }
      long t7 = System.nanoTime();
      for (ImapMessageView v : views) {
        sink += v.bodyContains("needle") ? 1 : 0;
      }
      long t8 = System.nanoTime();
      fullAndSize = Math.min(fullAndSize, t1 - t0);
      fullAgain = Math.min(fullAgain, t2 - t1);
      stream = Math.min(stream, t3 - t2);
      structure = Math.min(structure, t4 - t3);
      structureAgain = Math.min(structureAgain, t5 - t4);
      envelope = Math.min(envelope, t6 - t5);
      part = Math.min(part, t7 - t6);
      search = Math.min(search, t8 - t7);
    }
    if (print) {
      System.out.printf(
          "full()+size(), fresh views (one scan, one copy): %6.1f ms%n", ms(fullAndSize));
      System.out.printf(
          "full()+size(), again (size known):               %6.1f ms%n", ms(fullAgain));
      System.out.printf("fullStream() read through:                       %6.1f ms%n", ms(stream));
      System.out.printf(
          "bodyStructure(true), first (parses):             %6.1f ms%n", ms(structure));
      System.out.printf(
          "bodyStructure(true), again (cached):             %6.1f ms%n", ms(structureAgain));
      System.out.printf(
          "envelope() (structure cached):                   %6.1f ms%n", ms(envelope));
      System.out.printf("section BODY[2]:                                 %6.1f ms%n", ms(part));
      System.out.printf("bodyContains (SEARCH BODY, no match):            %6.1f ms%n", ms(search));
      System.out.println("(" + sink + ")");
    }
  }

  private static List<ImapMessageView> views(List<byte[]> messages) {
    List<ImapMessageView> views = new ArrayList<>(messages.size());
    for (byte[] m : messages) {
      views.add(Fetch.view(m));
    }
    return views;
  }

  private static double ms(long nanos) {
    return nanos / 1e6;
  }

  /** About 5 KB: a typical header, text and HTML alternatives. */
  static byte[] message(int i, boolean bareLf) {
    StringBuilder text = new StringBuilder();
    StringBuilder html = new StringBuilder("<html><body>");
    for (int line = 0; line < 30; line++) {
      text.append("Line ")
          .append(line)
          .append(" of message ")
          .append(i)
          .append(": the quick brown fox jumps over the lazy dog.\r\n");
      html.append("<p>Line ")
          .append(line)
          .append(" of message ")
          .append(i)
          .append(": the quick brown fox jumps over the lazy dog.</p>\r\n");
    }
    html.append("</body></html>\r\n");
    String m =
        Fetch.crlf(
                "Return-Path: <app@example.org>",
                "Received: from app.example.org (app.example.org [192.0.2.10])",
                "\tby mx.example.net with ESMTP id " + i + "; Mon, 2 Jan 2023 08:00:00 +0100",
                "Date: Mon, 2 Jan 2023 08:00:00 +0100",
                "From: \"Example App\" <app@example.org>",
                "To: user" + i + "@example.net",
                "Subject: =?UTF-8?Q?Your_order_" + i + "_=E2=9C=93?=",
                "Message-ID: <" + i + ".order@example.org>",
                "MIME-Version: 1.0",
                "Content-Type: multipart/alternative; boundary=\"b" + i + "\"",
                "",
                "--b" + i,
                "Content-Type: text/plain; charset=UTF-8",
                "Content-Transfer-Encoding: 7bit",
                "")
            + text
            + Fetch.crlf(
                "--b" + i,
                "Content-Type: text/html; charset=UTF-8",
                "Content-Transfer-Encoding: 7bit",
                "")
            + html
            + Fetch.crlf("--b" + i + "--");
    if (bareLf) {
      m = m.replace("\r\n", "\n");
    }
    return m.getBytes(StandardCharsets.UTF_8);
  }
}
