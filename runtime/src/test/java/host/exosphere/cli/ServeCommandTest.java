package host.exosphere.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import host.exosphere.local.LocalStateManager;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** What {@code exosphere serve} prints, and that the server it starts answers with the right key. */
class ServeCommandTest {

  private static String started(Map<String, String> env, String... args) throws Exception {
    ServeCommand command = new ServeCommand(env);
    new CommandLine(command).parseArgs(args);
    StringWriter out = new StringWriter();
    try (LocalStateManager server = command.start(new PrintWriter(out))) {
      String text = out.toString();
      assertTrue(text.contains("listening on " + server.uri()), text);
      // A body that fails validation: 422 proves the key was accepted, 401 that it was not.
      assertEquals(422, statusWithKey(server, server.apiKey()));
      assertEquals(401, statusWithKey(server, server.apiKey() + "-not"));
      return text.replace(server.apiKey(), "<KEY>").replace(server.uri().toString(), "<URI>");
    }
  }

  private static int statusWithKey(LocalStateManager server, String key) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create(server.uri() + "/v0/namespace/ns/states/enqueue"))
        .header("x-api-key", key)
        .POST(HttpRequest.BodyPublishers.ofString("{}"))
        .build();
    return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString()).statusCode();
  }

  @Test
  void aSuppliedKeyIsUsedButNeverPrinted() throws Exception {
    String text = started(Map.of(), "--port", "0", "--api-key", "s3cret-key");
    assertFalse(text.contains("s3cret-key"), text);
    assertTrue(text.contains("API key: from --api-key"), text);
  }

  @Test
  void theServersOwnVariableIsTheNextSourceOfTheKey() throws Exception {
    String text = started(Map.of("STATE_MANAGER_SECRET", "env-key"), "--port", "0");
    assertTrue(text.contains("API key: from $STATE_MANAGER_SECRET"), text);
    assertFalse(text.contains("env-key"), text);
  }

  @Test
  void aGeneratedKeyIsPrintedOnceSoClientsCanUseIt() throws Exception {
    String text = started(Map.of("SECRETS_ENCRYPTION_KEY", "YTzpUlBGLSwm-3yKJRJTZnb0_aQuQQHyz64s8qAERVU="), "--port", "0");
    assertEquals(1, text.split("<KEY>", -1).length - 1, text);
    assertTrue(text.contains("API key (generated): <KEY>"), text);
    assertTrue(text.contains("Secrets encryption key: from $SECRETS_ENCRYPTION_KEY"), text);
  }

  @Test
  void aDataDirectoryIsNamedWithTheKeyKeptInIt(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    String text = started(Map.of(), "--port", "0", "--api-key", "data-dir-key", "--data-dir", dir.toString());
    assertTrue(text.contains("(embedded, data in " + dir + ") listening on <URI>"), text);
    assertTrue(text.contains("Secrets encryption key: kept in " + dir.resolve("secrets.key")), text);
    assertTrue(java.nio.file.Files.exists(dir.resolve("secrets.key")));
    String again = started(Map.of(), "--port", "0", "--api-key", "data-dir-key", "--data-dir", dir.toString());
    assertTrue(again.contains("data in " + dir), "the directory opens again once the first server closed it");
  }

  @Test
  void serveIsASubcommandOfExosphere() {
    StringWriter out = new StringWriter();
    int exit = Main.run(new PrintWriter(out), new PrintWriter(new StringWriter()), "serve", "--help");
    assertEquals(0, exit);
    assertTrue(out.toString().contains("--port"), out.toString());
    assertTrue(out.toString().contains("--api-key=KEY"), out.toString());
  }

  @Test
  void corsOriginsAreReadAsTheServerReadsThem() {
    assertEquals(java.util.List.of("http://a:1", "http://b"), ServeCommand.corsOrigins(" http://a:1 , ,http://b,"));
  }

  @Test
  void aBusyPortIsAClearErrorAndExitCode1() throws Exception {
    try (LocalStateManager busy = LocalStateManager.start()) {
      StringWriter err = new StringWriter();
      CommandLine cli = new CommandLine(new ServeCommand(Map.of()));
      cli.setErr(new PrintWriter(err));
      cli.setOut(new PrintWriter(new StringWriter()));
      int exit = cli.execute("--port", Integer.toString(busy.port()), "--api-key", "k");
      assertEquals(1, exit);
      assertTrue(err.toString().startsWith("exosphere serve: Cannot listen on 127.0.0.1:" + busy.port()), err.toString());
    }
  }
}
