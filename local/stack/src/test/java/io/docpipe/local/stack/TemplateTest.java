package io.docpipe.local.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Guards the rules of {@code template.yaml} that a deploy would only reveal in AWS: the SAM schema, jar paths,
 * partial batch failures, redrive and visibility, the environment the code reads, log retention, the jobs index, and
 * the telemetry wiring (collector layers, service names, the Grafana Cloud token only as a secret ARN).
 * The template is read the way CloudFormation reads it, short-form tags ({@code !Ref}, {@code !Sub}, ...) included.
 */
class TemplateTest {
  /**
   * Exactly the variables read in AWS: by the functions' code and SDK, and, for {@code OPENTELEMETRY_COLLECTOR_*} and
   * {@code GRAFANA_*}, by the collector extension and {@code collector-layer/collector.yaml}.
   */
  private static final Set<String> ALLOWED_ENV = Set.of("JOBS_TABLE", "DOCUMENTS_BUCKET", "SCRAPE_QUEUE_URL",
      "CHUNK_QUEUE_URL", "EMBED_QUEUE_URL", "SCRAPE_DLQ_URL", "CHUNK_DLQ_URL", "EMBED_DLQ_URL", "SCRAPER_MAX_BYTES",
      "SCRAPER_CONNECT_TIMEOUT_MS", "SCRAPER_TIMEOUT_MS", "CHUNK_MAX_TOKENS", "CHUNK_OVERLAP_TOKENS", "CHUNKS_PER_PART",
      "CHUNK_MAX_CHARS", "EMBEDDING_BASE_URL", "EMBEDDING_MODEL", "EMBEDDING_DIMENSION", "EMBEDDING_TIMEOUT_MS", "EMBED_BATCH_MAX_ITEMS",
      "EMBED_BATCH_MAX_TOKENS", "VECTOR_DB_URL", "VECTOR_DB_USER", "VECTOR_DB_SECRET_ARN", "STUCK_AFTER_MINUTES",
      "STUCK_MAX_REQUEUES", "JAVA_TOOL_OPTIONS", "QUEUE_MAX_RECEIVE_COUNT", "QUEUE_RETRY_BASE_SECONDS",
      "QUEUE_RETRY_MAX_SECONDS", "EMBED_RETRY_MAX_ATTEMPTS",
      "EMBED_RETRY_BASE_MS", "EMBED_RETRY_MAX_MS", "BREAKER_MIN_CALLS", "BREAKER_FAILURE_RATE_PERCENT",
      "BREAKER_WINDOW_SECONDS", "BREAKER_OPEN_SECONDS", "SCRAPER_ALLOWED_PORTS", "SCRAPER_BLOCKED_CIDRS",
      "SUBMISSIONS_PER_MINUTE", "PROBE_QUEUE_URL", "PROBE_DLQ_URL",
      // telemetry: the SDK in every function
      "OTEL_SERVICE_NAME", "OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_PROTOCOL", "DEPLOYMENT_ENVIRONMENT",
      "TELEMETRY_FLUSH_TIMEOUT_MS",
      // telemetry: the collector extension and its configuration
      "OPENTELEMETRY_COLLECTOR_CONFIG_URI", "GRAFANA_OTLP_ENDPOINT", "GRAFANA_INSTANCE_ID", "GRAFANA_TOKEN_SECRET_ARN");
  /** Where API Gateway's JWT authorizer finds the bearer token. */
  static final String BEARER_HEADER = "$request.header.Authorization";
  /** Where a layer's files land in the execution environment. */
  static final String LAYER_ROOT = "/opt/";
  private static final Pattern AWS_ACCESS_KEY_ID = Pattern.compile("A[KS]IA[0-9A-Z]{16}");
  private static final Pattern SECRETISH_NAME =
      Pattern.compile(".*(^|_)(TOKEN|PASSWORD|PASSWD|SECRET|KEY|APIKEY|CREDENTIALS?|AUTH)(_|$).*");
  private static final Pattern CODE_URI = Pattern.compile("functions/([a-z0-9-]+)/target/function\\.jar");
  private static final Pattern WRONG_TYPE = Pattern.compile("(.*)\\.properties\\.Type\\.(enum|pattern)");

  private static Path root;
  private static String text;
  private static Map<String, Object> template;

  @BeforeAll
  static void readTemplate() throws IOException {
    root = repoRoot();
    text = Files.readString(root.resolve("template.yaml"));
    template = CfnYaml.load(text);
  }

  @Test
  void template_conformsToTheSamSchema() throws IOException {
    Path schemaFile = root.resolve("../shared/schemas/sam.schema.json").normalize();
    if (!Files.isRegularFile(schemaFile)) {
      fail("The SAM schema is missing: expected " + schemaFile + " (the shared folder next to the repo; CI has it)");
    }
    JsonSchema schema;
    try (InputStream in = Files.newInputStream(schemaFile)) {
      schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(in);
    }
    assertThat(explained(schema.validate(new ObjectMapper().valueToTree(template)))).isEmpty();
  }

