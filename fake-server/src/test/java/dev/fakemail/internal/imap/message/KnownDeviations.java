package dev.fakemail.internal.imap.message;

import java.util.Map;

/**
 * Answers of corpus messages where we knowingly differ from Dovecot 2.3, with the reason: the
 * differential tool reports them as known instead of failing, and they are not recorded as golden
 * answers. (The messages of {@code deviations/} differ as a whole: see the tests that cover each.)
 */
final class KnownDeviations {
  private KnownDeviations() {}

  private static final String PAST_THE_PART =
      "Dovecot's HEADER.FIELDS of a message/rfc822 part reads on to the next blank line even past"
          + " the end of the part (here into the next part's MIME header): ours stays inside the"
          + " attached message's header.";

  static final Map<String, String> ITEMS =
      Map.of(
          "no-blank-line.eml BODY[HEADER.FIELDS (FROM SUBJECT CONTENT-TYPE)]",
          "RFC 3501 §6.4.5: the blank line is included in header data \"except in the case of a"
              + " message which has no body and no blank line\"; Dovecot serves HEADER.FIELDS of"
              + " the message from its header cache, which always adds one (and drops a bare CR"
              + " before a line's CRLF); HEADER and HEADER.FIELDS.NOT send the stored lines.",
          "rfc822-edge.eml BODY[1.HEADER.FIELDS (SUBJECT CONTENT-TYPE)]",
          PAST_THE_PART,
          "rfc822-edge.eml BODY[2.HEADER.FIELDS (SUBJECT CONTENT-TYPE)]",
          PAST_THE_PART,
          "rfc822-edge.eml BODY[3.HEADER.FIELDS (SUBJECT CONTENT-TYPE)]",
          PAST_THE_PART);

  static String reason(String message, String item) {
    return ITEMS.get(message + " " + item);
  }
}
