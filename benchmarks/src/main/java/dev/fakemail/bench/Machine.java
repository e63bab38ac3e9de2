package dev.fakemail.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** What the numbers were measured on: cores, CPU, memory, OS, JDK. */
public final class Machine {
  private Machine() {}

  /** One line: {@code 2 cores (Intel Xeon …), 23.4 GiB RAM, Debian GNU/Linux 12, Linux 6.1}. */
  public static String describe() {
    int cores = Runtime.getRuntime().availableProcessors();
    String cpu = firstValue(Path.of("/proc/cpuinfo"), "model name");
    String mem = firstValue(Path.of("/proc/meminfo"), "MemTotal");
    String memText = "";
    if (mem != null) {
      long kib = Long.parseLong(mem.replaceAll("[^0-9]", ""));
      memText = String.format(Locale.ROOT, ", %.1f GiB RAM", kib / 1024.0 / 1024.0);
    }
    String os = firstValue(Path.of("/etc/os-release"), "PRETTY_NAME");
    return cores
        + " cores"
        + (cpu == null ? "" : " (" + cpu + ")")
        + memText
        + ", "
        + (os == null ? System.getProperty("os.name") : os.replace("\"", ""))
        + ", kernel "
        + System.getProperty("os.version");
  }

  /** The JDK the harness and every child JVM run on. */
  public static String jdk() {
    return System.getProperty("java.vm.name")
        + " "
        + System.getProperty("java.runtime.version")
        + " ("
        + System.getProperty("java.vendor")
        + ")";
  }

  private static String firstValue(Path file, String key) {
    try {
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      for (String line : lines) {
        int sep = line.indexOf(line.contains("=") && !line.contains(":") ? '=' : ':');
        if (sep > 0 && line.substring(0, sep).trim().equals(key)) {
          return line.substring(sep + 1).trim();
        }
      }
    } catch (IOException | RuntimeException e) {
      return null;
    }
    return null;
  }
}
