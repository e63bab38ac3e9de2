package dev.fakemail.bench.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Everything one run measured, rendered as the Markdown table and as JSON. */
public final class Results {
  private final Map<String, Object> header = new LinkedHashMap<>();
  private final List<Section> sections = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();
  private final Map<String, Object> extra = new LinkedHashMap<>();

  /** A numbered group of rows: "1. Embedded lifecycle". */
  public static final class Section {
    final String title;
    final List<Row> rows = new ArrayList<>();

    Section(String title) {
      this.title = title;
    }

    public Section add(Row row) {
      rows.add(row);
      return this;
    }
  }

  /** A line of the header ("Machine", "JDK", …), kept in order. */
  public void header(String key, Object value) {
    header.put(key, value);
  }

  public Section section(String title) {
    for (Section s : sections) {
      if (s.title.equals(title)) {
        return s;
      }
    }
    Section s = new Section(title);
    sections.add(s);
    return s;
  }

  /** Every row, in table order. */
  public List<Row> rows() {
    List<Row> all = new ArrayList<>();
    for (Section s : sections) {
      all.addAll(s.rows);
    }
    return all;
  }

  /** A line for the Notes list under the table. */
  public void note(String note) {
    notes.add(note);
  }

  /** Extra data for the JSON only (histograms, client cross-checks). */
  public void extra(String key, Object value) {
    extra.put(key, value);
  }

  /** The Markdown report: header, one table per section, details, notes. */
  public String markdown() {
    StringBuilder sb = new StringBuilder();
    sb.append("# FakeMail vs GreenMail: benchmark results\n\n");
    for (Map.Entry<String, Object> e : header.entrySet()) {
      sb.append("- **").append(e.getKey()).append("**: ").append(e.getValue()).append('\n');
    }
    sb.append('\n');
    sb.append(
        "Ratios are FakeMail against the anchor measured in the same run. Targets anchored on"
            + " GreenMail are judged as ratios: the issue's target ÷ the GreenMail figure it"
            + " measured, times GreenMail's figure here; \"abs.\" says whether the absolute target"
            + " was met too.\n\n");
    for (Section s : sections) {
      sb.append("## ").append(s.title).append("\n\n");
      sb.append(
          "| # | Benchmark | FakeMail | GreenMail | FakeMail vs GreenMail | smtp-sink |"
              + " FakeMail vs smtp-sink | Target | Result |\n");
      sb.append("|---|---|---:|---:|---|---:|---|---|---|\n");
      for (Row r : s.rows) {
        sb.append("| ")
            .append(r.id())
            .append(" | ")
            .append(r.title())
            .append(" | ")
            .append(r.fakemail().cell())
            .append(" | ")
            .append(r.greenmail().cell())
            .append(" | ")
            .append(r.advantage(r.ratioToGreenMail()))
            .append(" | ")
            .append(r.sink() == null ? "–" : r.sink().cell())
            .append(" | ")
            .append(r.sink() == null ? "–" : r.advantage(r.ratioToSink()))
            .append(" | ")
            .append(r.target() == null ? "–" : r.target().describe())
            .append(" | ")
            .append(r.result())
            .append(" |\n");
      }
      sb.append('\n');
    }
    sb.append("## Details (how each figure was taken)\n\n");
    for (Section s : sections) {
      for (Row r : s.rows) {
        StringBuilder d = new StringBuilder();
        detail(d, "FakeMail", r.fakemail());
        detail(d, "GreenMail", r.greenmail());
        detail(d, "smtp-sink", r.sink());
        if (!r.note().isEmpty()) {
          d.append(d.length() > 0 ? " " : "").append(r.note());
        }
        if (d.length() > 0) {
          sb.append("- **").append(r.id()).append("** ").append(d).append('\n');
        }
      }
    }
    if (!notes.isEmpty()) {
      sb.append("\n## Notes\n\n");
      for (String n : notes) {
        sb.append("- ").append(n).append('\n');
      }
    }
    return sb.toString();
  }

  private static void detail(StringBuilder d, String who, Measurement m) {
    if (m == null || m.detail().isEmpty()) {
      return;
    }
    if (d.length() > 0) {
      d.append("; ");
    }
    d.append(who).append(": ").append(m.detail());
  }

  /** The same results as JSON, with raw values and ratios. */
  public String json() {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("header", header);
    List<Object> rows = new ArrayList<>();
    for (Section s : sections) {
      for (Row r : s.rows) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("section", s.title);
        row.put("id", r.id());
        row.put("title", r.title());
        row.put("better", r.better().name().toLowerCase(java.util.Locale.ROOT));
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("fakemail", measurement(r.fakemail()));
        values.put("greenmail", measurement(r.greenmail()));
        if (r.sink() != null) {
          values.put("smtp-sink", measurement(r.sink()));
        }
        row.put("values", values);
        row.put("ratioFakeMailToGreenMail", r.ratioToGreenMail());
        if (r.sink() != null) {
          row.put("ratioFakeMailToSmtpSink", r.ratioToSink());
        }
        row.put("target", r.target() == null ? null : r.target().describe());
        row.put("result", r.result());
        row.put("note", r.note());
        rows.add(row);
      }
    }
    root.put("rows", rows);
    root.put("notes", notes);
    root.put("extra", extra);
    return Json.write(root);
  }

  private static Map<String, Object> measurement(Measurement m) {
    Map<String, Object> j = new LinkedHashMap<>();
    j.put("status", m.status().name().toLowerCase(java.util.Locale.ROOT));
    j.put("value", m.ok() ? m.value() : null);
    j.put("unit", m.unit());
    j.put("detail", m.detail());
    return j;
  }
}