  @Test
  void template_pointsEveryCodeUriAtItsModulesFunctionJar() throws IOException {
    SoftAssertions softly = new SoftAssertions();
    Set<String> modules = new TreeSet<>();
    functions().forEach((id, fn) -> {
      Matcher uri = CODE_URI.matcher(String.valueOf(fn.get("CodeUri")));
      if (!uri.matches()) {
        softly.fail("%s: CodeUri %s is not functions/<module>/target/function.jar", id, fn.get("CodeUri"));
        return;
      }
      String module = uri.group(1);
      modules.add(module);
      softly.assertThat(root.resolve("functions").resolve(module)).as("%s's module", id).isDirectory();
      softly.assertThat(String.valueOf(fn.get("Handler"))).as("%s's handler lives in its module's package", id)
          .matches("io\\.docpipe\\." + module.replace("-", "") + "\\.[A-Z][A-Za-z]*Handler::handleRequest");
    });
    try (Stream<Path> dirs = Files.list(root.resolve("functions"))) {
      softly.assertThat(modules).as("every function module is deployed")
          .containsExactlyInAnyOrderElementsOf(dirs.filter(d -> Files.isRegularFile(d.resolve("pom.xml")))
              .map(d -> d.getFileName().toString()).toList());
    }
    softly.assertAll();
  }

  @Test
  void template_reportsBatchItemFailuresForEverySqsTrigger() {
    List<Map<String, Object>> sqsEvents = sqsEvents().values().stream().flatMap(List::stream).toList();
    assertThat(sqsEvents).hasSize(4).allSatisfy(event ->
        assertThat(list(event.get("FunctionResponseTypes"))).containsExactly("ReportBatchItemFailures"));
  }

  @Test
  void template_givesEveryQueueADeadLetterQueueAfterAtLeastFiveReceives() {
    Map<String, Map<String, Object>> queues = ofType("AWS::SQS::Queue");
    Set<String> dlqs = new TreeSet<>();
    queues.forEach((id, queue) -> {
      if (queue.get("RedrivePolicy") instanceof Map<?, ?> redrive) {
        dlqs.add(getAttTarget(redrive.get("deadLetterTargetArn")));
      }
    });
    SoftAssertions softly = new SoftAssertions();
    softly.assertThat(queues.keySet()).as("every DLQ is a queue of this stack").containsAll(dlqs);
    queues.forEach((id, queue) -> {
      if (dlqs.contains(id)) {
        softly.assertThat(intValue(queue.get("MessageRetentionPeriod"))).as("%s keeps messages 14 days", id)
            .isEqualTo(14 * 24 * 3600);
      } else {
        Map<String, Object> redrive = map(queue.get("RedrivePolicy"));
        softly.assertThat(redrive).as("%s has a redrive policy", id).isNotNull();
        if (redrive != null) {
          softly.assertThat(intValue(redrive.get("maxReceiveCount"))).as(id).isGreaterThanOrEqualTo(5)
              .as("%s's maxReceiveCount is the QUEUE_MAX_RECEIVE_COUNT the functions count against", id)
              .isEqualTo(intValue(variables(globalsFunction()).get("QUEUE_MAX_RECEIVE_COUNT")));
        }
      }
    });
    softly.assertThat(queues.size()).as("queues").isEqualTo(2 * dlqs.size());
    softly.assertAll();
  }

  @Test
  void template_keepsEveryQueueInvisibleForSixConsumerTimeouts() {
    Map<String, Map<String, Object>> queues = ofType("AWS::SQS::Queue");
    SoftAssertions softly = new SoftAssertions();
    sqsEvents().forEach((fnId, events) -> events.forEach(event -> {
      String queueId = getAttTarget(event.get("Queue"));
      int timeout = intValue(effective(functions().get(fnId), "Timeout"));
      softly.assertThat(intValue(queues.get(queueId).get("VisibilityTimeout")))
          .as("%s's VisibilityTimeout vs 6 x %s's %d s", queueId, fnId, timeout)
          .isGreaterThanOrEqualTo(6 * timeout);
    }));
    softly.assertAll();
  }

  @Test
  void template_setsOnlyTheEnvironmentVariablesTheCodeReads() {
    Set<String> everywhere = new TreeSet<>(variables(globalsFunction()).keySet());
    SoftAssertions softly = new SoftAssertions();
    softly.assertThat(everywhere).as("Globals").isSubsetOf(ALLOWED_ENV);
    functions().forEach((id, fn) -> {
      softly.assertThat(variables(fn).keySet()).as(id).isSubsetOf(ALLOWED_ENV);
      everywhere.addAll(variables(fn).keySet());
    });
    softly.assertThat(everywhere).as("every variable the code reads is set")
        .containsExactlyInAnyOrderElementsOf(ALLOWED_ENV);
    softly.assertAll();
  }

  @Test
  void template_scraperBatch_fitsItsFunctionTimeout() {
    Map<String, Object> scraper = functions().get("ScraperFunction");
    int batch = sqsEvents().get("ScraperFunction").stream().mapToInt(e -> intValue(e.get("BatchSize"))).max().orElseThrow();
    int perPageMillis = intValue(variables(scraper).get("SCRAPER_TIMEOUT_MS"));
    int timeoutSeconds = intValue(effective(scraper, "Timeout"));

    assertThat((long) batch * perPageMillis).as("%d pages x %d ms within %d s", batch, perPageMillis, timeoutSeconds)
        .isLessThan(timeoutSeconds * 1000L);
  }

