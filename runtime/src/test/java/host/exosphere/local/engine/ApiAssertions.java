package host.exosphere.local.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.function.Executable;

/** Assertions on the documented error answers. */
final class ApiAssertions {
  private ApiAssertions() {}

  /** The call answers {@code status} with body {@code {"detail": detail}}. */
  static ApiException assertApi(int status, String detail, Executable call) {
    ApiException e = assertThrows(ApiException.class, call);
    assertEquals(status, e.status(), () -> "body " + e.body());
    assertEquals("{\"detail\":" + EngineFixture.JSON.valueToTree(detail) + "}", e.body().toString());
    return e;
  }

  /** The call answers the middleware's generic 500. */
  static void assertInternal(Executable call) {
    ApiException e = assertThrows(ApiException.class, call);
    assertEquals(500, e.status());
    assertTrue(e.unhandled());
    assertEquals("{\"success\":false,\"detail\":\"" + ApiException.INTERNAL_ERROR_DETAIL + "\"}", e.body().toString());
  }
}
