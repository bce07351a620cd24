package host.exosphere.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * FastAPI's documentation routes, which the real server leaves enabled and serves without a key
 * (docs/state-manager.md §1.1): {@code /openapi.json}, {@code /docs} (Swagger UI), {@code /docs/oauth2-redirect} and
 * {@code /redoc}.
 *
 * <p>The document lists every route of docs/state-manager.md §1.2 the way FastAPI derives it from the route table:
 * path, method, tags, {@code summary} and {@code operationId} from the handler's name, path parameters,
 * the {@code x-api-key} security scheme, the success status with its description and the 422 answer.
 * The request and response schemas are sketched from the contract's field tables (names and JSON types);
 * they are documentation, not a byte-for-byte copy of pydantic's output.
 */
final class OpenApi {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern PARAM = Pattern.compile("\\{([a-z_]+)}");
  private static final String TITLE = "Exosphere State Manager";

  /** A body or answer served as is. */
  record Raw(String contentType, byte[] body) {}

  /** One FastAPI route: what {@code get_openapi} reads from it. */
  private record Operation(String method, String path, String name, String tag, int status, String description,
      String requestModel, String responseModel) {}

  private static final String NS = "/v0/namespace/{namespace_name}";

  /** The route table of {@code state-manager/app/routes.py} and {@code main.py}, in declaration order. */
  private static final List<Operation> OPERATIONS = List.of(
      new Operation("get", "/health", "health", null, 200, "Successful Response", null, null),
      new Operation("get", "/v0/namespaces", "list_namespaces_route", "namespaces", 200,
          "Namespaces listed successfully", null, "ListNamespacesResponse"),
      new Operation("post", NS + "/states/enqueue", "enqueue_state", "state", 200,
          "State enqueued on node queue successfully", "EnqueueRequestModel", "EnqueueResponseModel"),
      new Operation("post", NS + "/graph/{graph_name}/trigger", "trigger_graph_route", "graph", 200,
          "Graph triggered successfully with new run ID", "TriggerGraphRequestModel", "TriggerGraphResponseModel"),
      new Operation("post", NS + "/state/{state_id}/executed", "executed_state_route", "state", 200,
          "State executed successfully", "ExecutedRequestModel", "ExecutedResponseModel"),
      new Operation("post", NS + "/state/{state_id}/errored", "errored_state_route", "state", 200,
          "State errored successfully", "ErroredRequestModel", "ErroredResponseModel"),
      new Operation("post", NS + "/state/{state_id}/prune", "prune_state_route", "state", 200,
          "State pruned successfully", "PruneRequestModel", "SignalResponseModel"),
      new Operation("post", NS + "/state/{state_id}/re-enqueue-after", "re_enqueue_after_state_route", "state", 200,
          "State re-enqueued successfully", "ReEnqueueAfterRequestModel", "SignalResponseModel"),
      new Operation("put", NS + "/graph/{graph_name}", "upsert_graph_template", "graph", 201,
          "Graph template upserted successfully", "UpsertGraphTemplateRequest", "UpsertGraphTemplateResponse"),
      new Operation("get", NS + "/graph/{graph_name}", "get_graph_template", "graph", 200,
          "Graph template retrieved successfully", null, "UpsertGraphTemplateResponse"),
      new Operation("put", NS + "/nodes/", "register_nodes_route", "nodes", 200,
          "Nodes registered successfully", "RegisterNodesRequestModel", "RegisterNodesResponseModel"),
      new Operation("get", NS + "/state/{state_id}/secrets", "get_secrets_route", "state", 200,
          "Secrets retrieved successfully", null, "SecretsResponseModel"),
      new Operation("get", NS + "/nodes/", "list_registered_nodes_route", "nodes", 200,
          "Registered nodes listed successfully", null, "ListRegisteredNodesResponse"),
      new Operation("get", NS + "/graphs/", "list_graph_templates_route", "graph", 200,
          "Graph templates listed successfully", null, "ListGraphTemplatesResponse"),
      new Operation("get", NS + "/runs/{page}/{size}", "get_runs_route", "runs", 200,
          "Runs listed successfully", null, "RunsResponse"),
      new Operation("get", NS + "/states/run/{run_id}/graph", "get_graph_structure_route", "runs", 200,
          "Graph structure for run ID retrieved successfully", null, "GraphStructureResponse"),
      new Operation("get", NS + "/graph/{graph_name}/run/{run_id}/node/{node_id}", "get_node_run_details_route",
          "runs", 200, "Node run details retrieved successfully", null, "NodeRunDetailsResponse"),
      new Operation("post", NS + "/state/{state_id}/manual-retry", "manual_retry_state_route", "state", 200,
          "State manual retry successfully", "ManualRetryRequestModel", "ManualRetryResponseModel"));

