package io.docpipe.local.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One set of routes in three places: template.yaml's HttpApi events, the local front's {@link LocalStack#routes}, and
 * docs/openapi.yaml's operations (plus an ANY route for each of its paths, answered 405).
 */
class HttpRoutesTest {
  private static final Routes.Invoker NONE = (event, context) -> null;

  @BeforeAll
  static void load() throws IOException {
    TemplateTest.ensureLoaded();
  }

  @Test
  void theTemplate_theLocalFront_andTheOpenApiDocument_declareTheSameRoutes() throws IOException {
    Set<String> template = TemplateTest.httpApiEvents().stream()
        .map(route -> route.get("Method") + " " + route.get("Path")).collect(Collectors.toCollection(TreeSet::new));
    Set<String> local = new TreeSet<>(LocalStack.routes(NONE, NONE).routeKeys());
    OpenApiDocument doc = OpenApiDocument.load(TemplateTest.repoRoot());
    Set<String> documented = new TreeSet<>(doc.operations());
    doc.operations().forEach(op -> documented.add(Routes.ANY + " " + op.substring(op.indexOf(' ') + 1)));

    assertThat(local).as("the local front's routes").isEqualTo(template);
    assertThat(documented).as("docs/openapi.yaml's operations and an ANY route per path").isEqualTo(template);
  }

  @Test
  void eachRoute_goesToTheFunctionTheTemplateNames() {
    Map<String, String> functionOf = Map.of("/jobs", "api", "/jobs/{job_id}", "api", "/corpora/{corpus_name}/search", "search");
    Routes routes = LocalStack.routes(NONE, NONE);
    for (String key : routes.routeKeys()) {
      String path = key.substring(key.indexOf(' ') + 1);
      Routes.Match match = routes.match(key.startsWith(Routes.ANY) ? "DELETE" : key.substring(0, key.indexOf(' ')),
          path.replace("{job_id}", "j").replace("{corpus_name}", "c"));
      assertThat(match).as(key).isNotNull();
      assertThat(match.route().function()).as(key).isEqualTo(functionOf.get(path));
    }
  }

  @Test
  void aMethodRoute_winsOverTheAnyRouteOfItsPath() {
    Routes routes = LocalStack.routes(NONE, NONE);

    assertThat(routes.match("POST", "/jobs").route().routeKey()).isEqualTo("POST /jobs");
    assertThat(routes.match("GET", "/jobs").route().routeKey()).isEqualTo("ANY /jobs");
    assertThat(routes.match("GET", "/jobs/%2e%2e").pathParameters()).containsEntry("job_id", "..");
    assertThat(routes.match("GET", "/jobs/a+b%zz").pathParameters()).containsEntry("job_id", "a+b%zz");
    assertThat(routes.match("GET", "/jobs/")).isNull();
    assertThat(routes.match("GET", "/jobs/../../etc/passwd")).isNull();
  }
}
