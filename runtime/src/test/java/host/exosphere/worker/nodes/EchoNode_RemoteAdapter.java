package host.exosphere.worker.nodes;

import host.exosphere.worker.AbstractNodeAdapter;
import java.util.List;

/** The adapter of the {@code @Node} interface {@code EchoNode.Remote}. */
public final class EchoNode_RemoteAdapter extends AbstractNodeAdapter {
  public EchoNode_RemoteAdapter() {
    super("RemoteNode", "", EchoNode.Remote.class, false, List.of(), List.of(), List.of());
  }
}
