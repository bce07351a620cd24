package host.exosphere.graph;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * An input value parsed with the state manager's {@code ${{ … }}} grammar (docs/state-manager.md §4.4): a literal
 * head, then placeholders each followed by the literal text up to the next placeholder.
 *
 * <p>The grammar is the server's, quirks included, because the validator, the embedded state manager and
 * the server must read every template the same way:
 * <ul>
 *   <li>the value is split on the exact token {@code ${{}; every piece after the first must contain
 *       {@code }}}, and the placeholder is the text up to the first {@code }}} (so
 *       {@code ${{ a.outputs.x }}}}} is a placeholder followed by the tail {@code }}});</li>
 *   <li>the placeholder is split on {@code .} and each part stripped: three parts with {@code outputs}
 *       in the middle name a node output, two parts starting with {@code store} name a store key
 *       (both case-sensitive); {@code ${{ store.outputs.k }}} therefore reads store key {@code k};</li>
 *   <li>empty parts pass the parser ({@code ${{ .outputs.b }}} names identifier {@code ""}); there is
 *       no escape.</li>
 * </ul>
 *
 * <p>Immutable and thread-safe.
 */
public final class TemplateString {

  /** The identifier that names the run's store instead of a node. */
  public static final String STORE = "store";

  private static final String OPEN = "${{";
  private static final String CLOSE = "}}";

  /**
   * One placeholder: a node output ({@code identifier}, {@code field}) or, when {@code identifier} is
   * {@value #STORE}, the store key {@code field}.
   */
  public record Placeholder(String identifier, String field) {
    public Placeholder {
      Objects.requireNonNull(identifier, "identifier");
      Objects.requireNonNull(field, "field");
    }

    /** True for {@code ${{ store.key }}} (and the equivalent {@code ${{ store.outputs.key }}}). */
    public boolean isStore() {
      return STORE.equals(identifier);
    }

    /** The canonical spelling, {@code ${{ id.outputs.field }}} or {@code ${{ store.key }}}. */
    @Override
    public String toString() {
      return isStore() ? "${{ store." + field + " }}" : "${{ " + identifier + ".outputs." + field + " }}";
    }
  }

  /** A placeholder and the literal text that follows it. */
  public record Segment(Placeholder placeholder, String tail) {
    public Segment {
      Objects.requireNonNull(placeholder, "placeholder");
      Objects.requireNonNull(tail, "tail");
    }
  }

  private final String source;
  private final String head;
  private final List<Segment> segments;

  private final Set<Placeholder> distinct;
  private final Set<String> nodeIdentifiers;
  private final Set<String> storeKeys;

  private TemplateString(String source, String head, List<Segment> segments) {
    this.source = source;
    this.head = head;
    this.segments = segments;
    Set<Placeholder> all = new LinkedHashSet<>();
    Set<String> ids = new LinkedHashSet<>();
    Set<String> keys = new LinkedHashSet<>();
    for (Segment s : segments) {
      all.add(s.placeholder());
      (s.placeholder().isStore() ? keys : ids).add(s.placeholder().isStore() ? s.placeholder().field()
          : s.placeholder().identifier());
    }
    this.distinct = Collections.unmodifiableSet(all);
    this.nodeIdentifiers = Collections.unmodifiableSet(ids);
    this.storeKeys = Collections.unmodifiableSet(keys);
  }

  /**
   * Parses {@code value}.
   *
   * @throws TemplateSyntaxException with the server's text when a piece is not closed or a placeholder
   *     is neither {@code id.outputs.field} nor {@code store.key}
   */
  public static TemplateString parse(String value) {
    Objects.requireNonNull(value, "value");
    int open = value.indexOf(OPEN);
    if (open < 0) {
      return new TemplateString(value, value, List.of());
    }
    String head = value.substring(0, open);
    List<Segment> segments = new ArrayList<>();
    int pieceStart = open + OPEN.length();
    while (true) {
      int next = value.indexOf(OPEN, pieceStart);
      String piece = next < 0 ? value.substring(pieceStart) : value.substring(pieceStart, next);
      int close = piece.indexOf(CLOSE);
      if (close < 0) {
        // The server's f-string escapes its braces, so it really prints '${' here.
        throw new TemplateSyntaxException(
            "Invalid syntax string placeholder " + piece + " for: " + value + " '${' not closed");
      }
      String content = piece.substring(0, close);
      segments.add(new Segment(placeholder(content, value), piece.substring(close + CLOSE.length())));
      if (next < 0) {
        break;
      }
      pieceStart = next + OPEN.length();
    }
    return new TemplateString(value, head, Collections.unmodifiableList(segments));
  }

