package dev.fakemail.internal.http.web;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpServer;
import dev.fakemail.Envelope;
import dev.fakemail.FakeMailConfig;
import dev.fakemail.FakeMailServer;
import dev.fakemail.Protocol;
import dev.fakemail.TlsMode;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web page in a real headless Chromium (one per class), against a server that serves SMTP and
 * HTTP; mail arrives over real SMTP (Angus) while the page is open. Waits are DOM conditions polled
 * by {@link WebDriverWait}, never sleeps. What the server holds is checked over the HTTP API.
 *
 * <p>By default the tests start an embedded server. {@code -Dfakemail.web.url=http://host:8025/}
 * with {@code -Dfakemail.web.smtp=host:1025} points them at a running one instead (the standalone
 * server, the Docker image); they delete all its mail.
 */
class WebPageTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  private static ChromeDriver browser;
  private static FakeMailServer server; // null when testing a running server
  private static URI baseUrl;
  private static String smtpHost;
  private static int smtpPort;
  private static TestMails mails;
  private static WebDriverWait wait;
  private static final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** Why the browser cannot run here; each test reports it as its skip reason. */
  private static Optional<String> unavailable;

  @BeforeAll
  static void start() {
    unavailable = Browser.unavailable();
    if (unavailable.isPresent()) {
      return;
    }
    browser = Browser.start();
    String external = System.getProperty("fakemail.web.url", "");
    if (external.isEmpty()) {
      server =
          FakeMailServer.start(
              FakeMailConfig.builder().protocols(Protocol.SMTP, Protocol.HTTP).build());
      baseUrl = server.httpUrl();
      smtpHost = server.smtpHost();
      smtpPort = server.smtpPort();
    } else {
      baseUrl = URI.create(external);
      String smtp = System.getProperty("fakemail.web.smtp", baseUrl.getHost() + ":1025");
      smtpHost = smtp.substring(0, smtp.lastIndexOf(':'));
      smtpPort = Integer.parseInt(smtp.substring(smtp.lastIndexOf(':') + 1));
    }
    mails = new TestMails(smtpHost, smtpPort);
    wait = new WebDriverWait(browser, WAIT);
    wait.ignoring(StaleElementReferenceException.class); // the list re-renders on every event
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
    deleteAllOverHttp();
    browser.manage().window().setSize(new Dimension(1280, 900));
    browser.manage().logs().get(LogType.BROWSER); // drops what earlier tests left
    browser.get(baseUrl.toString());
    awaitLive();
  }

  @Test
  void showsTheEmptyStateWithTheSmtpAddress() {
    WebElement empty = browser.findElement(By.id("empty-state"));
    wait.until(d -> empty.getText().contains(":" + smtpPort));

    assertThat(empty.getText())
        .isEqualTo(
            "No messages yet. Point your application's SMTP settings at "
                + baseUrl.getHost()
                + ":"
                + smtpPort
                + ": every message it sends appears here at once.");
    assertThat(browser.getTitle()).isEqualTo("FakeMail");
    assertThat(consoleMessages()).isEmpty();
  }

  @Test
  void listShowsMailSentDuringTheTestWithoutReload() throws Exception {
    js("window.fakemailMarker = 'same page';");

    mails
        .message()
        .from("Shop <noreply@shop.test>")
        .to("bob@example.test")
        .subject("Welcome, Bob")
        .text("Hello Bob")
        .attach("terms.pdf", "application/pdf", bytes("%PDF-1.4 terms"))
        .send();
    mails.message().to("alice@example.test").subject("Second").text("Hi").send();

    wait.until(d -> listSubjects().equals(List.of("Second", "Welcome, Bob")));
    assertThat(js("return window.fakemailMarker;")).isEqualTo("same page");
    WebElement welcome = listItem("Welcome, Bob");
    assertThat(welcome.findElement(By.className("msg-from")).getText()).isEqualTo("Shop");
    assertThat(welcome.findElement(By.className("msg-to")).getText())
        .isEqualTo("to bob@example.test");
    assertThat(welcome.findElement(By.className("msg-att")).getText()).isEqualTo("1");
    assertThat(welcome.findElement(By.className("msg-att")).getAttribute("aria-label"))
        .isEqualTo("1 attachment");
    assertThat(welcome.findElement(By.className("msg-size")).getText()).matches("[0-9.]+ (B|KB)");
    assertThat(welcome.findElement(By.className("msg-time")).getDomAttribute("datetime"))
        .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z");
    assertThat(browser.findElement(By.id("list-count")).getText()).isEqualTo("(2)");
    assertThat(browser.findElement(By.id("empty-state")).isDisplayed()).isFalse();
  }

  @Test
  void openingAMessageShowsSubjectHtmlAndDownloadableAttachments() throws Exception {
    // Binary, as real PDFs are (the bytes after the first line): sent base64, so SMTP's line
    // ends cannot change them.
    byte[] pdf = bytes("%PDF-1.4\r\n%\u00e2\u00e3\u00cf\u00d3\r\n% a tiny invoice\r\n");
    byte[] binary = new byte[256];
    for (int i = 0; i < binary.length; i++) {
      binary[i] = (byte) i;
    }
    mails
        .message()
        .from("Billing <billing@shop.test>")
        .to("bob@example.test")
        .subject("Your invoice #41")
        .text("Invoice attached.")
        .html("<h1 id='greeting'>Invoice #41</h1><p>Thanks for shopping.</p>")
        .attach("invoice-41.pdf", "application/pdf", pdf)
        .attach("Übersicht.bin", "application/octet-stream", binary)
        .send();

    open("Your invoice #41");

    assertThat(text("view-subject")).isEqualTo("Your invoice #41");
    assertThat(selectedTab()).isEqualTo("HTML");
    WebElement frame = browser.findElement(By.id("html-frame"));
    assertThat(frame.getDomProperty("src")).endsWith("/html");
    browser.switchTo().frame(frame);
    try {
      wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("greeting"), "#41"));
      assertThat(browser.findElement(By.tagName("body")).getText())
          .isEqualTo("Invoice #41\nThanks for shopping.");
    } finally {
      browser.switchTo().defaultContent();
    }

    clickTab("attachments");
    List<WebElement> rows = browser.findElements(By.cssSelector("#attachments-body tr"));
    assertThat(rows).hasSize(2);
    assertThat(cells(rows.get(0)))
        .containsExactly("invoice-41.pdf", "application/pdf", pdf.length + " B", "Download");
    assertThat(cells(rows.get(1)))
        .containsExactly("Übersicht.bin", "application/octet-stream", "256 B", "Download");
    assertThat(download(rows.get(0))).isEqualTo(pdf);
    assertThat(download(rows.get(1))).isEqualTo(binary);
    assertThat(browser.findElement(By.id("tab-attachments")).getText()).isEqualTo("Attachments 2");
  }

  @Test
  void tabsShowTextHeadersRawSourceAndTheEnvelopeWithBccRecipients() throws Exception {
    mails
        .message()
        .from("Shop <noreply@shop.test>")
        .to("bob@example.test")
        .cc("carol@example.test")
        .bcc("audit@shop.test")
        .subject("Grüße aus Köln")
        .text("Line one\nLine two")
        .send();
    open("Grüße aus Köln");
    String id = openId();
    byte[] raw = get(api("messages/" + id + "/raw")).body();

    assertThat(selectedTab()).isEqualTo("Text");
    assertThat(text("text-body")).isEqualTo("Line one\nLine two");
    assertThat(metaValue("Bcc")).isEqualTo("audit@shop.test");

    clickTab("headers");
    List<String> headerRows =
        browser.findElements(By.cssSelector("#headers-body tr")).stream()
            .map(WebElement::getText)
            .collect(Collectors.toList());
    assertThat(headerRows).contains("Subject Grüße aus Köln", "Cc carol@example.test");

    clickTab("raw");
    wait.until(d -> text("raw-body").contains("Subject: =?UTF-8?"));
    // The browser reports the text with LF line ends; the bytes are checked on the download.
    assertThat(browser.findElement(By.id("raw-body")).getDomProperty("textContent"))
        .isEqualTo(new String(raw, UTF_8).replace("\r\n", "\n"));
    WebElement rawLink = browser.findElement(By.id("raw-download"));
    assertThat(rawLink.getDomAttribute("download")).isEqualTo(id + ".eml");
    assertThat(get(rawLink.getDomProperty("href")).body()).isEqualTo(raw);

    clickTab("envelope");
    assertThat(envelopeValue("MAIL FROM")).isEqualTo("noreply@shop.test");
    assertThat(envelopeValue("RCPT TO"))
        .isEqualTo("bob@example.test\ncarol@example.test\naudit@shop.test Bcc");
    assertThat(envelopeValue("HELO/EHLO")).isEqualTo(TestMails.CLIENT_NAME);
    assertThat(envelopeValue("Client address")).startsWith("127.0.0.1:");
    assertThat(envelopeValue("TLS")).isEqualTo("(none)");
    assertThat(envelopeValue("Authenticated user")).isEqualTo("(none)");
    assertThat(consoleMessages()).as("no CSP violation, no script error").isEmpty();
  }

  @Test
  void envelopeShowsTlsAndTheAuthenticatedUserWithTheMechanism() throws Exception {
    assumeTrue(server != null, "needs the embedded server's TLS trust");
    Properties props = server.tls().mailProperties(Protocol.SMTP, TlsMode.STARTTLS);
    props.setProperty("mail.smtp.auth", "true");
    props.setProperty("mail.smtp.auth.mechanisms", "LOGIN");
    Session session = Session.getInstance(props);
    MimeMessage m = new MimeMessage(session);
    m.setFrom("noreply@shop.test");
    m.setRecipients(Message.RecipientType.TO, "bob@example.test");
    m.setSubject("Sent securely");
    m.setText("hi");
    try (Transport t = session.getTransport("smtp")) {
      t.connect("app-user", "secret");
      t.sendMessage(m, m.getAllRecipients());
    }
    Envelope.Tls tls = server.inbox().awaitMessage().envelope().tls().orElseThrow();
    open("Sent securely");

    clickTab("envelope");
    assertThat(envelopeValue("TLS"))
        .isEqualTo(tls.protocol() + " · " + tls.cipherSuite() + " · STARTTLS")
        .startsWith("TLSv1.");
    assertThat(envelopeValue("Authenticated user")).isEqualTo("app-user (AUTH LOGIN)");
    assertThat(consoleMessages()).as("no CSP violation, no script error").isEmpty();
  }

  @Test
  void scriptsInHtmlMailDoNotRun() throws Exception {
    mails.message().to("bob@example.test").subject("Canary").text("still here").send();
    mails
        .message()
        .to("bob@example.test")
        .subject("Evil newsletter")
        .html(
            "<p id='body'>Newsletter body</p>"
                + "<script>parent.document.title='pwned by script';window.top.name='pwned';"
                + "fetch('/api/v1/messages',{method:'DELETE'});</script>"
                + "<img src='does-not-exist.png' onerror=\"parent.document.title='pwned by onerror';"
                + "fetch('/api/v1/messages',{method:'DELETE'})\">"
                + "<a id='link' href='javascript:parent.document.title=\"pwned by link\"'>link</a>")
        .send();

    open("Evil newsletter");
    WebElement frame = browser.findElement(By.id("html-frame"));
    assertThat(frame.getDomAttribute("sandbox")).isEmpty();
    browser.switchTo().frame(frame);
    try {
      wait.until(
          d ->
              "complete".equals(js("return document.readyState;"))
                  && !d.findElements(By.id("body")).isEmpty());
      browser.findElement(By.id("link")).click();
    } finally {
      browser.switchTo().defaultContent();
    }

    assertThat(browser.getTitle()).isEqualTo("FakeMail");
    assertThat(js("return window.name;")).isEqualTo("");
    assertThat(storedCount()).isEqualTo(2);
    assertThat(listSubjects()).containsExactly("Evil newsletter", "Canary");
  }

  @Test
  void remoteImagesLoadOnlyAfterTheClick() throws Exception {
    AtomicInteger hits = new AtomicInteger();
    HttpServer remote =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    remote.createContext(
        "/pixel.gif",
        exchange -> {
          hits.incrementAndGet();
          byte[] gif =
              java.util.Base64.getDecoder()
                  .decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7");
          exchange.getResponseHeaders().add("Content-Type", "image/gif");
          exchange.sendResponseHeaders(200, gif.length);
          exchange.getResponseBody().write(gif);
          exchange.close();
        });
    remote.start();
    try {
      String pixel = "http://127.0.0.1:" + remote.getAddress().getPort() + "/pixel.gif";
      mails
          .message()
          .to("bob@example.test")
          .subject("Tracked newsletter")
          .html("<p id='body'>Spring sale</p><img id='pixel' src='" + pixel + "' width=1 height=1>")
          .send();

      open("Tracked newsletter");
      WebElement bar = browser.findElement(By.id("remote-bar"));
      assertThat(bar.isDisplayed()).isTrue();
      assertThat(bar.getText()).startsWith("Remote images and styles are blocked.");
      awaitFrameLoaded();
      assertThat(hits).hasValue(0);

      browser.findElement(By.id("load-remote")).click();
      wait.until(d -> hits.get() > 0);
      assertThat(browser.findElement(By.id("html-frame")).getDomProperty("src"))
          .endsWith("/html?remote=true");
      assertThat(bar.isDisplayed()).isFalse();
    } finally {
      remote.stop(0);
    }
  }

  @Test
  void deletesOneMessageAndThenAllAfterConfirmation() throws Exception {
    for (String subject : List.of("First", "Second", "Third")) {
      mails.message().to("bob@example.test").subject(subject).text(subject).send();
    }
    wait.until(d -> listSubjects().size() == 3);

    open("Second");
    browser.findElement(By.id("delete-one")).click();
    wait.until(d -> listSubjects().equals(List.of("Third", "First")));
    assertThat(browser.findElement(By.id("view-pane")).isDisplayed()).isFalse();
    assertThat(storedCount()).isEqualTo(2);
    assertThat(text("list-count")).isEqualTo("(2)");

    browser.findElement(By.id("delete-all")).click();
    var confirm = wait.until(ExpectedConditions.alertIsPresent());
    assertThat(confirm.getText()).isEqualTo("Delete all 2 messages? This cannot be undone.");
    confirm.dismiss();
    assertThat(listSubjects()).hasSize(2);
    assertThat(storedCount()).isEqualTo(2);

    browser.findElement(By.id("delete-all")).click();
    wait.until(ExpectedConditions.alertIsPresent()).accept();
    wait.until(d -> listSubjects().isEmpty());
    assertThat(storedCount()).isZero();
    assertThat(browser.findElement(By.id("empty-state")).isDisplayed()).isTrue();
  }

  @Test
  void searchFiltersTheListAndKeepsItLive() throws Exception {
    mails
        .message()
        .from("shop@shop.test")
        .to("alice@example.test")
        .subject("Receipt #41")
        .text("paid")
        .send();
    mails
        .message()
        .from("shop@shop.test")
        .to("bob@example.test")
        .subject("Receipt #42")
        .text("paid")
        .send();
    mails
        .message()
        .from("news@shop.test")
        .to("bob@example.test")
        .subject("Newsletter")
        .text("sale")
        .send();
    wait.until(d -> listSubjects().size() == 3);

    search("receipt");
    wait.until(d -> listSubjects().isEmpty());
    assertThat(text("empty-state")).isEqualTo("No messages match this search.");

    search("Receipt");
    wait.until(d -> listSubjects().equals(List.of("Receipt #42", "Receipt #41")));

    search("to:bob@example.test from:shop@shop.test");
    wait.until(d -> listSubjects().equals(List.of("Receipt #42")));

    search("subject:\"Receipt #41\"");
    wait.until(d -> listSubjects().equals(List.of("Receipt #41")));

    search("text:sale");
    wait.until(d -> listSubjects().equals(List.of("Newsletter")));

    mails.message().to("bob@example.test").subject("Another receipt").text("paid").send();
    mails.message().to("bob@example.test").subject("Flash sale").text("sale").send();
    wait.until(d -> listSubjects().equals(List.of("Flash sale", "Newsletter")));

    search("to:");
    assertThat(text("notice")).isEqualTo("Give a value after to: (for example to:something).");
    assertThat(browser.findElement(By.id("search-input")).getAttribute("aria-invalid"))
        .isEqualTo("true");
    search("subject:\"unclosed");
    assertThat(text("notice")).isEqualTo("A quote is not closed: add the closing \".");

    browser.findElement(By.id("search-clear")).click();
    wait.until(d -> listSubjects().size() == 5);
    assertThat(browser.findElement(By.id("notice")).isDisplayed()).isFalse();
    assertThat(text("delete-all")).isEqualTo("Delete all");

    search("text:sale");
    wait.until(d -> listSubjects().size() == 2);
    assertThat(text("delete-all")).isEqualTo("Delete matching");
    browser.findElement(By.id("delete-all")).click();
    var confirm = wait.until(ExpectedConditions.alertIsPresent());
    assertThat(confirm.getText()).isEqualTo("Delete the 2 messages that match this search?");
    confirm.accept();
    wait.until(d -> listSubjects().isEmpty());
    assertThat(storedCount()).isEqualTo(3);
    browser.findElement(By.id("search-clear")).click();
    wait.until(
        d -> listSubjects().equals(List.of("Another receipt", "Receipt #42", "Receipt #41")));
  }

  @Test
  void keyboardMovesThroughTheListAndOpensAMessage() throws Exception {
    mails.message().to("bob@example.test").subject("Older").text("1").send();
    mails.message().to("bob@example.test").subject("Newer").text("2").send();
    wait.until(d -> listSubjects().size() == 2);

    listItem("Newer").sendKeys(Keys.ARROW_DOWN);
    assertThat(browser.switchTo().activeElement().getText()).contains("Older");
    browser.switchTo().activeElement().sendKeys(Keys.ENTER);
    wait.until(d -> text("view-subject").equals("Older"));

    browser.findElement(By.id("tab-text")).sendKeys(Keys.ARROW_RIGHT);
    assertThat(selectedTab()).isEqualTo("Headers");
    assertThat(browser.switchTo().activeElement().getDomAttribute("id")).isEqualTo("tab-headers");
  }

  @Test
  void phoneWidthShowsTheListOrTheMessageWithoutHorizontalScrolling() throws Exception {
    browser.manage().window().setSize(new Dimension(375, 800));
    mails
        .message()
        .from(
            "Very Long Sender Name Incorporated <no-reply-notifications@subdomain.example-shop.test>")
        .to("someone.with.a.long.address@example.test")
        .subject("A subject without spaces: " + "x".repeat(120))
        .text("A body line without spaces: " + "y".repeat(400))
        .attach(
            "report-with-a-very-long-file-name-" + "z".repeat(60) + ".csv",
            "text/csv",
            bytes("a,b\n1,2\n"))
        .send();
    wait.until(d -> listSubjects().size() == 1);

    assertThat(js("return innerWidth;")).isEqualTo(375L);
    assertThat(browser.findElement(By.id("message-list")).isDisplayed()).isTrue();
    assertNoHorizontalScrolling();

    open(listSubjects().get(0));
    assertThat(browser.findElement(By.id("list-pane")).isDisplayed()).isFalse();
    assertThat(browser.findElement(By.id("view-pane")).isDisplayed()).isTrue();
    for (String tab : List.of("text", "headers", "raw", "attachments", "envelope", "html")) {
      clickTab(tab);
      if (tab.equals("raw")) {
        wait.until(d -> !text("raw-body").isEmpty());
      }
      assertNoHorizontalScrolling();
    }

    browser.findElement(By.id("back-to-list")).click();
    assertThat(browser.findElement(By.id("list-pane")).isDisplayed()).isTrue();
    assertThat(browser.findElement(By.id("view-pane")).isDisplayed()).isFalse();
  }

  @Test
  void aLinkWithTheMessageIdOpensIt() throws Exception {
    mails.message().to("bob@example.test").subject("Linked").text("deep link").send();
    open("Linked");
    String id = openId();
    browser.get("about:blank");

    browser.get(baseUrl.resolve("/#" + id).toString());

    wait.until(d -> text("view-subject").equals("Linked"));
    assertThat(text("text-body")).isEqualTo("deep link");
  }

  // ---------------------------------------------------------------------------------------------

  private static void awaitLive() {
    wait.until(ExpectedConditions.attributeToBe(By.id("live-status"), "data-state", "live"));
  }

  /** What the page wrote to the console (CSP violations, script errors, failed loads). */
  private static List<String> consoleMessages() {
    return browser.manage().logs().get(LogType.BROWSER).getAll().stream()
        .map(e -> e.getLevel() + " " + e.getMessage())
        .collect(Collectors.toList());
  }

  /** The id of the open message: the page keeps it in the address's fragment. */
  private static String openId() {
    String hash = (String) js("return decodeURIComponent(location.hash.substring(1));");
    assertThat(hash).isNotEmpty();
    return hash;
  }

  private static String api(String path) {
    return baseUrl.resolve("/api/v1/" + path).toString();
  }

  /** How many messages the server holds, from its listing. */
  private static int storedCount() throws Exception {
    HttpResponse<byte[]> response = get(api("messages?limit=1"));
    assertThat(response.statusCode()).isEqualTo(200);
    Matcher total =
        Pattern.compile("\"total\"\\s*:\\s*(\\d+)").matcher(new String(response.body(), UTF_8));
    assertThat(total.find()).as("a total in the listing").isTrue();
    return Integer.parseInt(total.group(1));
  }

  private static void deleteAllOverHttp() {
    try {
      HttpResponse<Void> response =
          http.send(
              HttpRequest.newBuilder(URI.create(api("messages"))).DELETE().timeout(WAIT).build(),
              HttpResponse.BodyHandlers.discarding());
      assertThat(response.statusCode()).isEqualTo(200);
    } catch (Exception e) {
      throw new AssertionError("Cannot delete the messages over HTTP", e);
    }
  }

  private static Object js(String script) {
    return ((JavascriptExecutor) browser).executeScript(script);
  }

  private static String text(String id) {
    return browser.findElement(By.id(id)).getText();
  }

  /** The subjects in the list, read in one script so a re-render cannot interleave. */
  @SuppressWarnings("unchecked")
  private static List<String> listSubjects() {
    return (List<String>)
        js(
            "return Array.from(document.querySelectorAll('#message-list .msg-subject'),"
                + " e => e.textContent);");
  }

  private static WebElement listItem(String subject) {
    return browser.findElements(By.cssSelector("#message-list .msg")).stream()
        .filter(b -> b.findElement(By.className("msg-subject")).getText().equals(subject))
        .findFirst()
        .orElseThrow(() -> new AssertionError("No list item with subject " + subject));
  }

  private static void open(String subject) {
    wait.until(d -> listSubjects().contains(subject));
    listItem(subject).click();
    wait.until(d -> text("view-subject").equals(subject));
  }

  private static void awaitFrameLoaded() {
    browser.switchTo().frame(browser.findElement(By.id("html-frame")));
    try {
      wait.until(
          d ->
              "complete".equals(js("return document.readyState;"))
                  && !d.findElements(By.id("body")).isEmpty());
    } finally {
      browser.switchTo().defaultContent();
    }
  }

  private static void clickTab(String tab) {
    browser.findElement(By.id("tab-" + tab)).click();
    wait.until(d -> browser.findElement(By.id("panel-" + tab)).isDisplayed());
  }

  private static String selectedTab() {
    return browser.findElement(By.cssSelector("[role=tab][aria-selected=true]")).getText();
  }

  private static void search(String query) {
    WebElement input = browser.findElement(By.id("search-input"));
    input.clear();
    input.sendKeys(query, Keys.ENTER);
  }

  private static String metaValue(String name) {
    return definition("#view-meta", name);
  }

  private static String envelopeValue(String name) {
    return definition("#envelope-list", name);
  }

  private static String definition(String list, String name) {
    List<WebElement> terms = browser.findElements(By.cssSelector(list + " dt"));
    for (WebElement term : terms) {
      if (term.getText().equals(name)) {
        return term.findElement(By.xpath("following-sibling::dd[1]")).getText();
      }
    }
    throw new AssertionError("No " + name + " in " + list);
  }

  private static List<String> cells(WebElement row) {
    return row.findElements(By.tagName("td")).stream()
        .map(WebElement::getText)
        .collect(Collectors.toList());
  }

  private static byte[] download(WebElement row) throws Exception {
    WebElement link = row.findElement(By.tagName("a"));
    HttpResponse<byte[]> response = get(link.getDomProperty("href"));
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Disposition"))
        .get()
        .asString()
        .startsWith("attachment");
    return response.body();
  }

  private static HttpResponse<byte[]> get(String url) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(url)).timeout(WAIT).build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  private static byte[] bytes(String s) {
    return s.getBytes(UTF_8);
  }

  private static void assertNoHorizontalScrolling() {
    Object widths = js("return document.documentElement.scrollWidth + ' <= ' + window.innerWidth;");
    assertThat((Boolean) js("return document.documentElement.scrollWidth <= window.innerWidth;"))
        .as("no horizontal scrollbar at phone width: %s", widths)
        .isTrue();
  }
}
