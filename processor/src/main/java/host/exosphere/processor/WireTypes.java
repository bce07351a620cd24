package host.exosphere.processor;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.RecordComponentElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;

/**
 * Which Java types a node's record components may have, and the runtime codec ({@code WireCodecs}) that
 * carries each as the string the state manager requires. The encodings themselves are documented, and
 * implemented once, in the runtime's {@code WireCodecs}.
 */
final class WireTypes {
  static final ClassName CODEC = ClassName.get("host.exosphere.worker", "WireCodec");
  static final ClassName CODECS = ClassName.get("host.exosphere.worker", "WireCodecs");
  static final String SUPPORTED = "String, a primitive type or its box, BigDecimal, BigInteger, an enum, UUID,"
      + " Instant, LocalDate, Duration, or a List, a Map with String keys or a record of these (sent as JSON)";

  /** Declared scalar types → their {@code WireCodecs} constant. */
  private static final Map<String, String> SCALARS = Map.ofEntries(
      Map.entry("java.lang.Boolean", "BOOLEAN"), Map.entry("java.lang.Byte", "BYTE"),
      Map.entry("java.lang.Short", "SHORT"), Map.entry("java.lang.Integer", "INT"),
      Map.entry("java.lang.Long", "LONG"), Map.entry("java.lang.Float", "FLOAT"),
      Map.entry("java.lang.Double", "DOUBLE"), Map.entry("java.lang.Character", "CHAR"),
      Map.entry("java.math.BigDecimal", "BIG_DECIMAL"), Map.entry("java.math.BigInteger", "BIG_INTEGER"),
      Map.entry("java.util.UUID", "UUID_TEXT"), Map.entry("java.time.Instant", "INSTANT"),
      Map.entry("java.time.LocalDate", "LOCAL_DATE"), Map.entry("java.time.Duration", "DURATION"));

  private WireTypes() {}

  /**
   * Why {@code type} has no encoding (e.g. {@code "Item.when is java.util.Date"}), or {@code null} when it
   * has one.
   */
  static String problem(TypeMirror type) {
    return jsonProblem(type, new HashSet<>());
  }

  /** The codec expression for a supported {@code type}; {@code null} for {@code String}. */
  static CodeBlock codec(TypeMirror type) {
    if (type.getKind().isPrimitive()) {
      return CodeBlock.of("$T.$L", CODECS, primitiveConstant(type.getKind()));
    }
    TypeElement element = element(type);
    String name = element.getQualifiedName().toString();
    if (name.equals("java.lang.String")) {
      return null;
    }
    if (SCALARS.containsKey(name)) {
      return CodeBlock.of("$T.$L", CODECS, SCALARS.get(name));
    }
    if (element.getKind() == ElementKind.ENUM) {
      return CodeBlock.of("$T.enumOf($T.class)", CODECS, ClassName.get(element));
    }
    return CodeBlock.of("$T.json($S, $L)", CODECS, display(type), typeToken(type));
  }

  private static String primitiveConstant(TypeKind kind) {
    return kind == TypeKind.INT ? "INT" : kind.name();
  }

  private static String jsonProblem(TypeMirror type, Set<String> recordsSeen) {
    if (type.getKind().isPrimitive()) {
      return null;
    }
    if (type.getKind() != TypeKind.DECLARED) {
      return "is " + type;
    }
    TypeElement element = element(type);
    String name = element.getQualifiedName().toString();
    List<? extends TypeMirror> arguments = ((DeclaredType) type).getTypeArguments();
    if (name.equals("java.lang.String") || SCALARS.containsKey(name) || element.getKind() == ElementKind.ENUM) {
      return null;
    }
    if (name.equals("java.util.List") && arguments.size() == 1) {
      return jsonProblem(arguments.get(0), recordsSeen);
    }
    if (name.equals("java.util.Map") && arguments.size() == 2) {
      TypeMirror key = arguments.get(0);
      if (key.getKind() != TypeKind.DECLARED || !element(key).getQualifiedName().contentEquals("java.lang.String")) {
        return "has Map keys of type " + key + " (JSON object keys are strings: use Map<String, …>)";
      }
      return jsonProblem(arguments.get(1), recordsSeen);
    }
    if (element.getKind() == ElementKind.RECORD) {
      if (!recordsSeen.add(name)) {
        return null; // checked higher up (a recursive record)
      }
      for (RecordComponentElement component : element.getRecordComponents()) {
        String inner = jsonProblem(component.asType(), recordsSeen);
        if (inner != null) {
          return inner.startsWith("is ") || inner.startsWith("has ")
              ? "(" + element.getSimpleName() + "." + component.getSimpleName() + " " + inner + ")"
              : inner;
        }
      }
      return null;
    }
    return "is " + type;
  }

  /** The type as its declaration reads, with simple names: {@code List<LineItem>}. */
  private static String display(TypeMirror type) {
    if (type.getKind() != TypeKind.DECLARED) {
      return type.toString();
    }
    List<? extends TypeMirror> arguments = ((DeclaredType) type).getTypeArguments();
    String simple = element(type).getSimpleName().toString();
    if (arguments.isEmpty()) {
      return simple;
    }
    List<String> parts = new ArrayList<>();
    for (TypeMirror argument : arguments) {
      parts.add(display(argument));
    }
    return simple + "<" + String.join(", ", parts) + ">";
  }

  /** {@code Item.class}, or {@code WireCodecs.type(List.class, Item.class)} for a parameterized type. */
  private static CodeBlock typeToken(TypeMirror type) {
    ClassName raw = ClassName.get(element(type));
    List<? extends TypeMirror> arguments = ((DeclaredType) type).getTypeArguments();
    if (arguments.isEmpty()) {
      return CodeBlock.of("$T.class", raw);
    }
    List<CodeBlock> parts = new ArrayList<>();
    parts.add(CodeBlock.of("$T.class", raw));
    for (TypeMirror argument : arguments) {
      parts.add(typeToken(argument));
    }
    return CodeBlock.of("$T.type($L)", CODECS, CodeBlock.join(parts, ", "));
  }

  private static TypeElement element(TypeMirror type) {
    return (TypeElement) ((DeclaredType) type).asElement();
  }
}
