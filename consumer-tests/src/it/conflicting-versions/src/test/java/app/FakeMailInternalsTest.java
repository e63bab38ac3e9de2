package app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.fakemail.FakeMailServer;
import dev.fakemail.junit.FakeMailExtension;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * FakeMail's own libraries are not on the project's class path, and its jar holds nothing a user's
 * class loader could pick up in their place: only {@code dev.fakemail} classes and service entries.
 */
class FakeMailInternalsTest {
  /** Class files FakeMail's jar may hold: its own packages, also in a multi-release folder. */
  private static final Pattern OWN_CLASS =
      Pattern.compile("(META-INF/versions/\\d+/)?dev/fakemail/.+\\.class");

  @ParameterizedTest
  @ValueSource(
      strings = {
        "org.apache.james.protocols.api.Protocol", // James protocols
        "org.apache.james.protocols.smtp.SMTPProtocol",
        "org.apache.james.mime4j.dom.Message", // mime4j
      })
  void jamesAndMime4jAreNotOnTheClassPath(String className) {
    Throwable thrown = catchThrowable(() -> Class.forName(className));
    assertThat(thrown)
        .as("%s comes with FakeMail: it must be shaded, not on the user's class path", className)
        .isInstanceOf(ClassNotFoundException.class);
  }

  @ParameterizedTest
  @ValueSource(classes = {FakeMailServer.class, FakeMailExtension.class})
  void fakeMailsJarsHoldOnlyTheirOwnClassesAndServices(Class<?> fromJar) throws IOException {
    try (JarFile jar = new JarFile(ClassPath.pathOf(fromJar).toFile())) {
      List<String> foreignClasses = new ArrayList<>();
      List<String> foreignServices = new ArrayList<>();
      for (JarEntry entry : java.util.Collections.list(jar.entries())) {
        String name = entry.getName();
        if (name.endsWith(".class") && !OWN_CLASS.matcher(name).matches()) {
          foreignClasses.add(name);
        }
        if (name.startsWith("META-INF/services/") && !entry.isDirectory()) {
          // A service file for anyone else's interface (even the JDK's, such as
          // java.security.Provider) would hand a user's ServiceLoader one of our shaded classes.
          String service = name.substring("META-INF/services/".length());
          if (!service.startsWith("dev.fakemail.")) {
            foreignServices.add(service + " -> " + read(jar, entry).strip());
          }
        }
      }
      assertThat(foreignClasses).as("classes outside dev/fakemail in %s", jar.getName()).isEmpty();
      assertThat(foreignServices).as("service files in %s", jar.getName()).isEmpty();
      assertThat(jar.getEntry("META-INF/io.netty.versions.properties"))
          .as("Netty's version file in %s (Netty's Version.identify() reads it)", jar.getName())
          .isNull();
    }
  }

  private static String read(JarFile jar, JarEntry entry) throws IOException {
    try (InputStream in = jar.getInputStream(entry)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
