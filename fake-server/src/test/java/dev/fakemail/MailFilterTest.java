package dev.fakemail;

import static dev.fakemail.MailFilter.any;
import static dev.fakemail.MailFilter.cc;
import static dev.fakemail.MailFilter.from;
import static dev.fakemail.MailFilter.header;
import static dev.fakemail.MailFilter.htmlContains;
import static dev.fakemail.MailFilter.subject;
import static dev.fakemail.MailFilter.subjectContains;
import static dev.fakemail.MailFilter.textContains;
import static dev.fakemail.MailFilter.to;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.fakemail.MailFilter.Field;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Filters: how they print, combine, compare and explain a mismatch. */
class MailFilterTest {
  private static final ReceivedMail RECEIPT =
      ReceivedMail.of(
          "41",
          Instant.EPOCH,
          Envelope.builder()
              .mailFrom("bounce@shop.test")
              .addRecipient("bob@example.test")
              .addRecipient("hidden@example.test")
              .build(),
          ("From: Shop <NoReply@Shop.test>\r\n"
                  + "To: Bob <bob@example.test>\r\n"
                  + "Cc: carol@example.test\r\n"
                  + "Subject: Receipt #41\r\n"
                  + "X-Order: 41\r\n"
                  + "X-Order: 42\r\n"
                  + "Content-Type: multipart/alternative; boundary=b\r\n"
                  + "\r\n"
                  + "--b\r\n"
                  + "Content-Type: text/plain\r\n\r\nThanks for your order\r\n"
                  + "--b\r\n"
                  + "Content-Type: text/html\r\n\r\n<p>Thanks</p>\r\n"
                  + "--b--\r\n")
              .getBytes(StandardCharsets.UTF_8));

  private static final ReceivedMail PLAIN =
      ReceivedMail.of(
          "42",
          Instant.EPOCH,
          Envelope.builder().addRecipient("alice@example.test").build(),
          "Subject: hello\r\n\r\njust text\r\n".getBytes(StandardCharsets.UTF_8));

  @Test
  void printsEachCriterionTheWayFailureMessagesShowIt() {
    assertThat(any()).hasToString("{any message}");
    assertThat(to(" Bob@Example.test ")).hasToString("{to=Bob@Example.test}");
    assertThat(from("noreply@shop.test")).hasToString("{from=noreply@shop.test}");
    assertThat(cc("carol@example.test")).hasToString("{cc=carol@example.test}");
    assertThat(subject("Receipt #41")).hasToString("{subject=\"Receipt #41\"}");
    assertThat(subjectContains("Receipt")).hasToString("{subject contains \"Receipt\"}");
    assertThat(header("X-Order", "41")).hasToString("{header X-Order=\"41\"}");
    assertThat(textContains("Thanks")).hasToString("{text contains \"Thanks\"}");
    assertThat(htmlContains("<p>")).hasToString("{html contains \"<p>\"}");
    assertThat(subject("say \"hi\"\\\n\r\tnow"))
        .hasToString("{subject=\"say \\\"hi\\\"\\\\\\n\\r\\tnow\"}");
    assertThat(to("bob@example.test").and(subjectContains("Receipt")))
        .hasToString("{to=bob@example.test, subject contains \"Receipt\"}");
  }

  @Test
  void andKeepsOrderAndDropsRepeatedCriteria() {
    MailFilter f = to("bob@example.test").and(subject("x"));
    assertThat(f.and(to("bob@example.test"))).isEqualTo(f).hasSameHashCodeAs(f);
    assertThat(f.and(subject("y")))
        .hasToString("{to=bob@example.test, subject=\"x\", subject=\"y\"}");
    assertThat(any().and(f)).isEqualTo(f);
    assertThat(f.and(any())).isEqualTo(f);
    assertThat(any().and(any())).isEqualTo(any());
    assertThat(any().isAny()).isTrue();
    assertThat(f.isAny()).isFalse();
    assertThat(to("bob@example.test")).isEqualTo(to(" bob@example.test "));
    assertThat(to("bob@example.test")).isNotEqualTo(from("bob@example.test"));
    assertThat(subject("x")).isNotEqualTo(subjectContains("x"));
    assertThat(header("X-A", "1")).isNotEqualTo(header("X-A", "2"));
  }

  @Test
  void matchesOnEnvelopeRecipientsAndDecodedHeaders() {
    assertThat(to("BOB@example.test").matches(RECEIPT)).isTrue();
    assertThat(to("hidden@example.test").matches(RECEIPT)).as("a Bcc recipient").isTrue();
    assertThat(to("carol@example.test").matches(RECEIPT))
        .as("Cc header only, not an envelope recipient")
        .isFalse();
    assertThat(from("noreply@shop.test").matches(RECEIPT)).isTrue();
    assertThat(from("bounce@shop.test").matches(RECEIPT))
        .as("From header, not MAIL FROM")
        .isFalse();
    assertThat(cc("CAROL@example.test").matches(RECEIPT)).isTrue();
    assertThat(subject("Receipt #41").matches(RECEIPT)).isTrue();
    assertThat(subject("receipt #41").matches(RECEIPT)).as("case-sensitive").isFalse();
    assertThat(header("x-order", "42").matches(RECEIPT)).as("any header of that name").isTrue();
    assertThat(textContains("your order").matches(RECEIPT)).isTrue();
    assertThat(htmlContains("<p>Thanks").matches(RECEIPT)).isTrue();
    assertThat(htmlContains("anything").matches(PLAIN)).as("no HTML at all").isFalse();
    assertThat(any().matches(PLAIN)).isTrue();
  }

