package host.exosphere.processor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Derives variants of a conformance case ({@code conformance/validation/*.json}) for a held-out set
 * we cannot see: unusual but legal names, reordered lists, values at and beyond their bounds, odd
 * placeholders. Deterministic: the same case and index always give the same variant.
 *
 * <p>Variant 0 of every case only renames things consistently to fresh, unusual names (Java keywords,
 * dashes, spaces, non-ASCII, very long) and reorders the nodes: it keeps the case's outcome (valid or not,
 * stage, HTTP status), which the test asserts. Every other variant applies one to three random mutations
 * whose true server outcome is unknown; for those only agreement between our paths is checked.
 */
final class ConformanceVariants {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  /** One derived case; {@code keepsOutcome} when it must end exactly like the case it came from. */
  record Variant(String id, ObjectNode testCase, boolean keepsOutcome) {}

  private enum Kind { IDENTIFIER, NODE_NAME, NAMESPACE, GRAPH_NAME, SECRET, FIELD, STORE_KEY }

  /** Names that keep a case's outcome when they replace another name consistently. */
  private static final List<String> SAFE_NAMES = List.of("class", "default", "int", "a-b", "a b", "1st", "café",
      "Ω", "日本語", "_", "$", "x".repeat(300), "𝔘nicode", "tab\there", "quote'", "dq\"", "both'\"",
      "back\\slash", "null", "None", "True", "outputs", "Store", "STORE", "-", "0", "x:y", "{}", "<>", "a,b",
      "e\u0301", "\u00e9", "A", "a", "node-1", "Node", "n\u00a0b", "emoji😀", "%20", "'", "line\nbreak",
      // text that means something in generated Java source, comments and Javadoc
      "\\u000a", "\\u0022", "*/", "/*", "\\u002a/", "{@code x}", "@param", "<b>", "&amp;", "$L", "%s", "\\");
  /** Record components must be Java names (and may not start with '_', docs/state-manager.md §2.3). */
  private static final List<String> SAFE_FIELDS = List.of("café", "Ω", "日本語", "x$", "$", "aB", "AB", "a1",
      "ñandú", "f".repeat(200), "Text", "TEXT", "𝔘nicode", "outputs", "store", "Inputs");
  /** Names whose outcome is unknown: empty, padded, with dots, reserved words, placeholder tokens. */
  private static final List<String> ODD_NAMES = List.of("", " ", "  \t", " padded ", "a.b", ".", "store",
      " store ", "${{", "}}", "a}}b", "${{ a.outputs.b }}", "\u00a0nbsp\u00a0", "\u2003em\u2003", "\u200bzw",
      "\u001cfs", "x\u0085", "_private", "__", "class", "if", "a-b", "1", "日本", "y".repeat(2000));

  private static final List<JsonNode> RETRY_VALUES = List.of(F.numberNode(-1), F.numberNode(0), F.numberNode(1),
      F.numberNode(2), F.numberNode(Integer.MAX_VALUE), F.numberNode(2147483648L), F.numberNode(10_000_000_000L),
      F.numberNode(1.0), F.numberNode(1.5), F.numberNode(-0.0), F.numberNode(1e300), F.textNode("5"),
      F.textNode(" 5 "), F.textNode("x"), F.textNode(""), F.textNode("1.0"), F.textNode("0x10"), F.booleanNode(true),
      F.nullNode(), F.arrayNode(), F.objectNode(), F.textNode("EXPONENTIAL"), F.textNode("LINEAR_FULL_JITTER"),
      F.textNode("FIXED_EQUAL_JITTER"), F.textNode("exponential"), F.textNode(" FIXED"), F.textNode("RANDOM"));
  private static final List<String> RETRY_KEYS =
      List.of("max_retries", "strategy", "backoff_factor", "exponent", "max_delay", "unknown_key");
  private static final List<String> CRONS = List.of("* * * * *", "0 9 * * 1-5", "*/15 * * * *", "0 0 1 1 *",
      "0 0 * * * 30", "0 0 1 1 * 0 2020", "0 0 1 1 * 0 2099", "@daily", "@hourly", "@reboot", "@every 5m",
      "0 0 30 2 *", "0 0 31 4 *", "0 0 L * *", "0 0 * * 1#2", "0 0 * * mon", "0 0 1 jan *", "60 * * * *",
      "* 24 * * *", "* * 0 * *", "* * * 13 *", "* * * * 8", "* * * * 7", "", " ", "* * * *", "* * * * * * * *",
      "not a cron", " * * * * * ", "*\t*\t*\t*\t*", "0-59/5 * * * *", "5-1 * * * *", "1,2,,3 * * * *",
      "? * * * *", "0 0 ? * *", "0 0 1W * *", "0 0 LW * *", "H * * * *", "*/0 * * * *");
  private static final List<JsonNode> NON_STRINGS = List.of(F.numberNode(123), F.numberNode(1.0),
      F.numberNode(1e20), F.numberNode(-0.5), F.booleanNode(true), F.booleanNode(false), F.nullNode(),
      objectOf("a", F.numberNode(1)), F.arrayNode().add(1).add("x"), F.arrayNode(),
      objectOf("k", F.textNode("it's")), F.numberNode(new java.math.BigInteger("123456789012345678901234567890")));
  private static final List<String> ODD_INPUTS = List.of("${{", "${{ }}", "${{}}", "}}", "$${{ a.outputs.b }}",
      "${{ a.outputs.b }", "${ a.outputs.b }}", "${{ ${{ a.outputs.b }} }}", "x ${{ a.outputs.b }}}} y",
      "${{ store.k }}", "${{store.k}}", "${{ store . k }}", "${{ store.outputs.k }}", "${{ store }}",
      "${{ store.a.b }}", "${{ STORE.k }}", "${{ a.OUTPUTS.b }}", "${{ a..b }}", "${{ .outputs. }}",
      "${{ a.outputs.b.c }}", "${{\ta\n.\noutputs\t.\tb\u00a0}}", "${{ a.outputs.b }}${{ a.outputs.b }}",
      "literal only", "", " ", "${{ 'a'.outputs.b }}", "${{ a.outputs.b }}\\${{");

  private ConformanceVariants() {}

  private static ObjectNode objectOf(String key, JsonNode value) {
    ObjectNode o = F.objectNode();
    o.set(key, value);
    return o;
  }

  /** {@code count} variants of {@code testCase}, the first keeping its outcome. */
  static List<Variant> of(JsonNode testCase, int count) {
    return of(testCase, 0, count);
  }

  /** Variants {@code from .. from + count - 1}: a sweep can look further than the suite does. */
  static List<Variant> of(JsonNode testCase, int from, int count) {
    String id = testCase.path("id").asText();
    List<Variant> variants = new ArrayList<>();
    for (int k = from; k < from + count; k++) {
      Random random = new Random(id.hashCode() * 1_000_003L + k);
      ObjectNode c = testCase.deepCopy();
      List<String> applied = new ArrayList<>();
      if (k == 0) {
        for (Kind kind : List.of(Kind.IDENTIFIER, Kind.NODE_NAME, Kind.NAMESPACE, Kind.GRAPH_NAME, Kind.SECRET,
            Kind.FIELD)) {
          rename(c, kind, random, true);
        }
        shuffleNodes(c, random);
        respacePlaceholders(c, random);
        applied.add("renamed+shuffled");
      } else {
        int mutations = 1 + random.nextInt(3);
        for (int m = 0; m < mutations; m++) {
          applied.add(mutate(c, random));
        }
      }
      c.put("id", id + "#" + k);
      variants.add(new Variant(id + "#" + k + " " + applied, c, k == 0));
    }
    return variants;
  }

  private static String mutate(ObjectNode c, Random random) {
    ObjectNode graph = (ObjectNode) c.get("graph");
    List<ObjectNode> nodes = nodes(graph);
    int choice = random.nextInt(17);
    switch (choice) {
      case 0, 1 -> {
        Kind kind = Kind.values()[random.nextInt(Kind.values().length)];
        rename(c, kind, random, random.nextBoolean());
        return "rename " + kind;
      }
      case 2 -> {
        shuffleNodes(c, random);
        return "shuffle nodes";
      }
      case 3 -> {
        for (ObjectNode n : nodes) {
          if (n.path("next_nodes").isArray() && n.get("next_nodes").size() > 1) {
            List<JsonNode> next = new ArrayList<>();
            n.get("next_nodes").forEach(next::add);
            Collections.reverse(next);
            n.putArray("next_nodes").addAll(next);
            return "reverse next_nodes of " + n.path("identifier").asText();
          }
        }
        return "no next_nodes to reverse";
      }
      case 4 -> {
        if (!graph.path("secrets").isObject()) {
          return "secrets not an object";
        }
        ObjectNode secrets = (ObjectNode) graph.get("secrets");
        if (secrets.size() > 0 && random.nextBoolean()) {
          String name = secrets.fieldNames().next();
          secrets.remove(name);
          return "remove secret " + name;
        }
        String name = pick(random, random.nextBoolean() ? SAFE_NAMES : ODD_NAMES);
        secrets.put(name, random.nextBoolean() ? "" : "value");
        return "add secret '" + name + "'";
      }
      case 5 -> {
        ObjectNode retry = graph.path("retry_policy").isObject() ? (ObjectNode) graph.get("retry_policy")
            : graph.putObject("retry_policy");
        String key = pick(random, RETRY_KEYS);
        JsonNode value = pick(random, RETRY_VALUES);
        retry.set(key, value);
        return "retry " + key + "=" + value;
      }
      case 6 -> {
        ObjectNode store = graph.path("store_config").isObject() ? (ObjectNode) graph.get("store_config")
            : graph.putObject("store_config");
        String key = pick(random, random.nextBoolean() ? SAFE_NAMES : ODD_NAMES);
        if (random.nextBoolean()) {
          ArrayNode required = store.path("required_keys").isArray() ? (ArrayNode) store.get("required_keys")
              : store.putArray("required_keys");
          required.add(key);
          if (random.nextInt(4) == 0) {
            required.add(key);
          }
          return "required key '" + key + "'";
        }
        ObjectNode defaults = store.path("default_values").isObject() ? (ObjectNode) store.get("default_values")
            : store.putObject("default_values");
        JsonNode value = random.nextInt(5) == 0 ? pick(random, NON_STRINGS) : F.textNode(pick(random, SAFE_NAMES));
        defaults.set(key, value);
        return "default '" + key + "'=" + value;
      }
      case 7 -> {
        ArrayNode triggers = graph.path("triggers").isArray() ? (ArrayNode) graph.get("triggers")
            : graph.putArray("triggers");
        String cron = pick(random, CRONS);
        ObjectNode t = triggers.addObject();
        t.put("type", random.nextInt(8) == 0 ? "cron" : "CRON");
        t.putObject("value").put("expression", cron);
        return "cron '" + cron + "'";
      }
      case 8 -> {
        if (nodes.isEmpty()) {
          return "no node";
        }
        ObjectNode n = pick(random, nodes);
        String field = pick(random, List.of("identifier", "node_name", "namespace"));
        String value = pick(random, ODD_NAMES);
        n.put(field, value);
        return "node " + field + "='" + value + "'";
      }
      case 9 -> {
        String field = random.nextBoolean() ? "name" : "namespace";
        String value = pick(random, random.nextBoolean() ? SAFE_NAMES : ODD_NAMES);
        graph.put(field, value);
        return "graph " + field + "='" + value + "'";
      }
      case 10 -> {
        respacePlaceholders(c, random);
        return "respace placeholders";
      }
      case 11 -> {
        if (nodes.isEmpty()) {
          return "no node";
        }
        ObjectNode n = pick(random, nodes);
        if (!n.path("inputs").isObject()) {
          return "inputs not an object";
        }
        ObjectNode inputs = (ObjectNode) n.get("inputs");
        String key = inputs.size() > 0 && random.nextBoolean() ? inputs.fieldNames().next() : pick(random, SAFE_NAMES);
        if (random.nextInt(3) == 0) {
          JsonNode value = pick(random, NON_STRINGS);
          inputs.set(key, value);
          return "input " + key + "=" + value;
        }
        String value = pick(random, ODD_INPUTS);
        List<String> ids = new ArrayList<>();
        nodes.forEach(o -> ids.add(o.path("identifier").asText()));
        value = value.replace("a.outputs.b", pick(random, ids) + ".outputs." + firstOutput(c, random));
        inputs.put(key, value);
        return "input " + key + "='" + value + "'";
      }
      case 12 -> {
        if (nodes.isEmpty()) {
          return "no node";
        }
        ObjectNode n = pick(random, nodes);
        ArrayNode next = n.path("next_nodes").isArray() ? (ArrayNode) n.get("next_nodes") : n.putArray("next_nodes");
        String target = random.nextBoolean() && next.size() > 0 ? next.get(0).asText()
            : pick(random, nodes).path("identifier").asText();
        String padded = random.nextBoolean() ? target : " " + target + "\t";
        next.add(padded);
        return "next entry '" + padded + "' on " + n.path("identifier").asText();
      }
      case 13 -> {
        if (nodes.isEmpty()) {
          return "no node";
        }
        ObjectNode n = pick(random, nodes);
        int what = random.nextInt(4);
        if (what == 0) {
          n.remove("unites");
          return "drop unites of " + n.path("identifier").asText();
        }
        ObjectNode unites = n.putObject("unites");
        unites.put("identifier", pick(random, nodes).path("identifier").asText());
        if (what == 2) {
          unites.put("strategy", pick(random, List.of("ALL_DONE", "ALL_SUCCESS", "all_done", "ANY")));
        } else if (what == 3) {
          unites.putNull("strategy");
        }
        return "unites on " + n.path("identifier").asText() + " -> " + unites;
      }
      case 14 -> {
        if (nodes.isEmpty()) {
          return "no node";
        }
        ObjectNode n = pick(random, nodes);
        int what = random.nextInt(3);
        if (what == 0) {
          n.putNull("next_nodes");
          return "next_nodes null on " + n.path("identifier").asText();
        } else if (what == 1) {
          n.remove("next_nodes");
          return "next_nodes absent on " + n.path("identifier").asText();
        }
        ((ArrayNode) graph.get("nodes")).add(n.deepCopy());
        return "duplicate node " + n.path("identifier").asText();
      }
      case 16 -> {
        // the state manager ignores keys it does not know, everywhere
        List<ObjectNode> holders = new ArrayList<>(nodes);
        holders.add(graph);
        for (String key : List.of("retry_policy", "store_config")) {
          if (graph.path(key).isObject()) {
            holders.add((ObjectNode) graph.get(key));
          }
        }
        ObjectNode holder = pick(random, holders);
        String key = pick(random, List.of("description", "extra", "name_", "Identifier", "next", "id"));
        holder.set(key, pick(random, NON_STRINGS));
        return "unknown key " + key;
      }
      default -> {
        ObjectNode registered = pickRegistered(c, random);
        if (registered == null) {
          return "no registered node";
        }
        String list = pick(random, List.of("inputs", "outputs", "secrets"));
        ArrayNode fields = registered.path(list).isArray() ? (ArrayNode) registered.get(list)
            : registered.putArray(list);
        String name = pick(random, random.nextBoolean() ? SAFE_FIELDS : ODD_NAMES);
        fields.add(name);
        return "registered " + registered.path("name").asText() + "." + list + " += '" + name + "'";
      }
    }
  }

  private static String firstOutput(ObjectNode c, Random random) {
    ObjectNode registered = pickRegistered(c, random);
    if (registered == null || registered.path("outputs").isEmpty()) {
      return "text";
    }
    return registered.get("outputs").get(random.nextInt(registered.get("outputs").size())).asText();
  }

  private static ObjectNode pickRegistered(ObjectNode c, Random random) {
    JsonNode registered = c.path("registered_nodes");
    if (!registered.isArray() || registered.isEmpty()) {
      return null;
    }
    return (ObjectNode) registered.get(random.nextInt(registered.size()));
  }

  private static <T> T pick(Random random, List<T> list) {
    return list.get(random.nextInt(list.size()));
  }

  private static List<ObjectNode> nodes(ObjectNode graph) {
    List<ObjectNode> out = new ArrayList<>();
    if (graph.path("nodes").isArray()) {
      for (JsonNode n : graph.get("nodes")) {
        if (n.isObject()) {
          out.add((ObjectNode) n);
        }
      }
    }
    return out;
  }

  private static void shuffleNodes(ObjectNode c, Random random) {
    ObjectNode graph = (ObjectNode) c.get("graph");
    if (!graph.path("nodes").isArray()) {
      return;
    }
    List<JsonNode> nodes = new ArrayList<>();
    graph.get("nodes").forEach(nodes::add);
    Collections.shuffle(nodes, random);
    graph.putArray("nodes").addAll(nodes);
  }

  // ------------------------------------------------------------------------------------------- renames

  /**
   * Renames every name of one kind consistently, everywhere it is used (templates, registered nodes,
   * placeholders). With {@code safe}, only names whose rename cannot change the outcome are renamed, to
   * fresh names that cannot either.
   */
  private static void rename(ObjectNode c, Kind kind, Random random, boolean safe) {
    Set<String> cores = new LinkedHashSet<>();
    collect(c, kind, cores);
    Set<String> taken = new HashSet<>(cores);
    Map<String, String> map = new LinkedHashMap<>();
    // Fields and secrets are record components in Java, so their safe names must be Java names.
    List<String> pool = (kind == Kind.FIELD || kind == Kind.SECRET) && safe ? SAFE_FIELDS : safe ? SAFE_NAMES
        : random.nextBoolean() ? SAFE_NAMES : ODD_NAMES;
    for (String core : cores) {
      if (safe && !renamable(kind, core)) {
        continue;
      }
      String fresh = null;
      for (int attempt = 0; attempt < 20 && fresh == null; attempt++) {
        String candidate = pick(random, pool);
        if (attempt >= 10) {
          candidate = candidate + attempt;
        }
        if (!taken.contains(candidate) && (!safe || usableAs(kind, candidate))) {
          fresh = candidate;
        }
      }
      if (fresh != null) {
        taken.add(fresh);
        map.put(core, fresh);
      }
    }
    apply(c, kind, core -> map.getOrDefault(core, core));
  }

  private static boolean renamable(Kind kind, String core) {
    if (core.isEmpty() || !core.equals(core.strip()) || core.contains("${{") || core.contains("}}")) {
      return false;
    }
    return switch (kind) {
      case IDENTIFIER -> !core.equals("store") && !core.contains(".");
      case FIELD, SECRET -> !core.startsWith("_") && !core.contains(".") && !core.equals("store");
      default -> true;
    };
  }

  private static boolean usableAs(Kind kind, String candidate) {
    if (!renamable(kind, candidate) || candidate.strip().length() != candidate.length()) {
      return false;
    }
    // Python's strip() also removes characters Java's does not (no-break space): keep safe renames clear of
    // every edge whitespace so that they cannot change a trimmed name.
    char first = candidate.charAt(0);
    char last = candidate.charAt(candidate.length() - 1);
    return !Character.isSpaceChar(first) && !Character.isSpaceChar(last) && first != 0x85 && last != 0x85;
  }

  private static void collect(ObjectNode c, Kind kind, Set<String> cores) {
    apply(c, kind, core -> {
      cores.add(core);
      return core;
    });
  }

  /** Applies {@code f} to the trimmed core of every use of a name of {@code kind}, keeping any padding. */
  private static void apply(ObjectNode c, Kind kind, UnaryOperator<String> f) {
    ObjectNode graph = (ObjectNode) c.get("graph");
    List<ObjectNode> nodes = nodes(graph);
    List<ObjectNode> registered = new ArrayList<>();
    c.path("registered_nodes").forEach(n -> registered.add((ObjectNode) n));
    switch (kind) {
      case IDENTIFIER -> {
        for (ObjectNode n : nodes) {
          replaceText(n, "identifier", f);
          if (n.path("next_nodes").isArray()) {
            ArrayNode next = (ArrayNode) n.get("next_nodes");
            for (int i = 0; i < next.size(); i++) {
              if (next.get(i).isTextual()) {
                next.set(i, TextNode.valueOf(padded(next.get(i).asText(), f)));
              }
            }
          }
          if (n.path("unites").isObject()) {
            replaceText((ObjectNode) n.get("unites"), "identifier", f);
          }
          rewritePlaceholders(n, parts -> {
            if (parts.length == 3 && parts[1].strip().equals("outputs") && !parts[0].strip().equals("store")) {
              parts[0] = padded(parts[0], f);
            }
          });
        }
      }
      case NODE_NAME -> {
        nodes.forEach(n -> replaceText(n, "node_name", f));
        registered.forEach(n -> replaceText(n, "name", f));
      }
      case NAMESPACE -> {
        // Node namespaces are not trimmed by the server: only exact, unpadded values are renamed.
        UnaryOperator<String> exact = s -> s.equals(s.strip()) ? f.apply(s) : s;
        replaceExact(graph, "namespace", exact);
        nodes.forEach(n -> replaceExact(n, "namespace", exact));
        registered.forEach(n -> replaceExact(n, "namespace", exact));
      }
      case GRAPH_NAME -> replaceText(graph, "name", f);
      case SECRET -> {
        // Secret names are not trimmed either.
        UnaryOperator<String> exact = s -> s.equals(s.strip()) ? f.apply(s) : s;
        if (graph.path("secrets").isObject()) {
          graph.set("secrets", renameKeys((ObjectNode) graph.get("secrets"), exact));
        }
        for (ObjectNode r : registered) {
          if (r.path("secrets").isArray()) {
            ArrayNode list = (ArrayNode) r.get("secrets");
            for (int i = 0; i < list.size(); i++) {
              list.set(i, TextNode.valueOf(exact.apply(list.get(i).asText())));
            }
          }
        }
      }
      case FIELD -> {
        // Input keys are matched exactly against the schema's fields, so fields are renamed exactly.
        UnaryOperator<String> exact = s -> s.equals(s.strip()) ? f.apply(s) : s;
        for (ObjectNode r : registered) {
          for (String list : List.of("inputs", "outputs")) {
            if (r.path(list).isArray()) {
              ArrayNode fields = (ArrayNode) r.get(list);
              for (int i = 0; i < fields.size(); i++) {
                fields.set(i, TextNode.valueOf(exact.apply(fields.get(i).asText())));
              }
            }
          }
          if (r.path("optional_inputs").isObject()) {
            r.set("optional_inputs", renameKeys((ObjectNode) r.get("optional_inputs"), exact));
          }
        }
        for (ObjectNode n : nodes) {
          if (n.path("inputs").isObject()) {
            n.set("inputs", renameKeys((ObjectNode) n.get("inputs"), exact));
          }
          rewritePlaceholders(n, parts -> {
            if (parts.length == 3 && parts[1].strip().equals("outputs") && !parts[0].strip().equals("store")) {
              parts[2] = padded(parts[2], f);
            }
          });
        }
      }
      case STORE_KEY -> {
        if (graph.path("store_config").isObject()) {
          ObjectNode store = (ObjectNode) graph.get("store_config");
          if (store.path("required_keys").isArray()) {
            ArrayNode keys = (ArrayNode) store.get("required_keys");
            for (int i = 0; i < keys.size(); i++) {
              if (keys.get(i).isTextual()) {
                keys.set(i, TextNode.valueOf(padded(keys.get(i).asText(), f)));
              }
            }
          }
          if (store.path("default_values").isObject()) {
            store.set("default_values", renameKeys((ObjectNode) store.get("default_values"), s -> padded(s, f)));
          }
        }
        for (ObjectNode n : nodes) {
          rewritePlaceholders(n, parts -> {
            if (parts.length == 2 && parts[0].strip().equals("store")) {
              parts[1] = padded(parts[1], f);
            } else if (parts.length == 3 && parts[0].strip().equals("store") && parts[1].strip().equals("outputs")) {
              parts[2] = padded(parts[2], f);
            }
          });
        }
      }
      default -> throw new IllegalArgumentException(kind.toString());
    }
  }

  private static ObjectNode renameKeys(ObjectNode object, UnaryOperator<String> f) {
    ObjectNode out = F.objectNode();
    for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      out.set(f.apply(e.getKey()), e.getValue());
    }
    return out;
  }

  private static void replaceText(ObjectNode object, String key, UnaryOperator<String> f) {
    if (object.path(key).isTextual()) {
      object.put(key, padded(object.get(key).asText(), f));
    }
  }

  private static void replaceExact(ObjectNode object, String key, UnaryOperator<String> f) {
    if (object.path(key).isTextual()) {
      object.put(key, f.apply(object.get(key).asText()));
    }
  }

  /** {@code f} applied to the stripped core of {@code s}, with the padding kept. */
  private static String padded(String s, UnaryOperator<String> f) {
    String core = s.strip();
    if (core.isEmpty()) {
      return s;
    }
    int start = s.indexOf(core);
    return s.substring(0, start) + f.apply(core) + s.substring(start + core.length());
  }

  // ------------------------------------------------------------------------------------------- placeholders

  private interface PartsRewriter {
    void rewrite(String[] parts);
  }

  /** Rewrites the dot-separated parts of every placeholder of every string input (docs/state-manager.md §3.2 grammar). */
  private static void rewritePlaceholders(ObjectNode node, PartsRewriter rewriter) {
    if (!node.path("inputs").isObject()) {
      return;
    }
    ObjectNode inputs = (ObjectNode) node.get("inputs");
    List<String> keys = new ArrayList<>();
    inputs.fieldNames().forEachRemaining(keys::add);
    for (String key : keys) {
      if (inputs.get(key).isTextual()) {
        inputs.put(key, rewriteValue(inputs.get(key).asText(), rewriter));
      }
    }
  }

  static String rewriteValue(String value, PartsRewriter rewriter) {
    String[] pieces = value.split("\\$\\{\\{", -1);
    StringBuilder out = new StringBuilder(pieces[0]);
    for (int i = 1; i < pieces.length; i++) {
      out.append("${{");
      String piece = pieces[i];
      int close = piece.indexOf("}}");
      if (close < 0) {
        out.append(piece);
        continue;
      }
      String[] parts = piece.substring(0, close).split("\\.", -1);
      rewriter.rewrite(parts);
      out.append(String.join(".", parts)).append(piece.substring(close));
    }
    return out.toString();
  }

  /** Re-spaces the parts of every well-formed placeholder with spaces, tabs and newlines (all stripped). */
  private static void respacePlaceholders(ObjectNode c, Random random) {
    List<String> pads = List.of("", " ", "  ", "\t", "\n", " \n\t ", "\r\n");
    for (ObjectNode n : nodes((ObjectNode) c.get("graph"))) {
      rewritePlaceholders(n, parts -> {
        if (parts.length < 2 || parts.length > 3) {
          return;
        }
        for (int i = 0; i < parts.length; i++) {
          if (!parts[i].strip().isEmpty()) {
            parts[i] = pick(random, pads) + parts[i].strip() + pick(random, pads);
          }
        }
      });
    }
  }
}