  private static final byte[] DOCUMENT = serialize(document());

  private OpenApi() {}

  /** {@code GET /openapi.json}. */
  static Raw openApiJson() {
    return new Raw("application/json", DOCUMENT);
  }

  /** {@code GET /docs}: Swagger UI reading {@code /openapi.json}. */
  static Raw swaggerUi() {
    return html("<!DOCTYPE html>\n<html>\n<head>\n"
        + "<link type=\"text/css\" rel=\"stylesheet\" href=\"https://cdn.jsdelivr.net/npm/swagger-ui-dist@5/swagger-ui.css\">\n"
        + "<link rel=\"shortcut icon\" href=\"https://fastapi.tiangolo.com/img/favicon.png\">\n"
        + "<title>" + TITLE + " - Swagger UI</title>\n</head>\n<body>\n<div id=\"swagger-ui\">\n</div>\n"
        + "<script src=\"https://cdn.jsdelivr.net/npm/swagger-ui-dist@5/swagger-ui-bundle.js\"></script>\n"
        + "<script>\nconst ui = SwaggerUIBundle({\n    url: '/openapi.json',\n"
        + "\"dom_id\": \"#swagger-ui\",\n\"layout\": \"BaseLayout\",\n\"deepLinking\": true,\n"
        + "\"showExtensions\": true,\n\"showCommonExtensions\": true,\n"
        + "oauth2RedirectUrl: window.location.origin + '/docs/oauth2-redirect',\n"
        + "    presets: [\n        SwaggerUIBundle.presets.apis,\n        SwaggerUIBundle.SwaggerUIStandalonePreset\n"
        + "        ],\n    })\n</script>\n</body>\n</html>\n");
  }

  /** {@code GET /redoc}: ReDoc reading {@code /openapi.json}. */
  static Raw redoc() {
    return html("<!DOCTYPE html>\n<html>\n<head>\n<title>" + TITLE + " - ReDoc</title>\n"
        + "<meta charset=\"utf-8\"/>\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        + "<link href=\"https://fonts.googleapis.com/css?family=Montserrat:300,400,700|Roboto:300,400,700\" rel=\"stylesheet\">\n"
        + "<link rel=\"shortcut icon\" href=\"https://fastapi.tiangolo.com/img/favicon.png\">\n"
        + "<style>\n  body {\n    margin: 0;\n    padding: 0;\n  }\n</style>\n</head>\n<body>\n"
        + "<noscript>\n    ReDoc requires Javascript to function. Please enable it to browse the documentation.\n</noscript>\n"
        + "<redoc spec-url=\"/openapi.json\"></redoc>\n"
        + "<script src=\"https://cdn.jsdelivr.net/npm/redoc@2/bundles/redoc.standalone.js\"> </script>\n"
        + "</body>\n</html>\n");
  }

  /** {@code GET /docs/oauth2-redirect}: the page Swagger UI's OAuth2 flow returns to (unused here). */
  static Raw oauth2Redirect() {
    return html("<!doctype html>\n<html lang=\"en-US\">\n<head>\n    <title>Swagger UI: OAuth2 Redirect</title>\n</head>\n"
        + "<body>\n<script>\n    'use strict';\n    function run () {\n"
        + "        var oauth2 = window.opener && window.opener.swaggerUIRedirectOauth2;\n"
        + "        if (oauth2) { oauth2.callback({auth: oauth2.auth, token: window.location.hash, isValid: true}); }\n"
        + "        window.close();\n    }\n"
        + "    if (document.readyState !== 'loading') { run(); } else {\n"
        + "        document.addEventListener('DOMContentLoaded', function () { run(); });\n    }\n</script>\n"
        + "</body>\n</html>\n");
  }

