package host.exosphere.spring;

import host.exosphere.worker.ExosphereRuntime;
import host.exosphere.worker.NodeFactory;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.config.AutowireCapableBeanFactory;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;

/**
 * Gives the runtime its nodes from the application context: every {@code @Node} bean as the instance
 * that runs its states, and, for node classes a customizer adds with {@code nodes(…)} that are not beans,
 * an instance Spring builds (constructor injection included) and destroys when the runtime closes.
 */
final class NodeBeans implements NodeFactory {
  private final ConfigurableListableBeanFactory beans;
  /** Instances this factory had Spring build, so it destroys only those and never a context's bean. */
  private final Map<Object, Boolean> created = new ConcurrentHashMap<>();

  private NodeBeans(ConfigurableListableBeanFactory beans) {
    this.beans = beans;
  }

  static void addTo(ExosphereRuntime.Builder builder, Collection<Object> nodeBeans,
      ConfigurableListableBeanFactory beans) {
    nodeBeans.forEach(builder::node);
    builder.nodeFactory(new NodeBeans(beans));
  }

  @Override
  public <T> T create(Class<T> nodeClass) {
    T bean = beans.getBeanProvider(nodeClass).getIfUnique();
    if (bean != null) {
      return bean;
    }
    T made = beans.createBean(nodeClass);
    created.put(made, Boolean.TRUE);
    return made;
  }

  @Override
  public void release(Object node) {
    if (created.remove(node) != null) {
      ((AutowireCapableBeanFactory) beans).destroyBean(node);
    }
  }
}
