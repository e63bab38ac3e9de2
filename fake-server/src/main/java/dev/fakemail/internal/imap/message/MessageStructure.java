package dev.fakemail.internal.imap.message;

/**
 * A parsed message: its entity tree, plus its ENVELOPE, BODY and BODYSTRUCTURE rendered once.
 * Immutable (the renderings are computed on demand; a race renders twice and keeps either).
 */
final class MessageStructure {
  final Part root;
  private volatile byte[] envelope;
  private volatile byte[] body;
  private volatile byte[] bodyStructure;

  MessageStructure(Part root) {
    this.root = root;
  }

  /** The rendered ENVELOPE; callers must not change it. */
  byte[] envelope() {
    byte[] e = envelope;
    if (e == null) {
      ByteBuilder out = new ByteBuilder(256);
      StructureWriter.envelope(out, root.envelope);
      e = out.toByteArray();
      envelope = e;
    }
    return e;
  }

  /** The rendered BODY or BODYSTRUCTURE; callers must not change it. */
  byte[] bodyStructure(boolean extensible) {
    byte[] b = extensible ? bodyStructure : body;
    if (b == null) {
      ByteBuilder out = new ByteBuilder(256);
      StructureWriter.message(out, root, extensible);
      b = out.toByteArray();
      if (extensible) {
        bodyStructure = b;
      } else {
        body = b;
      }
    }
    return b;
  }

  /**
   * The part a section number names (RFC 3501 §6.4.5), or null: in a multipart, n is its n-th part;
   * anything else has only part 1, itself; after a message/rfc822 part, the numbers go on inside
   * the attached message.
   */
  Part find(int[] path) {
    Part part = root;
    for (int i = 0; i < path.length; i++) {
      int number = path[i];
      boolean more = i + 1 < path.length;
      if (number < 1) {
        return null;
      }
      if (part.kind == Part.Kind.MULTIPART) {
        if (number > part.children.size()) {
          return null;
        }
        part = part.children.get(number - 1);
      } else if (number != 1 || (more && part.kind != Part.Kind.MESSAGE)) {
        return null;
      }
      if (more && part.kind == Part.Kind.MESSAGE) {
        part = part.message();
      }
    }
    return part;
  }
}
