package dev.fakemail.internal.mime;

import java.util.List;

/**
 * The MIME tree of a message: each entity's content type and size, and its parts. A leaf's size is
 * its decoded content in bytes; a multipart's or an attached message's, the sum of its parts'.
 * Immutable.
 */
public final class MimeStructure {
  private final String contentType;
  private final long size;
  private final List<MimeStructure> parts;

  MimeStructure(String contentType, long size, List<MimeStructure> parts) {
    this.contentType = contentType;
    this.size = size;
    this.parts = List.copyOf(parts);
  }

  /** The MIME type in lower case without parameters, e.g. {@code multipart/mixed}. */
  public String contentType() {
    return contentType;
  }

  public long size() {
    return size;
  }

  /** The parts of a multipart, or the one message of a {@code message/rfc822}; else empty. */
  public List<MimeStructure> parts() {
    return parts;
  }

  @Override
  public String toString() {
    return contentType + "(" + size + ")" + (parts.isEmpty() ? "" : parts.toString());
  }
}
