package host.exosphere.local.engine;

import static host.exosphere.local.engine.ApiAssertions.assertApi;
import static host.exosphere.local.engine.ApiAssertions.assertInternal;
import static host.exosphere.local.engine.EngineFixture.NS;
import static host.exosphere.local.engine.EngineFixture.graph;
import static host.exosphere.local.engine.EngineFixture.node;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** docs/state-manager.md §6.4 item 10 and §4.10: names in graph responses, ciphertexts at rest, plaintext per state. */
class SecretsTest {
  private EngineFixture f;

  @BeforeEach
  void setUp() {
    f = new EngineFixture();
    f.register("Root", List.of("seed"), List.of(), "api_key");
  }

  @AfterEach
  void tearDown() {
    f.close();
  }

  private ObjectNode body() {
    ObjectNode body = graph(node("r", "Root", List.of(), "seed", "s"));
    body.putObject("secrets").put("api_key", "sk-plain-ü").put("empty", "");
    return body;
  }

  @Test
  void secretsAreNamesInResponsesCiphertextsAtRestAndPlaintextPerState() throws Exception {
    var put = f.engine.upsertGraph(NS, "g", body());
    assertEquals(Map.of("api_key", true, "empty", true), put.secrets());
    f.idle();
    assertEquals(Map.of("api_key", true, "empty", true), f.engine.getGraph(NS, "g").secrets());

    Map<String, String> stored = f.engine.listGraphs(NS).templates().get(0).secrets();
    String token = stored.get("api_key");
    assertTrue(token.matches("[A-Za-z0-9_-]+=*"), token);
    byte[] raw = Base64.getUrlDecoder().decode(token);
    assertEquals(12 + "sk-plain-ü".getBytes(StandardCharsets.UTF_8).length + 16, raw.length);
    assertEquals(40, stored.get("empty").length(), "an empty value encrypts to a 40-character token");
    assertEquals("sk-plain-ü", decrypt(token));
    assertEquals("", decrypt(stored.get("empty")));

    f.engine.upsertGraph(NS, "g", body());
    f.idle();
    assertNotEquals(token, f.engine.listGraphs(NS).templates().get(0).secrets().get("api_key"), "fresh nonce per PUT");

    f.trigger("g");
    String stateId = f.claimOne("Root").stateId();
    assertEquals(Map.of("api_key", "sk-plain-ü", "empty", ""), f.engine.secrets(NS, stateId).secrets());
  }

  @Test
  void secretsRouteErrorsAreInternalErrors() {
    f.upsertValid("g", body());
    f.trigger("g");
    String stateId = f.claimOne("Root").stateId();
    assertInternal(() -> f.engine.secrets("other", stateId));
    assertInternal(() -> f.engine.secrets(NS, "aaaaaaaaaaaaaaaaaaaaaaaa"));
    assertInternal(() -> f.engine.secrets(NS, "nope"));
  }

  @Test
  void aBadKeyFailsOnlyUpsertsThatCarrySecrets() {
    try (EngineFixture bad = new EngineFixture(LocalEngine.builder())) {
      LocalEngine engine = LocalEngine.builder().clock(bad.clock).encryptionKey("c2hvcnQ=").build();
      try (engine) {
        assertApi(400, "Error validating graph template: Key must be 32 raw bytes (256 bits)",
            () -> engine.upsertGraph(NS, "g", body()));
        assertEquals("PENDING", engine.upsertGraph(NS, "g", graph(node("r", "Root", List.of(), "seed", "s")))
            .validationStatus());
      }
      LocalEngine notBase64 = LocalEngine.builder().encryptionKey("***").build();
      try (notBase64) {
        assertApi(400, "Error validating graph template: Key must be URL-safe base64 (44 chars for 32-byte key)",
            () -> notBase64.upsertGraph(NS, "g", body()));
      }
    }
  }

  private static String decrypt(String token) throws Exception {
    byte[] all = Base64.getUrlDecoder().decode(token);
    Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
    cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(Base64.getUrlDecoder().decode(EngineFixture.KEY), "AES"),
        new GCMParameterSpec(128, all, 0, 12));
    return new String(cipher.doFinal(all, 12, all.length - 12), StandardCharsets.UTF_8);
  }
}