  private static Raw html(String text) {
    return new Raw("text/html; charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] serialize(JsonNode node) {
    try {
      return JSON.writeValueAsBytes(node);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The OpenAPI 3.1 document FastAPI builds from the app's metadata and routes. */
  static ObjectNode document() {
    ObjectNode doc = NODES.objectNode();
    doc.put("openapi", "3.1.0");
    ObjectNode info = doc.putObject("info");
    info.put("title", TITLE).put("description", TITLE);
    info.putObject("contact").put("name", "Nivedit Jain (Founder exosphere.host)").put("email", "nivedit@exosphere.host");
    info.putObject("license").put("name", "Elastic License 2.0 (ELv2)")
        .put("url", "https://github.com/exospherehost/exosphere-api-server/blob/main/LICENSE");
    info.put("version", "0.0.2-beta");
    ObjectNode paths = doc.putObject("paths");
    for (Operation op : OPERATIONS) {
      ObjectNode path = paths.has(op.path) ? (ObjectNode) paths.get(op.path) : paths.putObject(op.path);
      path.set(op.method, operation(op));
    }
    ObjectNode components = doc.putObject("components");
    components.set("schemas", Schemas.all());
    components.putObject("securitySchemes").putObject("APIKeyHeader")
        .put("type", "apiKey").put("in", "header").put("name", "x-api-key");
    return doc;
  }

  private static ObjectNode operation(Operation op) {
    ObjectNode out = NODES.objectNode();
    if (op.tag != null) {
      out.putArray("tags").add(op.tag);
    }
    out.put("summary", title(op.name));
    // FastAPI's generate_unique_id: name + path with every non-word character as "_", then the method.
    out.put("operationId", (op.name + op.path).replaceAll("\\W", "_") + "_" + op.method);
    boolean secured = op.tag != null;
    if (secured) {
      out.putArray("security").addObject().putArray("APIKeyHeader");
    }
    ArrayNode parameters = NODES.arrayNode();
    Matcher m = PARAM.matcher(op.path);
    while (m.find()) {
      String name = m.group(1);
      ObjectNode parameter = parameters.addObject();
      parameter.put("name", name).put("in", "path").put("required", true);
      boolean integer = name.equals("page") || name.equals("size");
      parameter.putObject("schema").put("type", integer ? "integer" : "string").put("title", title(name));
    }
    if (!parameters.isEmpty()) {
      out.set("parameters", parameters);
    }
    if (op.requestModel != null) {
      ObjectNode body = out.putObject("requestBody");
      body.putObject("content").putObject("application/json").putObject("schema")
          .put("$ref", "#/components/schemas/" + op.requestModel);
      body.put("required", true);
    }
    ObjectNode responses = out.putObject("responses");
    ObjectNode success = responses.putObject(Integer.toString(op.status));
    success.put("description", op.description);
    ObjectNode schema = success.putObject("content").putObject("application/json").putObject("schema");
    if (op.responseModel != null) {
      schema.put("$ref", "#/components/schemas/" + op.responseModel);
    } else {
      schema.put("additionalProperties", true).put("type", "object").put("title", "Response Health Health Get");
    }
    if (!parameters.isEmpty() || op.requestModel != null) {
      ObjectNode invalid = responses.putObject("422");
      invalid.put("description", "Validation Error");
      invalid.putObject("content").putObject("application/json").putObject("schema")
          .put("$ref", "#/components/schemas/HTTPValidationError");
    }
    return out;
  }

  /** Python's {@code name.replace("_", " ").title()}. */
  static String title(String name) {
    StringBuilder out = new StringBuilder(name.length());
    boolean start = true;
    for (char c : name.replace('_', ' ').toCharArray()) {
      if (Character.isLetter(c)) {
        out.append(start ? Character.toUpperCase(c) : Character.toLowerCase(c));
        start = false;
      } else {
        out.append(c);
        start = true;
      }
    }
    return out.toString();
  }

  /** The component schemas, sketched from the contract's models (§1.2). */
  private static final class Schemas {
    private Schemas() {}

    static ObjectNode all() {
      ObjectNode s = NODES.objectNode();
      model(s, "EdgeModel", "source:string", "target:string");
      model(s, "EnqueueRequestModel", "nodes:string[]", "batch_size:integer");
      model(s, "EnqueueResponseModel", "count:integer", "namespace:string", "status:string", "states:#StateModel[]");
      model(s, "ErroredRequestModel", "error:string");
      model(s, "ErroredResponseModel", "status:string", "retry_created:boolean");
      model(s, "ExecutedRequestModel", "outputs:object[]");
      model(s, "ExecutedResponseModel", "status:string");
      model(s, "GraphNodeModel", "id:string", "node_name:string", "identifier:string", "status:string",
          "error:string?");
      model(s, "GraphStructureResponse", "root_states:#GraphNodeModel[]", "graph_name:string",
          "nodes:#GraphNodeModel[]", "edges:#EdgeModel[]", "node_count:integer", "edge_count:integer",
          "execution_summary:object");
      model(s, "HTTPValidationError", "detail:#ValidationError[]?");
      model(s, "ListGraphTemplatesResponse", "namespace:string", "count:integer", "templates:object[]");
      model(s, "ListNamespacesResponse", "namespaces:string[]", "count:integer");
      model(s, "ListRegisteredNodesResponse", "namespace:string", "count:integer", "nodes:object[]");
      model(s, "ManualRetryRequestModel", "fanout_id:string");
      model(s, "ManualRetryResponseModel", "id:string", "status:string");
      model(s, "NodeRegistrationModel", "name:string", "inputs_schema:object", "outputs_schema:object",
          "secrets:string[]");
      model(s, "NodeRunDetailsResponse", "id:string", "node_name:string", "identifier:string", "graph_name:string",
          "run_id:string", "status:string", "inputs:object", "outputs:object", "error:string?", "parents:object",
          "created_at:string", "updated_at:string");
      model(s, "NodeTemplate", "node_name:string", "namespace:string", "identifier:string", "inputs:object",
          "next_nodes:string[]?", "unites:object?");
      model(s, "PruneRequestModel", "data:object");
      model(s, "ReEnqueueAfterRequestModel", "enqueue_after:integer");
      model(s, "RegisterNodesRequestModel", "runtime_name:string", "nodes:#NodeRegistrationModel[]");
      model(s, "RegisterNodesResponseModel", "runtime_name:string", "registered_nodes:#NodeRegistrationModel[]");
      model(s, "RunListItem", "run_id:string", "graph_name:string", "success_count:integer", "pending_count:integer",
          "errored_count:integer", "retried_count:integer", "total_count:integer", "status:string",
          "created_at:string");
      model(s, "RunsResponse", "namespace:string", "total:integer", "page:integer", "size:integer",
          "runs:#RunListItem[]");
      model(s, "SecretsResponseModel", "secrets:object");
      model(s, "SignalResponseModel", "enqueue_after:integer", "status:string");
      model(s, "StateModel", "state_id:string", "node_name:string", "identifier:string", "inputs:object",
          "created_at:string");
      model(s, "TriggerGraphRequestModel", "inputs:object?", "store:object?", "start_delay:integer?");
      model(s, "TriggerGraphResponseModel", "status:string", "run_id:string");
      model(s, "UpsertGraphTemplateRequest", "secrets:object", "nodes:#NodeTemplate[]", "retry_policy:object?",
          "store_config:object?", "triggers:object[]?");
      model(s, "UpsertGraphTemplateResponse", "nodes:#NodeTemplate[]", "secrets:object", "retry_policy:object",
          "store_config:object", "triggers:object[]", "created_at:string", "updated_at:string",
          "validation_status:string", "validation_errors:string[]");
      ObjectNode validation = model(s, "ValidationError", "loc:location", "msg:string", "type:string");
      JsonNode properties = validation.get("properties");
      ((ObjectNode) properties.get("loc")).put("title", "Location");
      ((ObjectNode) properties.get("msg")).put("title", "Message");
      ((ObjectNode) properties.get("type")).put("title", "Error Type");
      return s;
    }

    /**
     * One model; each field is {@code name:type}, type one of string, integer, boolean, object, location
     * or {@code #Model}, with {@code []} for a list and a trailing {@code ?} for an optional field.
     */
    private static ObjectNode model(ObjectNode schemas, String name, String... fields) {
      ObjectNode model = schemas.putObject(name);
      ObjectNode properties = model.putObject("properties");
      List<String> required = new ArrayList<>();
      for (String field : fields) {
        String[] parts = field.split(":", 2);
        String type = parts[1];
        boolean optional = type.endsWith("?");
        if (optional) {
          type = type.substring(0, type.length() - 1);
        } else {
          required.add(parts[0]);
        }
        ObjectNode property = properties.putObject(parts[0]);
        boolean list = type.endsWith("[]");
        ObjectNode item = list ? property.putObject("items") : property;
        if (list) {
          property.put("type", "array");
        }
        if (type.startsWith("#")) {
          item.put("$ref", "#/components/schemas/" + type.substring(1).replace("[]", ""));
        } else if (type.startsWith("location")) {
          property.put("type", "array");
          ArrayNode anyOf = property.putObject("items").putArray("anyOf");
          anyOf.addObject().put("type", "string");
          anyOf.addObject().put("type", "integer");
        } else {
          item.put("type", type.replace("[]", ""));
        }
        property.put("title", title(parts[0]));
      }
      model.put("type", "object");
      if (!required.isEmpty()) {
        ArrayNode names = model.putArray("required");
        required.forEach(names::add);
      }
      model.put("title", name);
      return model;
    }
  }
}
