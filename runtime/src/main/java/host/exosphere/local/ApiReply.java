package host.exosphere.local;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;

/** What the API answers: status, headers and a serialized body (null for none), before any edge writes it. */
final class ApiReply {
  private final Map<String, Header> headers = new LinkedHashMap<>();
  private int status;
  private byte[] body;
  private String contentType;

  /** A header under the case its first writer gave it, with every value it was given. */
  private record Header(String name, List<String> values) {}

  int status() {
    return status;
  }

  byte[] body() {
    return body;
  }

  String contentType() {
    return contentType;
  }

  ApiReply answer(int status, byte[] body, String contentType) {
    this.status = status;
    this.body = body;
    this.contentType = contentType;
    return this;
  }

  /** Replaces a header's values. */
  void set(String name, String value) {
    List<String> values = new ArrayList<>(1);
    values.add(value);
    headers.put(name.toLowerCase(Locale.ROOT), new Header(name, values));
  }

  /** Adds one more value to a header. */
  void add(String name, String value) {
    headers.computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> new Header(name, new ArrayList<>())).values.add(value);
  }

  String first(String name) {
    Header header = headers.get(name.toLowerCase(Locale.ROOT));
    return header == null || header.values.isEmpty() ? null : header.values.get(0);
  }

  /** Every header value, in the order the headers were first set. */
  void forEachHeader(BiConsumer<String, String> sink) {
    for (Header header : headers.values()) {
      header.values.forEach(value -> sink.accept(header.name, value));
    }
  }
}
