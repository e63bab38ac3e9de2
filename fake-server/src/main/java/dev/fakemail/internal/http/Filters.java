package dev.fakemail.internal.http;

import dev.fakemail.MailFilter;
import dev.fakemail.internal.store.MailStore;
import dev.fakemail.internal.store.StoreInbox;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The filter parameters, each mapping 1:1 to a {@link MailFilter} factory; all are ANDed, and each
 * may be repeated (AND again). {@code inbox} picks an address inbox instead of the server-wide one.
 */
final class Filters {
  static final List<String> FILTER_PARAMS =
      List.of(
          "to",
          "from",
          "cc",
          "subject",
          "subjectContains",
          "header",
          "textContains",
          "htmlContains",
          "inbox");

  final MailFilter filter;
  final StoreInbox view;

  private Filters(MailFilter filter, StoreInbox view) {
    this.filter = filter;
    this.view = view;
  }

  static Filters parse(Query query, MailStore store, Duration awaitTimeout) {
    MailFilter filter = MailFilter.any();
    filter = and(filter, query, "to", MailFilter::to);
    filter = and(filter, query, "from", MailFilter::from);
    filter = and(filter, query, "cc", MailFilter::cc);
    filter = and(filter, query, "subject", MailFilter::subject);
    filter = and(filter, query, "subjectContains", MailFilter::subjectContains);
    filter = and(filter, query, "header", Filters::header);
    filter = and(filter, query, "textContains", MailFilter::textContains);
    filter = and(filter, query, "htmlContains", MailFilter::htmlContains);
    Optional<String> inbox = query.single("inbox");
    StoreInbox view;
    if (inbox.isPresent()) {
      String address = inbox.get().trim();
      if (address.isEmpty() || address.chars().anyMatch(c -> c <= ' ')) {
        throw Query.invalid("inbox", inbox.get(), "expected an inbox address");
      }
      view = StoreInbox.forAddress(store, address, awaitTimeout);
    } else {
      view = StoreInbox.all(store, awaitTimeout);
    }
    return new Filters(filter, view);
  }

  /** Whether the query has a filter parameter other than {@code inbox}. */
  static boolean hasCriteria(Query query) {
    for (String name : FILTER_PARAMS) {
      if (!name.equals("inbox") && !query.all(name).isEmpty()) {
        return true;
      }
    }
    return false;
  }

  private static MailFilter and(
      MailFilter filter, Query query, String name, Function<String, MailFilter> factory) {
    for (String value : query.all(name)) {
      MailFilter f;
      try {
        f = factory.apply(value);
      } catch (IllegalArgumentException e) {
        throw Query.invalid(name, value, e.getMessage());
      }
      filter = filter.and(f);
    }
    return filter;
  }

  /** {@code Name: value}, split at the first colon, the value trimmed. */
  private static MailFilter header(String param) {
    int colon = param.indexOf(':');
    if (colon <= 0 || param.substring(0, colon).isBlank()) {
      throw new IllegalArgumentException("expected \"Name: value\"");
    }
    return MailFilter.header(param.substring(0, colon).trim(), param.substring(colon + 1).trim());
  }

  static List<String> params(String... more) {
    List<String> all = new ArrayList<>(FILTER_PARAMS);
    all.addAll(List.of(more));
    return List.copyOf(all);
  }
}
