package io.docpipe.dashboards;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** A panel of a dashboard: where it sits, what it is, and the queries it runs. */
public record Panel(JsonNode json, int id, String title, String type, GridPos gridPos, String unit,
    List<Query> queries) {

  public record GridPos(int x, int y, int w, int h) {}

  static Panel of(JsonNode json) {
    JsonNode grid = json.path("gridPos");
    GridPos gridPos = grid.isMissingNode() ? null
        : new GridPos(grid.path("x").asInt(-1), grid.path("y").asInt(-1), grid.path("w").asInt(0), grid.path("h").asInt(0));
    List<Query> queries = new ArrayList<>();
    for (JsonNode target : json.path("targets")) queries.add(Query.of(target, json.path("datasource")));
    return new Panel(json, json.path("id").asInt(-1), json.path("title").asText(""), json.path("type").asText(""),
        gridPos, json.path("fieldConfig").path("defaults").path("unit").asText(""), List.copyOf(queries));
  }

  public boolean isRow() {
    return "row".equals(type);
  }

  public List<Query> promQueries() {
    return queries.stream().filter(q -> q.language() == Query.Language.PROMQL).toList();
  }
}
