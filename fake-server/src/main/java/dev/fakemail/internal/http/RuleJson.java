package dev.fakemail.internal.http;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import dev.fakemail.RegisteredRule;
import dev.fakemail.SmtpPhase;
import dev.fakemail.SmtpRule;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The JSON of {@link SmtpRule} and {@link RegisteredRule}, both ways, for the server ({@code
 * /api/v1/behaviors}) and the Java client alike, so the two cannot drift. JSON values are plain
 * Java values: objects are {@link Map}s, arrays {@link List}s, and strings, numbers, booleans and
 * {@code null} themselves.
 *
 * <p>A rule reads like its Java builder: {@code {"phases":["RCPT_TO"],"when":{"recipient":
 * "bob@x.test"},"times":1,"action":{"type":"reply","code":452,"text":"4.2.2 Mailbox full"}}}.
 * Durations are ISO-8601 strings ({@code "PT2S"}), as the {@code wait} parameter of the API. A rule
 * is read through the public builder and presets, so every check applies with its exact message
 * ({@link IllegalArgumentException}); a member this class does not know is refused, so a misspelt
 * condition cannot make a rule that fires on everything. A member set to {@code null} is the same
 * as one left out. Written rules leave out members at their default.
 */
public final class RuleJson {
  /** The members of a rule object, in the order they are written. */
  static final List<String> RULE_MEMBERS =
      List.of(
          "phases",
          "when",
          "afterPassing",
          "nth",
          "times",
          "probability",
          "seed",
          "delay",
          "action");

  /** The conditions, members of {@code when}. */
  static final List<String> WHEN_MEMBERS =
      List.of("sender", "senderMatching", "recipient", "recipientMatching", "unknownRecipient");

  /** Each action type and the members its object takes besides {@code type}. */
  static final Map<String, List<String>> ACTIONS = actions();

  /** What a preset rule may have besides its action. */
  private static final List<String> PRESET_MEMBERS = List.of("phases", "seed", "action");

  private static final List<String> CHAOS_MEMBERS =
      List.of("phases", "probability", "seed", "action");

  private static final Pattern SOURCE_LOCATION =
      Pattern.compile("\\[Source: [^\\]]*?; line: (\\d+), column: (\\d+)\\]");

  private static final JsonFactory FACTORY =
      JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

  private RuleJson() {}

  private static Map<String, List<String>> actions() {
    Map<String, List<String>> a = new LinkedHashMap<>();
    a.put("reply", List.of("code", "text"));
    a.put("disconnect", List.of());
    a.put("proceed", List.of());
    a.put("disconnectAfterBytes", List.of("bytes"));
    a.put("drop", List.of());
    a.put("hideKeywords", List.of("keywords"));
    a.put("addKeywords", List.of("keywords"));
    a.put("greylist", List.of("minRetryDelay"));
    a.put("rateLimitPerConnection", List.of("messages"));
    a.put("rateLimitPerMinute", List.of("messages"));
    a.put("chaos", List.of());
    a.put("mailboxFull", List.of("address"));
    a.put("unknownUsers", List.of());
    return java.util.Collections.unmodifiableMap(a);
  }

  /** The JSON name of an action kind: {@code reply}, {@code disconnectAfterBytes}, … */
  static String type(SmtpRule.Action action) {
    switch (action) {
      case REPLY:
        return "reply";
      case DISCONNECT:
        return "disconnect";
      case PROCEED:
        return "proceed";
      case DISCONNECT_AFTER_BYTES:
        return "disconnectAfterBytes";
      case DROP:
        return "drop";
      case HIDE_KEYWORDS:
        return "hideKeywords";
      case ADD_KEYWORDS:
        return "addKeywords";
      case GREYLIST:
        return "greylist";
      case RATE_LIMIT_PER_CONNECTION:
        return "rateLimitPerConnection";
      case RATE_LIMIT_PER_MINUTE:
        return "rateLimitPerMinute";
      case CHAOS:
        return "chaos";
      default:
        throw new IllegalArgumentException("No JSON for action " + action);
    }
  }

  // ---------------------------------------------------------------- writing

