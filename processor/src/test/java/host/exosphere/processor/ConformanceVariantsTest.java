package host.exosphere.processor;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.testing.compile.Compilation;
import host.exosphere.cli.Main;
import host.exosphere.graph.Diagnostic;
import host.exosphere.graph.GraphJson;
import host.exosphere.graph.GraphValidator;
import host.exosphere.graph.NodeRegistry;
import host.exosphere.graph.NodeSchemas;
import host.exosphere.graph.RegisteredNode;
import host.exosphere.graph.Stage;
import host.exosphere.graph.ValidationReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Variants of every conformance case ({@link ConformanceVariants}) through our three paths: the
 * validator ({@link GraphValidator#validateJson}), {@code exosphere validate --json}, and the processor on
 * the case translated into annotated sources ({@link ConformanceTranslator}). Where the true server outcome
 * of a variant is unknown this asserts only what must hold anyway: nothing throws (the translator may only
 * refuse with {@code Untranslatable}), no {@code [exosphere:internal-error]}, and the paths agree — same
 * verdict and texts from the validator and the CLI, and a translated variant compiles exactly when the
 * validator finds it valid, generating the variant's body, or fails with the validator's server texts.
 * Variant 0 of each case only renames and reorders, so it must also keep the case's own outcome.
 *
 * <p>{@code -Dexosphere.variants=N} (default 3 per case) and {@code -Dexosphere.variants.from=K} run a larger
 * or another sweep.
 */
class ConformanceVariantsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int VARIANTS = Integer.getInteger("exosphere.variants", 3);
  private static final int FIRST = Integer.getInteger("exosphere.variants.from", 0);

  /** Processor rules about names the server accepts but that cannot be uploaded or written as files. */
  private static final List<String> BEYOND_THE_SERVER = List.of("[exosphere:name-in-url]", "[exosphere:name-too-long]");

  @TempDir Path dir;

  static List<Path> cases() throws IOException {
    return ConformanceTest.cases().collect(Collectors.toList());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void variantsAgreeAcrossValidatorCliAndProcessor(Path file) throws IOException {
    JsonNode original = JSON.readTree(file.toFile());
    List<String> problems = new ArrayList<>();
    boolean translatable = translatable(original);
    for (ConformanceVariants.Variant variant : ConformanceVariants.of(original, FIRST, VARIANTS)) {
      String problem = check(variant, original.get("expect"));
      if (problem == null && variant.keepsOutcome() && translatable && !translatable(variant.testCase())) {
        // Renames pick names annotations can hold, so the processor path must not be skipped silently.
        problem = "the case translates but its renamed variant does not";
      }
      if (problem != null) {
        problems.add(variant.id() + ":\n  " + problem.replace("\n", "\n  ") + "\n  case: " + variant.testCase());
      }
    }
    assertTrue(problems.isEmpty(), String.join("\n\n", problems));
  }

  private static boolean translatable(JsonNode testCase) {
    try {
      ConformanceTranslator.translate(testCase);
      return true;
    } catch (ConformanceTranslator.Untranslatable e) {
      return false;
    }
  }

  /** What is wrong with one variant, or null. */
  private String check(ConformanceVariants.Variant variant, JsonNode expect) throws IOException {
    ObjectNode c = variant.testCase();
    JsonNode graph = c.get("graph");
    ObjectNode body = graph.deepCopy();
    body.remove("name");
    body.remove("namespace");
    NodeRegistry registry = registry(c.get("registered_nodes"));
    String name = graph.get("name").asText();
    String namespace = graph.get("namespace").asText();

    // (1) the validator
    ValidationReport report;
    try {
      report = GraphValidator.validateJson(body, name, namespace, registry);
    } catch (RuntimeException | StackOverflowError e) {
      return "the validator threw " + stackTrace(e);
    }
    String stage = report.failingStage().map(Stage::wireName).orElse(null);
    if (variant.keepsOutcome()) {
      String expectedStage = expect.get("stage").isNull() ? null : expect.get("stage").asText();
      if (report.valid() != expect.get("valid").asBoolean() || !Objects.equals(stage, expectedStage)
          || report.httpStatus() != expect.get("http_status").asInt()) {
        return "a rename/reorder changed the outcome: expected valid=" + expect.get("valid") + " stage="
            + expectedStage + " status=" + expect.get("http_status") + ", validator says valid=" + report.valid()
            + " stage=" + stage + " status=" + report.httpStatus() + "\n" + report.serverText();
      }
    }

    // (2) exosphere validate --json
    String cli = checkCli(c, report, stage);
    if (cli != null) {
      return cli;
    }

    // (3) the processor
    ConformanceTranslator.Translation translation;
    try {
      translation = ConformanceTranslator.translate(c);
    } catch (ConformanceTranslator.Untranslatable e) {
      return null;
    } catch (RuntimeException e) {
      return "the translator threw " + stackTrace(e);
    }
    Compilation compilation;
    try {
      compilation = Fixtures.compile(translation.sources());
    } catch (RuntimeException e) {
      return "compiling threw " + stackTrace(e);
    }
    String errors = compilation.errors().stream().map(d -> d.getMessage(null)).collect(Collectors.joining("\n"));
    for (javax.tools.Diagnostic<? extends JavaFileObject> d : compilation.errors()) {
      String message = d.getMessage(null);
      if (!message.startsWith("[exosphere:") || message.startsWith("[exosphere:internal")) {
        return "a compile error that is not an Exosphere rule: " + message + "\nsources:\n" + sources(translation);
      }
    }
    boolean compiled = compilation.status() == Compilation.Status.SUCCESS;
    if (!compiled && report.valid() && compilation.errors().stream()
        .allMatch(d -> BEYOND_THE_SERVER.stream().anyMatch(rule -> d.getMessage(null).startsWith(rule)))) {
      // Names the server stores but that cannot travel on (a '/' in the URL path, a resource file name
      // over 255 bytes): refused by the processor on purpose.
      return null;
    }
    if (compiled != report.valid()) {
      return "validator valid=" + report.valid() + " but processor compiled=" + compiled + "\nvalidator: "
          + report.serverText() + "\nprocessor errors:\n" + errors + "\nsources:\n" + sources(translation);
    }
    if (compiled) {
      Optional<JavaFileObject> generated = compilation.generatedFiles().stream()
          .filter(f -> f.toUri().getPath().contains("/META-INF/exosphere/graphs/"))
          .findFirst();
      if (generated.isEmpty()) {
        return "compiled but no template resource generated";
      }
      JsonNode written = JSON.readTree(GoldenFiles.content(generated.get()));
      if (!translation.expectedBody().equals(written)) {
        return "generated body differs:\nexpected " + translation.expectedBody() + "\nwritten  " + written;
      }
      return null;
    }
    for (Diagnostic d : report.errors()) {
      if (d.serverMessage() != null) {
        // The most a case's error_contains can hold: a whole 422 item, every line of a 400 message, a
        // verification error; compared as ConformanceTest compares them.
        String line = serverMessageCore(d);
        if (!ConformanceTest.lines(errors).contains(ConformanceTest.lines(line))) {
          return "processor errors lack the validator's server text \"" + line + "\" (" + d.rule()
              + ")\nprocessor errors:\n" + errors + "\nsources:\n" + sources(translation);
        }
      }
    }
    return null;
  }

  private String checkCli(ObjectNode c, ValidationReport report, String stage) throws IOException {
    List<RegisteredNode> registered = registered(c.get("registered_nodes"));
    String namespace = c.get("graph").get("namespace").asText();
    Path template = dir.resolve("template.json");
    Path nodes = dir.resolve("nodes.json");
    Files.writeString(template, c.get("graph").toString(), StandardCharsets.UTF_8);
    Files.writeString(nodes, GraphJson.registrationBody("conformance", namespace, registered).toString(),
        StandardCharsets.UTF_8);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit;
    try {
      exit = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), "validate", template.toString(),
          "--nodes", nodes.toString(), "--json");
    } catch (RuntimeException e) {
      return "the CLI threw " + stackTrace(e);
    }
    if (exit != (report.valid() ? 0 : 1)) {
      return "CLI exit " + exit + " but validator valid=" + report.valid() + "\n" + out + err;
    }
    JsonNode verdict = JSON.readTree(out.toString());
    List<String> cliTexts = new ArrayList<>();
    verdict.get("diagnostics").forEach(d -> cliTexts.add(d.get("server_message").isNull() ? null
        : d.get("server_message").asText()));
    List<String> direct = report.diagnostics().stream().map(Diagnostic::serverMessage).collect(Collectors.toList());
    if (verdict.get("valid").asBoolean() != report.valid() || !Objects.equals(stage,
        verdict.get("stage").isNull() ? null : verdict.get("stage").asText())
        || verdict.get("http_status").asInt() != report.httpStatus() || !cliTexts.equals(direct)) {
      return "CLI and validator disagree:\nCLI " + verdict + "\nvalidator " + report.diagnostics();
    }
    return null;
  }

  /** The server's text without pydantic's 400 envelope (header, field name, [type=...] suffix, link). */
  private static String serverMessageCore(Diagnostic d) {
    if (d.stage() == Stage.TEMPLATE && d.serverLine() != null && !d.serverLine().equals(d.serverMessage())) {
      // Each compile error quotes only its own line of the 400 detail (issue 13).
      return d.serverLine();
    }
    String text = d.serverMessage();
    if (d.stage() != Stage.TEMPLATE) {
      return text;
    }
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("Value error, (.*?) \\[type=", java.util.regex.Pattern.DOTALL)
        .matcher(text);
    List<String> blocks = new ArrayList<>();
    while (m.find()) {
      blocks.add(m.group(1));
    }
    return blocks.isEmpty() ? text : String.join("\n", blocks);
  }

  private static String sources(ConformanceTranslator.Translation translation) {
    StringBuilder out = new StringBuilder();
    for (JavaFileObject source : translation.sources()) {
      try {
        out.append(source.getCharContent(true)).append('\n');
      } catch (IOException e) {
        out.append(e).append('\n');
      }
    }
    return out.toString();
  }

  private static String stackTrace(Throwable e) {
    StringWriter w = new StringWriter();
    e.printStackTrace(new PrintWriter(w));
    String[] lines = w.toString().split("\n");
    return String.join("\n", java.util.Arrays.copyOf(lines, Math.min(lines.length, 15)));
  }

  static NodeRegistry registry(JsonNode nodes) {
    return NodeRegistry.of(registered(nodes));
  }

  /** The case's nodes, registered the way the Python SDK registers them (README "registered_nodes"). */
  static List<RegisteredNode> registered(JsonNode nodes) {
    List<RegisteredNode> registered = new ArrayList<>();
    for (JsonNode n : nodes) {
      List<String> inputs = strings(n.get("inputs"));
      Map<String, String> defaults = new LinkedHashMap<>();
      JsonNode optional = n.get("optional_inputs");
      if (optional != null) {
        for (Iterator<Map.Entry<String, JsonNode>> it = optional.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> e = it.next();
          inputs.add(e.getKey());
          defaults.put(e.getKey(), e.getValue().asText());
        }
      }
      registered.add(new RegisteredNode(n.get("name").asText(), n.get("namespace").asText(),
          NodeSchemas.pydanticSchema("Inputs", inputs, defaults),
          NodeSchemas.pydanticSchema("Outputs", strings(n.get("outputs"))), strings(n.get("secrets"))));
    }
    return registered;
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    if (array != null) {
      array.forEach(v -> out.add(v.asText()));
    }
    return out;
  }
}
