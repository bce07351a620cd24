package host.exosphere.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

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
        assertInstanceOf(Router.Found.class, router.match("POST", "/v0/namespace/my ns/graph/g-1/trigger"));
    assertEquals("trigger", found.route().handler());
    assertEquals(Map.of("namespace_name", "my ns", "graph_name", "g-1"), found.params());
  }

  @Test
  void fastApiGetRoutesDoNotAnswerHeadButStarletteOnesDo() {
    // FastAPI's APIRoute takes its methods as given; only Starlette's Route adds HEAD to GET.
    Router.MethodNotAllowed<String> api =
        assertInstanceOf(Router.MethodNotAllowed.class, router.match("HEAD", "/v0/namespace/a/nodes/"));
    assertEquals(Set.of("PUT"), api.allowed(), "the first route matching the path is the PUT");
    Router<String> docs = new Router<String>().addStarlette("GET", "/openapi.json", "openapi");
    Router.Found<String> found = assertInstanceOf(Router.Found.class, docs.match("HEAD", "/openapi.json"));
    assertEquals("openapi", found.route().handler());
  }

  @Test
  void aPathWithOnlyOtherMethodsIsMethodNotAllowedWithTheFirstRoutesMethods() {
    Router.MethodNotAllowed<String> match =
        assertInstanceOf(Router.MethodNotAllowed.class, router.match("DELETE", "/v0/namespace/a/nodes/"));
    assertEquals(Set.of("PUT"), match.allowed());
  }

  @Test
  void aMismatchedTrailingSlashRedirectsToTheDeclaredForm() {
    Router.Redirect<String> toSlash = assertInstanceOf(Router.Redirect.class, router.match("GET", "/v0/namespace/a/nodes"));
    assertEquals("/v0/namespace/a/nodes/", toSlash.path());
    Router.Redirect<String> fromSlashes =
        assertInstanceOf(Router.Redirect.class, router.match("POST", "/v0/namespace/a/graph/g/trigger//"));
    assertEquals("/v0/namespace/a/graph/g/trigger", fromSlashes.path());
    // The redirect is decided on the path alone: a method the target does not allow still redirects.
    assertInstanceOf(Router.Redirect.class, router.match("DELETE", "/v0/namespace/a/graph/g/"));
  }

  @Test
  void emptySegmentsAndUnknownPathsAreNotFound() {
    assertInstanceOf(Router.NotFound.class, router.match("GET", "/v0/namespace//nodes/"));
    assertInstanceOf(Router.NotFound.class, router.match("GET", "/v0/namespace/a/b/nodes/"));
    assertInstanceOf(Router.NotFound.class, router.match("GET", "/"));
  }
}