  @Test
  void localStack_pollsWithTheTemplatesBatchSizesAndTimeouts() {
    Map<String, FunctionSpec> local = Map.of("ScraperFunction", LocalStack.SCRAPER, "ChunkerFunction", LocalStack.CHUNKER,
        "EmbedderFunction", LocalStack.EMBEDDER, "BreakerProbeFunction", LocalStack.BREAKER_PROBE);
    local.forEach((id, spec) -> {
      int batch = sqsEvents().get(id).stream().mapToInt(e -> intValue(e.get("BatchSize"))).max().orElseThrow();
      assertThat(spec.batchSize()).as("%s batch size", id).isEqualTo(batch);
      assertThat(spec.timeout().toSeconds()).as("%s timeout", id).isEqualTo(intValue(effective(functions().get(id), "Timeout")));
    });
  }

  @Test
  void template_keepsEveryQueuesMessagesFourteenDays() {
    // SQS's default is 4 days: a GPU outage longer than that would expire the paused embed messages.
    assertThat(ofType("AWS::SQS::Queue")).hasSize(8).allSatisfy((id, queue) ->
        assertThat(queue.get("MessageRetentionPeriod")).as("%s's MessageRetentionPeriod", id).isNotNull()
            .satisfies(seconds -> assertThat(intValue(seconds)).as(id).isGreaterThanOrEqualTo(14 * 24 * 3600)));
  }

  @Test
  void template_keepsDocumentsAndChunksLongerThanAnyQueueKeepsAMessage() {
    int retention = ofType("AWS::SQS::Queue").values().stream().mapToInt(q -> intValue(q.get("MessageRetentionPeriod")))
        .max().orElseThrow();
    List<Object> rules = list(map(ofType("AWS::S3::Bucket").get("DocumentsBucket").get("LifecycleConfiguration")).get("Rules"));
    Map<String, Integer> expiryByPrefix = new LinkedHashMap<>();
    rules.stream().map(TemplateTest::map).filter(rule -> rule.containsKey("ExpirationInDays"))
        .forEach(rule -> expiryByPrefix.put(String.valueOf(rule.get("Prefix")), intValue(rule.get("ExpirationInDays"))));
    assertThat(expiryByPrefix).containsOnlyKeys("documents/", "chunks/").allSatisfy((prefix, days) ->
        assertThat(days * 24 * 3600).as("%s expiry vs the queues' %d s retention", prefix, retention).isGreaterThan(retention));
  }

  @Test
  void template_capsEverySqsTriggersConcurrencyWithAParameter() {
    SoftAssertions softly = new SoftAssertions();
    sqsEvents().forEach((fnId, events) -> events.forEach(event -> {
      Map<String, Object> scaling = map(event.get("ScalingConfig"));
      softly.assertThat(scaling).as("%s's SQS trigger has a ScalingConfig", fnId).isNotNull();
      if (scaling == null) return;
      Object ref = map(scaling.get("MaximumConcurrency")).get("Ref");
      Map<String, Object> parameter = parameter(String.valueOf(ref));
      // AWS accepts 2 to 1000.
      softly.assertThat(intValue(parameter.get("MinValue"))).as("%s MinValue", ref).isGreaterThanOrEqualTo(2);
      softly.assertThat(intValue(parameter.get("MaxValue"))).as("%s MaxValue", ref).isLessThanOrEqualTo(1000);
      softly.assertThat(intValue(parameter.get("Default"))).as("%s Default", ref).isBetween(2, 1000);
    }));
    softly.assertThat(sqsEvents().values().stream().mapToLong(List::size).sum()).as("SQS triggers").isEqualTo(4);
    softly.assertAll();
  }

  @Test
  void localStack_runsAsManyEnvironmentsAsTheTemplatesConcurrencyDefaults() {
    Map<String, FunctionSpec> local = Map.of("ScraperFunction", LocalStack.SCRAPER, "ChunkerFunction", LocalStack.CHUNKER,
        "EmbedderFunction", LocalStack.EMBEDDER, "BreakerProbeFunction", LocalStack.BREAKER_PROBE);
    local.forEach((id, spec) -> {
      Map<String, Object> scaling = map(sqsEvents().get(id).getFirst().get("ScalingConfig"));
      String ref = String.valueOf(map(scaling.get("MaximumConcurrency")).get("Ref"));
      assertThat(spec.concurrency()).as("%s concurrency vs %s's default", id, ref)
          .isEqualTo(intValue(parameter(ref).get("Default")));
    });
  }

  @Test
  void template_neverAllowsLoopbackFetches() {
    assertThat(text).doesNotContain("SCRAPER_ALLOW_LOOPBACK");
  }

  @Test
  void template_neverRedirectsAwsClientsToLocalEndpoints() {
    assertThat(text).doesNotContain("AWS_ENDPOINT_URL").doesNotContain("S3_FORCE_PATH_STYLE");
  }

  @Test
  void template_neverCarriesTheDatabasePassword() {
    assertThat(text).doesNotContain("VECTOR_DB_PASSWORD");
  }

  @Test
  void template_enablesSnapStartOnEveryFunction() {
    assertThat(functions()).allSatisfy((id, fn) -> {
      assertThat(effective(fn, "Runtime")).as(id).isEqualTo("java21");
      assertThat(effective(fn, "SnapStart")).as(id).isEqualTo(Map.of("ApplyOn", "PublishedVersions"));
      assertThat(effective(fn, "AutoPublishAlias")).as(id).isEqualTo("live");
    });
  }

