package io.docpipe.local.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * docs/openapi.yaml as the contract tests read it: every {@code $ref} inlined, the responses of each operation (and of
 * the {@code x-other-methods} and {@code x-unknown-paths} extensions), and JSON Schema 2020-12 validation of bodies
 * and header values against them.
 */
final class OpenApiDocument {
  /** The key of a path's other methods in {@link #responses}: {@code OTHER /jobs}. */
  static final String OTHER = "OTHER";
  /** The key of paths the document does not list. */
  static final String UNKNOWN_PATH = "UNKNOWN";
  private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonSchemaFactory SCHEMAS = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);

  private final JsonNode root;

  private OpenApiDocument(JsonNode root) {
    this.root = root;
  }

  static OpenApiDocument load(Path repoRoot) throws IOException {
    Object yaml = new Yaml(new SafeConstructor(new LoaderOptions()))
        .load(Files.readString(repoRoot.resolve("docs/openapi.yaml")));
    JsonNode raw = JSON.valueToTree(yaml);
    return new OpenApiDocument(inline(raw, raw, 0));
  }

  JsonNode root() {
    return root;
  }

  /** {@code POST /jobs}, {@code OTHER /jobs}, ..., and {@code UNKNOWN} to their responses by status code. */
  Map<String, Map<Integer, JsonNode>> responses() {
    Map<String, Map<Integer, JsonNode>> all = new LinkedHashMap<>();
    root.path("paths").fields().forEachRemaining(path -> {
      path.getValue().fields().forEachRemaining(op -> {
        if (METHODS.contains(op.getKey())) {
          all.put(op.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey(), byStatus(op.getValue().path("responses")));
        }
      });
      all.put(OTHER + " " + path.getKey(), byStatus(path.getValue().path("x-other-methods").path("responses")));
    });
    all.put(UNKNOWN_PATH, byStatus(root.path("x-unknown-paths").path("responses")));
    return all;
  }

  /** The methods a path allows, as {@code x-other-methods.allow} lists them. */
  List<String> allowed(String path) {
    List<String> allow = new ArrayList<>();
    root.path("paths").path(path).path("x-other-methods").path("allow").forEach(m -> allow.add(m.asText()));
    return allow;
  }

  /** The operations ({@code POST /jobs}, ...) the document describes. */
  Set<String> operations() {
    Set<String> operations = new TreeSet<>();
    responses().keySet().stream().filter(k -> !k.startsWith(OTHER + " ") && !k.equals(UNKNOWN_PATH)).forEach(operations::add);
    return operations;
  }

  /** Whether a function (or the local front) can give this response, so a test must drive it. */
  static boolean producedLocally(JsonNode response) {
    JsonNode by = response.get("x-produced-by");
    if (by == null) return true;
    for (JsonNode b : by) {
      if (b.asText().equals("function")) return true;
    }
    return false;
  }

  /** Why {@code value} does not match {@code schema}; empty when it does. */
  static List<String> violations(JsonNode schema, JsonNode value) {
    JsonSchema compiled = SCHEMAS.getSchema(schema);
    return compiled.validate(value).stream().map(ValidationMessage::getMessage).toList();
  }

  private static Map<Integer, JsonNode> byStatus(JsonNode responses) {
    Map<Integer, JsonNode> byStatus = new LinkedHashMap<>();
    responses.fields().forEachRemaining(r -> byStatus.put(Integer.parseInt(r.getKey()), r.getValue()));
    return byStatus;
  }

  /** {@code node} with every local {@code $ref} replaced by (a copy of) what it points at. */
  private static JsonNode inline(JsonNode node, JsonNode root, int depth) {
    if (depth > 50) throw new IllegalStateException("$ref cycle in docs/openapi.yaml");
    if (node.isObject()) {
      JsonNode ref = node.get("$ref");
      if (ref != null && ref.isTextual()) {
        String pointer = ref.asText();
        if (!pointer.startsWith("#/")) throw new IllegalStateException("only local $refs are supported: " + pointer);
        JsonNode target = root.at(pointer.substring(1));
        if (target.isMissingNode()) throw new IllegalStateException("docs/openapi.yaml: unresolved $ref " + pointer);
        return inline(target, root, depth + 1);
      }
      ObjectNode copy = JSON.createObjectNode();
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        copy.set(field.getKey(), inline(field.getValue(), root, depth));
      }
      return copy;
    }
    if (node.isArray()) {
      var copy = JSON.createArrayNode();
      node.forEach(item -> copy.add(inline(item, root, depth)));
      return copy;
    }
    return node;
  }
}
