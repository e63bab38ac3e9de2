package dev.fakemail.internal.http.web;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.fakemail.FakeMailConfig;
import dev.fakemail.FakeMailServer;
import dev.fakemail.Protocol;
import dev.fakemail.ReceivedMail;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Session transcripts on the web page, in a real headless Chromium: the Session tab of a message,
 * and the list of sessions without mail. Waits are DOM conditions, never sleeps.
 */
class WebPageTranscriptTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  private static ChromeDriver browser;
  private static FakeMailServer server;
  private static TestMails mails;
  private static WebDriverWait wait;
  private static Optional<String> unavailable;

  @BeforeAll
  static void start() {
    unavailable = Browser.unavailable();
    if (unavailable.isPresent()) {
      return;
    }
    browser = Browser.start();
    server =
        FakeMailServer.start(
            FakeMailConfig.builder()
                .protocols(Protocol.SMTP, Protocol.HTTP)
                .maxRecipients(1)
                .build());
    mails = new TestMails(server.smtpHost(), server.smtpPort());
    wait = new WebDriverWait(browser, WAIT);
    wait.ignoring(StaleElementReferenceException.class);
  }

  @AfterAll
  static void stop() {
    try {
      if (browser != null) {
        browser.quit();
      }
    } finally {
      if (server != null) {
        server.close();
      }
    }
  }

  @BeforeEach
  void openPage() {
    assumeTrue(unavailable.isEmpty(), () -> unavailable.orElseThrow());
    server.inbox().clear();
    browser.manage().window().setSize(new Dimension(1280, 900));
    browser.manage().logs().get(LogType.BROWSER);
    browser.get(server.httpUrl().toString());
    wait.until(ExpectedConditions.attributeToBe(By.id("live-status"), "data-state", "live"));
  }

  @Test
  void sessionTabShowsTheTranscriptOfTheMessage() throws Exception {
    mails.message().to("bob@example.test").subject("With a session").text("Secret body").send();
    ReceivedMail mail = server.inbox().awaitMessage();
    String id = mail.transcript().orElseThrow().id();

    wait.until(d -> !d.findElements(By.cssSelector("#message-list .msg")).isEmpty());
    browser.findElement(By.cssSelector("#message-list .msg")).click();
    wait.until(d -> d.findElement(By.id("view-subject")).getText().equals("With a session"));
    browser.findElement(By.id("tab-session")).click();
    wait.until(d -> d.findElement(By.id("session-note")).getText().startsWith("Session " + id));

    assertThat(browser.findElement(By.id("session-note")).getText())
        .matches(
            "Session "
                + id
                + " · SMTP from 127\\.0\\.0\\.1:\\d+ · (DELIVERED|OPEN) · \\d+ entries");
    List<String> lines = lineTexts(browser.findElement(By.id("session-lines")));
    assertThat(lines)
        .startsWith("S: 220 localhost ESMTP FakeMail", "C: EHLO " + TestMails.CLIENT_NAME)
        .contains(
            "C: MAIL FROM:<noreply@shop.test>",
            "C: RCPT TO:<bob@example.test>",
            "C: DATA",
            "C: .",
            "* message " + mail.id() + " stored",
            "S: 250 2.0.0 Ok: queued as " + mail.id());
    assertThat(String.join("\n", lines)).doesNotContain("Secret body");
    assertThat(browser.findElements(By.cssSelector("#session-lines .line-time")).get(0).getText())
        .matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3}");
    assertThat(consoleErrors()).isEmpty();
  }

  @Test
  void sessionsWithoutMailListsARefusedSession() throws Exception {
    try (Socket socket = new Socket(server.smtpHost(), server.smtpPort())) {
      socket.setSoTimeout(5000);
      BufferedReader in =
          new BufferedReader(new InputStreamReader(socket.getInputStream(), US_ASCII));
      OutputStream out = socket.getOutputStream();
      in.readLine();
      for (String command :
          List.of("HELO web", "MAIL FROM:<a@x.test>", "RCPT TO:<b@x.test>", "RCPT TO:<c@x.test>")) {
        out.write((command + "\r\n").getBytes(US_ASCII));
        out.flush();
        in.readLine();
      }
      out.write("QUIT\r\n".getBytes(US_ASCII));
      out.flush();
      in.readLine();
    }

    browser.findElement(By.cssSelector("#sessions > summary")).click();
    wait.until(d -> !d.findElements(By.cssSelector("#sessions-list .session-item")).isEmpty());

    assertThat(browser.findElement(By.id("sessions-count")).getText()).isEqualTo("(1)");
    WebElement item = browser.findElement(By.cssSelector("#sessions-list .session-item"));
    assertThat(item.getDomAttribute("data-outcome")).isEqualTo("REJECTED");
    assertThat(item.findElement(By.className("session-outcome")).getText()).isEqualTo("REJECTED");
    assertThat(item.findElement(By.className("session-title")).getText())
        .matches("Session s\\d+ · SMTP from 127\\.0\\.0\\.1:\\d+ · 12 entries · 1 refusal · .+");
    assertThat(item.findElement(By.className("session-refusal")).getText())
        .isEqualTo(
            "RCPT TO:<c@x.test> → 452 4.5.3 Requested action not taken: max recipients reached");
    item.findElement(By.tagName("summary")).click();
    wait.until(d -> item.findElement(By.className("session-lines")).isDisplayed());
    assertThat(lineTexts(item.findElement(By.className("session-lines"))))
        .containsExactly(
            "S: 220 localhost ESMTP FakeMail",
            "C: HELO web",
            "S: 250 localhost Hello web [127.0.0.1]",
            "C: MAIL FROM:<a@x.test>",
            "S: 250 2.1.0 Sender <a@x.test> OK",
            "C: RCPT TO:<b@x.test>",
            "S: 250 2.1.5 Recipient <b@x.test> OK",
            "C: RCPT TO:<c@x.test>",
            "S: 452 4.5.3 Requested action not taken: max recipients reached",
            "C: QUIT",
            "S: 221 2.0.0 localhost Service closing transmission channel",
            "* connection closed by the server");

    // a delivered session is not listed
    mails.message().to("d@x.test").subject("Delivered").text("hi").send();
    server.inbox().awaitMessage();
    ((org.openqa.selenium.JavascriptExecutor) browser)
        .executeScript("document.getElementById('sessions-count').textContent = '';");
    browser.findElement(By.id("sessions-refresh")).click();
    wait.until(d -> d.findElement(By.id("sessions-count")).getText().equals("(1)"));
    assertThat(browser.findElements(By.cssSelector("#sessions-list .session-item"))).hasSize(1);
    assertThat(consoleErrors()).isEmpty();
  }

  private static List<String> lineTexts(WebElement list) {
    return list.findElements(By.className("line-text")).stream()
        .map(e -> e.getAttribute("textContent"))
        .collect(Collectors.toList());
  }

  private static List<String> consoleErrors() {
    return browser.manage().logs().get(LogType.BROWSER).getAll().stream()
        .map(e -> e.getLevel() + " " + e.getMessage())
        .collect(Collectors.toList());
  }
}
