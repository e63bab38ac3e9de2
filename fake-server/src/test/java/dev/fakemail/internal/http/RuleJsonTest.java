package dev.fakemail.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fakemail.RegisteredRule;
import dev.fakemail.SmtpPhase;
import dev.fakemail.SmtpRule;
import dev.fakemail.SmtpRuleSamples;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The JSON of rules, both ways: every action round-trips to an equal value; errors verbatim. */
class RuleJsonTest {

  static List<SmtpRule> samples() {
    return SmtpRuleSamples.all();
  }

  static SmtpRule roundTrip(SmtpRule rule) {
    byte[] json = RuleJson.bytes(RuleJson.tree(rule));
    return RuleJson.rule(RuleJson.parse(json));
  }

  static SmtpRule read(String json) {
    return RuleJson.rule(RuleJson.parse(json.getBytes(StandardCharsets.UTF_8)));
  }

  static String write(SmtpRule rule) {
    return new String(RuleJson.bytes(RuleJson.tree(rule)), StandardCharsets.UTF_8);
  }

  @Test
  void everyActionRoundTripsToAnEqualRule() {
    for (SmtpRule rule : samples()) {
      SmtpRule back = roundTrip(rule);
      assertThat(back).as(write(rule)).isEqualTo(rule);
      assertThat(back.toString()).isEqualTo(rule.toString());
      assertThat(RuleJson.tree(back)).isEqualTo(RuleJson.tree(rule));
    }
    Set<SmtpRule.Action> covered =
        samples().stream().map(SmtpRule::action).collect(Collectors.toSet());
    assertThat(covered).isEqualTo(EnumSet.allOf(SmtpRule.Action.class));
  }

  @Test
  void writesRulesAsPeopleWriteThem() {
    assertThat(write(samples().get(0)))
        .isEqualTo(
            "{\"phases\":[\"RCPT_TO\"],\"when\":{\"recipient\":\"bob@x.test\"},\"times\":1,"
                + "\"action\":{\"type\":\"reply\",\"code\":452,\"text\":\"4.2.2 Mailbox full\"}}");
    assertThat(write(SmtpRule.greylisting()))
        .isEqualTo(
            "{\"phases\":[\"RCPT_TO\"],\"action\":{\"type\":\"greylist\",\"minRetryDelay\":\"PT0S\"}}");
    assertThat(write(SmtpRule.chaos(42, 0.1, SmtpPhase.DATA)))
        .isEqualTo(
            "{\"phases\":[\"DATA\"],\"probability\":0.1,\"seed\":42,\"action\":{\"type\":\"chaos\"}}");
    assertThat(
            write(
                SmtpRule.on(SmtpPhase.MAIL_FROM, SmtpPhase.RCPT_TO)
                    .sender("a@x.test")
                    .afterPassing(1)
                    .withProbability(0.5, 3)
                    .delay(Duration.ofMillis(2500))
                    .proceed()))
        .isEqualTo(
            "{\"phases\":[\"MAIL_FROM\",\"RCPT_TO\"],\"when\":{\"sender\":\"a@x.test\"},"
                + "\"afterPassing\":1,\"probability\":0.5,\"seed\":3,\"delay\":\"PT2.5S\","
                + "\"action\":{\"type\":\"proceed\"}}");
    assertThat(write(SmtpRule.on(SmtpPhase.EHLO).hideKeywords("starttls")))
        .isEqualTo(
            "{\"phases\":[\"EHLO\"],\"action\":{\"type\":\"hideKeywords\",\"keywords\":[\"STARTTLS\"]}}");
    assertThat(write(SmtpRule.on(SmtpPhase.DATA).disconnectAfterBytes(10)))
        .isEqualTo(
            "{\"phases\":[\"DATA\"],\"action\":{\"type\":\"disconnectAfterBytes\",\"bytes\":10}}");
    assertThat(write(SmtpRule.rateLimitPerMinute(5)))
        .isEqualTo(
            "{\"phases\":[\"MAIL_FROM\"],\"action\":{\"type\":\"rateLimitPerMinute\",\"messages\":5}}");
  }

