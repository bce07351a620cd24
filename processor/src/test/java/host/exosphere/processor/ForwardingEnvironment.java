package host.exosphere.processor;

import java.io.IOException;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import javax.annotation.processing.Filer;
import javax.annotation.processing.Messager;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;
import javax.tools.FileObject;
import javax.tools.JavaFileManager;
import javax.tools.JavaFileObject;

/**
 * javac's environment behind classes that are not javac's, as Gradle wraps it for an isolating processor:
 * javac then refuses its tree API to it. The filer tells {@code created} the name of each file created
 * through it.
 */
record ForwardingEnvironment(ProcessingEnvironment env, Consumer<String> created) implements ProcessingEnvironment {

  ForwardingEnvironment(ProcessingEnvironment env) {
    this(env, name -> {});
  }

  @Override
  public Map<String, String> getOptions() {
    return env.getOptions();
  }

  @Override
  public Messager getMessager() {
    return env.getMessager();
  }

  @Override
  public Filer getFiler() {
    return new ForwardingFiler(env.getFiler(), created);
  }

  @Override
  public Elements getElementUtils() {
    return env.getElementUtils();
  }

  @Override
  public Types getTypeUtils() {
    return env.getTypeUtils();
  }

  @Override
  public SourceVersion getSourceVersion() {
    return env.getSourceVersion();
  }

  @Override
  public Locale getLocale() {
    return env.getLocale();
  }

  private record ForwardingFiler(Filer filer, Consumer<String> created) implements Filer {
    @Override
    public JavaFileObject createSourceFile(CharSequence name, Element... originating) throws IOException {
      created.accept(name.toString());
      return filer.createSourceFile(name, originating);
    }

    @Override
    public JavaFileObject createClassFile(CharSequence name, Element... originating) throws IOException {
      created.accept(name.toString());
      return filer.createClassFile(name, originating);
    }

    @Override
    public FileObject createResource(JavaFileManager.Location location, CharSequence moduleAndPkg,
        CharSequence relativeName, Element... originating) throws IOException {
      created.accept(relativeName.toString());
      return filer.createResource(location, moduleAndPkg, relativeName, originating);
    }

    @Override
    public FileObject getResource(JavaFileManager.Location location, CharSequence moduleAndPkg,
        CharSequence relativeName) throws IOException {
      return filer.getResource(location, moduleAndPkg, relativeName);
    }
  }
}
