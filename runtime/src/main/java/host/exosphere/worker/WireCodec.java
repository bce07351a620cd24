package host.exosphere.worker;

import java.util.Objects;
import java.util.function.Function;

/**
 * How one Java type travels as the text the state manager carries: {@link #encode} for outputs,
 * {@code decode…} for inputs, secrets and reported outputs. Generated adapters hold one per typed record
 * component (see {@link WireCodecs} for the encoding of each type); {@code String} components need none.
 *
 * @param <T> the component's Java type (boxed for primitives)
 */
public final class WireCodec<T> {
  /** Longest piece of a bad value quoted in an error, so a huge payload does not flood the state's error. */
  private static final int QUOTE_LIMIT = 120;

  private final String expected;
  private final Function<String, T> decoder;
  private final Function<? super T, String> encoder;
  /** Whether the parser's reason helps (where in a JSON text), beyond the expected type. */
  private final boolean explains;

  WireCodec(String expected, Function<String, T> decoder, Function<? super T, String> encoder) {
    this(expected, decoder, encoder, false);
  }

  WireCodec(String expected, Function<String, T> decoder, Function<? super T, String> encoder, boolean explains) {
    this.expected = Objects.requireNonNull(expected, "expected");
    this.decoder = decoder;
    this.encoder = encoder;
    this.explains = explains;
  }

  /** What the text must be, e.g. {@code "a decimal number (BigDecimal)"}. */
  public String expected() {
    return expected;
  }

  /** The wire text of {@code value}; {@code null} stays {@code null} (and is refused as an output). */
  public String encode(T value) {
    return value == null ? null : encoder.apply(value);
  }

  /**
   * The value of input {@code field}.
   *
   * @throws NodeInputException naming the field, the expected type and the offending text
   */
  public T decodeInput(String field, String text) {
    return decode("input", field, text, true);
  }

  /** Like {@link #decodeInput}, for a secret: the message never contains the secret's value. */
  public T decodeSecret(String field, String text) {
    return decode("secret", field, text, false);
  }

  /** Like {@link #decodeInput}, for an output a state reported (reading a run's results). */
  public T decodeOutput(String field, String text) {
    return decode("output", field, text, true);
  }

  private T decode(String kind, String field, String text, boolean quote) {
    if (text == null) {
      return null;
    }
    try {
      return decoder.apply(text);
    } catch (RuntimeException e) {
      String why = e.getMessage() == null || !quote || !explains ? "" : " (" + firstLine(e.getMessage()) + ")";
      throw new WireValueException(kind + " '" + field + "' should be " + expected + " but "
          + (quote ? "is " + quoted(text) + why : "its value does not parse (not shown: it is a secret)"));
    }
  }

  private static String quoted(String text) {
    String shown = text.length() <= QUOTE_LIMIT ? text : text.substring(0, QUOTE_LIMIT) + "…";
    return '"' + shown + '"';
  }

  private static String firstLine(String message) {
    int end = message.indexOf('\n');
    String line = end < 0 ? message : message.substring(0, end);
    return line.length() <= QUOTE_LIMIT ? line : line.substring(0, QUOTE_LIMIT) + "…";
  }

  @Override
  public String toString() {
    return "WireCodec[" + expected + "]";
  }
}
