package io.docpipe.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/** What Grafana needs to import each dashboard, and what keeps it portable between Grafana stacks. */
class DashboardStructureTest {
  private static final List<Dashboard> DASHBOARDS = Dashboard.loadAll(Repo.dashboards());
  private static final Set<String> EXPECTED_UIDS = Set.of("docpipe-pipeline", "docpipe-api", "docpipe-failures",
      "docpipe-embedding", "docpipe-read-path", "docpipe-dlq", "docpipe-functions", "docpipe-deploy");
  private static final Pattern VARIABLE = Pattern.compile("\\$\\{?([A-Za-z_][A-Za-z0-9_]*)");
  private static final Set<String> DATASOURCE_TYPES = Set.of("prometheus", "loki", "tempo");

  @Test
  void theEightDashboards_eachHaveAUniqueUid() {
    List<String> uids = DASHBOARDS.stream().map(Dashboard::uid).toList();

    assertThat(uids).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(EXPECTED_UIDS);
    assertThat(uids).allMatch(uid -> uid.matches("[A-Za-z0-9_-]{1,40}"), "uids Grafana accepts (at most 40 characters)");
  }

  @Test
  void everyDashboard_hasASchemaVersionATitleAndNoInstanceId() {
    SoftAssertions softly = new SoftAssertions();
    for (Dashboard d : DASHBOARDS) {
      softly.assertThat(d.json().path("schemaVersion").isInt()).as("%s: schemaVersion", d.file()).isTrue();
      softly.assertThat(d.json().path("schemaVersion").asInt()).as("%s: schemaVersion", d.file()).isGreaterThanOrEqualTo(36);
      softly.assertThat(d.title()).as("%s: title", d.file()).isNotBlank();
      softly.assertThat(d.json().path("id").isNull() || d.json().path("id").isMissingNode())
          .as("%s: id is null (Grafana assigns one on import)", d.file()).isTrue();
      softly.assertThat(d.json().path("tags").toString()).as("%s: tags", d.file()).contains("\"docpipe\"");
    }
    softly.assertAll();
  }

  @Test
  void everyPanel_hasAUniqueIdATitleATypeAndAGridPosInside24Columns() {
    SoftAssertions softly = new SoftAssertions();
    for (Dashboard d : DASHBOARDS) {
      Set<Integer> ids = new HashSet<>();
      softly.assertThat(d.panels()).as("%s: panels", d.file()).isNotEmpty();
      for (Panel p : d.panels()) {
        String where = d.file().getFileName() + " panel '" + p.title() + "'";
        softly.assertThat(ids.add(p.id())).as("%s: id %d unique", where, p.id()).isTrue();
        softly.assertThat(p.id()).as("%s: id", where).isPositive();
        softly.assertThat(p.title()).as("%s: title", where).isNotBlank();
        softly.assertThat(p.type()).as("%s: type", where).isNotBlank();
        softly.assertThat(p.gridPos()).as("%s: gridPos", where).isNotNull();
        if (p.gridPos() == null) continue;
        softly.assertThat(p.gridPos().x()).as("%s: gridPos.x", where).isBetween(0, 23);
        softly.assertThat(p.gridPos().w()).as("%s: gridPos.w", where).isBetween(1, 24);
        softly.assertThat(p.gridPos().x() + p.gridPos().w()).as("%s: x + w", where).isLessThanOrEqualTo(24);
        softly.assertThat(p.gridPos().h()).as("%s: gridPos.h", where).isPositive();
        softly.assertThat(p.gridPos().y()).as("%s: gridPos.y", where).isNotNegative();
        if (!p.isRow()) softly.assertThat(p.queries()).as("%s: targets", where).isNotEmpty();
      }
    }
    softly.assertAll();
  }

  @Test
  void noTwoPanels_overlap() {
    List<String> overlaps = new ArrayList<>();
    for (Dashboard d : DASHBOARDS) {
      List<Panel> placed = d.panels().stream().filter(p -> p.gridPos() != null).toList();
      for (int i = 0; i < placed.size(); i++) {
        for (int j = i + 1; j < placed.size(); j++) {
          if (overlap(placed.get(i).gridPos(), placed.get(j).gridPos())) {
            overlaps.add(d.file().getFileName() + ": '" + placed.get(i).title() + "' and '" + placed.get(j).title() + "'");
          }
        }
      }
    }
    assertThat(overlaps).isEmpty();
  }

