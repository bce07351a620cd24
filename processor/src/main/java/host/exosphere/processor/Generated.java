package host.exosphere.processor;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.TypeSpec;
import host.exosphere.graph.GraphResources;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.annotation.processing.Filer;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.Element;
import javax.lang.model.element.ModuleElement;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;
import javax.tools.FileObject;
import javax.tools.JavaFileObject;
import javax.tools.StandardLocation;

/**
 * What every writer needs: the {@code @Generated} annotation when the platform has it, and writing a
 * source or a resource with exactly one originating element (the annotated type), which keeps the
 * processor isolating for Gradle.
 */
final class Generated {
  private final Filer filer;
  private final Elements elements;
  private final Optional<AnnotationSpec> generated;
  /** Per package, the simple names of its types that hide a {@code java.lang} type of that name. */
  private final Map<String, String[]> hidingJavaLang = new HashMap<>();
  /**
   * {@link #deprecated} by qualified name: a node is asked for its adapter, its step builder and every graph
   * class that names it, and each answer walks all its members.
   */
  private final Map<String, Boolean> deprecatedTypes = new HashMap<>();
  /** The qualified names of the sources written, for telling this processor's output from others'. */
  private final Set<String> written = new HashSet<>();

  Generated(ProcessingEnvironment env) {
    this.filer = env.getFiler();
    this.elements = env.getElementUtils();
    TypeElement annotation = env.getElementUtils().getTypeElement("javax.annotation.processing.Generated");
    this.generated = Optional.ofNullable(annotation).map(a -> AnnotationSpec.builder(ClassName.get(a))
        .addMember("value", "$S", ExosphereProcessor.class.getName())
        .build());
  }

  /**
   * Adds {@code @Generated} (when available) and the originating element, qualifies the {@code java.lang}
   * types that a type of the origin's package hides (a user's {@code Exception} or {@code Override} would
   * otherwise be what the generated code means), and suppresses deprecation warnings when the node or
   * graph it is written for is deprecated: the generated code must compile under {@code -Xlint:all -Werror}.
   */
  TypeSpec.Builder decorate(TypeSpec.Builder type, TypeElement origin) {
    generated.ifPresent(type::addAnnotation);
    String[] hidden = hidingJavaLang.computeIfAbsent(elements.getPackageOf(origin).getQualifiedName().toString(),
        name -> hiddenJavaLangNames(elements.getPackageOf(origin)));
    if (hidden.length > 0) {
      type.alwaysQualify(hidden);
    }
    if (deprecated(origin)) {
      suppressDeprecation(type);
    }
    return type.addOriginatingElement(origin);
  }

  /** For code that names deprecated types: {@code -Xlint:all -Werror} must still pass. */
  static void suppressDeprecation(TypeSpec.Builder type) {
    type.addAnnotation(AnnotationSpec.builder(SuppressWarnings.class)
        .addMember("value", "{$S, $S}", "deprecation", "removal").build());
  }

  /** Whether {@code type}, a type enclosing it or one of its members the generated code uses is deprecated. */
  boolean deprecated(TypeElement type) {
    return deprecatedTypes.computeIfAbsent(type.getQualifiedName().toString(), name -> anyDeprecated(type));
  }

  private boolean anyDeprecated(TypeElement type) {
    for (Element e = type; e instanceof TypeElement; e = e.getEnclosingElement()) {
      if (elements.isDeprecated(e)) {
        return true;
      }
      for (Element member : e.getEnclosedElements()) {
        if (elements.isDeprecated(member)) {
          return true;
        }
      }
    }
    return false;
  }

  private String[] hiddenJavaLangNames(PackageElement pkg) {
    List<String> names = new ArrayList<>();
    for (Element member : pkg.getEnclosedElements()) {
      String simple = member.getSimpleName().toString();
      if (member instanceof TypeElement && inJavaLang(simple)) {
        names.add(simple);
      }
    }
    return names.toArray(new String[0]);
  }

  /**
   * Whether {@code java.lang} has a type of that simple name, asked of {@code java.base} alone: a plain
   * {@code getTypeElement} searches every module for each name that is not there (a tenth of the processor's
   * time in a package of a hundred nodes), and listing the package would load each of its classes.
   */
  private boolean inJavaLang(String simple) {
    String name = "java.lang." + simple;
    ModuleElement base = elements.getModuleElement("java.base");
    return (base == null ? elements.getTypeElement(name) : elements.getTypeElement(base, name)) != null;
  }

  void writeSource(String packageName, TypeSpec type) throws IOException {
    JavaFile file = JavaFile.builder(packageName, type)
        .skipJavaLangImports(true)
        .indent("  ")
        .build();
    // Rendered to a string first and written in one call: JavaPoet's many small appends into the filer's
    // writer each pass through the charset encoder (a few percent of the processor's time).
    String text = file.toString();
    String name = packageName.isEmpty() ? type.name() : packageName + "." + type.name();
    JavaFileObject source = filer.createSourceFile(name, type.originatingElements().toArray(new Element[0]));
    written.add(name);
    try (Writer writer = source.openWriter()) {
      writer.write(text);
    }
  }

  /** Whether this processor wrote the source of type {@code qualifiedName}. */
  boolean wrote(String qualifiedName) {
    return written.contains(qualifiedName);
  }

  void writeResource(String path, String content, TypeElement origin) throws IOException {
    FileObject file = filer.createResource(StandardLocation.CLASS_OUTPUT, "", path, origin);
    try (Writer writer = file.openWriter()) {
      writer.write(content);
    }
  }

  /** A name as a resource path segment, escaped the way the runtime and the CLI read it back. */
  static String pathSegment(String name) {
    return GraphResources.pathSegment(name);
  }
}
