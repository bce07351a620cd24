package host.exosphere.worker;

import java.util.List;
import java.util.Map;

/** A hand-written {@link NodeAdapter}, standing in for the one the processor generates. */
record TestNode(
    String name, String namespace, List<String> inputFields, List<String> outputFields, List<String> secretFields,
    boolean executable, Body body) implements NodeAdapter {

  interface Body {
    List<Map<String, String>> run(Map<String, String> inputs, Map<String, String> secrets, NodeContext context)
        throws Exception;
  }

  static TestNode of(String name, Body body) {
    return new TestNode(name, "", List.of("x"), List.of("y"), List.of(), true, body);
  }

  TestNode withSecrets(String... names) {
    return new TestNode(name, namespace, inputFields, outputFields, List.of(names), executable, body);
  }

  @Override
  public Class<?> nodeClass() {
    return TestNode.class;
  }

  @Override
  public List<Map<String, String>> execute(Map<String, String> inputs, Map<String, String> secrets,
      NodeContext context) throws Exception {
    return body.run(inputs, secrets, context);
  }
}
