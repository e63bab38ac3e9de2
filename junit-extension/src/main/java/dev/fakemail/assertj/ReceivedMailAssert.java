package dev.fakemail.assertj;

import static dev.fakemail.assertj.internal.ShouldHaveAddresses.shouldHaveAddressesIncluding;
import static dev.fakemail.assertj.internal.ShouldHaveAddresses.shouldHaveEnvelopeRecipientsIncluding;
import static dev.fakemail.assertj.internal.ShouldHaveAddresses.shouldHaveOnlyAddresses;
import static dev.fakemail.assertj.internal.ShouldHaveAddresses.shouldHaveOnlyEnvelopeRecipients;
import static dev.fakemail.assertj.internal.ShouldHaveAttachment.shouldHaveAttachment;
import static dev.fakemail.assertj.internal.ShouldHaveBeenAuthenticated.shouldHaveBeenAuthenticatedAs;
import static dev.fakemail.assertj.internal.ShouldHaveBeenAuthenticated.shouldHaveBeenAuthenticatedWith;
import static dev.fakemail.assertj.internal.ShouldHaveBeenAuthenticated.shouldNotHaveBeenAuthenticated;
import static dev.fakemail.assertj.internal.ShouldHaveBeenSentOverTls.shouldHaveBeenSentOverTls;
import static dev.fakemail.assertj.internal.ShouldHaveBeenSentOverTls.shouldNotHaveBeenSentOverTls;
import static dev.fakemail.assertj.internal.ShouldHaveBodyContaining.shouldHaveHtmlBodyContaining;
import static dev.fakemail.assertj.internal.ShouldHaveBodyContaining.shouldHaveTextBodyContaining;
import static dev.fakemail.assertj.internal.ShouldHaveEnvelopeSender.shouldHaveEnvelopeSender;
import static dev.fakemail.assertj.internal.ShouldHaveHeader.shouldHaveHeader;
import static dev.fakemail.assertj.internal.ShouldHaveHeader.shouldHaveHeaderWithValue;
import static dev.fakemail.assertj.internal.ShouldHaveNoAttachments.shouldHaveNoAttachments;
import static dev.fakemail.assertj.internal.ShouldHaveSubject.shouldHaveSubject;
import static dev.fakemail.assertj.internal.ShouldHaveSubject.shouldHaveSubjectContaining;

