package host.exosphere.local;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Starlette's router, which the real server runs under FastAPI (docs/state-manager.md §1.1): routes are tried in
 * order against the percent-decoded path; a {@code {param}} matches one non-empty segment; a path that
 * matches only with another method is 405; a path that matches nothing but would match with its trailing
 * slash toggled is a 307 to that form ({@code redirect_slashes}); anything else is 404.
 *
 * @param <H> what a route carries (its handler)
 */
final class Router<H> {
  private final List<Route<H>> routes = new ArrayList<>();

  /**
   * One route: its methods, its path template and its handler.
   * {@code prefix} and {@code suffix} are the template's literal text before its first and after its last
   * parameter (the whole template and nothing when it has none): a path that does not start and end with
   * them cannot match, which rules out most routes without running their pattern.
   */
  record Route<H>(Set<String> methods, String template, Pattern pattern, List<String> params, H handler,
      String prefix, String suffix) {
    /** The pattern's matcher for {@code path}, or null when the literal prefix or suffix already rules it out. */
    Matcher matcher(String path) {
      if (!path.startsWith(prefix) || !path.endsWith(suffix) || path.length() < prefix.length() + suffix.length()) {
        return null;
      }
      Matcher m = pattern.matcher(path);
      return m.matches() ? m : null;
    }
  }

  /** The outcome of matching a request. */
  sealed interface Match<H> {}

  /** A route answers this method and path. */
  record Found<H>(Route<H> route, Map<String, String> params) implements Match<H> {}

  /** The path exists with other methods. */
  record MethodNotAllowed<H>(Set<String> allowed) implements Match<H> {}

  /** The path exists only with its trailing slash toggled: the decoded path to redirect to. */
  record Redirect<H>(String path) implements Match<H> {}

  /** Nothing matches. */
  record NotFound<H>() implements Match<H> {}

  private static final Pattern PARAM = Pattern.compile("\\{([a-z_]+)}");

  /**
   * Adds a FastAPI route ({@code @router.get} and friends); {@code template} is a path like {@code
   * /v0/namespace/{namespace_name}/nodes/}. It answers exactly {@code method}: unlike Starlette's own
   * {@code Route}, FastAPI's {@code APIRoute} does not add HEAD to a GET route, so a HEAD request to any
   * API route is a 405 on the real server.
   */
  Router<H> add(String method, String template, H handler) {
    return add(Set.of(method), template, handler);
  }

  /**
   * Adds a plain Starlette route (FastAPI's own {@code /docs}, {@code /redoc}, {@code /openapi.json}):
   * a GET route of those also answers HEAD.
   */
  Router<H> addStarlette(String method, String template, H handler) {
    Set<String> methods = new LinkedHashSet<>();
    methods.add(method);
    if (method.equals("GET")) {
      methods.add("HEAD");
    }
    return add(methods, template, handler);
  }

  private Router<H> add(Set<String> methods, String template, H handler) {
    StringBuilder regex = new StringBuilder("^");
    List<String> params = new ArrayList<>();
    Matcher m = PARAM.matcher(template);
    int last = 0;
    while (m.find()) {
      regex.append(Pattern.quote(template.substring(last, m.start())));
      regex.append("([^/]+)");
      params.add(m.group(1));
      last = m.end();
    }
    regex.append(Pattern.quote(template.substring(last))).append('$');
    int firstParam = template.indexOf('{');
    String prefix = firstParam < 0 ? template : template.substring(0, firstParam);
    String suffix = firstParam < 0 ? "" : template.substring(template.lastIndexOf('}') + 1);
    routes.add(new Route<>(Set.copyOf(methods), template, Pattern.compile(regex.toString()), List.copyOf(params),
        Objects.requireNonNull(handler), prefix, suffix));
    return this;
  }

  /** Matches a request's method and percent-decoded path. */
  Match<H> match(String method, String path) {
    Set<String> allowed = null;
    for (Route<H> route : routes) {
      Matcher m = route.matcher(path);
      if (m == null) {
        continue;
      }
      if (route.methods.contains(method)) {
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < route.params.size(); i++) {
          params.put(route.params.get(i), m.group(i + 1));
        }
        return new Found<>(route, params);
      }
      if (allowed == null) {
        // Starlette answers with the methods of the first route that matched the path.
        allowed = route.methods;
      }
    }
    if (allowed != null) {
      return new MethodNotAllowed<>(allowed);
    }
    if (!path.equals("/")) {
      String toggled = path.endsWith("/") ? stripTrailingSlashes(path) : path + "/";
      for (Route<H> route : routes) {
        if (route.matcher(toggled) != null) {
          return new Redirect<>(toggled);
        }
      }
    }
    return new NotFound<>();
  }

  /** Python's {@code rstrip("/")}: every trailing slash goes. */
  private static String stripTrailingSlashes(String path) {
    int end = path.length();
    while (end > 0 && path.charAt(end - 1) == '/') {
      end--;
    }
    return path.substring(0, end);
  }
}
