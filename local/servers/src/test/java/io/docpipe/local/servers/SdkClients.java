package io.docpipe.local.servers;

import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
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

  static SqsClient sqs(URI endpoint) {
    return SqsClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1).credentialsProvider(CREDENTIALS)
        .httpClient(UrlConnectionHttpClient.create()).build();
  }

  static S3Client s3(URI endpoint) {
    return S3Client.builder().endpointOverride(endpoint).forcePathStyle(true).region(Region.US_EAST_1)
        .credentialsProvider(CREDENTIALS).httpClient(UrlConnectionHttpClient.create()).build();
  }

  static DynamoDbClient dynamo(URI endpoint) {
    return DynamoDbClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1).credentialsProvider(CREDENTIALS)
        .httpClient(UrlConnectionHttpClient.create()).build();
  }
}
