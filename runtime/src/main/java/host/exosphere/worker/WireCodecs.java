package host.exosphere.worker;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Locale;
import java.util.UUID;

/**
 * The one encoding of typed record components onto the state manager's string fields, used by generated
 * adapters. Scalars travel as their plain text, so a node in another runtime reads them with
 * {@code int(…)}, {@code Decimal(…)} or {@code datetime.fromisoformat(…)}:
 *
 * <table>
 *   <caption>Encodings</caption>
 *   <tr><th>Java type</th><th>wire text</th></tr>
 *   <tr><td>{@code String}</td><td>itself</td></tr>
 *   <tr><td>{@code int}, {@code long}, {@code short}, {@code byte}, {@code BigInteger} (and boxes)</td>
 *       <td>decimal digits: {@code 42}, {@code -7}</td></tr>
 *   <tr><td>{@code double}, {@code float}, {@code BigDecimal}</td><td>{@code 12.50} (BigDecimal in plain
 *       notation, never {@code 1.25E+1})</td></tr>
 *   <tr><td>{@code boolean}</td><td>{@code true} / {@code false} (read ignoring case, so Python's
 *       {@code True} is accepted)</td></tr>
 *   <tr><td>{@code char}</td><td>the one character</td></tr>
 *   <tr><td>enums</td><td>the constant's name: {@code EXPRESS}</td></tr>
 *   <tr><td>{@code UUID}</td><td>{@code 123e4567-e89b-12d3-a456-426614174000}</td></tr>
 *   <tr><td>{@code Instant}, {@code LocalDate}, {@code Duration}</td><td>ISO-8601:
 *       {@code 2026-12-06T10:00:00Z}, {@code 2026-12-06}, {@code PT30S}</td></tr>
 *   <tr><td>{@code List}, {@code Map} (String keys), records, of any of these</td><td>JSON text
 *       ({@code json.loads(…)}); record components under their wire names, numbers as JSON numbers,
 *       the other scalars as JSON strings in the forms above</td></tr>
 * </table>
 *
 * <p>A text that does not decode makes the state errored with the field, the expected type and the text
 * (never a secret's), and the graph's retry policy applies as to any failure.
 */
public final class WireCodecs {
  private WireCodecs() {}

  public static final WireCodec<Boolean> BOOLEAN = new WireCodec<>("true or false (boolean)",
      WireCodecs::parseBoolean, String::valueOf);
  public static final WireCodec<Byte> BYTE = new WireCodec<>("a whole number (byte)", Byte::valueOf, String::valueOf);
  public static final WireCodec<Short> SHORT = new WireCodec<>("a whole number (short)", Short::valueOf,
      String::valueOf);
  public static final WireCodec<Integer> INT = new WireCodec<>("a whole number (int)", Integer::valueOf,
      String::valueOf);
  public static final WireCodec<Long> LONG = new WireCodec<>("a whole number (long)", Long::valueOf, String::valueOf);
  public static final WireCodec<Float> FLOAT = new WireCodec<>("a number (float)", Float::valueOf, String::valueOf);
  public static final WireCodec<Double> DOUBLE = new WireCodec<>("a number (double)", Double::valueOf,
      String::valueOf);
  public static final WireCodec<Character> CHAR = new WireCodec<>("one character (char)", WireCodecs::parseChar,
      String::valueOf);
  public static final WireCodec<BigDecimal> BIG_DECIMAL = new WireCodec<>("a decimal number (BigDecimal)",
      BigDecimal::new, BigDecimal::toPlainString);
  public static final WireCodec<BigInteger> BIG_INTEGER = new WireCodec<>("a whole number (BigInteger)",
      BigInteger::new, BigInteger::toString);
  public static final WireCodec<UUID> UUID_TEXT = new WireCodec<>("a UUID such as "
      + "123e4567-e89b-12d3-a456-426614174000", UUID::fromString, UUID::toString);
  public static final WireCodec<Instant> INSTANT = new WireCodec<>("an ISO-8601 instant such as "
      + "2026-12-06T10:00:00Z (Instant)", Instant::parse, Instant::toString);
  public static final WireCodec<LocalDate> LOCAL_DATE = new WireCodec<>("an ISO-8601 date such as 2026-12-06 "
      + "(LocalDate)", LocalDate::parse, LocalDate::toString);
  public static final WireCodec<Duration> DURATION = new WireCodec<>("an ISO-8601 duration such as PT30S "
      + "(Duration)", Duration::parse, Duration::toString);

  /** An enum, by constant name. */
  public static <E extends Enum<E>> WireCodec<E> enumOf(Class<E> type) {
    String names = Arrays.toString(type.getEnumConstants());
    return new WireCodec<>("one of " + names + " (" + type.getSimpleName() + ")",
        text -> Enum.valueOf(type, text), Enum::name);
  }

  /**
   * A {@code List}, {@code Map} or record, as JSON text.
   *
   * @param typeName the type as its declaration reads, for error messages ({@code List<LineItem>})
   * @param type the full generic type, e.g. from {@link #type}
   */
  public static <T> WireCodec<T> json(String typeName, Type type) {
    WireJson.Reader<T> reader = WireJson.reader(type);
    return new WireCodec<>("JSON for " + typeName, reader::read, WireJson::write, true);
  }

  /** A parameterized type such as {@code List<LineItem>}: {@code type(List.class, LineItem.class)}. */
  public static Type type(Class<?> raw, Type... arguments) {
    return new Parameterized(raw, arguments.clone());
  }

  private static boolean parseBoolean(String text) {
    String lower = text.toLowerCase(Locale.ROOT);
    if (lower.equals("true")) {
      return true;
    }
    if (lower.equals("false")) {
      return false;
    }
    throw new IllegalArgumentException("not true or false");
  }

  private static char parseChar(String text) {
    if (text.length() != 1) {
      throw new IllegalArgumentException(text.length() + " characters");
    }
    return text.charAt(0);
  }

  /** The generic type the generated code describes; Jackson reads it through the standard interface. */
  private record Parameterized(Class<?> raw, Type[] arguments) implements ParameterizedType {
    @Override
    public Type[] getActualTypeArguments() {
      return arguments.clone();
    }

    @Override
    public Type getRawType() {
      return raw;
    }

    @Override
    public Type getOwnerType() {
      return null;
    }

    @Override
    public String getTypeName() {
      return raw.getName() + Arrays.stream(arguments).map(Type::getTypeName)
          .collect(java.util.stream.Collectors.joining(", ", "<", ">"));
    }
  }
}
