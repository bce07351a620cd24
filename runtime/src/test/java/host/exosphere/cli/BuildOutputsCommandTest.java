package host.exosphere.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import host.exosphere.client.NodeRegistration;
import host.exosphere.client.StateManager;
import host.exosphere.graph.GraphJson;
import host.exosphere.graph.NodeSchemas;
import host.exosphere.local.LocalStateManager;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code validate} and {@code upsert} on what the annotation processor writes: a generated template
 * resource, a classes directory, a jar; name and namespace from the resource path, nodes from beside it.
 */
class BuildOutputsCommandTest {
  @TempDir Path dir;

  /** What the processor writes for a graph "orders" in "acme" with secret "token" (value left for upload). */
  static final String TEMPLATE = "{\"secrets\": {\"token\": null}, \"nodes\": ["
      + "{\"node_name\": \"Charge\", \"namespace\": \"acme\", \"identifier\": \"charge\", \"inputs\": {\"text\": \"x\"},"
      + " \"next_nodes\": [\"ship\"], \"unites\": null},"
      + "{\"node_name\": \"Ship\", \"namespace\": \"acme\", \"identifier\": \"ship\","
      + " \"inputs\": {\"text\": \"${{ charge.outputs.receipt }}\"}, \"next_nodes\": [], \"unites\": null}]}";

  static String node(String name, String input, String output, String secret) {
    return "{\"name\": \"" + name + "\", \"inputs_schema\": " + NodeSchemas.pydanticSchema("Inputs", List.of(input))
        + ", \"outputs_schema\": " + NodeSchemas.pydanticSchema("Outputs", List.of(output)) + ", \"secrets\": ["
        + (secret == null ? "" : "\"" + secret + "\"") + "]}";
  }

  /** A classes directory as the processor leaves it; {@code withShip} false drops one node resource. */
  Path classes(boolean withShip) throws IOException {
    Path root = dir.resolve("classes");
    write(root.resolve("META-INF/exosphere/graphs/acme/orders.json"), TEMPLATE);
    write(root.resolve("META-INF/exosphere/nodes/Charge.json"), node("Charge", "text", "receipt", "token"));
    if (withShip) {
      write(root.resolve("META-INF/exosphere/nodes/Ship.json"), node("Ship", "text", "done", null));
    }
    return root;
  }

  static Path write(Path file, String text) throws IOException {
    Files.createDirectories(file.getParent());
    return Files.writeString(file, text);
  }

  Path jar(Path classes) throws IOException {
    Path jar = dir.resolve("app.jar");
    List<Path> files;
    try (Stream<Path> walk = Files.walk(classes)) {
      files = walk.filter(Files::isRegularFile).sorted().toList();
    }
    try (OutputStream out = Files.newOutputStream(jar); ZipOutputStream zip = new ZipOutputStream(out)) {
      for (Path file : files) {
        zip.putNextEntry(new ZipEntry(classes.relativize(file).toString().replace('\\', '/')));
        zip.write(Files.readAllBytes(file));
        zip.closeEntry();
      }
    }
    return jar;
  }

  // ---- validate ----------------------------------------------------------------------------------

  @Test
  void aGeneratedResourceNeedsNoFlags() throws IOException {
    Path resource = classes(true).resolve("META-INF/exosphere/graphs/acme/orders.json");
    CliRun r = CliRun.main(Map.of(), "validate", resource.toString());
    assertEquals(0, r.exit(), r.out() + r.err());
    assertEquals(resource + ": graph acme/orders is valid: the state manager would accept it (201) and mark it"
        + " VALID\n", r.out());
    assertEquals("", r.err());
  }

  @Test
  void aClassesDirectoryChecksEveryGraph() throws IOException {
    Path root = classes(true);
    write(root.resolve("META-INF/exosphere/graphs/acme/broken.json"), TEMPLATE.replace("receipt", "reciept"));
    CliRun r = CliRun.main(Map.of(), "validate", root.toString());
    assertEquals(1, r.exit(), r.out() + r.err());
    assertTrue(r.out().startsWith("graph acme/broken is invalid: the state manager would accept it (201) and then"
        + " mark it INVALID (verification)\n"), r.out());
    assertTrue(r.out().contains("reads output 'reciept' of 'charge', but node 'Charge' has no such output (it has"
        + " [receipt])"), r.out());
    assertTrue(r.out().contains("graph acme/orders is valid"), r.out());
    assertTrue(r.out().endsWith("2 graphs in " + root + ": 1 valid, 1 invalid\n"), r.out());

    CliRun picked = CliRun.main(Map.of(), "validate", root.toString(), "--name", "orders");
    assertEquals(0, picked.exit(), picked.out());
    assertTrue(picked.out().endsWith("1 graph in " + root + ": 1 valid, 0 invalid\n"), picked.out());
  }