  @Test
  void template_givesEveryFunctionALogGroupWithRetention() {
    Map<String, Map<String, Object>> logGroups = ofType("AWS::Logs::LogGroup");
    assertThat(functions()).allSatisfy((id, fn) -> {
      String logGroupId = logGroupOf(id, fn, logGroups);
      assertThat(logGroupId).as("log group /aws/lambda/<%s's name>", id).isNotNull();
      assertThat(logGroups.get(logGroupId)).as(logGroupId).containsKey("RetentionInDays");
    });
  }

  @Test
  void template_createsEachLogGroupBeforeItsFunction() {
    // Lambda creates /aws/lambda/<name> itself (without retention) if it logs first, e.g. while SnapStart publishes a
    // version; CloudFormation would then fail to create the same group.
    Map<String, Map<String, Object>> logGroups = ofType("AWS::Logs::LogGroup");
    assertThat(functions()).allSatisfy((id, fn) -> {
      Object dependsOn = map(resources().get(id)).get("DependsOn");
      List<Object> deps = dependsOn instanceof List<?> l ? new ArrayList<>(l) : List.of(String.valueOf(dependsOn));
      assertThat(deps).as(id).contains(logGroupOf(id, fn, logGroups));
    });
  }

  @Test
  void template_keysActiveJobsIndexByStatusAndUpdatedAt() {
    Map<String, Object> table = ofType("AWS::DynamoDB::Table").get("JobsTable");
    assertThat(table).containsEntry("BillingMode", "PAY_PER_REQUEST")
        .containsEntry("KeySchema", List.of(Map.of("AttributeName", "job_id", "KeyType", "HASH")));
    assertThat(list(table.get("AttributeDefinitions"))).containsExactlyInAnyOrder(
        Map.of("AttributeName", "job_id", "AttributeType", "S"),
        Map.of("AttributeName", "active_status", "AttributeType", "S"),
        Map.of("AttributeName", "updated_at", "AttributeType", "S"));
    assertThat(list(table.get("GlobalSecondaryIndexes"))).singleElement().isEqualTo(Map.of(
        "IndexName", "active-jobs",
        "KeySchema", List.of(Map.of("AttributeName", "active_status", "KeyType", "HASH"),
            Map.of("AttributeName", "updated_at", "KeyType", "RANGE")),
        "Projection", Map.of("ProjectionType", "ALL")));
    assertThat(map(table.get("PointInTimeRecoverySpecification"))).containsEntry("PointInTimeRecoveryEnabled", true);
    assertThat(map(table.get("TimeToLiveSpecification"))).as("the api's idempotency and quota items expire")
        .isEqualTo(Map.of("AttributeName", "expires_at", "Enabled", true));
  }

  // ---- the HTTP API: authorizer, routes ----

  @Test
  void template_putsEveryRouteBehindTheJwtAuthorizer() {
    Map<String, Map<String, Object>> apis = ofType("AWS::Serverless::HttpApi");
    assertThat(apis).as("one HTTP API").containsOnlyKeys("DocpipeHttpApi");
    Map<String, Object> auth = map(apis.get("DocpipeHttpApi").get("Auth"));
    assertThat(auth).as("DocpipeHttpApi.Auth").isNotNull();
    String defaultAuthorizer = String.valueOf(auth.get("DefaultAuthorizer"));
    Map<String, Object> authorizer = map(map(auth.get("Authorizers")).get(defaultAuthorizer));
    assertThat(authorizer).as("the default authorizer %s is defined", defaultAuthorizer).isNotNull();
    assertThat(authorizer).containsEntry("IdentitySource", BEARER_HEADER).containsEntry("JwtConfiguration",
        Map.of("issuer", Map.of("Ref", "JwtIssuer"), "audience", Map.of("Ref", "JwtAudience")));
    assertThat(parameter("JwtIssuer")).doesNotContainKey("Default");
    assertThat(String.valueOf(parameter("JwtIssuer").get("AllowedPattern"))).startsWith("^https://");
    assertThat(parameter("JwtAudience")).containsEntry("Type", "CommaDelimitedList").doesNotContainKey("Default");

    List<Map<String, Object>> routes = httpApiEvents();
    assertThat(routes).as("HttpApi events").isNotEmpty().allSatisfy(route -> {
      assertThat(route).as("%s %s is a route of DocpipeHttpApi", route.get("Method"), route.get("Path"))
          .containsEntry("ApiId", Map.of("Ref", "DocpipeHttpApi"));
      // An event's own Auth would override the default (Authorizer: NONE opens the route).
      assertThat(route).as("%s %s keeps the default authorizer", route.get("Method"), route.get("Path"))
          .doesNotContainKey("Auth");
      assertThat(route).as("a $default route would send every unknown path to a function")
          .containsKeys("Method", "Path");
    });
  }

