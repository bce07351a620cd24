/**
 * The graph core: the immutable model of a graph template as the state manager sees it, its JSON
 * form, the {@code ${{ … }}} placeholder grammar and the one validator that the annotation processor,
 * the typed builders, the upload helper, the CLI and the embedded state manager all share.
 */
package host.exosphere.graph;