import dev.fakemail.Address;
import dev.fakemail.Attachment;
import dev.fakemail.ReceivedMail;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on a {@link ReceivedMail}; get one from {@link
 * MailAssertions#assertThat(ReceivedMail)}.
 *
 * <p>Addresses compare ignoring case and display names: {@code hasTo("bob@example.test")} passes
 * for {@code To: "Bob" <Bob@Example.test>}. The {@code hasTo}-style assertions pass when the mail's
 * addresses <em>include</em> every given address (others may be there too); the {@code
 * hasOnlyTo}-style assertions pass when they are exactly the given ones, in any order. Texts
 * (subjects, header values, bodies) compare exactly, case-sensitively, on the decoded values.
 *
 * <p>Every failure says which mail it is about and what it actually had:
 *
 * <pre>
 * Expecting mail #3 "Welcome, Bob" to have subject:
 *   "Receipt"
 * but had:
 *   "Welcome, Bob"
 * </pre>
 *
 * Passing {@code null} (or no address) as an expected value is a programming error and throws
 * {@link NullPointerException} (or {@link IllegalArgumentException}) rather than failing.
 */
public class ReceivedMailAssert extends AbstractAssert<ReceivedMailAssert, ReceivedMail> {

  /**
   * Creates the assertion; prefer {@link MailAssertions#assertThat(ReceivedMail)}. Public (and the
   * class not final) so that AssertJ's soft assertions can proxy it.
   */
  public ReceivedMailAssert(ReceivedMail actual) {
    super(actual, ReceivedMailAssert.class);
  }

  /** The decoded Subject equals {@code expected} exactly. */
  public ReceivedMailAssert hasSubject(String expected) {
    Objects.requireNonNull(expected, "The expected subject must not be null");
    isNotNull();
    if (!actual.subject().equals(expected)) {
      throwAssertionError(shouldHaveSubject(actual, expected));
    }
    return myself;
  }

  /** The decoded Subject contains {@code text}. */
  public ReceivedMailAssert hasSubjectContaining(String text) {
    Objects.requireNonNull(text, "The text to look for must not be null");
    isNotNull();
    if (!actual.subject().contains(text)) {
      throwAssertionError(shouldHaveSubjectContaining(actual, text));
    }
    return myself;
  }

  /** The From header has every one of these addresses (and maybe others). */
  public ReceivedMailAssert hasFrom(String... addresses) {
    List<String> expected = expectedAddresses(addresses);
    isNotNull();
    if (!includesAll(actual.from(), expected)) {
      throwAssertionError(shouldHaveAddressesIncluding(actual, "From", expected));
    }
    return myself;
  }

  /** The To headers have every one of these addresses (and maybe others). */
  public ReceivedMailAssert hasTo(String... addresses) {
    List<String> expected = expectedAddresses(addresses);
    isNotNull();
    if (!includesAll(actual.to(), expected)) {
      throwAssertionError(shouldHaveAddressesIncluding(actual, "To", expected));
    }
    return myself;
  }

  /** The To headers have exactly these addresses, in any order. */
  public ReceivedMailAssert hasOnlyTo(String... addresses) {
    List<String> expected = expectedAddresses(addresses);
    isNotNull();
    if (!sameAddresses(actual.to(), expected)) {
      throwAssertionError(shouldHaveOnlyAddresses(actual, "To", expected));
    }
    return myself;
  }

  /** The Cc headers have every one of these addresses (and maybe others). */
  public ReceivedMailAssert hasCc(String... addresses) {
    List<String> expected = expectedAddresses(addresses);
    isNotNull();
    if (!includesAll(actual.cc(), expected)) {
      throwAssertionError(shouldHaveAddressesIncluding(actual, "Cc", expected));
    }
    return myself;
  }

  /** The Cc headers have exactly these addresses, in any order. */
  public ReceivedMailAssert hasOnlyCc(String... addresses) {
    List<String> expected = expectedAddresses(addresses);
    isNotNull();
    if (!sameAddresses(actual.cc(), expected)) {
      throwAssertionError(shouldHaveOnlyAddresses(actual, "Cc", expected));
    }
    return myself;
  }

  /**
   * The blind-copy recipients include every one of these addresses. As in {@link
   * ReceivedMail#bcc()}, they are the envelope recipients that appear in no To or Cc header.
   */
  public ReceivedMailAssert hasBcc(String... addresses) {
    List<String> expected = expectedAddresses(addresses);
    isNotNull();
    if (!includesAll(actual.bcc(), expected)) {
      throwAssertionError(shouldHaveAddressesIncluding(actual, "Bcc", expected));
    }
    return myself;
  }

  /** The blind-copy recipients ({@link ReceivedMail#bcc()}) are exactly these, in any order. */
  public ReceivedMailAssert hasOnlyBcc(String... addresses) {
    List<String> expected = expectedAddresses(addresses);
    isNotNull();
    if (!sameAddresses(actual.bcc(), expected)) {
      throwAssertionError(shouldHaveOnlyAddresses(actual, "Bcc", expected));
    }
    return myself;
  }

  /**
   * The envelope sender ({@code MAIL FROM}) is this address, ignoring case; {@code ""} for the null
   * sender {@code <>} of bounces.
   */
  public ReceivedMailAssert hasEnvelopeSender(String address) {
    Objects.requireNonNull(address, "The expected envelope sender must not be null");
    isNotNull();
    if (!actual.envelope().mailFrom().equalsIgnoreCase(address.trim())) {
      throwAssertionError(shouldHaveEnvelopeSender(actual, address.trim()));
    }
    return myself;
  }

  /**
   * The envelope recipients ({@code RCPT TO}) include every one of these addresses, ignoring case.
   */
  public ReceivedMailAssert hasEnvelopeRecipients(String... addresses) {
    List<String> expected = expectedAddresses(addresses);
    isNotNull();
    if (!expected.stream().allMatch(actual.envelope()::hasRecipient)) {
      throwAssertionError(shouldHaveEnvelopeRecipientsIncluding(actual, expected));
    }
    return myself;
  }

  /** The envelope recipients ({@code RCPT TO}) are exactly these, in any order, ignoring case. */
  public ReceivedMailAssert hasOnlyEnvelopeRecipients(String... addresses) {
    List<String> expected = expectedAddresses(addresses);
    isNotNull();
    if (!lowerCased(actual.envelope().recipients()).equals(lowerCased(expected))) {
      throwAssertionError(shouldHaveOnlyEnvelopeRecipients(actual, expected));
    }
    return myself;
  }

  /**
   * The message came over TLS: after STARTTLS on the SMTP port or on the SMTPS port ({@link
   * dev.fakemail.Envelope#tls()}).
   */
  public ReceivedMailAssert wasSentOverTls() {
    isNotNull();
    if (!actual.envelope().wasSentOverTls()) {
      throwAssertionError(shouldHaveBeenSentOverTls(actual));
    }
    return myself;
  }

  /** The message came in plain text: plain SMTP without STARTTLS, LMTP or seeded. */
  public ReceivedMailAssert wasNotSentOverTls() {
    isNotNull();
    if (actual.envelope().wasSentOverTls()) {
      throwAssertionError(shouldNotHaveBeenSentOverTls(actual));
    }
    return myself;
  }

  /**
   * The client authenticated with SMTP AUTH as this user, compared exactly (case-sensitively) with
   * the name it sent ({@link dev.fakemail.Envelope#authenticatedUser()}).
   */
  public ReceivedMailAssert wasAuthenticatedAs(String user) {
    Objects.requireNonNull(user, "The expected user must not be null");
    isNotNull();
    if (!actual.envelope().authenticatedUser().map(user::equals).orElse(false)) {
      throwAssertionError(shouldHaveBeenAuthenticatedAs(actual, user));
    }
    return myself;
  }

  /**
   * The client authenticated with this SASL mechanism, e.g. {@code PLAIN} or {@code CRAM-MD5},
   * ignoring case ({@link dev.fakemail.Envelope#authMechanism()}).
   */
  public ReceivedMailAssert wasAuthenticatedWith(String mechanism) {
    Objects.requireNonNull(mechanism, "The expected mechanism must not be null");
    String expected = mechanism.trim().toUpperCase(Locale.ROOT);
    isNotNull();
    if (!actual.envelope().authMechanism().map(expected::equals).orElse(false)) {
      throwAssertionError(shouldHaveBeenAuthenticatedWith(actual, expected));
    }
    return myself;
  }

  /** The client did not authenticate with SMTP AUTH. */
  public ReceivedMailAssert wasNotAuthenticated() {
    isNotNull();
    if (actual.envelope().authenticatedUser().isPresent()) {
      throwAssertionError(shouldNotHaveBeenAuthenticated(actual));
    }
    return myself;
  }

  /** The message has a header of this name, ignoring case. */
  public ReceivedMailAssert hasHeader(String name) {
    Objects.requireNonNull(name, "The header name must not be null");
    isNotNull();
    if (actual.header(name).isEmpty()) {
      throwAssertionError(shouldHaveHeader(actual, name));
    }
    return myself;
  }

  /**
   * The message has a header of this name (ignoring case) whose decoded, unfolded value equals
   * {@code value}; with several headers of the name, one of them.
   */
  public ReceivedMailAssert hasHeader(String name, String value) {
    Objects.requireNonNull(name, "The header name must not be null");
    Objects.requireNonNull(value, "The expected header value must not be null");
    isNotNull();
    if (!actual.headers(name).contains(value)) {
      throwAssertionError(shouldHaveHeaderWithValue(actual, name, value));
    }
    return myself;
  }

  /** The plain-text body ({@link ReceivedMail#text()}) contains {@code text}. */
  public ReceivedMailAssert hasTextBodyContaining(String text) {
    Objects.requireNonNull(text, "The text to look for must not be null");
    isNotNull();
    if (!contains(actual.text(), text)) {
      throwAssertionError(shouldHaveTextBodyContaining(actual, text));
    }
    return myself;
  }

  /** The HTML body ({@link ReceivedMail#html()}) contains {@code text}. */
  public ReceivedMailAssert hasHtmlBodyContaining(String text) {
    Objects.requireNonNull(text, "The text to look for must not be null");
    isNotNull();
    if (!contains(actual.html(), text)) {
      throwAssertionError(shouldHaveHtmlBodyContaining(actual, text));
    }
    return myself;
  }

  /**
   * The message has an attachment with this file name (exact match). Attachments are all the parts
   * that are not the text or HTML body ({@link ReceivedMail#attachments()}), inline images
   * included.
   */
  public ReceivedMailAssert hasAttachment(String name) {
    Objects.requireNonNull(name, "The attachment name must not be null");
    isNotNull();
    if (actual.attachment(name).isEmpty()) {
      throwAssertionError(shouldHaveAttachment(actual, name));
    }
    return myself;
  }

  /**
   * The message has an attachment with this file name (exact match) and MIME type (ignoring case
   * and parameters: {@code "application/pdf; name=x.pdf"} is {@code application/pdf}).
   */
  public ReceivedMailAssert hasAttachment(String name, String contentType) {
    Objects.requireNonNull(name, "The attachment name must not be null");
    Objects.requireNonNull(contentType, "The content type must not be null");
    String type = baseType(contentType);
    isNotNull();
    boolean found = false;
    for (Attachment a : actual.attachments()) {
      found |= a.name().equals(name) && a.contentType().equals(type);
    }
    if (!found) {
      throwAssertionError(shouldHaveAttachment(actual, name, type));
    }
    return myself;
  }

  /** The message has no attachments, inline images included: only a text and/or HTML body. */
  public ReceivedMailAssert hasNoAttachments() {
    isNotNull();
    if (!actual.attachments().isEmpty()) {
      throwAssertionError(shouldHaveNoAttachments(actual));
    }
    return myself;
  }

  private static List<String> expectedAddresses(String... addresses) {
    Objects.requireNonNull(addresses, "The expected addresses must not be null");
    if (addresses.length == 0) {
      throw new IllegalArgumentException("Give at least one expected address");
    }
    List<String> expected = new ArrayList<>(addresses.length);
    for (String a : addresses) {
      Objects.requireNonNull(a, "An expected address must not be null");
      expected.add(a.trim());
    }
    return expected;
  }

  private static boolean includesAll(List<Address> actual, List<String> expected) {
    for (String e : expected) {
      if (actual.stream().noneMatch(a -> a.hasAddress(e))) {
        return false;
      }
    }
    return true;
  }

  private static boolean sameAddresses(List<Address> actual, List<String> expected) {
    List<String> addresses = new ArrayList<>(actual.size());
    for (Address a : actual) {
      addresses.add(a.address());
    }
    return lowerCased(addresses).equals(lowerCased(expected));
  }

  private static Set<String> lowerCased(List<String> addresses) {
    Set<String> set = new TreeSet<>();
    for (String a : addresses) {
      set.add(a.trim().toLowerCase(Locale.ROOT));
    }
    return set;
  }

  private static boolean contains(Optional<String> body, String text) {
    return body.map(b -> b.contains(text)).orElse(false);
  }

  private static String baseType(String contentType) {
    int semicolon = contentType.indexOf(';');
    String type = semicolon < 0 ? contentType : contentType.substring(0, semicolon);
    return type.trim().toLowerCase(Locale.ROOT);
  }
}
