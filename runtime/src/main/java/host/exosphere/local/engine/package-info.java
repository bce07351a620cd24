/**
 * The in-process engine of the embedded state manager: everything the real Exosphere state manager
 * does behind its HTTP API (docs/state-manager.md §1.2 and §4), without HTTP.
 *
 * <p>Mapping: {@link host.exosphere.local.engine.LocalEngine} has one method per endpoint #2–#18 of
 * docs/state-manager.md §1.2, named after it ({@code trigger}, {@code enqueue}, {@code executed}, …). Each takes the
 * path parameters (the namespace first) and an already-parsed body from
 * {@link host.exosphere.local.engine.EngineRequests}, and returns the success body as a record of
 * {@link host.exosphere.local.engine.EngineResponses}, which a plain Jackson {@code ObjectMapper} writes
 * byte-for-byte as the real server would (snake_case keys in the contract's order). Every documented
 * 4xx/5xx answer is an {@link host.exosphere.local.engine.ApiException} carrying the status and the
 * exact body. Only {@code upsertGraph} takes the raw JSON body, because graph validation (including its
 * 422s) belongs to the shared {@code GraphValidator}: the validator reads the body once, its 422 items come
 * back as data ({@code RequestModelError}s written as FastAPI's items), and the store keeps its normalized
 * model of the graph ({@code GraphRec}), from which verification runs and graph responses are built.
 *
 * <p>Like the real server, the engine answers first and works afterwards: creating next states after
 * {@code executed} and verifying a graph after {@code upsertGraph} happen on a background executor;
 * {@link host.exosphere.local.engine.LocalEngine#awaitIdle(java.time.Duration)} waits for that work so
 * tests never sleep. Time comes from an injectable {@link java.time.Clock}
 * ({@link host.exosphere.local.engine.MutableClock} for tests); cron fires only when
 * {@link host.exosphere.local.engine.LocalEngine#tickCron()} is called (the server schedules it every
 * minute at second 0).
 *
 * <p>Inside, the engine is split as the server is: {@code GraphOps}, {@code StateOps}, {@code RunOps}
 * and {@code CronOps} hold the endpoints of the server's routers; {@code EngineStore} holds the records,
 * their indexes and the only code that changes a state's status ({@code CreatedQueues} is its index of
 * claimable states); {@code EngineParts} wires them together; {@code BackgroundTasks} and
 * {@code NextStates} do the work that follows an answer. Records live in memory; with a data directory a
 * {@code DurableJournal} also writes each store write to an H2 MVStore file as one transaction before the
 * call returns, and loads it all back (resuming unfinished background work) when an engine opens the
 * directory again.
 *
 * <p>Quirks of the real server are reproduced on purpose and cited by contract section where they occur.
 * Where the real server silently leaves a run unfinished (a unite that can never fire, a state stuck
 * QUEUED or EXECUTED), the engine does the same but records why:
 * {@link host.exosphere.local.engine.LocalEngine#runDiagnostics(String, String)}, also logged at WARN.
 */
package host.exosphere.local.engine;
