package dev.fakemail.internal.imap.message;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every corpus message answers every FETCH item exactly as Dovecot 2.3.19 did when {@link
 * DovecotDifferentialTest} recorded its answers (ENVELOPE, BODY, BODYSTRUCTURE, RFC822.SIZE and the
 * sections of every part, byte for byte).
 */
class DovecotGoldenTest {

  @TestFactory
  List<DynamicContainer> answersAsDovecotDid() throws IOException, URISyntaxException {
    Path corpus = Path.of(DovecotGoldenTest.class.getResource("corpus").toURI());
    List<DynamicContainer> messages = new ArrayList<>();
    for (Path eml : DovecotDifferentialTest.messages(corpus)) {
      Path golden = eml.resolveSibling(eml.getFileName() + ".dovecot");
      byte[] message = Files.readAllBytes(eml);
      Map<String, byte[]> answers = Golden.read(Files.readAllBytes(golden));
      ImapMessageView view = Fetch.view(message);
      List<DynamicTest> items = new ArrayList<>();
      answers.forEach(
          (item, expected) ->
              items.add(
                  DynamicTest.dynamicTest(
                      item,
                      () ->
                          assertThat(Fetch.text(Fetch.answer(view, item)))
                              .isEqualTo(Fetch.text(expected)))));
      messages.add(DynamicContainer.dynamicContainer(eml.getFileName().toString(), items));
    }
    assertThat(messages).hasSizeGreaterThan(15);
    return messages;
  }
}
