package host.exosphere.worker;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;

/** Finds the adapter the annotation processor generated beside a {@code @Node} class. */
final class NodeAdapters {
  private NodeAdapters() {}

  /**
   * The generated adapter's binary name: same package, the nesting path joined with {@code _}, then
   * {@code Adapter} ({@code a.b.Outer.Inner} → {@code a.b.Outer_InnerAdapter}).
   */
  static String adapterName(Class<?> nodeClass) {
    String binary = nodeClass.getName();
    String pkg = nodeClass.getPackageName();
    String local = pkg.isEmpty() ? binary : binary.substring(pkg.length() + 1);
    String adapter = local.replace('$', '_') + "Adapter";
    return pkg.isEmpty() ? adapter : pkg + "." + adapter;
  }

  /**
   * Loads and instantiates the adapter of {@code nodeClass}, once; node execution never uses
   * reflection afterwards.
   *
   * @throws IllegalArgumentException when there is no usable adapter, saying how to get one
   */
  static NodeAdapter forClass(Class<?> nodeClass) {
    String name = adapterName(nodeClass);
    Class<?> type;
    try {
      type = Class.forName(name, true, nodeClass.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new IllegalArgumentException("Node class " + nodeClass.getName() + " has no generated adapter " + name
          + ": annotate it with @Node (host.exosphere.annotations.Node) and make sure the Exosphere annotation "
          + "processor (host.exosphere:exosphere-processor) runs when it is compiled");
    }
    if (!NodeAdapter.class.isAssignableFrom(type)) {
      throw new IllegalArgumentException(name + " (found for node class " + nodeClass.getName()
          + ") does not implement " + NodeAdapter.class.getName() + "; it is not an Exosphere node adapter");
    }
    NodeAdapter adapter = instantiate(type, nodeClass);
    if (adapter.nodeClass() != nodeClass) {
      throw new IllegalArgumentException(name + " adapts " + adapter.nodeClass().getName() + ", not "
          + nodeClass.getName() + "; recompile both with the Exosphere annotation processor");
    }
    return adapter;
  }

  /**
   * The adapter of {@code node}'s class, or of the nearest superclass that has one: a container's proxy
   * (a Spring CGLIB subclass, say) runs through the adapter of the class it proxies.
   *
   * @throws IllegalArgumentException when no class of its hierarchy has a generated adapter
   */
  static NodeAdapter forInstance(Object node) {
    Class<?> nodeClass = node.getClass();
    for (Class<?> c = nodeClass; c != null && c != Object.class; c = c.getSuperclass()) {
      if (c.getClassLoader() != null && hasAdapter(c)) {
        return forClass(c);
      }
    }
    return forClass(nodeClass); // fails, saying how to get an adapter
  }

  private static boolean hasAdapter(Class<?> nodeClass) {
    try {
      Class.forName(adapterName(nodeClass), false, nodeClass.getClassLoader());
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }

  private static NodeAdapter instantiate(Class<?> type, Class<?> nodeClass) {
    try {
      // A generated singleton, when the processor emits one; else its public no-argument constructor.
      for (Field field : type.getFields()) {
        if (field.getName().equals("INSTANCE") && Modifier.isStatic(field.getModifiers())
            && NodeAdapter.class.isAssignableFrom(field.getType())) {
          Object value = field.get(null);
          if (value != null) {
            return (NodeAdapter) value;
          }
        }
      }
      return (NodeAdapter) type.getConstructor().newInstance();
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      throw new IllegalArgumentException("Cannot create the adapter " + type.getName() + " of node class "
          + nodeClass.getName() + ": " + Failures.describe(e), e);
    }
  }
}
