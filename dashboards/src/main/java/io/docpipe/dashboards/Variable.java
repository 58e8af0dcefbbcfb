package io.docpipe.dashboards;

import com.fasterxml.jackson.databind.JsonNode;

/** A template variable: a data source picker, a label_values query, a textbox, a constant or a custom list. */
public record Variable(String name, String type, String query, String current, boolean multi, String allValue) {

  static Variable of(JsonNode json) {
    JsonNode query = json.path("query");
    String text = query.isObject() ? query.path("query").asText("") : query.asText("");
    JsonNode current = json.path("current").path("value");
    String value = current.isArray() ? (current.isEmpty() ? "" : current.get(0).asText("")) : current.asText("");
    return new Variable(json.path("name").asText(""), json.path("type").asText(""), text, value,
        json.path("multi").asBoolean(false), json.path("allValue").isNull() ? null : json.path("allValue").asText(null));
  }
}
