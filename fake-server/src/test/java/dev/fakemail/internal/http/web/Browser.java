package dev.fakemail.internal.http.web;

import static org.junit.jupiter.api.Assumptions.abort;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * Starts the system's headless Chromium (Debian's {@code chromium} and {@code chromium-driver})
 * through Selenium, with the browser binary and the driver path given explicitly, so Selenium
 * Manager never looks for, let alone downloads, anything.
 *
 * <p>Without the browser the tests are skipped with a message saying what to install, unless the
 * environment variable {@code FAKEMAIL_REQUIRE_BROWSER=1} is set (as {@code .ci/run} does): then
 * they fail. {@code FAKEMAIL_CHROMIUM} and {@code FAKEMAIL_CHROMEDRIVER} point at other binaries.
 */
final class Browser {
  static final String DEFAULT_CHROMIUM = "/usr/bin/chromium";
  static final String DEFAULT_CHROMEDRIVER = "/usr/bin/chromedriver";
  static final String REQUIRE_BROWSER = "FAKEMAIL_REQUIRE_BROWSER";

  /**
   * Quiets Selenium's warning that it has no DevTools (CDP) binding for this Chromium version: the
   * tests use WebDriver only. Held here so the logger, and so its level, is not garbage-collected.
   */
  private static final Logger CDP_LOGGER = Logger.getLogger("org.openqa.selenium.devtools");

  static {
    CDP_LOGGER.setLevel(Level.SEVERE);
  }

  private Browser() {}

  /**
   * Why the browser cannot run here (a binary is missing), or empty when it can. Throws an {@link
   * AssertionError} instead when {@code FAKEMAIL_REQUIRE_BROWSER=1}.
   */
  static Optional<String> unavailable() {
    List<String> missing = new ArrayList<>();
    if (!Files.isExecutable(chromium())) {
      missing.add(chromium() + " (Debian package chromium)");
    }
    if (!Files.isExecutable(driver())) {
      missing.add(driver() + " (Debian package chromium-driver)");
    }
    if (missing.isEmpty()) {
      return Optional.empty();
    }
    String message =
        "Browser tests need a headless Chromium, but "
            + String.join(" and ", missing)
            + (missing.size() == 1 ? " is" : " are")
            + " missing: install them with 'apt-get install chromium chromium-driver'";
    if ("1".equals(System.getenv(REQUIRE_BROWSER))) {
      throw new AssertionError(message + " (" + REQUIRE_BROWSER + "=1 makes this a failure)");
    }
    return Optional.of(
        message + "; skipped (set " + REQUIRE_BROWSER + "=1 to make this a failure)");
  }

  /** A headless Chromium with a 1280x900 window, or the test is skipped (or fails, see above). */
  static ChromeDriver start() {
    unavailable().ifPresent(reason -> abort(reason));
    Path chromium = chromium();
    Path driver = driver();
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(driver.toFile())
            .usingAnyFreePort()
            .withTimeout(Duration.ofSeconds(30))
            .build();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(chromium.toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox", // CI runs as root, where Chromium's own sandbox cannot start
        "--disable-dev-shm-usage",
        "--disable-gpu",
        "--disable-extensions",
        "--no-first-run",
        "--no-default-browser-check",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--metrics-recording-only",
        "--lang=en-US",
        "--window-size=1280,900");
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL); // the console, read by the tests
    options.setCapability(ChromeOptions.LOGGING_PREFS, logs);
    ChromeDriver browser = new ChromeDriver(service, options);
    browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    browser.manage().timeouts().scriptTimeout(Duration.ofSeconds(10));
    return browser;
  }

  private static Path chromium() {
    return Path.of(env("FAKEMAIL_CHROMIUM").orElse(DEFAULT_CHROMIUM));
  }

  private static Path driver() {
    return Path.of(env("FAKEMAIL_CHROMEDRIVER").orElse(DEFAULT_CHROMEDRIVER));
  }

  private static Optional<String> env(String name) {
    return Optional.ofNullable(System.getenv(name)).filter(v -> !v.isBlank());
  }
}
