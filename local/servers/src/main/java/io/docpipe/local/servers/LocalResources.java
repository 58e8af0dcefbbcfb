package io.docpipe.local.servers;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueNameExistsException;

/**
 * The AWS resources template.yaml declares, created the same way on the local servers: the three stage queues and
 * the inference circuit's probe queue, each with its DLQ and redrive policy, the documents bucket, and the jobs table
 * with its sparse {@code active-jobs} index. Creating them again is harmless, also on servers that kept them from an
 * earlier run (a stage queue found with other settings, say a changed visibility timeout, takes the new ones).
 */
public record LocalResources(String jobsTable, String bucket, Map<String, String> queueUrls, Map<String, String> dlqUrls) {
  public static final List<String> STAGE_QUEUES = List.of("scrape", "chunk", "embed");
  /** The queue that delivers the inference circuit's half-open probe when an open period ends. */
  public static final String PROBE_QUEUE = "probe";
  /** The jobs table's TTL attribute, epoch seconds. */
  public static final String EXPIRES_AT = "expires_at";

  /** Settings of one stage queue: how long a received message stays hidden, and receives before the DLQ. */
  public record QueueSettings(int visibilityTimeoutSeconds, int maxReceiveCount) {}

  public static LocalResources create(String prefix, SqsClient sqs, S3Client s3, DynamoDbClient dynamo,
      Map<String, QueueSettings> settings) {
    Map<String, String> queues = new java.util.LinkedHashMap<>();
    Map<String, String> dlqs = new java.util.LinkedHashMap<>();
    for (String stage : java.util.stream.Stream.concat(STAGE_QUEUES.stream(), java.util.stream.Stream.of(PROBE_QUEUE)).toList()) {
      QueueSettings s = settings.getOrDefault(stage, new QueueSettings(30, 5));
      String dlqUrl = sqs.createQueue(b -> b.queueName(prefix + "-" + stage + "-dlq")
          .attributes(Map.of(QueueAttributeName.MESSAGE_RETENTION_PERIOD, "1209600"))).queueUrl();
      String dlqArn = sqs.getQueueAttributes(b -> b.queueUrl(dlqUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
          .attributes().get(QueueAttributeName.QUEUE_ARN);
      String redrive = "{\"deadLetterTargetArn\":\"" + dlqArn + "\",\"maxReceiveCount\":\"" + s.maxReceiveCount() + "\"}";
      Map<QueueAttributeName, String> attributes = Map.of(
          QueueAttributeName.VISIBILITY_TIMEOUT, Integer.toString(s.visibilityTimeoutSeconds()),
          QueueAttributeName.REDRIVE_POLICY, redrive);
      String name = prefix + "-" + stage;
      String url;
      try {
        url = sqs.createQueue(b -> b.queueName(name).attributes(attributes)).queueUrl();
      } catch (QueueNameExistsException otherSettings) {
        url = sqs.getQueueUrl(b -> b.queueName(name)).queueUrl();
        String existing = url;
        sqs.setQueueAttributes(b -> b.queueUrl(existing).attributes(attributes));
      }
      queues.put(stage, url);
      dlqs.put(stage, dlqUrl);
    }
    String bucket = prefix + "-documents";
    if (s3.listBuckets().buckets().stream().noneMatch(b -> b.name().equals(bucket))) s3.createBucket(b -> b.bucket(bucket));
    String table = prefix + "-jobs";
    createJobsTable(dynamo, table);
    return new LocalResources(table, bucket, Map.copyOf(queues), Map.copyOf(dlqs));
  }

  // The first call a new DynamoDB Local answers loads its storage engine: on a loaded 2-core machine that outlasted
  // the functions' 20 s call timeout (seen in make test beside a soak). A local set-up step may wait longer.
  private static final Duration FIRST_CALL_TIMEOUT = Duration.ofMinutes(2);

  /**
   * The table of template.yaml's {@code JobsTable}: key {@code job_id}, sparse GSI over active jobs, TTL on
   * {@code expires_at} (the api's idempotency and quota items; DynamoDB Local accepts the setting but never deletes).
   */
  static void createJobsTable(DynamoDbClient dynamo, String table) {
    try {
      dynamo.createTable(b -> b.tableName(table)
          .billingMode(BillingMode.PAY_PER_REQUEST)
          .attributeDefinitions(
              AttributeDefinition.builder().attributeName("job_id").attributeType(ScalarAttributeType.S).build(),
              AttributeDefinition.builder().attributeName("active_status").attributeType(ScalarAttributeType.S).build(),
              AttributeDefinition.builder().attributeName("updated_at").attributeType(ScalarAttributeType.S).build())
          .keySchema(KeySchemaElement.builder().attributeName("job_id").keyType(KeyType.HASH).build())
          .globalSecondaryIndexes(GlobalSecondaryIndex.builder()
              .indexName("active-jobs")
              .keySchema(
                  KeySchemaElement.builder().attributeName("active_status").keyType(KeyType.HASH).build(),
                  KeySchemaElement.builder().attributeName("updated_at").keyType(KeyType.RANGE).build())
              .projection(p -> p.projectionType(ProjectionType.ALL))
              .build())
          .overrideConfiguration(o -> o.apiCallTimeout(FIRST_CALL_TIMEOUT)));
    } catch (ResourceInUseException alreadyThere) {
      // created by an earlier start against the same server, or by an attempt of ours the SDK retried
    }
    TimeToLiveStatus ttl = dynamo.describeTimeToLive(b -> b.tableName(table)).timeToLiveDescription().timeToLiveStatus();
    if (ttl == TimeToLiveStatus.ENABLED || ttl == TimeToLiveStatus.ENABLING) return;
    dynamo.updateTimeToLive(b -> b.tableName(table)
        .timeToLiveSpecification(t -> t.attributeName(EXPIRES_AT).enabled(true)));
  }
}