  @Test
  void mismatchesNameEachFailedCriterionOnce() {
    MailFilter f =
        to("bob@example.test")
            .and(from("noreply@shop.test"))
            .and(cc("carol@example.test"))
            .and(subject("Receipt #41"))
            .and(subjectContains("Receipt"))
            .and(header("X-Order", "41"))
            .and(textContains("order"))
            .and(htmlContains("Thanks"));
    assertThat(f.mismatches(RECEIPT)).isEmpty();
    assertThat(f.matches(RECEIPT)).isTrue();
    assertThat(f.mismatches(PLAIN))
        .containsExactly("to", "from", "cc", "subject", "header X-Order", "text", "html");
    assertThat(f.matches(PLAIN)).isFalse();
    assertThatThrownBy(() -> f.mismatches(PLAIN).add("x"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void exposesEachCriterionAsTheFactoryCallThatMadeIt() {
    MailFilter f =
        to(" Bob@Example.test ")
            .and(from("noreply@shop.test"))
            .and(cc("carol@example.test"))
            .and(subject("Receipt #41"))
            .and(subjectContains("Receipt"))
            .and(header("X-Order", " 41"))
            .and(textContains("order"))
            .and(htmlContains("<p>"))
            .and(to("Bob@Example.test"));
    assertThat(f.criteria())
        .extracting(
            MailFilter.Criterion::field,
            c -> c.name().orElse(null),
            MailFilter.Criterion::value,
            MailFilter.Criterion::toString)
        .containsExactly(
            tuple(Field.TO, null, "Bob@Example.test", "to=Bob@Example.test"),
            tuple(Field.FROM, null, "noreply@shop.test", "from=noreply@shop.test"),
            tuple(Field.CC, null, "carol@example.test", "cc=carol@example.test"),
            tuple(Field.SUBJECT, null, "Receipt #41", "subject=\"Receipt #41\""),
            tuple(Field.SUBJECT_CONTAINS, null, "Receipt", "subject contains \"Receipt\""),
            tuple(Field.HEADER, "X-Order", " 41", "header X-Order=\" 41\""),
            tuple(Field.TEXT_CONTAINS, null, "order", "text contains \"order\""),
            tuple(Field.HTML_CONTAINS, null, "<p>", "html contains \"<p>\""));
    assertThat(any().criteria()).isEmpty();
    assertThatThrownBy(() -> f.criteria().clear())
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void criteriaRebuildAnEqualFilter() {
    MailFilter f =
        to("bob@example.test")
            .and(header("X-Order", "41"))
            .and(subject("say \"hi\"\n"))
            .and(htmlContains("<p>"));
    MailFilter rebuilt = any();
    for (MailFilter.Criterion c : f.criteria()) {
      rebuilt = rebuilt.and(rebuild(c));
    }
    assertThat(rebuilt).isEqualTo(f).hasSameHashCodeAs(f).hasToString(f.toString());
  }

  @Test
  void criteriaAreEqualByFieldNameAndValue() {
    MailFilter.Criterion bob = to("bob@example.test").criteria().get(0);
    assertThat(bob)
        .isEqualTo(to(" bob@example.test").criteria().get(0))
        .hasSameHashCodeAs(to(" bob@example.test").criteria().get(0))
        .isNotEqualTo(from("bob@example.test").criteria().get(0))
        .isNotEqualTo(to("BOB@example.test").criteria().get(0));
    assertThat(subject("x").criteria().get(0)).isNotEqualTo(subjectContains("x").criteria().get(0));
    assertThat(header("X-A", "1").criteria().get(0))
        .isEqualTo(header("X-A", "1").criteria().get(0))
        .isNotEqualTo(header("X-B", "1").criteria().get(0))
        .isNotEqualTo(header("X-A", "2").criteria().get(0));
    assertThat(textContains("x").criteria().get(0))
        .isNotEqualTo(htmlContains("x").criteria().get(0));
  }

  private static MailFilter rebuild(MailFilter.Criterion c) {
    switch (c.field()) {
      case TO:
        return to(c.value());
      case FROM:
        return from(c.value());
      case CC:
        return cc(c.value());
      case SUBJECT:
        return subject(c.value());
      case SUBJECT_CONTAINS:
        return subjectContains(c.value());
      case HEADER:
        return header(c.name().orElseThrow(), c.value());
      case TEXT_CONTAINS:
        return textContains(c.value());
      case HTML_CONTAINS:
        return htmlContains(c.value());
    }
    throw new AssertionError(c);
  }

  @Test
  void rejectsMissingOrBlankArguments() {
    assertThatThrownBy(() -> to("  "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("address must not be blank");
    assertThatThrownBy(() -> from(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("address");
    assertThatThrownBy(() -> header(" ", "v"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("header name must not be blank");
    assertThatThrownBy(() -> subject(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("subject");
    assertThatThrownBy(() -> any().and(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("other");
  }
}
