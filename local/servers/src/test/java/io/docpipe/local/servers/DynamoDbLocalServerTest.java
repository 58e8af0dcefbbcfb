package io.docpipe.local.servers;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

class DynamoDbLocalServerTest {
  private static DynamoDbLocalServer server;
  private static DynamoDbClient dynamo;

  @BeforeAll
  static void startServer() {
    server = Timed.start("DynamoDB Local", () -> DynamoDbLocalServer.start(0));
    dynamo = SdkClients.dynamo(server.endpoint());
  }

  @AfterAll
  static void stopServer() {
    dynamo.close();
    server.close();
  }

  @Test
  void queryOnAGlobalSecondaryIndex_findsTheItemByStatus() {
    // Arrange: the shape of the jobs table, looked up by status and age.
    dynamo.createTable(b -> b.tableName("jobs")
        .billingMode(BillingMode.PAY_PER_REQUEST)
        .attributeDefinitions(
            attribute("job_id", ScalarAttributeType.S),
            attribute("status", ScalarAttributeType.S),
            attribute("updated_at", ScalarAttributeType.N))
        .keySchema(key("job_id", KeyType.HASH))
        .globalSecondaryIndexes(GlobalSecondaryIndex.builder()
            .indexName("by-status")
            .keySchema(key("status", KeyType.HASH), key("updated_at", KeyType.RANGE))
            .projection(p -> p.projectionType(ProjectionType.ALL))
            .build()));
    dynamo.putItem(b -> b.tableName("jobs").item(Map.of(
        "job_id", s("j1"), "status", s("CHUNKING"), "updated_at", n("100"))));
    dynamo.putItem(b -> b.tableName("jobs").item(Map.of(
        "job_id", s("j2"), "status", s("DONE"), "updated_at", n("200"))));

    // Act
    var items = dynamo.query(b -> b.tableName("jobs").indexName("by-status")
        .keyConditionExpression("#s = :s AND updated_at < :t")
        .expressionAttributeNames(Map.of("#s", "status"))
        .expressionAttributeValues(Map.of(":s", s("CHUNKING"), ":t", n("150")))).items();

    // Assert
    assertThat(items).extracting(item -> item.get("job_id").s()).containsExactly("j1");
  }

  private static AttributeDefinition attribute(String name, ScalarAttributeType type) {
    return AttributeDefinition.builder().attributeName(name).attributeType(type).build();
  }

  private static KeySchemaElement key(String name, KeyType type) {
    return KeySchemaElement.builder().attributeName(name).keyType(type).build();
  }

  private static AttributeValue s(String value) {
    return AttributeValue.fromS(value);
  }

  private static AttributeValue n(String value) {
    return AttributeValue.fromN(value);
  }
}