  private static Placeholder placeholder(String content, String whole) {
    List<String> parts = splitOnDots(content);
    if (parts.size() == 3 && parts.get(1).equals("outputs")) {
      return new Placeholder(parts.get(0), parts.get(2));
    }
    if (parts.size() == 2 && parts.get(0).equals(STORE)) {
      return new Placeholder(STORE, parts.get(1));
    }
    throw new TemplateSyntaxException("Invalid syntax string placeholder " + content + " for: " + whole);
  }

  private static List<String> splitOnDots(String content) {
    List<String> parts = new ArrayList<>(3);
    int start = 0;
    while (true) {
      int dot = content.indexOf('.', start);
      if (dot < 0) {
        parts.add(PythonStrings.strip(content.substring(start)));
        return parts;
      }
      parts.add(PythonStrings.strip(content.substring(start, dot)));
      start = dot + 1;
    }
  }

  /** True when {@code value} contains no placeholder at all (a literal input). */
  public static boolean isLiteral(String value) {
    return !value.contains(OPEN);
  }

  /** The text as written. */
  public String source() {
    return source;
  }

  /** The literal text before the first placeholder (the whole text when there is none). */
  public String head() {
    return head;
  }

  /** The placeholders in order, each with its tail. */
  public List<Segment> segments() {
    return segments;
  }

  /** Every placeholder in order, repeats included. */
  public List<Placeholder> placeholders() {
    List<Placeholder> all = new ArrayList<>(segments.size());
    for (Segment s : segments) {
      all.add(s.placeholder());
    }
    return all;
  }

  /** The distinct placeholders in order of first appearance. */
  public Set<Placeholder> distinctPlaceholders() {
    return distinct;
  }

  /** The distinct node identifiers referenced (store excluded), in order of first appearance. */
  public Set<String> nodeIdentifiers() {
    return nodeIdentifiers;
  }

  /** The distinct store keys referenced, in order of first appearance. */
  public Set<String> storeKeys() {
    return storeKeys;
  }

  /**
   * Renders the template: the head, then each placeholder's value followed by its tail. {@code resolver}
   * is asked once per distinct placeholder, in order of first appearance (repeats share one value, as on
   * the server); it may throw to report a value it cannot find.
   *
   * @throws TemplateRenderException with the server's text when a value is {@code null} or not a string
   */
  public String render(Function<? super Placeholder, ?> resolver) {
    Objects.requireNonNull(resolver, "resolver");
    Map<Placeholder, Object> values = new LinkedHashMap<>();
    for (Segment s : segments) {
      if (!values.containsKey(s.placeholder())) {
        values.put(s.placeholder(), resolver.apply(s.placeholder()));
      }
    }
    StringBuilder out = new StringBuilder(head);
    for (Segment s : segments) {
      Object value = values.get(s.placeholder());
      if (value == null) {
        throw new TemplateRenderException("Dependent value is not set for: identifier="
            + PythonJson.stringRepr(s.placeholder().identifier()) + " field="
            + PythonJson.stringRepr(s.placeholder().field()) + " tail=" + PythonJson.stringRepr(s.tail())
            + " value=None");
      }
      if (!(value instanceof String text)) {
        // The server computes value + tail, so any other JSON value is a Python TypeError, worded by the
        // left operand: a list refuses the concatenation itself, other types have no '+' with a str.
        throw new TemplateRenderException(value instanceof List
            ? "can only concatenate list (not \"str\") to list"
            : "unsupported operand type(s) for +: '" + PythonJson.typeName(value) + "' and 'str'");
      }
      out.append(text).append(s.tail());
    }
    return out.toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TemplateString other && source.equals(other.source);
  }

  @Override
  public int hashCode() {
    return source.hashCode();
  }

  @Override
  public String toString() {
    return source;
  }
}
