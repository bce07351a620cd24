package host.exosphere.processor;

import com.palantir.javapoet.ClassName;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;

/**
 * The classes the processor writes, by name, and the type each is written for. A name another type of
 * this compilation already takes (a hand-written {@code EchoStep}, {@code Outer.Inner} next to
 * {@code Outer_Inner}, a node called {@code WfGraph} beside graph {@code Wf}) is one error on the type,
 * before anything of it is written, instead of the filer's "Attempt to recreate a file" halfway.
 */
final class GeneratedNames {
  private final Elements elements;
  private final Reporter reporter;
  private final Map<String, String> owners = new HashMap<>();

  GeneratedNames(ProcessingEnvironment env, Reporter reporter) {
    this.elements = env.getElementUtils();
    this.reporter = reporter;
  }

  /** Claims {@code names} for {@code type}; reports each one that is taken. */
  void claim(TypeElement type, Position at, List<ClassName> names) {
    String self = type.getQualifiedName().toString();
    for (ClassName name : names) {
      String qualified = name.canonicalName();
      String owner = owners.get(qualified);
      if (owner == null) {
        // Asked of every module, as the filer asks when the class is created: javac keeps that answer
        // for the round, so the filer's own check (a search of every platform module) is then free.
        TypeElement existing = elements.getTypeElement(qualified);
        // A class file of that name is the previous build's output, which the filer replaces; a source
        // of that name in this compilation is someone's own class.
        if (existing != null && reporter.certainlyInSource(existing)) {
          reporter.error("generated-name-clash", "the processor writes " + qualified + " for " + self
              + ", but " + qualified + " is already declared in this compilation; rename one of them", at);
          continue;
        }
        owners.put(qualified, self);
      } else if (!owner.equals(self)) {
        reporter.error("generated-name-clash", "the processor writes " + qualified + " for " + self + ", but it"
            + " writes the same class for " + owner + " (nested classes are named Outer_Inner); rename one of"
            + " them", at);
      }
    }
  }
}
