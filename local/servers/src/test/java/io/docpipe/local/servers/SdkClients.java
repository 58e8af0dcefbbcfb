package io.docpipe.local.servers;

import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/** The same client set-up the functions use (light HTTP client, static credentials), pointed at a local server. */
final class SdkClients {
  private static final StaticCredentialsProvider CREDENTIALS =
      StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));

  private SdkClients() {}

  // A server that answers late on a loaded machine must not see its request again: the SDK retries an attempt whose
  // read timed out (30 s by default), and a retried CreateTable answers that the table exists.
  private static SdkHttpClient http() {
    return UrlConnectionHttpClient.builder().socketTimeout(Duration.ofMinutes(2)).build();
  }

  static SqsClient sqs(URI endpoint) {
    return SqsClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1).credentialsProvider(CREDENTIALS)
        .httpClient(http()).build();
  }

  static S3Client s3(URI endpoint) {
    return S3Client.builder().endpointOverride(endpoint).forcePathStyle(true).region(Region.US_EAST_1)
        .credentialsProvider(CREDENTIALS).httpClient(http()).build();
  }

  static DynamoDbClient dynamo(URI endpoint) {
    return DynamoDbClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1).credentialsProvider(CREDENTIALS)
        .httpClient(http()).build();
  }
}
