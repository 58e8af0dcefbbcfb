package io.docpipe.local.stack.redrive;

import io.docpipe.shared.Env;
import io.docpipe.shared.aws.AwsClients;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Which SQS the redrive talks to, decided from the standard variables so the same command serves AWS and the local
 * stack: {@code AWS_ENDPOINT_URL_SQS} or {@code AWS_ENDPOINT_URL} when set; otherwise AWS when credentials are
 * configured (keys, a profile, web identity, container credentials or the {@code ~/.aws} files); otherwise the local
 * stack's ElasticMQ on {@code http://localhost:$LOCAL_SQS_PORT} (9324), region us-east-1, dummy credentials.
 *
 * @param env the variables {@link AwsClients} reads, completed with the region and, locally, the credentials
 * @param endpoint the endpoint override, or null for AWS' own
 */
record SqsTarget(Map<String, String> env, String region, URI endpoint, String description) {
  static final String LOCAL_SQS = "http://localhost:9324";
  private static final List<String> CREDENTIAL_VARIABLES = List.of("AWS_ACCESS_KEY_ID", "AWS_PROFILE",
      "AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "AWS_CONTAINER_CREDENTIALS_FULL_URI");

  static SqsTarget from(Map<String, String> processEnv, Path home) {
    Map<String, String> env = new HashMap<>(processEnv);
    String override = first(env, "AWS_ENDPOINT_URL_SQS", "AWS_ENDPOINT_URL");
    boolean credentials = credentialsConfigured(env, home);
    if (override == null && credentials) {
      String region = first(env, "AWS_REGION", "AWS_DEFAULT_REGION");
      if (region == null) region = profileRegion();
      env.put("AWS_REGION", region);
      return new SqsTarget(Map.copyOf(env), region, null, "AWS SQS in " + region);
    }
    String description;
    if (override == null) {
      String port = env.getOrDefault("LOCAL_SQS_PORT", "9324").trim();
      override = "http://localhost:" + port;
      env.put("AWS_ENDPOINT_URL_SQS", override);
      description = "the local stack's SQS at " + override + " (no AWS endpoint or credentials configured)";
    } else {
      description = "SQS at " + override;
    }
    if (!credentials) {
      // ElasticMQ checks no signature, but the SDK will not sign without credentials.
      env.put("AWS_ACCESS_KEY_ID", "local");
      env.put("AWS_SECRET_ACCESS_KEY", "local");
    }
    String region = first(env, "AWS_REGION", "AWS_DEFAULT_REGION");
    if (region == null) env.put("AWS_REGION", region = "us-east-1");
    return new SqsTarget(Map.copyOf(env), region, URI.create(override), description);
  }

  SqsClient client() {
    return new AwsClients(Env.of(env)).sqs();
  }

  /** What an AWS CLI command needs to reach the same SQS. */
  String cliFlags() {
    return "--region " + region + (endpoint == null ? "" : " --endpoint-url " + endpoint);
  }

  private static boolean credentialsConfigured(Map<String, String> env, Path home) {
    if (CREDENTIAL_VARIABLES.stream().anyMatch(name -> first(env, name) != null)) return true;
    Path aws = home.resolve(".aws");
    String credentialsFile = first(env, "AWS_SHARED_CREDENTIALS_FILE");
    String configFile = first(env, "AWS_CONFIG_FILE");
    return Files.isRegularFile(credentialsFile == null ? aws.resolve("credentials") : Path.of(credentialsFile))
        || Files.isRegularFile(configFile == null ? aws.resolve("config") : Path.of(configFile));
  }

  private static String profileRegion() {
    try {
      return new DefaultAwsRegionProviderChain().getRegion().id();
    } catch (SdkClientException e) {
      throw new RedriveException("AWS credentials are configured but no region: set AWS_REGION (or AWS_PROFILE with a "
          + "region), or set AWS_ENDPOINT_URL_SQS=" + LOCAL_SQS + " for the local stack");
    }
  }

  private static String first(Map<String, String> env, String... names) {
    for (String name : names) {
      String value = env.get(name);
      if (value != null && !value.isBlank()) return value.trim();
    }
    return null;
  }
}
