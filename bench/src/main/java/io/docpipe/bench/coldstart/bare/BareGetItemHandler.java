package io.docpipe.bench.coldstart.bare;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.net.URI;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;

/**
 * The cold-start baseline: the smallest honest Lambda function doing what the api's {@code GET /jobs/{job_id}} does
 * at its core, one DynamoDB GetItem, with the same HTTP client and no telemetry, framework or JSON mapper. Every
 * function's cold start is reported as a ratio to this one's, measured in the same run.
 */
public final class BareGetItemHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
  private final DynamoDbClient dynamo;
  private final String table;

  public BareGetItemHandler() {
    Map<String, String> env = System.getenv();
    this.table = env.get("JOBS_TABLE");
    var builder = DynamoDbClient.builder()
        .region(Region.of(env.getOrDefault("AWS_REGION", "us-east-1")))
        .credentialsProvider(StaticCredentialsProvider.create(
            AwsBasicCredentials.create(env.get("AWS_ACCESS_KEY_ID"), env.get("AWS_SECRET_ACCESS_KEY"))))
        .httpClient(UrlConnectionHttpClient.create());
    String endpoint = env.get("AWS_ENDPOINT_URL_DYNAMODB");
    if (endpoint != null) builder.endpointOverride(URI.create(endpoint));
    this.dynamo = builder.build();
  }

  @Override
  public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
    String jobId = event.getPathParameters().get("job_id");
    GetItemResponse item = dynamo.getItem(b -> b.tableName(table).key(Map.of("job_id", AttributeValue.fromS(jobId))));
    return APIGatewayV2HTTPResponse.builder()
        .withStatusCode(item.hasItem() ? 200 : 404)
        .withBody(item.hasItem() ? "{\"status\":\"" + item.item().get("status").s() + "\"}" : "")
        .build();
  }
}
