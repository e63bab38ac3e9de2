package dev.fakemail.internal.imap.message;

import java.util.List;

/**
 * One MIME entity of a message: the message itself, a body part, or the message inside a
 * message/rfc822 part. Offsets are into the message's wire form (CRLF lines); the header runs from
 * {@link #start} to {@link #bodyStart} (with its blank line, when it has one), the body from there
 * to {@link #bodyEnd} (without the CRLF that belongs to a following boundary line). Built by {@link
 * StructureParser}, immutable afterwards.
 */
final class Part {
  enum Kind {
    /** text/*, or no Content-Type (RFC 2045 §5.2 default), or a fallback text view. */
    TEXT,
    /** multipart/* with a boundary and at least one part. */
    MULTIPART,
    /** message/rfc822: {@link #children} holds the one attached message. */
    MESSAGE,
    /** Any other type; also a part past the nesting or part-count limit. */
    OTHER
  }

  final int start;
  int bodyStart;
  int bodyEnd;

  /** LF count of the body: reported for text and message/rfc822 parts. */
  int lines;

  Kind kind = Kind.TEXT;

  /** Shown as text/plain whatever its Content-Type says (broken or partless multipart). */
  boolean textFallback;

  /** Past Dovecot's limits (100 levels, 10,000 parts): shown as application/octet-stream. */
  boolean overflow;

  /** The Content-* fields; null when the entity is not MIME (no MIME-Version, no Content-Type). */
  ContentFields content;

  /** The ENVELOPE, for the message and attached messages; null for body parts. */
  EnvelopeFields envelope;

  /**
   * The header was ended by a boundary line (no blank line, or a blank line the boundary took): the
   * part has no body.
   */
  boolean cut;

  /** The header ends with a blank line (it may not: a header cut short by EOF or a boundary). */
  boolean blankLine;

  List<Part> children = List.of();

  Part(int start) {
    this.start = start;
  }

  /** The attached message of a message/rfc822 part. */
  Part message() {
    return children.get(0);
  }
}
