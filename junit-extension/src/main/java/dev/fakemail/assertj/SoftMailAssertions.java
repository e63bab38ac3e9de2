package dev.fakemail.assertj;

import java.util.function.Consumer;
import org.assertj.core.api.AbstractSoftAssertions;
import org.assertj.core.api.SoftAssertionsProvider;

/**
 * Soft assertions on mail: every failed assertion is collected, and {@link #assertAll()} reports
 * them together.
 *
 * <pre>{@code
 * SoftMailAssertions.assertSoftly(softly -> {
 *   softly.assertThat(mail).hasSubject("Receipt").hasTo("bob@example.test");
 *   softly.assertThat(inbox).hasMessageCount(1);
 * });
 * }</pre>
 *
 * Also works as an {@code @InjectSoftAssertions} field with AssertJ's {@code
 * SoftAssertionsExtension}. To mix mail with standard assertions, see {@link
 * MailSoftAssertionsProvider}.
 */
public class SoftMailAssertions extends AbstractSoftAssertions
    implements MailSoftAssertionsProvider {

  /** Creates an empty collector; call {@link #assertAll()} when done. */
  public SoftMailAssertions() {}

  /**
   * Runs the assertions in {@code softly} and then throws one error listing every failure, if any.
   */
  public static void assertSoftly(Consumer<SoftMailAssertions> softly) {
    SoftAssertionsProvider.assertSoftly(SoftMailAssertions.class, softly);
  }
}
