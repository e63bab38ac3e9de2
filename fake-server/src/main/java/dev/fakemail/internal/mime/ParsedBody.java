package dev.fakemail.internal.mime;

import dev.fakemail.Attachment;
import java.util.List;

/** The content of a message, parsed: text body, HTML body and the other parts. */
public final class ParsedBody {
  private final String text;
  private final String html;
  private final List<Attachment> attachments;

  ParsedBody(String text, String html, List<Attachment> attachments) {
    this.text = text;
    this.html = html;
    this.attachments = List.copyOf(attachments);
  }

  /** The plain-text body, or {@code null}. */
  public String text() {
    return text;
  }

  /** The HTML body, or {@code null}. */
  public String html() {
    return html;
  }

  public List<Attachment> attachments() {
    return attachments;
  }
}
