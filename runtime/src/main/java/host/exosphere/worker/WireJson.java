package host.exosphere.worker;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.PropertyName;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import host.exosphere.annotations.Wire;
import host.exosphere.graph.WireNames;
import java.lang.reflect.Type;
import java.io.UncheckedIOException;

/**
 * The JSON side of {@link WireCodecs}: record components under their wire names (the snake_case rule of
 * {@link WireNames}, or {@code @Wire}), time types as ISO-8601 strings, {@code BigDecimal} in plain
 * notation; keys another runtime added are ignored, a component it left out is an error.
 */
final class WireJson {
  private WireJson() {}

  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .addModule(new JavaTimeModule())
      .propertyNamingStrategy(new PropertyNamingStrategies.NamingBase() {
        private static final long serialVersionUID = 1L;

        @Override
        public String translate(String name) {
          return WireNames.of(name);
        }
      })
      .annotationIntrospector(new WireIntrospector())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES) // a record component left out is an error
      .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
      .build();

  /** Reads one generic type; built once per codec, so each value costs a parse only. */
  interface Reader<T> {
    T read(String json);
  }

  static <T> Reader<T> reader(Type type) {
    JavaType javaType = MAPPER.getTypeFactory().constructType(type);
    ObjectReader reader = MAPPER.readerFor(javaType);
    return json -> {
      try {
        return reader.readValue(json);
      } catch (JsonProcessingException e) {
        throw new IllegalArgumentException(reason(e), e);
      }
    };
  }

  /** Jackson's reason, without the feature names it appends for a left-out component. */
  private static String reason(JsonProcessingException e) {
    String why = e.getOriginalMessage();
    String missing = "Missing creator property ";
    int cut = why.indexOf(" (index ");
    return why.startsWith(missing) && cut > 0 ? "missing " + why.substring(missing.length(), cut) : why;
  }

  static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code @Wire("name")} on a record component names its JSON property, as it names a field. */
  private static final class WireIntrospector extends JacksonAnnotationIntrospector {
    private static final long serialVersionUID = 1L;

    @Override
    public PropertyName findNameForSerialization(Annotated a) {
      Wire wire = _findAnnotation(a, Wire.class);
      return wire != null ? PropertyName.construct(wire.value()) : super.findNameForSerialization(a);
    }

    @Override
    public PropertyName findNameForDeserialization(Annotated a) {
      Wire wire = _findAnnotation(a, Wire.class);
      return wire != null ? PropertyName.construct(wire.value()) : super.findNameForDeserialization(a);
    }
  }
}
