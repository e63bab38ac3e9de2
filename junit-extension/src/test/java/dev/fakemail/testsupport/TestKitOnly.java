package dev.fakemail.testsupport;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Marks a test class that only {@link TestKit} runs: everywhere else (surefire, an IDE running the
 * package) it is disabled, so that cases which are meant to fail, or to run in parallel, never run
 * on their own. Surefire also skips them by name: they are nested classes named {@code …Case}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(TestKitOnly.Condition.class)
public @interface TestKitOnly {

  /** Enables the class only when {@link TestKit#ENABLED} is set. */
  final class Condition implements ExecutionCondition {
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
      return context
              .getConfigurationParameter(TestKit.ENABLED)
              .map(Boolean::parseBoolean)
              .orElse(false)
          ? ConditionEvaluationResult.enabled("run by EngineTestKit")
          : ConditionEvaluationResult.disabled("runs only through EngineTestKit");
    }
  }
}
