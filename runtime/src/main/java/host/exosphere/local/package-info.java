/**
 * The embedded Exosphere state manager: the real server's HTTP API (docs/state-manager.md §1) on the JDK's built-in
 * HTTP server, in front of the in-process engine of {@link host.exosphere.local.engine}.
 *
 * <ul>
 *   <li>{@link host.exosphere.local.LocalStateManager}: start one on a free port
 *       ({@code LocalStateManager.start()}) or configured ({@code builder()}); point any Exosphere client at
 *       its {@code uri()} with its {@code apiKey()}.
 *   <li>{@link host.exosphere.local.LocalStateManagerExtension}: the JUnit 5 extension that gives each
 *       test class its own server.
 * </ul>
 *
 * <p>The HTTP layer reproduces what a client of the real server observes before any controller runs:
 * Starlette's routing (404, 405, trailing-slash 307), FastAPI's order of checks (a malformed JSON body is
 * 422 before the key check, the key is checked before any validation), pydantic's 422 items, the request
 * id header, CORS and the generic 500. One addition is not part of Exosphere's API and is marked as such:
 * {@code GET /v0/namespace/{ns}/states/run/{run_id}/diagnostics}, which says why a run cannot finish.
 */
package host.exosphere.local;
