package host.exosphere.processor;

import com.google.auto.service.AutoService;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;

/**
 * Makes Exosphere's options ({@code -Aexosphere.strict}, {@code -Aexosphere.stepBuilders}) recognized in every
 * compilation, with or without Exosphere's annotations, and does nothing else. (It is named for the first of
 * them; builds that list their processors name it.)
 *
 * <p>javac counts an option as recognized only if a processor that declares it was called, and calls a
 * processor only for annotation types it supports. {@link ExosphereProcessor} supports and claims
 * Exosphere's annotations alone (claiming is what keeps {@code -Xlint:all -Werror} quiet: javac warns about
 * every annotation type no processor claimed), so a build that passes the option to all its compilations
 * would warn in a test-compile that has none of them. This processor supports every annotation type ("*"),
 * including none at all, and claims none, so other processors still see everything.
 */
@AutoService(Processor.class)
public final class StrictOptionProcessor extends AbstractProcessor {
  /** Created by javac through {@link java.util.ServiceLoader}, or by a test. */
  public StrictOptionProcessor() {}

  @Override
  public Set<String> getSupportedAnnotationTypes() {
    return Set.of("*");
  }

  @Override
  public Set<String> getSupportedOptions() {
    return Options.NAMES;
  }

  @Override
  public SourceVersion getSupportedSourceVersion() {
    return SourceVersion.latestSupported();
  }

  @Override
  public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
    return false;
  }
}