  @Test
  void aJarIsReadInPlaceAndItsJsonListsEveryGraph() throws IOException {
    Path jar = jar(classes(true));
    CliRun r = CliRun.main(Map.of(), "validate", jar.toString(), "--json");
    assertEquals(0, r.exit(), r.out() + r.err());
    JsonNode json = GraphJson.mapper().readTree(r.out());
    assertTrue(json.get("valid").asBoolean());
    JsonNode graph = json.get("graphs").get(0);
    assertEquals("acme/orders", graph.get("graph").asText());
    assertEquals(jar + "!/META-INF/exosphere/graphs/acme/orders.json", graph.get("source").asText());
    assertEquals(201, graph.get("http_status").asInt());
  }

  @Test
  void aMissingNodeResourceIsOneProblemWithTheValidatorsHint() throws IOException {
    Path resource = classes(false).resolve("META-INF/exosphere/graphs/acme/orders.json");
    CliRun r = CliRun.main(Map.of(), "validate", resource.toString());
    assertEquals(1, r.exit(), r.out());
    assertEquals(String.join("\n",
        resource + ": graph acme/orders is invalid: the state manager would accept it (201) and then mark it INVALID"
            + " (verification)",
        "",
        "error [exosphere:node-not-registered] at node 'ship', node_name 'Ship'",
        "  no node 'Ship' is registered in namespace 'acme': start the runtime that registers it before upserting"
            + " (names and namespaces match exactly)",
        "  state manager: Node Ship in namespace acme does not exist.",
        "",
        "1 error, 0 warnings",
        ""), r.out());
    // --json keeps every line the server would print.
    CliRun json = CliRun.main(Map.of(), "validate", resource.toString(), "--json");
    List<String> server = new ArrayList<>();
    GraphJson.mapper().readTree(json.out()).get("diagnostics").forEach(d -> server.add(d.get("server_message").asText()));
    assertEquals(List.of("Node Ship in namespace acme does not exist.", "Node Ship in namespace acme does not exist"),
        server);
  }

  @Test
  void nodesFilesInEveryShapeAddToTheResources() throws IOException {
    Path resource = classes(false).resolve("META-INF/exosphere/graphs/acme/orders.json");
    Path entry = write(dir.resolve("Ship.json"), node("Ship", "text", "done", null));
    CliRun one = CliRun.main(Map.of(), "validate", resource.toString(), "--nodes", entry.toString());
    assertEquals(0, one.exit(), one.out() + one.err());
    Path listing = write(dir.resolve("listing.json"), "{\"namespace\": \"acme\", \"count\": 1, \"nodes\": ["
        + node("Ship", "text", "done", null).replace("{\"name\": \"Ship\",", "{\"name\": \"Ship\", \"namespace\": \"acme\",")
        + "]}");
    CliRun list = CliRun.main(Map.of(), "validate", resource.toString(), "--nodes", listing.toString());
    assertEquals(0, list.exit(), list.out() + list.err());
    Path array = write(dir.resolve("array.json"), "[" + node("Ship", "text", "done", null) + "]");
    CliRun arr = CliRun.main(Map.of(), "validate", resource.toString(), "--nodes", array.toString());
    assertEquals(0, arr.exit(), arr.out() + arr.err());
  }

  @Test
  void escapedPathSegmentsAreDecoded() throws IOException {
    Path root = classes(true);
    Path odd = write(root.resolve("META-INF/exosphere/graphs/acme/order~0020flow.json"), TEMPLATE);
    CliRun r = CliRun.main(Map.of(), "validate", odd.toString());
    assertEquals(0, r.exit(), r.out() + r.err());
    assertTrue(r.out().contains("graph acme/order flow is valid"), r.out());
    assertEquals("~", BuildOutputs.decode("~007e"));
    assertEquals("", BuildOutputs.decode("~"));
    assertEquals("..", BuildOutputs.decode("~.."));
    assertEquals("a/b", BuildOutputs.decode("a~002fb"));
  }

