package io.docpipe.dashboards;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One target of a panel. The language follows from the data source the target (or else its panel) names: a variable
 * of type prometheus, loki or tempo; anything else is {@link Language#OTHER}.
 */
public record Query(String refId, Language language, String datasourceUid, String expr, String legendFormat,
    boolean hidden) {

  public enum Language { PROMQL, LOGQL, TRACEQL, OTHER }

  static Query of(JsonNode target, JsonNode panelDatasource) {
    JsonNode datasource = target.path("datasource").isObject() ? target.path("datasource") : panelDatasource;
    String type = datasource.path("type").asText("");
    Language language = switch (type) {
      case "prometheus" -> Language.PROMQL;
      case "loki" -> Language.LOGQL;
      case "tempo" -> Language.TRACEQL;
      default -> Language.OTHER;
    };
    String expr = language == Language.TRACEQL ? target.path("query").asText("") : target.path("expr").asText("");
    return new Query(target.path("refId").asText(""), language, datasource.path("uid").asText(""), expr,
        target.path("legendFormat").asText(""), target.path("hide").asBoolean(false));
  }
}
