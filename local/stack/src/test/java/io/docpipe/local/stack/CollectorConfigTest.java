package io.docpipe.local.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Guards {@code collector-layer/collector.yaml}, the configuration of the OpenTelemetry Lambda collector extension:
 * it may only use what the upstream distribution ships (an unknown component, or a bad secret reference, fails the
 * extension's Init and with it every function), every pipeline ends batch then decouple, it exports traces, metrics
 * and logs from the local OTLP receiver to Grafana Cloud, the token comes from Secrets Manager and nothing secret is
 * written down, and exporting after an invocation stays short and bounded.
 */
class CollectorConfigTest {
  /*
   * What release layer-collector/0.23.0 of github.com/open-telemetry/opentelemetry-lambda (2026-08-01; collector core
   * and contrib v0.157.0) ships in its default build: collector/lambdacomponents/default.go for the components,
   * collector/internal/collector/collector.go for the confmap providers. Re-check both files before moving
   * CollectorLayerArn to another release.
   */
  private static final Set<String> RECEIVERS = Set.of("otlp", "telemetryapi");
  private static final Set<String> PROCESSORS = Set.of("attributes", "batch", "coldstart", "decouple", "filter",
      "memory_limiter", "probabilistic_sampler", "resource", "span", "transform");
  private static final Set<String> EXPORTERS = Set.of("debug", "otlp_grpc", "otlp_http", "prometheusremotewrite");
  private static final Set<String> EXTENSIONS = Set.of("basicauth", "sigv4auth");
  /** The default build registers no connector. */
  private static final Set<String> CONNECTORS = Set.of();
  private static final Set<String> CONFMAP_PROVIDERS =
      Set.of("file", "env", "yaml", "http", "https", "s3", "secretsmanager");
  /**
   * Exporter names that v0.157 still accepts but logs as deprecated at every start (renamed in collector v0.144;
   * layers before 0.20.0 know only the old names).
   */
  private static final Map<String, String> DEPRECATED_EXPORTERS = Map.of("otlp", "otlp_grpc", "otlphttp", "otlp_http");
  private static final Map<String, Set<String>> SHIPPED = Map.of("receivers", RECEIVERS, "processors", PROCESSORS,
      "exporters", EXPORTERS, "extensions", EXTENSIONS, "connectors", CONNECTORS);

  private static final String OTLP_HTTP_EXPORTER = "otlp_http";
  private static final Set<String> SIGNALS = Set.of("traces", "metrics", "logs");
  private static final Pattern PROVIDER_REFERENCE = Pattern.compile("\\$\\{([A-Za-z][A-Za-z0-9+.-]*):");
  private static final Pattern ENV_REFERENCE = Pattern.compile("\\$\\{env:([A-Za-z_][A-Za-z0-9_]*)(:-[^}]*)?}");
  private static final Pattern AWS_ACCESS_KEY_ID = Pattern.compile("A[KS]IA[0-9A-Z]{16}");
  private static final Pattern SECRET_KEY = Pattern.compile("(?i).*(password|token|secret|api_?key|authorization).*");
  /** Go duration syntax as the collector reads it, e.g. 0s, 100ms, 1m30s. */
  private static final Pattern DURATION_PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|us|µs|ms|s|m|h)");
  /** Most an export may keep an environment after the response: well inside the shortest function timeout. */
  private static final Duration MAX_EXPORT_TIME = Duration.ofSeconds(8);

  private static Path root;
  private static String text;
  private static Map<String, Object> config;

  static Path configFile(Path repoRoot) {
    return repoRoot.resolve("collector-layer").resolve("collector.yaml").normalize();
  }

  @BeforeAll
  static void readConfig() throws IOException {
    root = TemplateTest.repoRoot();
    text = Files.readString(configFile(root));
    config = new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
    TemplateTest.ensureLoaded();
  }

  @Test
  void collectorConfig_usesOnlyComponentsTheLambdaDistributionShips() {
    SoftAssertions softly = new SoftAssertions();
    SHIPPED.forEach((kind, shipped) -> {
      Set<String> allowed = new TreeSet<>(shipped);
      if (kind.equals("exporters")) allowed.addAll(DEPRECATED_EXPORTERS.keySet());
      softly.assertThat(typesOf(section(kind).keySet())).as("%s types (layer-collector 0.23.0 ships %s)", kind, shipped)
          .isSubsetOf(allowed);
    });
    softly.assertThat(config.keySet()).as("top-level sections")
        .isSubsetOf("receivers", "processors", "exporters", "extensions", "connectors", "service");
    softly.assertAll();
  }

  @Test
  void collectorConfig_usesTheCurrentExporterNamesNotTheirDeprecatedAliases() {
    assertThat(typesOf(section("exporters").keySet())).doesNotContainAnyElementsOf(DEPRECATED_EXPORTERS.keySet());
  }

  @Test
  void collectorConfig_referencesOnlyConfmapProvidersTheDistributionShips() {
    Set<String> schemes = new TreeSet<>();
    strings(config).forEach(value -> {
      Matcher reference = PROVIDER_REFERENCE.matcher(value);
      while (reference.find()) schemes.add(reference.group(1));
    });
    assertThat(schemes).isNotEmpty().isSubsetOf(CONFMAP_PROVIDERS);
  }

  @Test
  void collectorConfig_definesEveryComponentItsPipelinesUse() {
    SoftAssertions softly = new SoftAssertions();
    pipelines().forEach((name, pipeline) -> {
      for (String kind : List.of("receivers", "processors", "exporters")) {
        softly.assertThat(ids(pipeline.get(kind))).as("%s's %s are defined", name, kind)
            .isSubsetOf(section(kind).keySet());
      }
    });
    softly.assertThat(ids(service().get("extensions"))).as("service.extensions are defined")
        .containsExactlyInAnyOrderElementsOf(section("extensions").keySet());
    section("exporters").forEach((id, exporter) -> {
      Object authenticator = map(map(exporter).getOrDefault("auth", Map.of())).get("authenticator");
      if (authenticator != null) {
        softly.assertThat(ids(service().get("extensions"))).as("%s's authenticator is enabled", id)
            .contains(String.valueOf(authenticator));
      }
    });
    softly.assertAll();
  }

  @Test
  void collectorConfig_everyPipelineBatchesThenDecouples() {
    SoftAssertions softly = new SoftAssertions();
    assertThat(pipelines()).isNotEmpty();
    pipelines().forEach((name, pipeline) -> {
      List<String> processors = typesOf(ids(pipeline.get("processors")));
      softly.assertThat(processors).as("%s's processors end with batch then decouple", name)
          .endsWith("batch", "decouple");
      softly.assertThat(processors.stream().filter("decouple"::equals).count()).as("%s: one decouple, the last", name)
          .isEqualTo(1);
      softly.assertThat(processors.stream().filter("batch"::equals).count()).as("%s: one batch", name).isEqualTo(1);
    });
    softly.assertAll();
  }

  /** The dashboards filter by deployment_environment and split by service_version: labels only if promoted. */
  @Test
  void collectorConfig_promotesEnvironmentAndVersionToMetricLabels() {
    Map<String, Object> metrics = pipelines().get("metrics");
    assertThat(ids(metrics.get("processors"))).as("the metrics pipeline").contains("transform/promote");
    List<Object> statements = new ArrayList<>();
    for (Object group : (List<?>) map(section("processors").get("transform/promote")).get("metric_statements")) {
      assertThat(map(group)).containsEntry("context", "datapoint");
      statements.addAll((List<?>) map(group).get("statements"));
    }
    assertThat(statements).containsExactly(
        "set(datapoint.attributes[\"deployment.environment\"], resource.attributes[\"deployment.environment\"])",
        "set(datapoint.attributes[\"service.version\"], resource.attributes[\"service.version\"])");
    assertThat(map(section("processors").get("transform/promote"))).as("a failing statement never drops data")
        .containsEntry("error_mode", "ignore");
  }

  @Test
  void collectorConfig_exportsTracesMetricsAndLogsFromOtlpToGrafanaCloud() {
    Map<String, Map<String, Object>> pipelines = pipelines();
    assertThat(typesOf(pipelines.keySet())).as("pipeline signals").containsExactlyInAnyOrderElementsOf(SIGNALS);
    SoftAssertions softly = new SoftAssertions();
    pipelines.forEach((name, pipeline) -> {
      softly.assertThat(typesOf(ids(pipeline.get("receivers")))).as("%s's receivers", name).containsExactly("otlp");
      softly.assertThat(typesOf(ids(pipeline.get("exporters")))).as("%s's exporters", name)
          .containsExactly(OTLP_HTTP_EXPORTER);
    });
    softly.assertAll();
  }

  @Test
  void collectorConfig_receivesOtlpHttpOnLocalhostWhereTheTemplateSendsIt() {
    Map<String, Object> protocols = map(map(section("receivers").get("otlp")).get("protocols"));
    SoftAssertions softly = new SoftAssertions();
    protocols.forEach((protocol, settings) -> softly.assertThat(String.valueOf(map(settings).get("endpoint")))
        .as("otlp %s listens on localhost only", protocol).startsWith("localhost:"));
    URI sdkEndpoint = URI.create(String.valueOf(TemplateTest.globalVariables().get("OTEL_EXPORTER_OTLP_ENDPOINT")));
    softly.assertThat(TemplateTest.globalVariables().get("OTEL_EXPORTER_OTLP_PROTOCOL")).isEqualTo("http/protobuf");
    softly.assertThat(protocols).as("the SDK exports OTLP/HTTP").containsKey("http");
    if (protocols.get("http") instanceof Map<?, ?> http) {
      softly.assertThat(String.valueOf(http.get("endpoint"))).as("the template's OTEL_EXPORTER_OTLP_ENDPOINT")
          .isEqualTo(sdkEndpoint.getHost() + ":" + sdkEndpoint.getPort());
    }
    softly.assertAll();
  }

  @Test
  void collectorConfig_takesTheGrafanaEndpointAndUserFromTheEnvironment() {
    SoftAssertions softly = new SoftAssertions();
    grafanaExporters().forEach((id, exporter) -> {
      softly.assertThat(exporter.get("endpoint")).as("%s.endpoint", id).isEqualTo("${env:GRAFANA_OTLP_ENDPOINT}");
      softly.assertThat(exporter).as(id)
          .doesNotContainKeys("traces_endpoint", "metrics_endpoint", "logs_endpoint", "headers");
    });
    basicAuthClients().forEach((id, client) -> softly.assertThat(client.get("username")).as("%s username", id)
        .isEqualTo("${env:GRAFANA_INSTANCE_ID}"));
    softly.assertAll();
  }

  @Test
  void collectorConfig_readsOnlyVariablesTheTemplateSets() {
    Set<String> read = new TreeSet<>();
    strings(config).forEach(value -> {
      Matcher reference = ENV_REFERENCE.matcher(value);
      while (reference.find()) read.add(reference.group(1));
    });
    assertThat(read).containsExactlyInAnyOrder("GRAFANA_OTLP_ENDPOINT", "GRAFANA_INSTANCE_ID",
        "GRAFANA_TOKEN_SECRET_ARN");
    assertThat(TemplateTest.globalVariables()).as("Globals.Function.Environment of template.yaml")
        .containsKeys(read.toArray(String[]::new));
  }

  @Test
  void collectorConfig_takesThePasswordFromSecretsManager() {
    Map<String, Map<String, Object>> clients = basicAuthClients();
    assertThat(clients).as("basicauth client authenticators").isNotEmpty();
    clients.forEach((id, client) -> assertThat(client.get("password")).as("%s password", id)
        .isEqualTo("${secretsmanager:${env:GRAFANA_TOKEN_SECRET_ARN}}"));
  }

  @Test
  void collectorConfig_containsNoLiteralSecret() throws IOException {
    SoftAssertions softly = new SoftAssertions();
    String readme = Files.readString(root.resolve("collector-layer").resolve("README.md"));
    for (Map.Entry<String, String> file : Map.of("collector.yaml", text, "README.md", readme).entrySet()) {
      softly.assertThat(file.getValue()).as(file.getKey()).doesNotContainIgnoringCase("glc_");
      softly.assertThat(AWS_ACCESS_KEY_ID.matcher(file.getValue()).find()).as("%s holds an AWS access key id",
          file.getKey()).isFalse();
    }
    softly.assertThat(text).doesNotContainIgnoringCase("authorization").doesNotContain("Basic ");
    // Every value under a secret-looking key is a Secrets Manager reference, never the value itself.
    entries(config, "").forEach((path, value) -> {
      String key = path.substring(path.lastIndexOf('.') + 1);
      if (SECRET_KEY.matcher(key).matches()) {
        softly.assertThat(String.valueOf(value)).as(path).matches("\\$\\{secretsmanager:.+}");
      }
    });
    // No server-side credentials (htpasswd) either: the receiver is localhost-only and takes no auth.
    softly.assertThat(text).doesNotContain("htpasswd");
    softly.assertAll();
  }

  @Test
  void collectorConfig_boundsTheExportAfterEachInvocation() {
    SoftAssertions softly = new SoftAssertions();
    int shortestFunctionTimeout = TemplateTest.functionProperties().values().stream()
        .mapToInt(fn -> Integer.parseInt(String.valueOf(TemplateTest.effectiveProperty(fn, "Timeout"))))
        .min().orElseThrow();
    grafanaExporters().forEach((id, exporter) -> {
      Duration timeout = duration(exporter.get("timeout"));
      Map<String, Object> retry = map(exporter.get("retry_on_failure"));
      softly.assertThat(retry).as("%s.retry_on_failure is set (the default retries for 300 s)", id).isNotNull();
      Duration retries = retry == null || Boolean.FALSE.equals(retry.get("enabled")) ? Duration.ZERO
          : duration(retry.get("max_elapsed_time"));
      softly.assertThat(timeout).as("%s.timeout", id).isPositive();
      softly.assertThat(retries).as("%s.retry_on_failure.max_elapsed_time (0 would retry forever)", id)
          .isPositive();
      softly.assertThat(timeout.plus(retries)).as("%s: longest export", id).isLessThanOrEqualTo(MAX_EXPORT_TIME)
          .isLessThan(Duration.ofSeconds(shortestFunctionTimeout));
      softly.assertThat(map(exporter.get("sending_queue"))).as("%s.sending_queue (no export behind the freeze)", id)
          .containsEntry("enabled", false);
    });
    section("processors").forEach((id, processor) -> {
      if (typeOf(id).equals("batch")) {
        softly.assertThat(duration(map(processor).get("timeout"))).as("%s.timeout: hand each flush on at once", id)
            .isZero();
      }
    });
    softly.assertAll();
  }

  // ---- reading the configuration ----

  private static Map<String, Map<String, Object>> grafanaExporters() {
    Map<String, Map<String, Object>> exporters = new LinkedHashMap<>();
    section("exporters").forEach((id, exporter) -> {
      if (typeOf(id).equals(OTLP_HTTP_EXPORTER)) exporters.put(id, map(exporter));
    });
    assertThat(exporters).as("OTLP/HTTP exporters").isNotEmpty();
    return exporters;
  }

  private static Map<String, Map<String, Object>> basicAuthClients() {
    Map<String, Map<String, Object>> clients = new LinkedHashMap<>();
    section("extensions").forEach((id, extension) -> {
      if (typeOf(id).equals("basicauth")) clients.put(id, map(map(extension).get("client_auth")));
    });
    return clients;
  }

  private static Map<String, Map<String, Object>> pipelines() {
    Map<String, Map<String, Object>> pipelines = new LinkedHashMap<>();
    map(service().getOrDefault("pipelines", Map.of())).forEach((name, pipeline) -> pipelines.put(name, map(pipeline)));
    return pipelines;
  }

  private static Map<String, Object> service() {
    return map(config.getOrDefault("service", Map.of()));
  }

  private static Map<String, Object> section(String kind) {
    Object section = config.get(kind);
    return section == null ? Map.of() : map(section);
  }

  private static List<String> ids(Object list) {
    return list == null ? List.of() : ((List<?>) list).stream().map(String::valueOf).toList();
  }

  /** A component id is {@code type[/name]}. */
  private static String typeOf(String id) {
    int slash = id.indexOf('/');
    return slash < 0 ? id : id.substring(0, slash);
  }

  private static List<String> typesOf(java.util.Collection<String> ids) {
    return ids.stream().map(CollectorConfigTest::typeOf).toList();
  }

  private static List<String> strings(Object value) {
    List<String> found = new ArrayList<>();
    entries(value, "").values().forEach(v -> {
      if (v instanceof String s) found.add(s);
    });
    return found;
  }

  /** Every leaf of {@code value}, by its dotted path. */
  private static Map<String, Object> entries(Object value, String path) {
    Map<String, Object> leaves = new LinkedHashMap<>();
    if (value instanceof Map<?, ?> m) {
      m.forEach((k, v) -> leaves.putAll(entries(v, path.isEmpty() ? String.valueOf(k) : path + "." + k)));
    } else if (value instanceof List<?> l) {
      for (int i = 0; i < l.size(); i++) leaves.putAll(entries(l.get(i), path + "[" + i + "]"));
    } else {
      leaves.put(path, value);
    }
    return leaves;
  }

  private static Duration duration(Object value) {
    assertThat(value).as("a duration").isNotNull();
    String text = String.valueOf(value).trim();
    if (text.equals("0")) return Duration.ZERO;
    Matcher part = DURATION_PART.matcher(text);
    Duration total = Duration.ZERO;
    int end = 0;
    while (part.find() && part.start() == end) {
      double amount = Double.parseDouble(part.group(1));
      long nanosPerUnit = switch (part.group(2)) {
        case "ns" -> 1L;
        case "us", "µs" -> 1_000L;
        case "ms" -> 1_000_000L;
        case "s" -> 1_000_000_000L;
        case "m" -> 60_000_000_000L;
        default -> 3_600_000_000_000L;
      };
      total = total.plusNanos(Math.round(amount * nanosPerUnit));
      end = part.end();
    }
    assertThat(end).as("%s is a Go duration", text).isEqualTo(text.length()).isPositive();
    return total;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value) {
    return (Map<String, Object>) value;
  }
}