  @Test
  void readsPresetsAndShorthands() {
    assertThat(read("{\"action\":{\"type\":\"greylist\"}}")).isEqualTo(SmtpRule.greylisting());
    assertThat(read("{\"action\":{\"type\":\"greylist\",\"minRetryDelay\":\"PT1M\"}}"))
        .isEqualTo(SmtpRule.greylisting(Duration.ofMinutes(1)));
    assertThat(read("{\"phases\":[\"RCPT_TO\"],\"action\":{\"type\":\"greylist\"},\"seed\":4}"))
        .isEqualTo(SmtpRule.greylisting().withSeed(4));
    assertThat(read("{\"action\":{\"type\":\"rateLimitPerConnection\",\"messages\":2}}"))
        .isEqualTo(SmtpRule.rateLimitPerConnection(2));
    assertThat(read("{\"action\":{\"type\":\"mailboxFull\",\"address\":\"bob@x.test\"}}"))
        .isEqualTo(SmtpRule.mailboxFull("bob@x.test"));
    assertThat(read("{\"action\":{\"type\":\"unknownUsers\"}}")).isEqualTo(SmtpRule.unknownUsers());
    assertThat(read("{\"probability\":0.2,\"seed\":1,\"action\":{\"type\":\"chaos\"}}"))
        .isEqualTo(SmtpRule.chaos(1, 0.2));
    assertThat(
            read(
                "{\"phases\":[\"DATA\",\"DATA\"],\"probability\":1,\"seed\":1,"
                    + "\"action\":{\"type\":\"chaos\"}}"))
        .isEqualTo(SmtpRule.chaos(1, 1, SmtpPhase.DATA));
    assertThat(
            read(
                "{\"phases\":[\"CONNECT\"],\"nth\":2,\"action\":{\"type\":\"reply\",\"code\":421,"
                    + "\"text\":\"bye\"}}"))
        .isEqualTo(SmtpRule.on(SmtpPhase.CONNECT).nth(2).reply(421, "bye"));
    assertThat(
            read(
                "{\"phases\":[\"RSET\"],\"when\":null,\"times\":null,\"delay\":\"PT1S\","
                    + "\"action\":{\"type\":\"proceed\"}}"))
        .as("null is the same as leaving the member out")
        .isEqualTo(SmtpRule.on(SmtpPhase.RSET).delay(Duration.ofSeconds(1)).proceed());
    assertThat(
            read(
                "{\"phases\":[\"RCPT_TO\"],\"when\":{\"unknownRecipient\":false},"
                    + "\"action\":{\"type\":\"disconnect\"}}"))
        .isEqualTo(SmtpRule.on(SmtpPhase.RCPT_TO).disconnect());
  }

  @Test
  void registeredRulesRoundTrip() {
    RegisteredRule server = RegisteredRule.of("r3", SmtpRule.greylisting(), null, 5, 2);
    RegisteredRule inbox =
        RegisteredRule.of(
            "r4",
            SmtpRule.on(SmtpPhase.RCPT_TO).times(1).reply(452, "4.2.2 Mailbox full"),
            "inbox-1-abc@fakemail.test",
            3,
            1);
    for (RegisteredRule r : List.of(server, inbox)) {
      Object json = RuleJson.parse(RuleJson.bytes(RuleJson.tree(r)));
      assertThat(RuleJson.registered(json)).isEqualTo(r);
    }
    assertThat(new String(RuleJson.bytes(RuleJson.tree(inbox)), StandardCharsets.UTF_8))
        .isEqualTo(
            "{\"id\":\"r4\",\"scope\":\"inbox-1-abc@fakemail.test\",\"occurrences\":3,\"fired\":1,"
                + "\"spent\":true,\"summary\":\"SmtpRule{on RCPT_TO, times 1: reply 452 4.2.2"
                + " Mailbox full}\",\"rule\":{\"phases\":[\"RCPT_TO\"],\"times\":1,"
                + "\"action\":{\"type\":\"reply\",\"code\":452,\"text\":\"4.2.2 Mailbox full\"}}}");
    assertThat(RuleJson.tree(server)).containsEntry("scope", null).containsEntry("spent", false);
  }

