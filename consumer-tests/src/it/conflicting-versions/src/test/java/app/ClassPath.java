package app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;

/** Where a class comes from on the test class path. */
final class ClassPath {
  private ClassPath() {}

  /** The file name of the jar (or folder) {@code type} was loaded from. */
  static String jarOf(Class<?> type) {
    return pathOf(type).getFileName().toString();
  }

  static Path pathOf(Class<?> type) {
    try {
      return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Every copy of {@code type}'s class file on the class path (more than one is a clash). */
  static List<URL> copiesOf(String className) {
    try {
      return Collections.list(
          ClassPath.class.getClassLoader().getResources(className.replace('.', '/') + ".class"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
