package dev.fakemail;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A MIME part of a received message that is not its text or HTML body: a file attachment, an inline
 * image, an attached message ({@code message/rfc822}).
 *
 * <p>Immutable: {@link #bytes()} returns a copy.
 */
public final class Attachment {
  private final String name;
  private final String contentType;
  private final byte[] content;
  private final boolean inline;
  private final String contentId;

  private Attachment(
      String name, String contentType, byte[] content, boolean inline, String contentId) {
    this.name = name == null ? "" : name;
    this.contentType = Objects.requireNonNull(contentType, "contentType").toLowerCase(Locale.ROOT);
    this.content = Objects.requireNonNull(content, "content").clone();
    this.inline = inline;
    this.contentId = contentId == null || contentId.isBlank() ? null : contentId;
  }

  /**
   * An attachment value.
   *
   * @param name the file name, {@code null} or empty for none
   * @param contentType the MIME type without parameters, e.g. {@code application/pdf}
   * @param content the decoded content (copied)
   * @param inline whether the part is shown inline ({@code Content-Disposition: inline}, or a
   *     related part referenced by Content-ID)
   * @param contentId the Content-ID without angle brackets, {@code null} for none
   */
  public static Attachment of(
      String name, String contentType, byte[] content, boolean inline, String contentId) {
    return new Attachment(name, contentType, content, inline, contentId);
  }

  /** The decoded file name (RFC 2231 and RFC 2047 names decoded); empty when the part has none. */
  public String name() {
    return name;
  }

  /** The MIME type in lower case without parameters, e.g. {@code image/png}. */
  public String contentType() {
    return contentType;
  }

  /** The size of the decoded content in bytes. */
  public long size() {
    return content.length;
  }

  /** The decoded content (transfer encoding removed); a fresh copy on every call. */
  public byte[] bytes() {
    return content.clone();
  }

  /** The content read as UTF-8 text, for attachments that are text. */
  public String text() {
    return new String(content, StandardCharsets.UTF_8);
  }

  /** Whether the part is meant to be shown inline rather than offered as a download. */
  public boolean inline() {
    return inline;
  }

  /** The Content-ID without angle brackets, as referenced by {@code cid:} URLs. */
  public Optional<String> contentId() {
    return Optional.ofNullable(contentId);
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Attachment)) {
      return false;
    }
    Attachment a = (Attachment) o;
    return a.name.equals(name)
        && a.contentType.equals(contentType)
        && a.inline == inline
        && Objects.equals(a.contentId, contentId)
        && Arrays.equals(a.content, content);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, contentType, inline, contentId, Arrays.hashCode(content));
  }

  @Override
  public String toString() {
    return "Attachment{name=\""
        + name
        + "\", contentType="
        + contentType
        + ", size="
        + content.length
        + (inline ? ", inline" : "")
        + (contentId == null ? "" : ", contentId=" + contentId)
        + '}';
  }
}
