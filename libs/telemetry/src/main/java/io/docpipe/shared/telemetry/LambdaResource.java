package io.docpipe.shared.telemetry;

import io.docpipe.shared.Env;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.sdk.resources.Resource;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * The resource every signal of one function carries, from the environment Lambda sets. Precedence follows the
 * OpenTelemetry spec: what we detect, then {@code OTEL_RESOURCE_ATTRIBUTES}, then {@code OTEL_SERVICE_NAME}.
 * {@code service.instance.id} is not here: {@link InstanceResource} adds it after the first invocation begins.
 */
final class LambdaResource {
  static final AttributeKey<String> SERVICE_NAME = AttributeKey.stringKey("service.name");
  static final AttributeKey<String> SERVICE_VERSION = AttributeKey.stringKey("service.version");
  static final AttributeKey<String> DEPLOYMENT_ENVIRONMENT = AttributeKey.stringKey("deployment.environment");

  private LambdaResource() {}

  static Resource from(Env env, String stage) {
    AttributesBuilder detected = Attributes.builder()
        .put(SERVICE_NAME, stage)
        .put(SERVICE_VERSION, BuildInfo.version())
        .put(DEPLOYMENT_ENVIRONMENT, env.optional("DEPLOYMENT_ENVIRONMENT", "dev"))
        .put("cloud.provider", "aws")
        .put("cloud.platform", "aws_lambda");
    putIfPresent(detected, "cloud.region", env.optional("AWS_REGION", null));
    putIfPresent(detected, "faas.name", env.optional("AWS_LAMBDA_FUNCTION_NAME", null));
    putIfPresent(detected, "faas.version", env.optional("AWS_LAMBDA_FUNCTION_VERSION", null));
    putIfPresent(detected, "faas.instance", env.optional("AWS_LAMBDA_LOG_STREAM_NAME", null));
    String memoryMb = env.optional("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", null);
    if (memoryMb != null) {
      // The semantic conventions want bytes; Lambda reports megabytes.
      detected.put("faas.max_memory", env.intValue("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", 0, 1, 1_000_000) * 1024L * 1024L);
    }
    Resource resource = Resource.getDefault().merge(Resource.create(detected.build()))
        .merge(Resource.create(configured(env.optional("OTEL_RESOURCE_ATTRIBUTES", ""))));
    String serviceName = env.optional("OTEL_SERVICE_NAME", null);
    return serviceName == null ? resource : resource.merge(Resource.create(Attributes.of(SERVICE_NAME, serviceName)));
  }

  /** {@code key1=value1,key2=value2} with percent-encoded values, as the spec defines the variable. */
  static Attributes configured(String value) {
    AttributesBuilder attributes = Attributes.builder();
    for (String pair : value.split(",")) {
      if (pair.isBlank()) continue;
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("environment variable OTEL_RESOURCE_ATTRIBUTES must be key=value pairs, was '" + value + "'");
      }
      attributes.put(pair.substring(0, eq).trim(), URLDecoder.decode(pair.substring(eq + 1).trim(), StandardCharsets.UTF_8));
    }
    return attributes.build();
  }

  private static void putIfPresent(AttributesBuilder attributes, String key, String value) {
    if (value != null) attributes.put(key, value);
  }
}