  @Test
  void template_sendsWrongMethodsOnEveryPathToItsFunction() {
    Map<String, Set<String>> methodsByPath = new LinkedHashMap<>();
    Map<String, Set<String>> functionsByPath = new LinkedHashMap<>();
    functions().forEach((id, fn) -> map(fn.getOrDefault("Events", Map.of())).values().stream().map(TemplateTest::map)
        .filter(event -> "HttpApi".equals(event.get("Type"))).map(event -> map(event.get("Properties")))
        .forEach(route -> {
          String path = String.valueOf(route.get("Path"));
          methodsByPath.computeIfAbsent(path, p -> new TreeSet<>()).add(String.valueOf(route.get("Method")));
          functionsByPath.computeIfAbsent(path, p -> new TreeSet<>()).add(id);
        }));
    SoftAssertions softly = new SoftAssertions();
    methodsByPath.forEach((path, methods) -> {
      softly.assertThat(methods).as("%s has an ANY route and a method route", path).contains("ANY").hasSizeGreaterThan(1);
      softly.assertThat(functionsByPath.get(path)).as("%s: every route of the path goes to one function", path).hasSize(1);
    });
    softly.assertAll();
  }

  /** The HttpApi events' properties ({@code Method}, {@code Path}, ...), for the route tests. */
  static List<Map<String, Object>> httpApiEvents() {
    List<Map<String, Object>> routes = new ArrayList<>();
    functions().values().forEach(fn -> map(fn.getOrDefault("Events", Map.of())).values().stream().map(TemplateTest::map)
        .filter(event -> "HttpApi".equals(event.get("Type")))
        .forEach(event -> routes.add(map(event.get("Properties")))));
    return routes;
  }

  @Test
  void template_neverHardCodesResourceNames() {
    assertThat(resources()).allSatisfy((id, resource) -> map(map(resource).getOrDefault("Properties", Map.of()))
        .forEach((key, value) -> {
          if (List.of("FunctionName", "QueueName", "TableName", "LogGroupName", "BucketName", "Name").contains(key)) {
            assertThat(value).as("%s.%s is built from the stack name", id, key).isInstanceOf(Map.class);
          }
        }));
  }


  // ---- telemetry: collector layers, service names, the Grafana Cloud token ----

  @Test
  void template_givesEveryFunctionOurCollectorConfigLayerAndTheCollectorExtension() {
    assertThat(list(globalsFunction().get("Layers"))).as("Globals.Function.Layers")
        .containsExactly(Map.of("Ref", "CollectorConfigLayer"), Map.of("Ref", "CollectorLayerArn"));
    assertThat(functions()).allSatisfy((id, fn) ->
        assertThat(fn).as("%s keeps the global layers (its own Layers would be added to them)", id)
            .doesNotContainKey("Layers"));
    assertThat(ofType("AWS::Serverless::LayerVersion")).as("our only layer").containsOnlyKeys("CollectorConfigLayer");
    Map<String, Object> layerArn = parameter("CollectorLayerArn");
    assertThat(layerArn).as("CollectorLayerArn is chosen per region and architecture").doesNotContainKey("Default");
    assertThat(String.valueOf(layerArn.get("AllowedPattern"))).contains(":lambda:").contains(":layer:");
  }

  @Test
  void template_pointsTheCollectorAtTheConfigFileOurLayerShips() {
    String contentUri = String.valueOf(ofType("AWS::Serverless::LayerVersion").get("CollectorConfigLayer")
        .get("ContentUri"));
    Path layerDir = root.resolve(contentUri).normalize();
    assertThat(layerDir).as("CollectorConfigLayer's ContentUri").isDirectory();
    String configUri = String.valueOf(variables(globalsFunction()).get("OPENTELEMETRY_COLLECTOR_CONFIG_URI"));
    assertThat(configUri).as("a plain path is read by the collector's file provider").startsWith(LAYER_ROOT);
    assertThat(layerDir.resolve(configUri.substring(LAYER_ROOT.length())))
        .as("%s is a file of the layer's folder %s", configUri, contentUri).isRegularFile();
    assertThat(layerDir.resolve(configUri.substring(LAYER_ROOT.length())))
        .isEqualTo(CollectorConfigTest.configFile(root));
  }

  @Test
  void template_namesEveryFunctionsServiceAfterItsStage() {
    SoftAssertions softly = new SoftAssertions();
    softly.assertThat(variables(globalsFunction())).as("Globals").doesNotContainKey("OTEL_SERVICE_NAME");
    functions().forEach((id, fn) -> {
      Matcher uri = CODE_URI.matcher(String.valueOf(fn.get("CodeUri")));
      softly.assertThat(uri.matches()).as("%s's CodeUri", id).isTrue();
      if (uri.matches()) {
        softly.assertThat(variables(fn).get("OTEL_SERVICE_NAME")).as("%s's OTEL_SERVICE_NAME", id)
            .isEqualTo(uri.group(1));
      }
    });
    softly.assertThat(functions().values().stream().map(fn -> variables(fn).get("OTEL_SERVICE_NAME")).toList())
        .containsExactlyInAnyOrder("api", "scraper", "chunker", "embedder", "search", "stuck-job-scanner",
            "stuck-job-scanner", "migrations");
    softly.assertAll();
  }

