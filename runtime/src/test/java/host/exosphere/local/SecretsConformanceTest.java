package host.exosphere.local;

import static host.exosphere.local.Conformance.expect;
import static host.exosphere.local.Conformance.expectInternalError;
import static host.exosphere.local.Conformance.node;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.fasterxml.jackson.databind.JsonNode;
import host.exosphere.local.Conformance.Scenario;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** docs/state-manager.md §6.4 item 10: secrets are names in graph answers, ciphertext at rest, plaintext per state (§4.10). */
class SecretsConformanceTest {
  static final Conformance CONFORMANCE = new Conformance();
  @RegisterExtension static final LocalStateManagerExtension SERVER = CONFORMANCE.extension;

  private static final String GRAPH = "{'secrets':{'api_key':'s3cr3t value','empty':''},'nodes':["
      + "{'node_name':'Secretive','namespace':'NS','identifier':'a','inputs':{'x':'1'}}]}";

  /** AES-256-GCM, 12-byte nonce first, 16-byte tag last, URL-safe base64 (the server's format). */
  private static String decrypt(String token) throws Exception {
    byte[] raw = Base64.getUrlDecoder().decode(token);
    Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
    cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(Base64.getUrlDecoder().decode(Conformance.ENCRYPTION_KEY), "AES"),
        new GCMParameterSpec(128, Arrays.copyOfRange(raw, 0, 12)));
    return new String(cipher.doFinal(raw, 12, raw.length - 12), StandardCharsets.UTF_8);
  }

  private Scenario secretive(LocalStateManager server, String name) {
    Scenario s = CONFORMANCE.scenario(server, name);
    s.register(node("Secretive", List.of("x"), List.of(), List.of("api_key")));
    return s;
  }

  @Test
  void graphAnswersShowNamesAndTheStoreKeepsDecryptableCiphertext(LocalStateManager server) throws Exception {
    Scenario s = secretive(server, "secrets-at-rest");
    JsonNode created = expect(201, s.upsert("g", s.json(GRAPH)));
    assertEquals(RawHttp.json("{'api_key':true,'empty':true}"), created.get("secrets"));
    s.idle();
    assertEquals(RawHttp.json("{'api_key':true,'empty':true}"), expect(200, s.http.get(s.base + "/graph/g")).get("secrets"));
    String first = expect(200, s.http.get(s.base + "/graphs/")).get("templates").get(0).get("secrets").get("api_key").textValue();
    assertEquals("s3cr3t value", decrypt(first));
    assertEquals("", decrypt(expect(200, s.http.get(s.base + "/graphs/")).get("templates").get(0).get("secrets")
        .get("empty").textValue()));
    s.upsertValid("g", s.json(GRAPH));
    String second = expect(200, s.http.get(s.base + "/graphs/")).get("templates").get(0).get("secrets").get("api_key").textValue();
    assertNotEquals(first, second, "every PUT re-encrypts with a fresh nonce");
    assertEquals("s3cr3t value", decrypt(second));
  }

  @Test
  void eachStateGetsAllOfItsGraphsSecretsInPlaintext(LocalStateManager server) {
    Scenario s = secretive(server, "secrets-per-state");
    Scenario other = CONFORMANCE.scenario(server, "secrets-elsewhere");
    s.upsertValid("g", s.json(GRAPH));
    s.trigger("g");
    JsonNode state = s.claimOne("Secretive");
    JsonNode secrets = expect(200, s.http.get(s.stateUrl(state) + "/secrets"));
    assertEquals(RawHttp.json("{'secrets':{'api_key':'s3cr3t value','empty':''}}"), secrets);
    // A state of another namespace, or no state at all, is a plain ValueError upstream: the generic 500.
    expectInternalError(other.http.get(other.base + "/state/" + state.get("state_id").textValue() + "/secrets"));
    expectInternalError(s.http.get(s.base + "/state/0123456789abcdef01234567/secrets"));
  }
}