  @Test
  void refusesMembersItDoesNotKnow() {
    assertRefused(
        "{\"phases\":[\"RCPT_TO\"],\"time\":1,\"action\":{\"type\":\"disconnect\"}}",
        "Unknown member \"time\" in the rule; expected one of: phases, when, afterPassing, nth,"
            + " times, probability, seed, delay, action");
    assertRefused(
        "{\"phases\":[\"RCPT_TO\"],\"when\":{\"recipent\":\"bob@x.test\"},"
            + "\"action\":{\"type\":\"disconnect\"}}",
        "Unknown member \"recipent\" in \"when\"; expected one of: sender, senderMatching,"
            + " recipient, recipientMatching, unknownRecipient");
    assertRefused(
        "{\"phases\":[\"RCPT_TO\"],\"action\":{\"type\":\"reply\",\"code\":452,\"txt\":\"x\"}}",
        "Unknown member \"txt\" in \"action\" of type \"reply\"; expected one of: type, code,"
            + " text");
    assertRefused(
        "{\"phases\":[\"RCPT_TO\"],\"action\":{\"type\":\"replay\"}}",
        "Unknown action type \"replay\"; expected one of: reply, disconnect, proceed,"
            + " disconnectAfterBytes, drop, hideKeywords, addKeywords, greylist,"
            + " rateLimitPerConnection, rateLimitPerMinute, chaos, mailboxFull, unknownUsers");
    assertRefused(
        "{\"phases\":[\"RCPT\"],\"action\":{\"type\":\"disconnect\"}}",
        "Unknown phase \"RCPT\" in \"phases\"; expected one of: CONNECT, EHLO, STARTTLS, AUTH,"
            + " MAIL_FROM, RCPT_TO, DATA, END_OF_DATA, RSET, QUIT");
  }