  @Test
  void template_sendsTelemetryToTheCollectorOnLocalhost() {
    Map<String, Object> env = variables(globalsFunction());
    assertThat(env).containsEntry("OTEL_EXPORTER_OTLP_ENDPOINT", "http://localhost:4318")
        .containsEntry("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf")
        .containsEntry("DEPLOYMENT_ENVIRONMENT", Map.of("Ref", "Environment"))
        .containsEntry("TELEMETRY_FLUSH_TIMEOUT_MS", "500")
        .containsEntry("GRAFANA_OTLP_ENDPOINT", Map.of("Ref", "GrafanaOtlpEndpoint"))
        .containsEntry("GRAFANA_INSTANCE_ID", Map.of("Ref", "GrafanaInstanceId"));
    assertThat(functions()).allSatisfy((id, fn) -> assertThat(variables(fn).keySet()).as(id)
        .doesNotContain("OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_PROTOCOL", "OPENTELEMETRY_COLLECTOR_CONFIG_URI",
            "GRAFANA_OTLP_ENDPOINT", "GRAFANA_INSTANCE_ID", "GRAFANA_TOKEN_SECRET_ARN"));
  }

  @Test
  void template_passesTheGrafanaTokenOnlyAsASecretArnParameter() {
    Map<String, Object> secretArn = parameter("GrafanaTokenSecretArn");
    assertThat(secretArn).doesNotContainKey("Default").containsEntry("Type", "String");
    assertThat(String.valueOf(secretArn.get("AllowedPattern"))).contains(":secretsmanager:");
    assertThat(variables(globalsFunction()))
        .containsEntry("GRAFANA_TOKEN_SECRET_ARN", Map.of("Ref", "GrafanaTokenSecretArn"));
    // Wherever the template names the secret, it is a reference to that parameter, never a literal ARN or value.
    List<Object> mentions = new ArrayList<>();
    walk(template.get("Resources"), value -> {
      if (value instanceof Map<?, ?> m && m.containsKey("Ref") && "GrafanaTokenSecretArn".equals(m.get("Ref"))) {
        mentions.add(m);
      }
    });
    literals(template.get("Resources")).forEach(literal -> assertThat(literal).as("literal in Resources")
        .doesNotContain("GrafanaTokenSecretArn").doesNotContain(":secret:"));
    assertThat(mentions).as("references to the secret parameter").isNotEmpty();
    // Secret-looking variables carry secret ARNs from parameters, and no parameter carries a default for them.
    SoftAssertions softly = new SoftAssertions();
    List<Map<String, Object>> scopes = new ArrayList<>(functions().values());
    scopes.add(globalsFunction());
    scopes.forEach(fn -> variables(fn).forEach((name, value) -> {
      if (SECRETISH_NAME.matcher(name).matches()) {
        softly.assertThat(name).as("secret-looking variable").endsWith("_SECRET_ARN");
        softly.assertThat(value).as(name).isInstanceOf(Map.class);
        if (value instanceof Map<?, ?> ref && ref.get("Ref") instanceof String param) {
          softly.assertThat(parameter(param)).as("parameter %s", param).doesNotContainKey("Default");
          softly.assertThat(String.valueOf(parameter(param).get("AllowedPattern"))).as(param)
              .contains(":secretsmanager:");
        }
      }
    }));
    softly.assertAll();
  }

  @Test
  void template_carriesNoCredentialLiteral() {
    // The JWT authorizer names the header it reads the token from; no other mention of it is allowed.
    assertThat(text.replace("IdentitySource: " + BEARER_HEADER, "")).doesNotContainIgnoringCase("glc_").doesNotContain("OTEL_EXPORTER_OTLP_HEADERS")
        .doesNotContainIgnoringCase("authorization").doesNotContain("Basic ");
    assertThat(AWS_ACCESS_KEY_ID.matcher(text).find()).as("an AWS access key id in template.yaml").isFalse();
    parameters().forEach((name, parameter) -> {
      if (name.startsWith("Grafana") || name.startsWith("Collector")) {
        assertThat(map(parameter)).as("%s has no default: every environment passes its own", name)
            .doesNotContainKey("Default");
      }
    });
  }

  @Test
  void template_letsEveryFunctionReadTheGrafanaTokenSecretOnly() {
    Map<String, Object> grafanaSecret = Map.of("AWSSecretsManagerGetSecretValuePolicy",
        Map.of("SecretArn", Map.of("Ref", "GrafanaTokenSecretArn")));
    Set<Object> allowedSecrets = Set.of(Map.of("Ref", "GrafanaTokenSecretArn"), Map.of("Ref", "VectorDbSecretArn"));
    SoftAssertions softly = new SoftAssertions();
    functions().forEach((id, fn) -> {
      List<Object> policies = list(fn.getOrDefault("Policies", List.of()));
      softly.assertThat(policies).as("%s reads the Grafana Cloud token (its collector extension does)", id)
          .contains(grafanaSecret);
      policies.forEach(policy -> {
        Map<String, Object> p = map(policy);
        if (p.containsKey("AWSSecretsManagerGetSecretValuePolicy")) {
          softly.assertThat(map(p.get("AWSSecretsManagerGetSecretValuePolicy")).get("SecretArn"))
              .as("%s: secrets it may read", id).isIn(allowedSecrets);
        }
        walk(p.get("Statement"), value -> {
          if (value instanceof String s) {
            softly.assertThat(s).as("%s: no hand-written Secrets Manager statement", id)
                .doesNotStartWith("secretsmanager:");
          }
        });
      });
    });
    softly.assertAll();
  }

