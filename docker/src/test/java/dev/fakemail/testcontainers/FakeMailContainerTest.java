package dev.fakemail.testcontainers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fakemail.AuthMode;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.testcontainers.utility.DockerImageName;

/** What {@link FakeMailContainer} configures before it starts: no Docker engine needed. */
class FakeMailContainerTest {

  @Test
  void startsTheImageOfItsOwnVersionByDefault() {
    // The image name itself is not read back here: Testcontainers pulls the image to tell it.
    assertThat(FakeMailContainer.libraryVersion())
        .isEqualTo(System.getProperty("fakemail.version"));
  }

  @Test
  void exposesEveryListenerPort() {
    try (FakeMailContainer container = new FakeMailContainer("fakemail/fakemail:1.2.3")) {
      assertThat(container.getExposedPorts())
          .containsExactly(1025, 1465, 1110, 1995, 1143, 1993, 1024, 8025);
    }
  }

  @Test
  void refusesAnImageThatIsNotFakeMail() {
    assertThatThrownBy(() -> new FakeMailContainer("postgres:16"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(
            "Failed to verify that image 'postgres:16' is a compatible substitute for"
                + " 'fakemail/fakemail'");
  }

  @Test
  void acceptsAnImageDeclaredCompatible() {
    DockerImageName mirrored =
        DockerImageName.parse("registry.example.test/mail/fakemail:7")
            .asCompatibleSubstituteFor("fakemail/fakemail");
    try (FakeMailContainer container = new FakeMailContainer(mirrored)) {
      assertThat(container.getExposedPorts()).contains(8025);
    }
  }

  @Test
  void passesUsersAndAuthModeAsEnvironmentVariables() {
    try (FakeMailContainer container =
        new FakeMailContainer()
            .withAuthMode(AuthMode.USERS)
            .withUser("bob@shop.test", "pw:1")
            .withUser("alice@shop.test", "pw2")) {
      assertThat(container.getEnvMap())
          .containsEntry("FAKEMAIL_AUTH_MODE", "users")
          .containsEntry("FAKEMAIL_USERS", "bob@shop.test:pw:1,alice@shop.test:pw2");
    }
  }

  @Test
  void refusesAUserTheVariableCannotCarry() {
    FakeMailContainer container = new FakeMailContainer();
    assertThatThrownBy(() -> container.withUser("bob@shop.test", "a,b"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "The password of bob@shop.test contains ',', which FAKEMAIL_USERS cannot carry:"
                + " choose another password");
    assertThatThrownBy(() -> container.withUser("bob:x@shop.test", "pw"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("A user's address must be non-blank without ':' or ',', was 'bob:x@shop.test'");
    assertThatThrownBy(() -> container.withUser(" ", "pw"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("A user's address must be non-blank without ':' or ',', was ' '");
    assertThat(container.getEnvMap()).doesNotContainKey("FAKEMAIL_USERS");
    container.close();
  }

  @Test
  void refusesANegativeAwaitTimeout() {
    try (FakeMailContainer container = new FakeMailContainer()) {
      assertThatThrownBy(() -> container.withAwaitTimeout(Duration.ofMillis(-1)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("awaitTimeout must not be negative, was PT-0.001S");
      assertThatThrownBy(() -> container.withAwaitTimeout(null))
          .isInstanceOf(NullPointerException.class)
          .hasMessage("awaitTimeout");
      assertThat(container.withAwaitTimeout(Duration.ZERO)).isSameAs(container);
    }
  }
}
