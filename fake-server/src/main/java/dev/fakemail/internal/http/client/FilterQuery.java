package dev.fakemail.internal.http.client;

import dev.fakemail.MailFilter;

/**
 * A {@link MailFilter} as the API's query parameters, one per criterion: {@code to}, {@code from},
 * {@code cc}, {@code subject}, {@code subjectContains}, {@code header} ({@code Name: value}),
 * {@code textContains}, {@code htmlContains}. The server builds the same filter back with the same
 * factories, so it prints the same in a failure message.
 */
final class FilterQuery {
  private FilterQuery() {}

  /**
   * @throws IllegalArgumentException for a header criterion whose value starts or ends with
   *     whitespace, which the API would trim (and so look for another value), or whose name has a
   *     colon (where the API splits name from value)
   */
  static Query of(MailFilter filter) {
    Query q = new Query();
    for (MailFilter.Criterion c : filter.criteria()) {
      switch (c.field()) {
        case TO:
          q.add("to", c.value());
          break;
        case FROM:
          q.add("from", c.value());
          break;
        case CC:
          q.add("cc", c.value());
          break;
        case SUBJECT:
          q.add("subject", c.value());
          break;
        case SUBJECT_CONTAINS:
          q.add("subjectContains", c.value());
          break;
        case HEADER:
          String name = c.name().orElseThrow();
          if (name.indexOf(':') >= 0) {
            throw new IllegalArgumentException(
                "A header name with a colon cannot be sent over the HTTP API: " + c);
          }
          if (!c.value().equals(c.value().strip()) || !c.value().equals(c.value().trim())) {
            throw new IllegalArgumentException(
                "A header value with leading or trailing whitespace cannot be sent over the"
                    + " HTTP API, which trims it: "
                    + c);
          }
          q.add("header", name + ": " + c.value());
          break;
        case TEXT_CONTAINS:
          q.add("textContains", c.value());
          break;
        case HTML_CONTAINS:
          q.add("htmlContains", c.value());
          break;
      }
    }
    return q;
  }
}