  @Test
  void template_letsTheScannerReadEveryQueueAndDlqDepth() {
    Map<String, Map<String, Object>> queues = ofType("AWS::SQS::Queue");
    Map<String, Object> scanner = functions().values().stream()
        .filter(fn -> String.valueOf(fn.get("Handler")).contains(".StuckJobScannerHandler::")).findFirst().orElseThrow();
    Map<String, Object> env = variables(scanner);
    Map<String, String> dlqOf = new LinkedHashMap<>();
    queues.forEach((id, queue) -> {
      if (queue.get("RedrivePolicy") instanceof Map<?, ?> redrive) {
        dlqOf.put(id, getAttTarget(redrive.get("deadLetterTargetArn")));
      }
    });
    SoftAssertions softly = new SoftAssertions();
    for (String stage : List.of("SCRAPE", "CHUNK", "EMBED", "PROBE")) {
      Object queueRef = env.get(stage + "_QUEUE_URL");
      softly.assertThat(queueRef).as(stage + "_QUEUE_URL").isInstanceOf(Map.class);
      if (queueRef instanceof Map<?, ?> ref) {
        String queueId = String.valueOf(ref.get("Ref"));
        softly.assertThat(env.get(stage + "_DLQ_URL")).as(stage + "_DLQ_URL is %s's dead-letter queue", queueId)
            .isEqualTo(Map.of("Ref", String.valueOf(dlqOf.get(queueId))));
      }
    }
    List<Object> readable = new ArrayList<>();
    list(scanner.get("Policies")).forEach(policy -> {
      if (map(policy).get("Statement") instanceof List<?> statements) {
        statements.forEach(statement -> {
          Object action = map(statement).get("Action");
          if ("sqs:GetQueueAttributes".equals(action)
              || action instanceof List<?> l && l.contains("sqs:GetQueueAttributes")) {
            readable.addAll(list(map(statement).get("Resource")));
          }
        });
      }
    });
    softly.assertThat(readable).as("queues whose attributes the scanner may read")
        .containsAll(queues.keySet().stream().map(id -> (Object) Map.of("Fn::GetAtt", List.of(id, "Arn"))).toList());
    softly.assertAll();
  }

  @Test
  void template_letsEveryFunctionThatOpensOrProbesTheCircuitSendItsProbe() {
    // The embedder and search open the circuit; the scanner and the probe function reopen it after a failed probe.
    SoftAssertions softly = new SoftAssertions();
    for (String id : List.of("EmbedderFunction", "SearchFunction", "StuckJobScannerFunction", "BreakerProbeFunction")) {
      Map<String, Object> fn = functions().get(id);
      softly.assertThat(variables(fn).get("PROBE_QUEUE_URL")).as("%s's PROBE_QUEUE_URL", id)
          .isEqualTo(Map.of("Ref", "ProbeQueue"));
      softly.assertThat(list(fn.get("Policies"))).as("%s may send to the probe queue", id)
          .contains(Map.of("SQSSendMessagePolicy", Map.of("QueueName", Map.of("Fn::GetAtt", List.of("ProbeQueue", "QueueName")))));
    }
    softly.assertThat(sqsEvents().get("BreakerProbeFunction")).as("the probe queue triggers the probe")
        .singleElement().satisfies(event -> assertThat(getAttTarget(event.get("Queue"))).isEqualTo("ProbeQueue"));
    softly.assertAll();
  }

  // ---- reading the template ----

  /**
   * The schema tries every resource (and event) type in an {@code anyOf}, so one mistake fails every branch. The
   * branches whose {@code Type} does not match explain nothing: show the errors of the matching branch only.
   */
  private static List<String> explained(Set<ValidationMessage> errors) {
    Set<String> wrongTypes = new TreeSet<>();
    errors.forEach(e -> {
      Matcher type = WRONG_TYPE.matcher(e.getEvaluationPath().toString());
      if (type.matches()) wrongTypes.add(type.group(1) + ".");
    });
    List<String> explained = errors.stream()
        .filter(e -> wrongTypes.stream().noneMatch(e.getEvaluationPath().toString()::startsWith))
        .map(ValidationMessage::getMessage).distinct().toList();
    return explained.isEmpty() ? errors.stream().map(ValidationMessage::getMessage).toList() : explained;
  }

  private static String logGroupOf(String id, Map<String, Object> fn, Map<String, Map<String, Object>> logGroups) {
    Object name = fn.get("FunctionName");
    String functionName = name instanceof Map<?, ?> m ? String.valueOf(m.get("Fn::Sub")) : "${" + id + "}";
    Map<String, Object> expected = Map.of("Fn::Sub", "/aws/lambda/" + functionName);
    return logGroups.entrySet().stream().filter(e -> expected.equals(e.getValue().get("LogGroupName")))
        .map(Map.Entry::getKey).findFirst().orElse(null);
  }

  private static Map<String, List<Map<String, Object>>> sqsEvents() {
    Map<String, List<Map<String, Object>>> byFunction = new LinkedHashMap<>();
    functions().forEach((id, fn) -> map(fn.getOrDefault("Events", Map.of())).values().stream().map(TemplateTest::map)
        .filter(event -> "SQS".equals(event.get("Type")))
        .forEach(event -> byFunction.computeIfAbsent(id, k -> new ArrayList<>()).add(map(event.get("Properties")))));
    return byFunction;
  }

  private static Map<String, Object> variables(Map<String, Object> fnOrGlobals) {
    Map<String, Object> environment = map(fnOrGlobals.get("Environment"));
    return environment == null ? Map.of() : map(environment.getOrDefault("Variables", Map.of()));
  }