  /** A rule as a JSON object; members at their default are left out. */
  public static Map<String, Object> tree(SmtpRule rule) {
    Map<String, Object> json = new LinkedHashMap<>();
    List<Object> phases = new ArrayList<>();
    for (SmtpPhase p : rule.phases()) {
      phases.add(p.name());
    }
    json.put("phases", phases);
    Map<String, Object> when = new LinkedHashMap<>();
    rule.sender().ifPresent(s -> when.put("sender", s));
    rule.senderPattern().ifPresent(s -> when.put("senderMatching", s));
    rule.recipient().ifPresent(s -> when.put("recipient", s));
    rule.recipientPattern().ifPresent(s -> when.put("recipientMatching", s));
    if (rule.unknownRecipient()) {
      when.put("unknownRecipient", true);
    }
    if (!when.isEmpty()) {
      json.put("when", when);
    }
    if (rule.afterPassing() > 0) {
      json.put("afterPassing", (long) rule.afterPassing());
    }
    if (rule.times().isPresent()) {
      json.put("times", (long) rule.times().getAsInt());
    }
    if (rule.probability() < 1 || rule.action() == SmtpRule.Action.CHAOS) {
      json.put("probability", rule.probability());
    }
    if (rule.seed().isPresent()) {
      json.put("seed", rule.seed().getAsLong());
    }
    if (!rule.delay().isZero()) {
      json.put("delay", rule.delay().toString());
    }
    Map<String, Object> action = new LinkedHashMap<>();
    action.put("type", type(rule.action()));
    switch (rule.action()) {
      case REPLY:
        action.put("code", (long) rule.replyCode());
        action.put("text", rule.replyText());
        break;
      case DISCONNECT_AFTER_BYTES:
        action.put("bytes", rule.afterBytes());
        break;
      case HIDE_KEYWORDS:
      case ADD_KEYWORDS:
        action.put("keywords", new ArrayList<Object>(rule.keywords()));
        break;
      case GREYLIST:
        action.put("minRetryDelay", rule.minRetryDelay().toString());
        break;
      case RATE_LIMIT_PER_CONNECTION:
      case RATE_LIMIT_PER_MINUTE:
        action.put("messages", (long) rule.limit());
        break;
      default:
        break;
    }
    json.put("action", action);
    return json;
  }

