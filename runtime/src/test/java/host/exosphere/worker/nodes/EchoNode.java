package host.exosphere.worker.nodes;

/** A node class with a hand-written adapter in the generated place ({@link EchoNodeAdapter}). */
public final class EchoNode {
  /** A nested node: its adapter is {@code EchoNode_InnerAdapter}. */
  public static final class Inner {}

  /** Has no adapter, as if the processor had not run. */
  public static final class Unprocessed {}

  /** A {@code @Node} interface: executed by another runtime ({@link EchoNode_RemoteAdapter}). */
  public interface Remote {}
}
