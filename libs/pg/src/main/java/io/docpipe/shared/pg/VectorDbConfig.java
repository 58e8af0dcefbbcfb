package io.docpipe.shared.pg;

import com.fasterxml.jackson.databind.JsonNode;
import io.docpipe.shared.Env;
import io.docpipe.shared.Json;
import io.docpipe.shared.aws.AwsClients;
import java.util.function.Supplier;

/**
 * Where the vectors live. In AWS the password comes from Secrets Manager ({@code VECTOR_DB_SECRET_ARN}, an RDS-style
 * JSON secret with a {@code password} field, or a plain string); the local stack passes {@code VECTOR_DB_PASSWORD}.
 * The secret is read when a connection is opened, not at init: a SnapStart snapshot then never holds the password,
 * and a rotated one is picked up at the next reconnect.
 */
public record VectorDbConfig(String url, String user, Supplier<String> password, int dimension) {

  public VectorDbConfig {
    if (url == null || !url.startsWith("jdbc:postgresql:")) {
      throw new IllegalArgumentException("VECTOR_DB_URL must be a jdbc:postgresql: URL, was '" + url + "'");
    }
  }

  public static VectorDbConfig fromEnv(Env env, AwsClients aws) {
    String secretArn = env.optional("VECTOR_DB_SECRET_ARN", null);
    String plain = env.optional("VECTOR_DB_PASSWORD", "");
    Supplier<String> password = secretArn == null ? () -> plain : () -> passwordFromSecret(aws, secretArn);
    return new VectorDbConfig(env.required("VECTOR_DB_URL"), env.optional("VECTOR_DB_USER", "postgres"), password,
        env.intValue("EMBEDDING_DIMENSION", 1024, 1, 16_000));
  }

  private static String passwordFromSecret(AwsClients aws, String arn) {
    String secret = aws.secrets().getSecretValue(b -> b.secretId(arn)).secretString();
    if (secret != null && secret.startsWith("{")) {
      JsonNode node = Json.read(secret, JsonNode.class);
      if (node.hasNonNull("password")) return node.get("password").asText();
    }
    return secret;
  }

  @Override
  public String toString() {
    return "VectorDbConfig[url=" + url + ", user=" + user + ", dimension=" + dimension + "]";
  }
}