  /**
   * A registered rule as a JSON object: {@code id}, {@code scope} ({@code null} for the whole
   * server), {@code occurrences}, {@code fired}, {@code spent}, {@code summary} (the rule's {@code
   * toString()}, for people) and {@code rule}.
   */
  public static Map<String, Object> tree(RegisteredRule registered) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("id", registered.id());
    json.put("scope", registered.scope().orElse(null));
    json.put("occurrences", (long) registered.occurrences());
    json.put("fired", (long) registered.fired());
    json.put("spent", registered.isSpent());
    json.put("summary", registered.rule().toString());
    json.put("rule", tree(registered.rule()));
    return json;
  }

  /** Writes a JSON value (as {@link #tree} makes them) to the generator. */
  static void write(JsonGenerator g, Object value) throws IOException {
    if (value == null) {
      g.writeNull();
    } else if (value instanceof Map) {
      g.writeStartObject();
      for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
        g.writeFieldName((String) e.getKey());
        write(g, e.getValue());
      }
      g.writeEndObject();
    } else if (value instanceof List) {
      g.writeStartArray();
      for (Object element : (List<?>) value) {
        write(g, element);
      }
      g.writeEndArray();
    } else if (value instanceof String) {
      g.writeString((String) value);
    } else if (value instanceof Boolean) {
      g.writeBoolean((Boolean) value);
    } else if (value instanceof Double || value instanceof Float) {
      g.writeNumber(((Number) value).doubleValue());
    } else if (value instanceof BigInteger) {
      g.writeNumber((BigInteger) value);
    } else if (value instanceof BigDecimal) {
      g.writeNumber((BigDecimal) value);
    } else if (value instanceof Number) {
      g.writeNumber(((Number) value).longValue());
    } else {
      throw new IllegalArgumentException("Not a JSON value: " + value.getClass().getName());
    }
  }

  /** The UTF-8 bytes of a JSON value. */
  public static byte[] bytes(Object value) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try (JsonGenerator g = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
      write(g, value);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a ByteArrayOutputStream does not throw
    }
    return out.toByteArray();
  }

  /** A JSON value as compact text, for messages. */
  static String text(Object value) {
    return new String(bytes(value), StandardCharsets.UTF_8);
  }

  // ---------------------------------------------------------------- reading

  /**
   * Parses one JSON document (duplicate members refused).
   *
   * @throws IllegalArgumentException naming what is wrong and where
   */
  static Object parse(byte[] json) {
    try (JsonParser p = FACTORY.createParser(json)) {
      JsonToken first = p.nextToken();
      if (first == null) {
        throw new IllegalArgumentException("The body is empty; send the rule as JSON");
      }
      Object value = JsonTree.value(p, first);
      if (p.nextToken() != null) {
        throw new IllegalArgumentException(
            "The body is not valid JSON: more than one value"
                + at(p.currentTokenLocation().getLineNr(), p.currentTokenLocation().getColumnNr()));
      }
      return value;
    } catch (JsonProcessingException e) {
      String at =
          e.getLocation() == null
              ? ""
              : at(e.getLocation().getLineNr(), e.getLocation().getColumnNr());
      // Jackson names the source of a location it quotes; the body is the only source here
      String message =
          SOURCE_LOCATION.matcher(e.getOriginalMessage()).replaceAll("line $1, column $2");
      throw new IllegalArgumentException("The body is not valid JSON: " + message + at);
    } catch (JsonTree.TooDeepException e) {
      throw new IllegalArgumentException(
          "The body is not a rule: its JSON is nested deeper than "
              + JsonTree.MAX_DEPTH
              + " levels");
    } catch (IOException e) {
      throw new UncheckedIOException(e); // reading a byte array does not fail otherwise
    }
  }

  private static String at(int line, int column) {
    return line < 0 ? "" : " (line " + line + ", column " + column + ")";
  }

  /**
   * The rule a JSON object describes, built with {@link SmtpRule}'s builder or presets.
   *
   * @throws IllegalArgumentException if it is not a rule: the builder's own message, or one that
   *     names the member at fault
   */
  public static SmtpRule rule(Object json) {
    if (!(json instanceof Map)) {
      throw new IllegalArgumentException(
          "A rule is a JSON object such as"
              + " {\"phases\":[\"RCPT_TO\"],\"action\":{\"type\":\"reply\",\"code\":452,"
              + "\"text\":\"4.2.2 Mailbox full\"}}, was "
              + describe(json));
    }
    Members rule = new Members((Map<?, ?>) json, "", "the rule");
    rule.allowOnly(RULE_MEMBERS);
    Members action = rule.object("action");
    if (action == null) {
      throw new IllegalArgumentException(
          "Member \"action\" is required: an object with a \"type\", one of: "
              + String.join(", ", ACTIONS.keySet()));
    }
    String type = action.string("type");
    if (type == null) {
      throw new IllegalArgumentException(
          "Member \"action.type\" is required: one of: " + String.join(", ", ACTIONS.keySet()));
    }
    List<String> actionMembers = ACTIONS.get(type);
    if (actionMembers == null) {
      throw new IllegalArgumentException(
          "Unknown action type "
              + quote(type)
              + "; expected one of: "
              + String.join(", ", ACTIONS.keySet()));
    }
    List<String> allowed = new ArrayList<>();
    allowed.add("type");
    allowed.addAll(actionMembers);
    new Members(action.map, "action.", "\"action\" of type " + quote(type)).allowOnly(allowed);

    SmtpRule built;
    switch (type) {
      case "greylist":
        rule.presetOnly(type, PRESET_MEMBERS);
        Duration minRetryDelay = action.duration("minRetryDelay");
        built =
            minRetryDelay == null ? SmtpRule.greylisting() : SmtpRule.greylisting(minRetryDelay);
        break;
      case "rateLimitPerConnection":
        rule.presetOnly(type, PRESET_MEMBERS);
        built = SmtpRule.rateLimitPerConnection(action.requiredInt("messages", type));
        break;
      case "rateLimitPerMinute":
        rule.presetOnly(type, PRESET_MEMBERS);
        built = SmtpRule.rateLimitPerMinute(action.requiredInt("messages", type));
        break;
      case "mailboxFull":
        rule.presetOnly(type, PRESET_MEMBERS);
        built = SmtpRule.mailboxFull(action.requiredString("address", type));
        break;
      case "unknownUsers":
        rule.presetOnly(type, PRESET_MEMBERS);
        built = SmtpRule.unknownUsers();
        break;
      case "chaos":
        rule.presetOnly(type, CHAOS_MEMBERS);
        Set<SmtpPhase> phases = rule.phases();
        Double probability = rule.number("probability");
        if (probability == null) {
          throw new IllegalArgumentException(
              "Member \"probability\" is required for action \"chaos\": how likely each"
                  + " occurrence fails, greater than 0 and at most 1");
        }
        Long seed = rule.longValue("seed");
        if (seed == null) {
          throw new IllegalArgumentException(
              "Member \"seed\" is required for action \"chaos\": the same seed gives the same"
                  + " outcome, as with SmtpRule.chaos(seed, probability, phases…)");
        }
        return SmtpRule.chaos(
            seed,
            probability,
            phases == null ? new SmtpPhase[0] : phases.toArray(new SmtpPhase[0]));
      default:
        built = fromBuilder(rule, action, type);
        break;
    }
    // a preset's own phases (the builder path built the rule on the phases given)
    Set<SmtpPhase> phases = rule.phases();
    if (phases != null && !phases.equals(built.phases())) {
      throw new IllegalArgumentException(
          "Action "
              + quote(type)
              + " acts only at "
              + joined(built.phases())
              + "; \"phases\" was "
              + text(rule.map.get("phases")));
    }
    Long seed = rule.longValue("seed");
    return seed == null || built.seed().isPresent() ? built : built.withSeed(seed);
  }

  private static SmtpRule fromBuilder(Members rule, Members action, String type) {
    Set<SmtpPhase> phases = rule.phases();
    if (phases == null) {
      throw new IllegalArgumentException(
          "Member \"phases\" is required for action "
              + quote(type)
              + ": the phases the rule acts at, one or more of: "
              + joined(EnumSet.allOf(SmtpPhase.class)));
    }
    List<SmtpPhase> list = new ArrayList<>(phases);
    SmtpRule.Builder b =
        SmtpRule.on(list.get(0), list.subList(1, list.size()).toArray(new SmtpPhase[0]));
    Members when = rule.object("when");
    if (when != null) {
      when.allowOnly(WHEN_MEMBERS);
      String sender = when.string("sender");
      if (sender != null) {
        b.sender(sender);
      }
      String senderMatching = when.string("senderMatching");
      if (senderMatching != null) {
        b.senderMatching(senderMatching);
      }
      String recipient = when.string("recipient");
      if (recipient != null) {
        b.recipient(recipient);
      }
      String recipientMatching = when.string("recipientMatching");
      if (recipientMatching != null) {
        b.recipientMatching(recipientMatching);
      }
      Boolean unknown = when.bool("unknownRecipient");
      if (Boolean.TRUE.equals(unknown)) {
        b.unknownRecipient();
      }
    }
    Integer nth = rule.intValue("nth");
    Integer afterPassing = rule.intValue("afterPassing");
    Integer times = rule.intValue("times");
    if (nth != null && (afterPassing != null || times != null)) {
      throw new IllegalArgumentException(
          "Member \"nth\" stands for \"afterPassing\": n-1 and \"times\": 1;"
              + " give either \"nth\" or \"afterPassing\"/\"times\"");
    }
    if (afterPassing != null) {
      b.afterPassing(afterPassing);
    }
    if (times != null) {
      b.times(times);
    }
    if (nth != null) {
      b.nth(nth);
    }
    Double probability = rule.number("probability");
    Long seed = rule.longValue("seed");
    if (probability != null) {
      if (seed != null) {
        b.withProbability(probability, seed);
      } else {
        b.withProbability(probability);
      }
    }
    Duration delay = rule.duration("delay");
    if (delay != null) {
      b.delay(delay);
    }
    switch (type) {
      case "reply":
        return b.reply(action.requiredInt("code", type), action.requiredString("text", type));
      case "disconnect":
        return b.disconnect();
      case "proceed":
        try {
          return b.proceed();
        } catch (IllegalStateException e) {
          // the builder's state error is a bad request over HTTP: the caller sent no delay
          throw new IllegalArgumentException(e.getMessage(), e);
        }
      case "disconnectAfterBytes":
        return b.disconnectAfterBytes(action.requiredLong("bytes", type));
      case "drop":
        return b.drop();
      case "hideKeywords":
        return b.hideKeywords(action.requiredStrings("keywords", type));
      case "addKeywords":
        return b.addKeywords(action.requiredStrings("keywords", type));
      default:
        throw new IllegalStateException("unhandled action type " + type);
    }
  }

  /**
   * The registered rule a JSON object describes, as {@link #tree(RegisteredRule)} writes it
   * (members it does not know are ignored: they are the server's to add).
   *
   * @throws IllegalArgumentException if it is not one
   */
  public static RegisteredRule registered(Object json) {
    if (!(json instanceof Map)) {
      throw new IllegalArgumentException("A registered rule is a JSON object, was " + text(json));
    }
    Members m = new Members((Map<?, ?>) json, "", "the registered rule");
    String id = m.string("id");
    if (id == null) {
      throw new IllegalArgumentException("Member \"id\" is required");
    }
    Integer occurrences = m.intValue("occurrences");
    Integer fired = m.intValue("fired");
    if (occurrences == null || fired == null) {
      throw new IllegalArgumentException("Members \"occurrences\" and \"fired\" are required");
    }
    return RegisteredRule.of(id, rule(m.map.get("rule")), m.string("scope"), occurrences, fired);
  }

  // ---------------------------------------------------------------- helpers

  /** The members of one JSON object, read with messages that name the member's path. */
  private static final class Members {
    final Map<?, ?> map;
    final String prefix; // "" or "when."
    final String where; // "the rule", "\"when\""

    Members(Map<?, ?> map, String prefix, String where) {
      this.map = map;
      this.prefix = prefix;
      this.where = where;
    }

    void allowOnly(List<String> known) {
      for (Object name : map.keySet()) {
        if (!known.contains(name)) {
          throw new IllegalArgumentException(
              "Unknown member "
                  + quote(String.valueOf(name))
                  + " in "
                  + where
                  + "; expected one of: "
                  + String.join(", ", known));
        }
      }
    }

    /** For a preset: no member but those it takes. */
    void presetOnly(String type, List<String> takes) {
      for (Object name : map.keySet()) {
        if (!takes.contains(name) && map.get(name) != null) {
          throw new IllegalArgumentException(
              "Action "
                  + quote(type)
                  + " is a preset with its own conditions and counts; the rule takes only "
                  + String.join(", ", quoteAll(takes))
                  + ": remove "
                  + quote(String.valueOf(name)));
        }
      }
    }

    private String path(String name) {
      return quote(prefix + name);
    }

    private IllegalArgumentException wrongType(String name, String expected, Object value) {
      return new IllegalArgumentException(
          "Member " + path(name) + " must be " + expected + ", was " + text(value));
    }

    Members object(String name) {
      Object v = map.get(name);
      if (v == null) {
        return null;
      }
      if (!(v instanceof Map)) {
        throw wrongType(name, "an object", v);
      }
      return new Members((Map<?, ?>) v, prefix + name + ".", quote(prefix + name));
    }

    String string(String name) {
      Object v = map.get(name);
      if (v != null && !(v instanceof String)) {
        throw wrongType(name, "a string", v);
      }
      return (String) v;
    }

    String requiredString(String name, String type) {
      String s = string(name);
      if (s == null) {
        throw required(name, type);
      }
      return s;
    }

    String[] requiredStrings(String name, String type) {
      Object v = map.get(name);
      if (v == null) {
        throw required(name, type);
      }
      if (!(v instanceof List) || ((List<?>) v).stream().anyMatch(e -> !(e instanceof String))) {
        throw wrongType(name, "an array of strings", v);
      }
      return ((List<?>) v).toArray(new String[0]);
    }

    Boolean bool(String name) {
      Object v = map.get(name);
      if (v != null && !(v instanceof Boolean)) {
        throw wrongType(name, "true or false", v);
      }
      return (Boolean) v;
    }

    Long longValue(String name) {
      Object v = map.get(name);
      if (v == null) {
        return null;
      }
      if (v instanceof BigInteger) {
        throw new IllegalArgumentException(
            "Member "
                + path(name)
                + " is out of range: "
                + text(v)
                + " (at most a 64-bit integer)");
      }
      if (!(v instanceof Long || v instanceof Integer)) {
        throw wrongType(name, "an integer", v);
      }
      return ((Number) v).longValue();
    }

    long requiredLong(String name, String type) {
      Long n = longValue(name);
      if (n == null) {
        throw required(name, type);
      }
      return n;
    }

    Integer intValue(String name) {
      Long n = longValue(name);
      if (n == null) {
        return null;
      }
      if (n < Integer.MIN_VALUE || n > Integer.MAX_VALUE) {
        throw new IllegalArgumentException(
            "Member "
                + path(name)
                + " is out of range: "
                + n
                + " (at most "
                + Integer.MAX_VALUE
                + ")");
      }
      return n.intValue();
    }

    int requiredInt(String name, String type) {
      Integer n = intValue(name);
      if (n == null) {
        throw required(name, type);
      }
      return n;
    }

    Double number(String name) {
      Object v = map.get(name);
      if (v == null) {
        return null;
      }
      if (!(v instanceof Number)) {
        throw wrongType(name, "a number", v);
      }
      return ((Number) v).doubleValue();
    }

    Duration duration(String name) {
      Object v = map.get(name);
      if (v == null) {
        return null;
      }
      if (v instanceof String) {
        try {
          return Duration.parse(((String) v).trim());
        } catch (DateTimeParseException e) {
          // reported below
        }
      }
      throw wrongType(name, "an ISO-8601 duration such as \"PT2S\" or \"PT0.5S\"", v);
    }

    Set<SmtpPhase> phases() {
      Object v = map.get("phases");
      if (v == null) {
        return null;
      }
      if (!(v instanceof List)) {
        throw wrongType("phases", "an array of phases such as [\"RCPT_TO\"]", v);
      }
      List<?> list = (List<?>) v;
      if (list.isEmpty()) {
        throw new IllegalArgumentException(
            "Member \"phases\" must name at least one phase: "
                + joined(EnumSet.allOf(SmtpPhase.class)));
      }
      EnumSet<SmtpPhase> phases = EnumSet.noneOf(SmtpPhase.class);
      for (Object p : list) {
        SmtpPhase phase = null;
        for (SmtpPhase candidate : SmtpPhase.values()) {
          if (candidate.name().equals(p)) {
            phase = candidate;
          }
        }
        if (phase == null) {
          throw new IllegalArgumentException(
              "Unknown phase "
                  + text(p)
                  + " in \"phases\"; expected one of: "
                  + joined(EnumSet.allOf(SmtpPhase.class)));
        }
        phases.add(phase);
      }
      return phases;
    }

    private IllegalArgumentException required(String name, String type) {
      return new IllegalArgumentException(
          "Member " + path(name) + " is required for action " + quote(type));
    }
  }

  private static String describe(Object json) {
    if (json instanceof List) {
      return "an array";
    }
    if (json instanceof String) {
      return "a string";
    }
    if (json instanceof Number) {
      return "a number";
    }
    if (json instanceof Boolean) {
      return "a boolean";
    }
    return "null";
  }

  private static List<String> quoteAll(List<String> names) {
    List<String> quoted = new ArrayList<>();
    for (String n : names) {
      quoted.add(quote(n));
    }
    return quoted;
  }

  static String quote(String s) {
    return text(s);
  }

  private static String joined(Set<SmtpPhase> phases) {
    List<String> names = new ArrayList<>();
    for (SmtpPhase p : phases) {
      names.add(p.name());
    }
    return String.join(", ", names);
  }
}