  /** A function's property as SAM sees it: its own value, else the one from {@code Globals.Function}. */
  private static Object effective(Map<String, Object> fn, String key) {
    return fn.containsKey(key) ? fn.get(key) : globalsFunction().get(key);
  }

  private static Map<String, Object> globalsFunction() {
    return map(map(template.getOrDefault("Globals", Map.of())).getOrDefault("Function", Map.of()));
  }

  private static Map<String, Map<String, Object>> functions() {
    return ofType("AWS::Serverless::Function");
  }

  private static Map<String, Map<String, Object>> ofType(String type) {
    Map<String, Map<String, Object>> properties = new LinkedHashMap<>();
    resources().forEach((id, resource) -> {
      if (type.equals(map(resource).get("Type"))) {
        properties.put(id, map(map(resource).getOrDefault("Properties", Map.of())));
      }
    });
    return properties;
  }

  private static Map<String, Object> parameters() {
    return map(template.getOrDefault("Parameters", Map.of()));
  }

  private static Map<String, Object> parameter(String name) {
    Map<String, Object> parameter = map(parameters().get(name));
    assertThat(parameter).as("parameter %s", name).isNotNull();
    return parameter;
  }

  /** Calls {@code visitor} on {@code value} and on everything nested in it. */
  private static void walk(Object value, java.util.function.Consumer<Object> visitor) {
    visitor.accept(value);
    if (value instanceof Map<?, ?> m) m.values().forEach(v -> walk(v, visitor));
    if (value instanceof List<?> l) l.forEach(v -> walk(v, visitor));
  }

  /** Every string in {@code value} except the names that {@code Ref} points at. */
  private static List<String> literals(Object value) {
    List<String> found = new ArrayList<>();
    if (value instanceof String s) found.add(s);
    if (value instanceof Map<?, ?> m) {
      m.forEach((k, v) -> {
        if (!"Ref".equals(k)) found.addAll(literals(v));
      });
    }
    if (value instanceof List<?> l) l.forEach(v -> found.addAll(literals(v)));
    return found;
  }

  /** Globals.Function's environment variables, for {@link CollectorConfigTest}. */
  static Map<String, Object> globalVariables() {
    return variables(globalsFunction());
  }

  /** The functions' resource properties by logical id, for {@link CollectorConfigTest}. */
  static Map<String, Map<String, Object>> functionProperties() {
    return functions();
  }

  /** Reads template.yaml once, for tests outside this class. */
  static void ensureLoaded() throws IOException {
    if (template == null) readTemplate();
  }

  /** A function's effective property (its own, else Globals.Function's), for {@link CollectorConfigTest}. */
  static Object effectiveProperty(Map<String, Object> fn, String key) {
    return effective(fn, key);
  }

  private static Map<String, Object> resources() {
    return map(template.get("Resources"));
  }

  private static String getAttTarget(Object getAtt) {
    return String.valueOf(list(map(getAtt).get("Fn::GetAtt")).getFirst());
  }

  private static int intValue(Object value) {
    return value instanceof Number n ? n.intValue() : Integer.parseInt(String.valueOf(value));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value) {
    return (Map<String, Object>) value;
  }

  @SuppressWarnings("unchecked")
  private static List<Object> list(Object value) {
    return (List<Object>) value;
  }

  static Path repoRoot() {
    String configured = System.getProperty("docpipe.repo.root", "");
    if (!configured.isBlank() && Files.isRegularFile(Path.of(configured, "template.yaml"))) {
      return Path.of(configured).toAbsolutePath().normalize();
    }
    for (Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("template.yaml"))) return dir;
    }
    throw new IllegalStateException("template.yaml not found: set docpipe.repo.root or run inside the repository");
  }

  /**
   * SnakeYAML with CloudFormation's short forms turned into the long form: {@code !Ref X} is {@code {"Ref": X}},
   * {@code !Sub s} is {@code {"Fn::Sub": s}}, {@code !GetAtt A.B} is {@code {"Fn::GetAtt": [A, B]}}.
   */
  static final class CfnYaml extends SafeConstructor {
    private CfnYaml() {
      super(new LoaderOptions());
      yamlConstructors.put(Tag.TIMESTAMP, new ConstructYamlStr()); // CloudFormation keeps 2010-09-09 a string
      yamlMultiConstructors.put("!", new ShortForm());
    }

    static Map<String, Object> load(String yaml) {
      return new Yaml(new CfnYaml()).load(yaml);
    }

    private final class ShortForm extends AbstractConstruct {
      @Override
      public Object construct(Node node) {
        String function = node.getTag().getValue().substring(1);
        Object value = switch (node) {
          case ScalarNode scalar -> constructScalar(scalar);
          case SequenceNode sequence -> constructSequence(sequence);
          case MappingNode mapping -> constructMapping(mapping);
          default -> throw new IllegalArgumentException("unexpected YAML node " + node);
        };
        if (function.equals("Ref") || function.equals("Condition")) return Map.of(function, value);
        if (function.equals("GetAtt") && value instanceof String dotted) value = List.of(dotted.split("\\.", 2));
        Map<String, Object> longForm = new HashMap<>();
        longForm.put("Fn::" + function, value);
        return longForm;
      }
    }
  }
}