  @Test
  void saysWhatIsMissingOrOfTheWrongType() {
    assertRefused(
        "{\"phases\":[\"RCPT_TO\"]}",
        "Member \"action\" is required: an object with a \"type\", one of: reply, disconnect,"
            + " proceed, disconnectAfterBytes, drop, hideKeywords, addKeywords, greylist,"
            + " rateLimitPerConnection, rateLimitPerMinute, chaos, mailboxFull, unknownUsers");
    assertRefused(
        "{\"action\":{}}",
        "Member \"action.type\" is required: one of: reply, disconnect, proceed,"
            + " disconnectAfterBytes, drop, hideKeywords, addKeywords, greylist,"
            + " rateLimitPerConnection, rateLimitPerMinute, chaos, mailboxFull, unknownUsers");
    assertRefused(
        "{\"action\":{\"type\":\"disconnect\"}}",
        "Member \"phases\" is required for action \"disconnect\": the phases the rule acts at,"
            + " one or more of: CONNECT, EHLO, STARTTLS, AUTH, MAIL_FROM, RCPT_TO, DATA,"
            + " END_OF_DATA, RSET, QUIT");
    assertRefused(
        "{\"phases\":[],\"action\":{\"type\":\"disconnect\"}}",
        "Member \"phases\" must name at least one phase: CONNECT, EHLO, STARTTLS, AUTH,"
            + " MAIL_FROM, RCPT_TO, DATA, END_OF_DATA, RSET, QUIT");
    assertRefused(
        "{\"phases\":\"RCPT_TO\",\"action\":{\"type\":\"disconnect\"}}",
        "Member \"phases\" must be an array of phases such as [\"RCPT_TO\"], was \"RCPT_TO\"");
    assertRefused(
        "{\"phases\":[\"RCPT_TO\"],\"action\":{\"type\":\"reply\",\"text\":\"x\"}}",
        "Member \"action.code\" is required for action \"reply\"");
    assertRefused(
        "{\"phases\":[\"RCPT_TO\"],\"action\":{\"type\":\"reply\",\"code\":\"452\",\"text\":\"x\"}}",
        "Member \"action.code\" must be an integer, was \"452\"");
    assertRefused(
        "{\"phases\":[\"RCPT_TO\"],\"times\":1.5,\"action\":{\"type\":\"disconnect\"}}",
        "Member \"times\" must be an integer, was 1.5");
    assertRefused(
        "{\"phases\":[\"RCPT_TO\"],\"times\":4294967296,\"action\":{\"type\":\"disconnect\"}}",
        "Member \"times\" is out of range: 4294967296 (at most 2147483647)");
    assertRefused(
        "{\"phases\":[\"RCPT_TO\"],\"seed\":18446744073709551616,\"action\":{\"type\":\"disconnect\"}}",
        "Member \"seed\" is out of range: 18446744073709551616 (at most a 64-bit integer)");
    assertRefused(
        "{\"phases\":[\"RCPT_TO\"],\"when\":{\"recipient\":[\"a@x.test\"]},"
            + "\"action\":{\"type\":\"disconnect\"}}",
        "Member \"when.recipient\" must be a string, was [\"a@x.test\"]");
    assertRefused(
        "{\"phases\":[\"RCPT_TO\"],\"when\":{\"unknownRecipient\":\"yes\"},"
            + "\"action\":{\"type\":\"disconnect\"}}",
        "Member \"when.unknownRecipient\" must be true or false, was \"yes\"");
    assertRefused(
        "{\"phases\":[\"RCPT_TO\"],\"delay\":\"2s\",\"action\":{\"type\":\"disconnect\"}}",
        "Member \"delay\" must be an ISO-8601 duration such as \"PT2S\" or \"PT0.5S\", was \"2s\"");
    assertRefused(
        "{\"phases\":[\"RCPT_TO\"],\"delay\":2000,\"action\":{\"type\":\"disconnect\"}}",
        "Member \"delay\" must be an ISO-8601 duration such as \"PT2S\" or \"PT0.5S\", was 2000");
    assertRefused(
        "{\"phases\":[\"EHLO\"],\"action\":{\"type\":\"addKeywords\",\"keywords\":\"X\"}}",
        "Member \"action.keywords\" must be an array of strings, was \"X\"");
    assertRefused(
        "{\"phases\":[\"CONNECT\"],\"nth\":2,\"times\":1,\"action\":{\"type\":\"disconnect\"}}",
        "Member \"nth\" stands for \"afterPassing\": n-1 and \"times\": 1; give either \"nth\""
            + " or \"afterPassing\"/\"times\"");
  }

  @Test
  void passesTheBuildersOwnMessages() {
    assertRefused(
        "{\"phases\":[\"RCPT_TO\"],\"action\":{\"type\":\"reply\",\"code\":250,\"text\":\"OK\"}}",
        "A rule replies with a failure, 4xx or 5xx: 250 (to delay a normal reply, use"
            + " delay(...).proceed())");
    assertRefused(
        "{\"phases\":[\"MAIL_FROM\"],\"when\":{\"recipient\":\"bob@x.test\"},"
            + "\"action\":{\"type\":\"disconnect\"}}",
        "A recipient condition cannot hold at MAIL_FROM: nothing is known there");
    assertRefused(
        "{\"phases\":[\"RCPT_TO\"],\"action\":{\"type\":\"proceed\"}}",
        "A rule that proceeds as usual does nothing without a delay; set delay(...) first");
    assertRefused(
        "{\"phases\":[\"DATA\"],\"action\":{\"type\":\"drop\"}}",
        "drop acts only at END_OF_DATA; this rule is on DATA");
    assertRefused(
        "{\"phases\":[\"RCPT_TO\"],\"probability\":1.5,\"action\":{\"type\":\"disconnect\"}}",
        "probability must be greater than 0 and at most 1: 1.5");
    assertRefused(
        "{\"phases\":[\"RCPT_TO\"],\"times\":0,\"action\":{\"type\":\"disconnect\"}}",
        "times must be at least 1: 0");
    assertRefused(
        "{\"phases\":[\"RCPT_TO\"],\"delay\":\"PT-1S\",\"action\":{\"type\":\"disconnect\"}}",
        "delay must not be negative: PT-1S");
    assertRefused(
        "{\"phases\":[\"RCPT_TO\"],\"when\":{\"senderMatching\":\"(\"},"
            + "\"action\":{\"type\":\"disconnect\"}}",
        "Not a regular expression: Unclosed group near index 1\n(");
    assertRefused(
        "{\"action\":{\"type\":\"rateLimitPerMinute\",\"messages\":0}}",
        "messages must be at least 1: 0");
    assertRefused(
        "{\"action\":{\"type\":\"mailboxFull\",\"address\":\" \"}}", "address must not be blank");
    assertRefused(
        "{\"phases\":[\"EHLO\"],\"action\":{\"type\":\"hideKeywords\",\"keywords\":[]}}",
        "Name at least one keyword");
  }