  /** A data source is always one of the dashboard's data source variables, never an id or uid of some Grafana. */
  @Test
  void everyDataSourceReference_isADataSourceVariableOfTheRightType() {
    List<String> problems = new ArrayList<>();
    for (Dashboard d : DASHBOARDS) {
      Map<String, String> datasourceVariables = new HashMap<>();
      d.variables().stream().filter(v -> v.type().equals("datasource"))
          .forEach(v -> datasourceVariables.put(v.name(), v.query()));
      walk(d.json(), "", (path, node) -> {
        if (path.endsWith(".datasourceId") || path.endsWith(".datasourceUid") && !node.asText().startsWith("$")) {
          problems.add(d.file().getFileName() + " " + path + " = " + node);
        }
        if (!path.endsWith(".datasource") || path.startsWith(".templating")) return;
        String uid = node.isObject() ? node.path("uid").asText("") : node.asText("");
        String type = node.path("type").asText("");
        Matcher m = Pattern.compile("^\\$\\{?([A-Za-z_][A-Za-z0-9_]*)}?$").matcher(uid);
        if (!m.matches() || !datasourceVariables.containsKey(m.group(1))) {
          problems.add(d.file().getFileName() + " " + path + " = " + node + " (not a data source variable)");
        } else if (!type.isEmpty() && !type.equals(datasourceVariables.get(m.group(1)))) {
          problems.add(d.file().getFileName() + " " + path + ": type " + type + " but $" + m.group(1) + " is "
              + datasourceVariables.get(m.group(1)));
        }
      });
      datasourceVariables.forEach((name, type) -> {
        if (!DATASOURCE_TYPES.contains(type)) problems.add(d.file().getFileName() + ": $" + name + " of type " + type);
      });
      if (!"prometheus".equals(datasourceVariables.get("prometheus"))) {
        problems.add(d.file().getFileName() + ": no data source variable 'prometheus'");
      }
    }
    assertThat(problems).isEmpty();
  }

  /** A query or link naming a variable the dashboard does not define would run with "$x" in it. */
  @Test
  void everyVariableUsed_isDefined() {
    List<String> undefined = new ArrayList<>();
    for (Dashboard d : DASHBOARDS) {
      Set<String> defined = new HashSet<>();
      d.variables().forEach(v -> defined.add(v.name()));
      walk(d.json(), "", (path, node) -> {
        if (!node.isTextual() || path.startsWith(".templating")) return;
        Matcher m = VARIABLE.matcher(node.asText());
        while (m.find()) {
          String name = m.group(1);
          if (!name.startsWith("__") && !defined.contains(name)) {
            undefined.add(d.file().getFileName() + " " + path + ": $" + name);
          }
        }
      });
    }
    assertThat(undefined).isEmpty();
  }

  @Test
  void everyTarget_hasAQuery_andRefIdsAreUniqueInAPanel() {
    SoftAssertions softly = new SoftAssertions();
    for (Dashboard d : DASHBOARDS) {
      for (Panel p : d.panels()) {
        Set<String> refIds = new HashSet<>();
        for (Query q : p.queries()) {
          String where = d.file().getFileName() + " '" + p.title() + "' " + q.refId();
          softly.assertThat(q.language()).as("%s: data source type", where).isNotEqualTo(Query.Language.OTHER);
          softly.assertThat(q.expr()).as("%s: query", where).isNotBlank();
          softly.assertThat(refIds.add(q.refId())).as("%s: refId unique", where).isTrue();
        }
      }
    }
    softly.assertAll();
  }

  private static boolean overlap(Panel.GridPos a, Panel.GridPos b) {
    return a.x() < b.x() + b.w() && b.x() < a.x() + a.w() && a.y() < b.y() + b.h() && b.y() < a.y() + a.h();
  }

  private static void walk(JsonNode node, String path, BiConsumer<String, JsonNode> visit) {
    if (node.isObject()) {
      node.properties().forEach(e -> {
        visit.accept(path + "." + e.getKey(), e.getValue());
        walk(e.getValue(), path + "." + e.getKey(), visit);
      });
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) walk(node.get(i), path + "[" + i + "]", visit);
    }
  }
}
