package host.exosphere.local;

import java.util.function.UnaryOperator;

/**
 * One request as the HTTP edge received it, body included, so the API's pipeline never touches a socket.
 *
 * @param method the request method
 * @param path the percent-decoded path, as Starlette routes on it
 * @param rawQuery the query string as sent, or null for none
 * @param headers a header's first value by case-insensitive name, or null
 * @param body the whole body (empty for none)
 * @param localAuthority {@code host:port} the request arrived on, for a redirect when there is no Host header
 */
record ApiRequest(
    String method, String path, String rawQuery, UnaryOperator<String> headers, byte[] body, String localAuthority) {

  String header(String name) {
    return headers.apply(name);
  }
}