  @Test
  void unusableBuildOutputsExitTwoWithOneLine() throws IOException {
    Path empty = Files.createDirectories(dir.resolve("empty"));
    CliRun none = CliRun.main(Map.of(), "validate", empty.toString());
    assertEquals(2, none.exit());
    assertEquals("exosphere validate: " + empty + " holds no graph templates (META-INF/exosphere/graphs/"
        + "<namespace>/<name>.json): compile @Graph types with the Exosphere annotation processor, or pass the classes"
        + " directory or jar it wrote to\n", none.err());

    Path notJar = write(dir.resolve("broken.jar"), "not a zip");
    CliRun jar = CliRun.main(Map.of(), "validate", notJar.toString());
    assertEquals(2, jar.exit());
    assertTrue(jar.err().startsWith("exosphere validate: " + notJar + " is not a jar, a classes directory or a JSON"
        + " template"), jar.err());

    Path root = classes(true);
    CliRun unpicked = CliRun.main(Map.of(), "validate", root.toString(), "--name", "nope");
    assertEquals(2, unpicked.exit());
    assertEquals("exosphere validate: no graph nope in " + root + "; it holds acme/orders\n", unpicked.err());

    write(root.resolve("META-INF/exosphere/nodes/Ship.json"), "{\"name\": ");
    CliRun badNode = CliRun.main(Map.of(), "validate", root.toString(), "--json");
    assertEquals(2, badNode.exit());
    assertTrue(badNode.err().startsWith("exosphere validate: " + root.resolve("META-INF/exosphere/nodes/Ship.json")
        + " is not valid JSON: "), badNode.err());
    JsonNode error = GraphJson.mapper().readTree(badNode.out());
    assertEquals("usage", error.get("error").get("kind").asText());
    assertEquals(2, error.get("exit_code").asInt());

    CliRun missing = CliRun.main(Map.of(), "validate", dir.resolve("nope").toString(), "--json");
    assertEquals(2, missing.exit());
    assertEquals("Template " + dir.resolve("nope") + " does not exist",
        GraphJson.mapper().readTree(missing.out()).get("error").get("message").asText());

  }

  @Test
  void badUsageWithJsonIsJsonToo() throws IOException {
    CliRun r = CliRun.main(Map.of(), "validate", "t.json", "--json", "--frobnicate");
    assertEquals(2, r.exit());
    JsonNode json = GraphJson.mapper().readTree(r.out());
    assertEquals("usage", json.get("error").get("kind").asText());
    assertTrue(json.get("error").get("message").asText().startsWith("Unknown option: '--frobnicate'"), r.out());
  }

  // ---- validate --uri: the server's nodes ---------------------------------------------------------

  @Test
  void withUriTheServersNodesAreTheRegistry() throws IOException {
    Path resource = classes(true).resolve("META-INF/exosphere/graphs/acme/orders.json");
    try (LocalStateManager server = LocalStateManager.start(); StateManager client = server.client("acme")) {
      Map<String, String> env = Map.of("EXOSPHERE_API_KEY", server.apiKey());
      // Nothing registered yet: the bundled resources do not count, as the server would not know them.
      CliRun before = CliRun.main(env, "validate", resource.toString(), "--uri", server.uri().toString());
      assertEquals(1, before.exit(), before.out() + before.err());
      assertTrue(before.out().contains("no node 'Charge' is registered in namespace 'acme'"), before.out());

      client.registerNodes("rt", List.of(
          new NodeRegistration("Charge", NodeSchemas.pydanticSchema("Inputs", List.of("text")),
              NodeSchemas.pydanticSchema("Outputs", List.of("receipt")), List.of("token")),
          new NodeRegistration("Ship", NodeSchemas.pydanticSchema("Inputs", List.of("text")),
              NodeSchemas.pydanticSchema("Outputs", List.of("done")), List.of())));
      CliRun after = CliRun.main(env, "validate", resource.toString(), "--uri", server.uri().toString());
      assertEquals(0, after.exit(), after.out() + after.err());

      CliRun wrongKey = CliRun.main(Map.of("EXOSPHERE_API_KEY", "wrong-key-0000"), "validate", resource.toString(),
          "--uri", server.uri().toString(), "--json");
      assertEquals(2, wrongKey.exit());
      JsonNode error = GraphJson.mapper().readTree(wrongKey.out()).get("error");
      assertEquals("unauthorized", error.get("kind").asText());
      assertEquals(401, error.get("http_status").asInt());
      assertFalse(wrongKey.out().contains("wrong-key-0000") || wrongKey.err().contains("wrong-key-0000"));
    }
  }

  // ---- upsert -------------------------------------------------------------------------------------

