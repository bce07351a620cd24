package host.exosphere.worker;

import host.exosphere.client.NodeRegistration;
import host.exosphere.graph.NodeSchemas;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The shared part of every generated {@code <Node>Adapter}: the field lists, the checks of the state's
 * input and secret maps, and the conversion of {@code Outputs} records to output maps. A generated
 * adapter only passes its node's names and fields to the constructor and implements {@link #newNode}
 * ({@code new Node()}, when the class has a public no-argument constructor), {@link #run} (build the
 * records, call {@code execute} on the instance it is given) and {@link #values} (read an {@code Outputs}
 * record's components in order); keeping the rest here, written once, keeps what javac compiles per node
 * small.
 *
 * <p>The adapter itself holds no node: {@link #bind} pairs it with the one instance that serves every
 * state of a runtime, so the execute path is a cast and a call, never reflection.
 *
 * <p>Not meant to be extended by hand: the annotation processor writes the subclasses.
 */
public abstract class AbstractNodeAdapter implements NodeAdapter {
  private final String name;
  private final String namespace;
  private final Class<?> nodeClass;
  private final boolean executable;
  private final List<String> inputFields;
  private final List<String> outputFields;
  private final List<String> secretFields;

  /**
   * @param name the registered node name
   * @param namespace the namespace given on {@code @Node}, {@code ""} when the graph's applies
   * @param nodeClass the node's class
   * @param executable false for a {@code @Node} interface (executed by another runtime)
   * @param inputFields the {@code Inputs} components, in order
   * @param outputFields the {@code Outputs} components, in order
   * @param secretFields the {@code Secrets} components, in order
   */
  protected AbstractNodeAdapter(String name, String namespace, Class<?> nodeClass, boolean executable,
      List<String> inputFields, List<String> outputFields, List<String> secretFields) {
    this.name = Objects.requireNonNull(name, "name");
    this.namespace = Objects.requireNonNull(namespace, "namespace");
    this.nodeClass = Objects.requireNonNull(nodeClass, "nodeClass");
    this.executable = executable;
    this.inputFields = List.copyOf(inputFields);
    this.outputFields = List.copyOf(outputFields);
    this.secretFields = List.copyOf(secretFields);
  }

  /**
   * An unmodifiable list of {@code values} (which may be {@code null}), for generated adapters' field lists
   * and output values. Not generic on purpose: javac resolves a call to it without type inference, where
   * each {@code List.of(…)} or {@code Arrays.asList(…)} in a hundred generated adapters costs measurable
   * compile time (see the processor benchmark).
   */
  protected static List<String> strings(String... values) {
    return Collections.unmodifiableList(Arrays.asList(values.clone()));
  }

  /** The registration entry of a node with these fields ({@code PUT …/nodes/}), pydantic-shaped schemas. */
  public static NodeRegistration registration(
      String name, List<String> inputFields, List<String> outputFields, List<String> secretFields) {
    return new NodeRegistration(name, NodeSchemas.pydanticSchema("Inputs", inputFields),
        NodeSchemas.pydanticSchema("Outputs", outputFields), secretFields);
  }

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final String namespace() {
    return namespace;
  }

  @Override
  public final List<String> inputFields() {
    return inputFields;
  }

  @Override
  public final List<String> outputFields() {
    return outputFields;
  }

  @Override
  public final List<String> secretFields() {
    return secretFields;
  }

  @Override
  public final boolean executable() {
    return executable;
  }

  @Override
  public final Class<?> nodeClass() {
    return nodeClass;
  }

  /**
   * Checks the maps against the records (inputs exactly; secrets at least, because a graph's secrets all
   * come together and a node declares only the ones it reads), runs a new instance ({@link #newNode}) and
   * converts its result. The runtime does not call this: it runs the instance it was {@link #bind bound} to.
   */
  @Override
  public final List<Map<String, String>> execute(
      Map<String, String> inputs, Map<String, String> secrets, NodeContext context) throws Exception {
    return execute(newNode(), inputs, secrets, context);
  }

  /**
   * This adapter running {@code node} for every state: what the runtime executes. The instance is shared
   * by concurrent states, so it must be safe for that (stateless, or holding thread-safe collaborators).
   *
   * @throws IllegalArgumentException when {@code node} is not an instance of {@link #nodeClass()}
   */
  public final NodeAdapter bind(Object node) {
    Objects.requireNonNull(node, "node");
    if (!nodeClass.isInstance(node)) {
      throw new IllegalArgumentException("Node " + name + " runs instances of " + nodeClass.getName() + ", not of "
          + node.getClass().getName());
    }
    return new BoundNodeAdapter(this, node);
  }

  final List<Map<String, String>> execute(
      Object node, Map<String, String> inputs, Map<String, String> secrets, NodeContext context) throws Exception {
    if (!executable) {
      throw notExecutable();
    }
    requireFields("input", inputs, inputFields, false);
    requireFields("secret", secrets == null ? Map.of() : secrets, secretFields, true);
    Object result = run(node, inputs, secrets == null ? Map.of() : secrets, context);
    if (result == null) {
      return List.of(); // void, or a node that returned null: no outputs
    }
    if (result instanceof List<?> many) {
      List<Map<String, String>> maps = new ArrayList<>(many.size());
      for (Object out : many) {
        maps.add(toMap(out));
      }
      return maps;
    }
    return List.of(toMap(result));
  }

  /**
   * A new instance of the node class, for a runtime given neither an instance nor a factory. Generated
   * adapters override it with {@code new Node()} when the class has a public no-argument constructor.
   *
   * @throws IllegalStateException when the class has none, saying how to give the runtime an instance
   */
  protected Object newNode() {
    if (!executable) {
      throw notExecutable();
    }
    throw new IllegalStateException("Node " + name + " (" + nodeClass.getName() + ") has no public no-argument "
        + "constructor, so the runtime cannot create it: give it an instance with "
        + "ExosphereRuntime.builder(…).node(new " + nodeClass.getSimpleName() + "(…)) or a nodeFactory(…)");
  }

  /**
   * Builds the node's records from the checked maps and calls {@code node}'s {@code execute}. Adapters of
   * {@code @Node} interfaces do not override it: nothing in Java can run them.
   *
   * @param node an instance of {@link #nodeClass()}, shared by concurrent states
   * @return its {@code Outputs}, its {@code List<Outputs>}, or {@code null} for {@code void}
   */
  protected Object run(Object node, Map<String, String> inputs, Map<String, String> secrets, NodeContext context)
      throws Exception {
    throw notExecutable();
  }

  /**
   * The components of one {@code Outputs} record, in the order of {@link #outputFields()}. Adapters of
   * nodes without outputs ({@code void}) do not override it: it is never called for them.
   */
  protected List<String> values(Object outputs) {
    throw new IllegalStateException("Node " + name + " returned outputs its adapter cannot read: "
        + outputs.getClass().getName());
  }

  private UnsupportedOperationException notExecutable() {
    return new UnsupportedOperationException("Node " + name + " is declared by the interface "
        + nodeClass.getCanonicalName() + " and is executed by another runtime, not by the Java runtime");
  }

  private Map<String, String> toMap(Object outputs) {
    List<String> values = values(outputs);
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i < outputFields.size(); i++) {
      map.put(outputFields.get(i), values.get(i));
    }
    return map;
  }

  /** Refuses a map whose keys are not exactly {@code declared}, naming what is missing and extra. */
  private void requireFields(String kind, Map<String, String> given, List<String> declared, boolean extraAllowed) {
    List<String> missing = new ArrayList<>();
    for (String field : declared) {
      if (given.get(field) == null) {
        missing.add(field);
      }
    }
    List<String> extra = new ArrayList<>();
    if (!extraAllowed) {
      for (String field : given.keySet()) {
        if (!declared.contains(field)) {
          extra.add(field);
        }
      }
    }
    if (!missing.isEmpty() || !extra.isEmpty()) {
      throw new NodeInputException("Node " + name + ": " + kind + " fields do not match its record"
          + (missing.isEmpty() ? "" : "; missing: " + missing)
          + (extra.isEmpty() ? "" : "; not declared: " + extra)
          + "; declared: " + declared);
    }
  }
}
