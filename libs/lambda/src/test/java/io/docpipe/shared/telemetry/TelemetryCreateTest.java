package io.docpipe.shared.telemetry;

import io.docpipe.shared.lambda.Invocations;

import static org.assertj.core.api.Assertions.assertThat;

import io.docpipe.shared.Env;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.resources.Resource;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class TelemetryCreateTest {

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "OTEL_EXPORTER_OTLP_ENDPOINT | not a url",
      "OTEL_EXPORTER_OTLP_ENDPOINT | localhost:4318",
      "OTEL_EXPORTER_OTLP_PROTOCOL | grpc",
      "OTEL_EXPORTER_OTLP_TIMEOUT | soon",
      "TELEMETRY_FLUSH_TIMEOUT_MS | -1",
      "TELEMETRY_FLUSH | maybe",
      "OTEL_RESOURCE_ATTRIBUTES | no-equals-sign"})
  void create_badSetting_fallsBackToNoop_withOneLineNamingTheVariable(String name, String value) {
    try (LogCapture log = new LogCapture(Telemetry.class)) {
      Telemetry telemetry = Telemetry.create("api", Map.of(name, value));

      assertThat(telemetry.enabled()).isFalse();
      assertThat(telemetry.service()).isEqualTo("api");
      assertThat(telemetry.flush()).isTrue();
      assertThat(new Invocations(telemetry).<String>invokeScheduled(null, inv -> "still works")).isEqualTo("still works");
      assertThat(log.events()).singleElement().satisfies(e -> {
        assertThat(e.getLevel().toString()).isEqualTo("ERROR");
        assertThat(e.getFormattedMessage()).contains("telemetry set-up failed").contains(name);
      });
    }
  }

  @Test
  void create_sdkDisabled_isNoop_andSaysSoOnce() {
    try (LogCapture log = new LogCapture(Telemetry.class)) {
      assertThat(Telemetry.create("api", Map.of("OTEL_SDK_DISABLED", "true")).enabled()).isFalse();
      assertThat(log.events()).singleElement().satisfies(e -> assertThat(e.getFormattedMessage()).contains("OTEL_SDK_DISABLED"));
    }
  }

  @Test
  void create_defaults_exportToLocalhost4318_andLogNothing() {
    try (LogCapture log = new LogCapture(Telemetry.class)) {
      Telemetry telemetry = Telemetry.create("api", Map.of());

      assertThat(telemetry.enabled()).isTrue();
      assertThat(TelemetryConfig.fromEnv(Env.of(Map.of())).signalUrl("traces")).isEqualTo("http://localhost:4318/v1/traces");
      assertThat(log.events()).isEmpty();
      telemetry.shutdown();
    }
  }

  @Test
  void resource_fromLambdasEnvironment() {
    Resource r = LambdaResource.from(Env.of(Map.of("AWS_REGION", "eu-west-1", "AWS_LAMBDA_FUNCTION_NAME", "docpipe-dev-scraper",
        "AWS_LAMBDA_FUNCTION_VERSION", "$LATEST", "AWS_LAMBDA_LOG_STREAM_NAME", "2025/11/22/[$LATEST]abc",
        "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "1024", "DEPLOYMENT_ENVIRONMENT", "staging")), "scraper");

    assertThat(r.getAttribute(LambdaResource.SERVICE_NAME)).isEqualTo("scraper");
    assertThat(r.getAttribute(LambdaResource.DEPLOYMENT_ENVIRONMENT)).isEqualTo("staging");
    assertThat(r.getAttribute(LambdaResource.SERVICE_VERSION)).isNotBlank();
    assertThat(r.getAttribute(AttributeKey.stringKey("cloud.provider"))).isEqualTo("aws");
    assertThat(r.getAttribute(AttributeKey.stringKey("cloud.platform"))).isEqualTo("aws_lambda");
    assertThat(r.getAttribute(AttributeKey.stringKey("cloud.region"))).isEqualTo("eu-west-1");
    assertThat(r.getAttribute(AttributeKey.stringKey("faas.name"))).isEqualTo("docpipe-dev-scraper");
    assertThat(r.getAttribute(AttributeKey.stringKey("faas.version"))).isEqualTo("$LATEST");
    assertThat(r.getAttribute(AttributeKey.stringKey("faas.instance"))).isEqualTo("2025/11/22/[$LATEST]abc");
    assertThat(r.getAttribute(AttributeKey.longKey("faas.max_memory"))).isEqualTo(1024L * 1024 * 1024);
    assertThat(r.getAttribute(InstanceResource.SERVICE_INSTANCE_ID)).isNull();
  }

  @Test
  void resource_serviceName_otelServiceNameWins_overResourceAttributes_overTheStage() {
    Env both = Env.of(Map.of("OTEL_SERVICE_NAME", "from-name", "OTEL_RESOURCE_ATTRIBUTES", "service.name=from-attrs,team=data%20eng"));
    Env attrs = Env.of(Map.of("OTEL_RESOURCE_ATTRIBUTES", "service.name=from-attrs"));

    assertThat(LambdaResource.from(both, "api").getAttribute(LambdaResource.SERVICE_NAME)).isEqualTo("from-name");
    assertThat(LambdaResource.from(both, "api").getAttribute(AttributeKey.stringKey("team"))).isEqualTo("data eng");
    assertThat(LambdaResource.from(attrs, "api").getAttribute(LambdaResource.SERVICE_NAME)).isEqualTo("from-attrs");
    assertThat(LambdaResource.from(Env.of(Map.of()), "api").getAttribute(LambdaResource.DEPLOYMENT_ENVIRONMENT)).isEqualTo("dev");
  }

  @Test
  void instanceId_isMadeOnlyAfterTheFirstInvocationBegan_andStaysTheSame() {
    InstanceResource resource = new InstanceResource(Resource.empty());

    assertThat(resource.get().getAttribute(InstanceResource.SERVICE_INSTANCE_ID)).as("at init: not yet").isNull();
    resource.arm();
    String id = resource.get().getAttribute(InstanceResource.SERVICE_INSTANCE_ID);

    assertThat(id).isNotBlank();
    assertThat(resource.get().getAttribute(InstanceResource.SERVICE_INSTANCE_ID)).isEqualTo(id);
    assertThat(new InstanceResource(Resource.empty())).satisfies(other -> {
      other.arm();
      assertThat(other.get().getAttribute(InstanceResource.SERVICE_INSTANCE_ID)).isNotEqualTo(id);
    });
  }

  @Test
  void buildVersion_isTheShaMarkedDirty_orUnknown() {
    assertThat(BuildInfo.version("a408401407917655b75a8c36fd12b73734bd88e0", "false")).isEqualTo("a408401407917655b75a8c36fd12b73734bd88e0");
    assertThat(BuildInfo.version("a408401", "true")).isEqualTo("a408401-dirty");
    assertThat(BuildInfo.version("${git.commit.id}", null)).isEqualTo("unknown");
    assertThat(BuildInfo.version(null, null)).isEqualTo("unknown");
  }
}