  @Test
  void keepsPresetsAsTheJavaApiHasThem() {
    assertRefused(
        "{\"times\":1,\"action\":{\"type\":\"greylist\"}}",
        "Action \"greylist\" is a preset with its own conditions and counts; the rule takes only"
            + " \"phases\", \"seed\", \"action\": remove \"times\"");
    assertRefused(
        "{\"when\":{\"recipient\":\"a@x.test\"},\"probability\":0.5,\"seed\":1,"
            + "\"action\":{\"type\":\"chaos\"}}",
        "Action \"chaos\" is a preset with its own conditions and counts; the rule takes only"
            + " \"phases\", \"probability\", \"seed\", \"action\": remove \"when\"");
    assertRefused(
        "{\"phases\":[\"MAIL_FROM\"],\"action\":{\"type\":\"greylist\"}}",
        "Action \"greylist\" acts only at RCPT_TO; \"phases\" was [\"MAIL_FROM\"]");
    assertRefused(
        "{\"seed\":1,\"action\":{\"type\":\"chaos\"}}",
        "Member \"probability\" is required for action \"chaos\": how likely each occurrence"
            + " fails, greater than 0 and at most 1");
    assertRefused(
        "{\"probability\":0.5,\"action\":{\"type\":\"chaos\"}}",
        "Member \"seed\" is required for action \"chaos\": the same seed gives the same outcome,"
            + " as with SmtpRule.chaos(seed, probability, phases…)");
  }

  @Test
  void explainsBadJson() {
    assertRefused("", "The body is empty; send the rule as JSON");
    assertRefused(
        "[1]",
        "A rule is a JSON object such as {\"phases\":[\"RCPT_TO\"],\"action\":{\"type\":\"reply\","
            + "\"code\":452,\"text\":\"4.2.2 Mailbox full\"}}, was an array");
    assertRefused(
        "{\"action\":{\"type\":\"greylist\"}} {}",
        "The body is not valid JSON: more than one value (line 1, column 32)");
    assertRefused(
        "{\"times\":1,\"times\":2}",
        "The body is not valid JSON: Duplicate field 'times' (line 1, column 19)");
    assertThatThrownBy(() -> read("{\"phases\":[\"RCPT_TO\"],}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("The body is not valid JSON: Unexpected character ('}'")
        .hasMessageEndingWith("(line 1, column 23)");
  }

  @Test
  void refusesDeepOrUndecodableBodies() {
    assertRefused(
        "{\"action\":" + "[".repeat(70) + "]".repeat(70) + "}",
        "The body is not a rule: its JSON is nested deeper than 64 levels");
    byte[] latin1 = "{\"action\":\"\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1);
    assertThatThrownBy(() -> RuleJson.parse(latin1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("The body is not valid JSON: Invalid UTF-8");
    byte[] utf16 = "{\"action\":{\"type\":\"greylist\"}}".getBytes(StandardCharsets.UTF_16);
    assertThat(RuleJson.rule(RuleJson.parse(utf16)))
        .as("JSON in UTF-16 with a byte order mark, as RFC 8259 readers may accept")
        .isEqualTo(SmtpRule.greylisting());
  }

  static void assertRefused(String json, String message) {
    assertThatThrownBy(() -> read(json))
        .as(json)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }
}
