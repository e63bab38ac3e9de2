package shop;

import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Service;

/** Sends the welcome mail of a new customer through Spring Boot's auto-configured sender. */
@Service
public class WelcomeMailer {
  private final JavaMailSender sender;

  public WelcomeMailer(JavaMailSender sender) {
    this.sender = sender;
  }

  public void sendWelcome(String name, String address) {
    SimpleMailMessage message = new SimpleMailMessage();
    message.setFrom("noreply@shop.test");
    message.setTo(address);
    message.setSubject("Welcome, " + name);
    message.setText("Hello " + name + ", confirm your address: https://shop.test/confirm?token=42");
    sender.send(message);
  }
}
