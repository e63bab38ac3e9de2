package dev.fakemail.internal.http.web;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fakemail.FakeMailConfig;
import dev.fakemail.FakeMailServer;
import dev.fakemail.Protocol;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Takes the README's screenshots of the web page with a few realistic messages: {@code
 * web-page.png} (desktop, the newsletter open) and {@code web-page-phone.png} (375 px wide). Not
 * part of the normal build; run it with
 *
 * <pre>
 * mvn -pl fake-server -am test -Dtest=WebPageScreenshots -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dfakemail.screenshots=$PWD/docs
 * </pre>
 *
 * <p>({@code -Dfakemail.web.url} and {@code -Dfakemail.web.smtp} point it at a running server, as
 * for {@link WebPageTest}.)
 */
@EnabledIfSystemProperty(named = "fakemail.screenshots", matches = ".+")
class WebPageScreenshots {

  @Test
  void takeScreenshots() throws Exception {
    Path folder = Path.of(System.getProperty("fakemail.screenshots"));
    Files.createDirectories(folder);
    ChromeDriver browser = Browser.start();
    String external = System.getProperty("fakemail.web.url", "");
    try (FakeMailServer server =
        external.isEmpty()
            ? FakeMailServer.start(
                FakeMailConfig.builder().protocols(Protocol.SMTP, Protocol.HTTP).build())
            : null) {
      URI baseUrl = server != null ? server.httpUrl() : URI.create(external);
      String smtp =
          server != null
              ? server.smtpHost() + ":" + server.smtpPort()
              : System.getProperty("fakemail.web.smtp", baseUrl.getHost() + ":1025");
      sendRealisticMail(
          new TestMails(
              smtp.substring(0, smtp.lastIndexOf(':')),
              Integer.parseInt(smtp.substring(smtp.lastIndexOf(':') + 1))));
      WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(10));

      browser.manage().window().setSize(new Dimension(1280, 800));
      browser.get(baseUrl.toString());
      wait.until(ExpectedConditions.attributeToBe(By.id("live-status"), "data-state", "live"));
      wait.until(d -> d.findElements(By.cssSelector("#message-list .msg")).size() == 5);
      browser
          .findElements(By.cssSelector("#message-list .msg"))
          .get(1) // the newsletter
          .click();
      wait.until(ExpectedConditions.textToBe(By.id("view-subject"), NEWSLETTER_SUBJECT));
      browser.switchTo().frame(browser.findElement(By.id("html-frame")));
      wait.until(d -> !d.findElements(By.id("sale")).isEmpty());
      browser.switchTo().defaultContent();
      browser.executeScript("document.activeElement.blur();"); // no focus ring in the picture
      Files.write(folder.resolve("web-page.png"), browser.getScreenshotAs(OutputType.BYTES));

      browser.manage().window().setSize(new Dimension(375, 800));
      browser.get(baseUrl.toString());
      wait.until(d -> d.findElements(By.cssSelector("#message-list .msg")).size() == 5);
      Files.write(folder.resolve("web-page-phone.png"), browser.getScreenshotAs(OutputType.BYTES));
    } finally {
      browser.quit();
    }
    assertThat(folder.resolve("web-page.png")).isNotEmptyFile();
  }

  private static final String NEWSLETTER_SUBJECT = "Spring sale: 30% off everything until Sunday";

  private static void sendRealisticMail(TestMails mails) throws Exception {
    mails
        .message()
        .from("Acme Shop <orders@acme-shop.test>")
        .to("bob@example.test")
        .subject("Welcome to Acme Shop, Bob!")
        .text("Hi Bob,\n\nconfirm your address: https://acme-shop.test/confirm?token=3f9a1c\n")
        .html(
            "<p>Hi Bob,</p><p><a href='https://acme-shop.test/confirm?token=3f9a1c'>"
                + "Confirm your address</a></p>")
        .send();
    mails
        .message()
        .from("Acme Billing <billing@acme-shop.test>")
        .to("bob@example.test")
        .bcc("accounting@acme-shop.test")
        .subject("Your invoice #10482")
        .text("Hi Bob,\n\nyour invoice and the delivery note are attached.\n\nAcme Billing\n")
        .attach("invoice-10482.pdf", "application/pdf", pdf())
        .attach(
            "delivery-note-10482.csv", "text/csv", "sku,qty\nA-100,2\nB-220,1\n".getBytes(UTF_8))
        .send();
    mails
        .message()
        .from("Acme Security <security@acme-shop.test>")
        .to("alice@example.test")
        .subject("Reset your password")
        .text(
            "Someone asked to reset your password. Use this link within 30 minutes:\n"
                + "https://acme-shop.test/reset?token=b71e\n")
        .send();
    mails
        .message()
        .from("Acme News <news@acme-shop.test>")
        .to("bob@example.test")
        .cc("alice@example.test")
        .subject(NEWSLETTER_SUBJECT)
        .text("Spring sale: 30% off everything until Sunday. https://acme-shop.test/sale")
        .html(NEWSLETTER_HTML)
        .send();
    mails
        .message()
        .from("Acme Shipping <shipping@acme-shop.test>")
        .to("bob@example.test")
        .subject("Your order #10482 has shipped")
        .text("Your parcel is on its way: tracking number 00340434161234567890.\n")
        .send();
  }

  private static byte[] pdf() {
    return ("%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
            + "2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n"
            + "trailer << /Root 1 0 R >>\n%%EOF\n")
        .getBytes(UTF_8);
  }

  private static final String NEWSLETTER_HTML =
      "<!DOCTYPE html><html><body style='margin:0;font-family:Georgia,serif;background:#f3efe6'>"
          + "<table width='100%' cellpadding='0' cellspacing='0'><tr><td align='center'>"
          + "<table width='560' cellpadding='24' cellspacing='0' style='background:#ffffff'>"
          + "<tr><td style='background:#1f4e3d;color:#ffffff;font-size:26px'>Acme Shop</td></tr>"
          + "<tr><td><h1 id='sale' style='color:#1f4e3d;margin:0 0 12px'>Spring sale: 30% off</h1>"
          + "<p style='font-size:16px;line-height:1.5'>Everything in the shop, until Sunday night."
          + " Use the code <b>SPRING30</b> at checkout.</p>"
          + "<p><a href='https://acme-shop.test/sale' style='display:inline-block;"
          + "background:#c8553d;color:#ffffff;padding:12px 20px;text-decoration:none;"
          + "border-radius:4px'>Shop the sale</a></p>"
          + "<img src='https://cdn.acme-shop.test/banner.jpg' width='512' height='120'"
          + " alt='Spring flowers'>"
          + "<p style='font-size:12px;color:#777'>You get this mail because you signed up at"
          + " acme-shop.test. <a href='https://acme-shop.test/unsubscribe'>Unsubscribe</a></p>"
          + "</td></tr></table></td></tr></table></body></html>";
}
