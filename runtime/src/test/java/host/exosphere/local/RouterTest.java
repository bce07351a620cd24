package host.exosphere.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Starlette's matching rules, which decide 404 vs 405 vs 307 on the real server. */
class RouterTest {
  private final Router<String> router = new Router<String>()
      .add("PUT", "/v0/namespace/{namespace_name}/nodes/", "register")
      .add("GET", "/v0/namespace/{namespace_name}/nodes/", "list")
      .add("GET", "/v0/namespace/{namespace_name}/graph/{graph_name}", "get graph")
      .add("POST", "/v0/namespace/{namespace_name}/graph/{graph_name}/trigger", "trigger");

  @Test
  void foundRoutesCarryTheirDecodedParameters() {
    Router.Found<String> found =
        found(router.match("POST", "/v0/namespace/my ns/graph/g-1/trigger"));
    assertEquals("trigger", found.route().handler());
    assertEquals(Map.of("namespace_name", "my ns", "graph_name", "g-1"), found.params());
  }

  @Test
  void fastApiGetRoutesDoNotAnswerHeadButStarletteOnesDo() {
    // FastAPI's APIRoute takes its methods as given; only Starlette's Route adds HEAD to GET.
    Router.MethodNotAllowed<String> api =
        methodNotAllowed(router.match("HEAD", "/v0/namespace/a/nodes/"));
    assertEquals(Set.of("PUT"), api.allowed(), "the first route matching the path is the PUT");
    Router<String> docs = new Router<String>().addStarlette("GET", "/openapi.json", "openapi");
    Router.Found<String> found = found(docs.match("HEAD", "/openapi.json"));
    assertEquals("openapi", found.route().handler());
  }

  @Test
  void aPathWithOnlyOtherMethodsIsMethodNotAllowedWithTheFirstRoutesMethods() {
    Router.MethodNotAllowed<String> match =
        methodNotAllowed(router.match("DELETE", "/v0/namespace/a/nodes/"));
    assertEquals(Set.of("PUT"), match.allowed());
  }

  @Test
  void aMismatchedTrailingSlashRedirectsToTheDeclaredForm() {
    Router.Redirect<String> toSlash = redirect(router.match("GET", "/v0/namespace/a/nodes"));
    assertEquals("/v0/namespace/a/nodes/", toSlash.path());
    Router.Redirect<String> fromSlashes =
        redirect(router.match("POST", "/v0/namespace/a/graph/g/trigger//"));
    assertEquals("/v0/namespace/a/graph/g/trigger", fromSlashes.path());
    // The redirect is decided on the path alone: a method the target does not allow still redirects.
    redirect(router.match("DELETE", "/v0/namespace/a/graph/g/"));
  }

  @Test
  void emptySegmentsAndUnknownPathsAreNotFound() {
    assertInstanceOf(Router.NotFound.class, router.match("GET", "/v0/namespace//nodes/"));
    assertInstanceOf(Router.NotFound.class, router.match("GET", "/v0/namespace/a/b/nodes/"));
    assertInstanceOf(Router.NotFound.class, router.match("GET", "/"));
  }

  // Typed views of a match, so a test reads its fields without an unchecked cast of a generic record.

  private static Router.Found<String> found(Router.Match<String> match) {
    return match instanceof Router.Found<String> found ? found : fail("expected a route, got " + match);
  }

  private static Router.MethodNotAllowed<String> methodNotAllowed(Router.Match<String> match) {
    return match instanceof Router.MethodNotAllowed<String> m ? m : fail("expected 405, got " + match);
  }

  private static Router.Redirect<String> redirect(Router.Match<String> match) {
    return match instanceof Router.Redirect<String> r ? r : fail("expected a redirect, got " + match);
  }
}