  @Test
  void upsertOfAGeneratedResourceTakesNameAndNamespaceFromItsPath() throws IOException {
    Path resource = classes(true).resolve("META-INF/exosphere/graphs/acme/orders.json");
    try (LocalStateManager server = LocalStateManager.start(); StateManager client = server.client("acme")) {
      Map<String, String> env = Map.of("EXOSPHERE_STATE_MANAGER_URI", server.uri().toString(),
          "EXOSPHERE_API_KEY", server.apiKey());
      // Before any runtime registered the nodes: INVALID, each problem once, with the validator's hint.
      CliRun invalid = CliRun.main(env, "upsert", resource.toString(), "--secret", "token=t0k3n-value",
          "--poll-interval", "10");
      assertEquals(1, invalid.exit(), invalid.err());
      assertTrue(invalid.err().contains("exosphere upsert: graph acme/orders is INVALID: 2 problems\n"), invalid.err());
      assertEquals(1, count(invalid.err(), "no node 'Charge' is registered in namespace 'acme': start the runtime"
          + " that registers it before upserting"), invalid.err());
      assertEquals(1, count(invalid.err(), "Node Ship in namespace acme does not exist"), invalid.err());
      assertFalse(invalid.err().contains("t0k3n-value"));

      CliRun json = CliRun.main(env, "upsert", resource.toString(), "--secret", "token=t0k3n-value",
          "--poll-interval", "10", "--json");
      assertEquals(1, json.exit());
      JsonNode outcome = GraphJson.mapper().readTree(json.out());
      assertEquals("INVALID", outcome.get("status").asText());
      assertEquals(2, outcome.get("problems").size());
      assertEquals("node-not-registered", outcome.get("problems").get(0).get("rule").asText());
      // The server's own lines, as it wrote them: each node twice.
      assertEquals(4, outcome.get("server_errors").size());
      assertEquals(1, outcome.get("exit_code").asInt());

      client.registerNodes("rt", List.of(
          new NodeRegistration("Charge", NodeSchemas.pydanticSchema("Inputs", List.of("text")),
              NodeSchemas.pydanticSchema("Outputs", List.of("receipt")), List.of("token")),
          new NodeRegistration("Ship", NodeSchemas.pydanticSchema("Inputs", List.of("text")),
              NodeSchemas.pydanticSchema("Outputs", List.of("done")), List.of())));
      CliRun valid = CliRun.main(env, "upsert", resource.toString(), "--secret", "token=t0k3n-value",
          "--poll-interval", "10", "--json");
      assertEquals(0, valid.exit(), valid.err());
      assertEquals("{\"graph\":\"orders\",\"namespace\":\"acme\",\"status\":\"VALID\"}",
          GraphJson.mapper().readTree(valid.out()).toString());
      assertEquals("VALID", client.getGraph("orders").status().validationStatus());

      // A classes directory with one graph is as good as its resource.
      CliRun fromClasses = CliRun.main(env, "upsert", dir.resolve("classes").toString(), "--secret", "token=v",
          "--poll-interval", "10");
      assertEquals(0, fromClasses.exit(), fromClasses.err());
      assertEquals("Graph acme/orders is VALID\n", fromClasses.out());
    }
  }

  @Test
  void upsertNeedsOneGraphAndEveryCommandReadsTheNamespaceVariable() throws IOException {
    Path root = classes(true);
    write(root.resolve("META-INF/exosphere/graphs/acme/other.json"), TEMPLATE);
    CliRun two = CliRun.main(Map.of(), "upsert", root.toString(), "--secret", "token=v");
    assertEquals(2, two.exit());
    assertEquals("exosphere upsert: " + root + " holds 2 graphs (acme/orders, acme/other): pick one with --name\n",
        two.err());

    // A hand-written template without a namespace takes $EXOSPHERE_NAMESPACE, as trigger and runs do.
    Path plain = write(dir.resolve("plain.json"), "{\"name\": \"orders\"," + TEMPLATE.substring(1));
    CliRun noNamespace = CliRun.main(Map.of(), "validate", plain.toString());
    assertEquals(2, noNamespace.exit());
    assertTrue(noNamespace.err().contains("pass --namespace or set EXOSPHERE_NAMESPACE"), noNamespace.err());
    CliRun fromEnv = CliRun.main(Map.of("EXOSPHERE_NAMESPACE", "acme"), "validate", plain.toString());
    assertEquals(0, fromEnv.exit(), fromEnv.out() + fromEnv.err());
    assertTrue(fromEnv.out().contains("graph acme/orders is valid"), fromEnv.out());
  }

  static int count(String text, String part) {
    int n = 0;
    for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
      n++;
    }
    return n;
  }
}
