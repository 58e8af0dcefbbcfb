package io.docpipe.shared.aws;

import io.docpipe.shared.Env;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * AWS SDK clients built once per execution environment, each on first use so a function pays only for the clients
 * it calls, and carries only the SDKs of those: this class touches a service's classes only when its client is asked
 * for. Everything comes from the environment map: region, credentials, and the standard
 * {@code AWS_ENDPOINT_URL} / {@code AWS_ENDPOINT_URL_<SERVICE>} overrides that point the same code at the local stack.
 *
 * <p>Closing ends what the built clients hold: each client keeps a scheduler of up to five threads for its call
 * timeouts. Lambda never closes an environment (it is frozen, then discarded with its process); the local stack, which
 * replaces crashed environments inside one JVM, must, or every replacement leaves those threads behind (a soak grew
 * 3,000 of them in its first five minutes).
 */
public final class AwsClients implements AutoCloseable {
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
  private static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(20);

  private final Env env;
  private final Region region;
  private final AwsCredentialsProvider credentials;
  private final SdkHttpClient http;
  // Supplier<Object>, not Supplier<SqsClient>: a lambda's synthetic method returns the lambda's type, and creating
  // it resolves that type, so typed suppliers would load all five services' classes here. Each service's SDK is an
  // optional dependency of this module; a function brings only the ones it calls (the aws-* modules).
  private final Memo<Object> sqs;
  private final Memo<Object> s3;
  private final Memo<Object> dynamo;
  private final Memo<Object> secrets;
  private final Memo<Object> lambda;

  public AwsClients(Env env) {
    this.env = env;
    this.region = Region.of(env.optional("AWS_REGION", env.optional("AWS_DEFAULT_REGION", "us-east-1")));
    this.credentials = credentialsFrom(env);
    this.http = UrlConnectionHttpClient.builder()
        .connectionTimeout(CONNECT_TIMEOUT)
        .socketTimeout(SOCKET_TIMEOUT)
        .build();
    this.sqs = new Memo<>(() -> configure(SqsClient.builder(), "SQS").build());
    this.s3 = new Memo<>(() -> configure(S3Client.builder(), "S3")
        .forcePathStyle(env.flag("S3_FORCE_PATH_STYLE"))
        .build());
    this.dynamo = new Memo<>(() -> configure(DynamoDbClient.builder(), "DYNAMODB").build());
    this.secrets = new Memo<>(() -> configure(SecretsManagerClient.builder(), "SECRETS_MANAGER").build());
    this.lambda = new Memo<>(() -> configure(LambdaClient.builder(), "LAMBDA").build());
  }

  public SqsClient sqs() {
    return (SqsClient) sqs.get();
  }

  public S3Client s3() {
    return (S3Client) s3.get();
  }

  public DynamoDbClient dynamo() {
    return (DynamoDbClient) dynamo.get();
  }

  public SecretsManagerClient secrets() {
    return (SecretsManagerClient) secrets.get();
  }

  /** Only for switching event source mappings on and off (the embedding circuit breaker). */
  public LambdaClient lambda() {
    return (LambdaClient) lambda.get();
  }

  private <B extends AwsClientBuilder<B, ?>> B configure(B builder, String service) {
    builder.region(region).credentialsProvider(credentials);
    endpoint(service).ifPresent(builder::endpointOverride);
    if (builder instanceof software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder<?, ?> sync) {
      sync.httpClient(http);
    }
    return builder.overrideConfiguration(ClientOverrideConfiguration.builder()
        .apiCallTimeout(CALL_TIMEOUT)
        .build());
  }

  /** The service-specific override wins over the global one, as in the SDKs' own resolution. */
  Optional<URI> endpoint(String service) {
    String specific = env.optional("AWS_ENDPOINT_URL_" + service, null);
    if (specific != null) return Optional.of(env.uri("AWS_ENDPOINT_URL_" + service));
    if (env.optional("AWS_ENDPOINT_URL", null) != null) return Optional.of(env.uri("AWS_ENDPOINT_URL"));
    return Optional.empty();
  }

  private static AwsCredentialsProvider credentialsFrom(Env env) {
    String key = env.optional("AWS_ACCESS_KEY_ID", null);
    String secret = env.optional("AWS_SECRET_ACCESS_KEY", null);
    if (key == null || secret == null) return DefaultCredentialsProvider.builder().build();
    String token = env.optional("AWS_SESSION_TOKEN", null);
    return StaticCredentialsProvider.create(token == null
        ? AwsBasicCredentials.create(key, secret)
        : AwsSessionCredentials.create(key, secret, token));
  }

  /**
   * Closes the clients built so far, then the HTTP client they share and the credentials provider; a client asked for
   * afterwards is built anew, unclosed. Never throws: a client that fails to close is left to the process's end.
   */
  @Override
  public void close() {
    for (Memo<Object> client : List.of(sqs, s3, dynamo, secrets, lambda)) client.ifBuilt(AwsClients::closeQuietly);
    closeQuietly(http);
    closeQuietly(credentials);
  }

  private static void closeQuietly(Object resource) {
    if (!(resource instanceof AutoCloseable closeable)) return;
    try {
      closeable.close();
    } catch (Exception e) {
      // Nothing to do: what it held ends with the process.
    }
  }

  /** {@code factory}'s value, made on the first {@code get()} and kept. */
  public static <T> Supplier<T> memoize(Supplier<T> factory) {
    return new Memo<>(factory);
  }

  /** A value made on the first {@code get()} and kept; {@link #ifBuilt} reaches it only if it was. */
  private static final class Memo<T> implements Supplier<T> {
    private final Supplier<T> factory;
    private volatile T value;

    Memo(Supplier<T> factory) {
      this.factory = factory;
    }

    @Override
    public T get() {
      T v = value;
      if (v == null) {
        synchronized (this) {
          v = value;
          if (v == null) value = v = factory.get();
        }
      }
      return v;
    }

    synchronized void ifBuilt(java.util.function.Consumer<T> action) {
      if (value != null) action.accept(value);
      value = null;
    }
  }
}
