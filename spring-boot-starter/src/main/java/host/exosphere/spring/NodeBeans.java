package host.exosphere.spring;

import host.exosphere.worker.ExosphereRuntime;
import java.util.Collection;

/** Gives the application's {@code @Node} beans to the runtime builder, as the instances it executes. */
final class NodeBeans {
  private NodeBeans() {}

  static void addTo(ExosphereRuntime.Builder builder, Collection<Object> beans) {
    for (Object bean : beans) {
      // TODO(issue-15): builder.node(bean) once node instances are in the runtime.
      builder.nodes(bean.getClass());
    }
  }
}
