package io.docpipe.local.stack.redrive;

import static org.assertj.core.api.Assertions.assertThat;

import io.docpipe.local.servers.Await;
import io.docpipe.local.servers.FunctionEnvironment;
import io.docpipe.local.servers.LocalResources;
import io.docpipe.local.servers.LocalServers;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The redrive command against the real ElasticMQ, through {@link RedriveDlq#run}, the code path of {@code make
 * redrive}: a fresh embed queue and DLQ (LocalResources, unique prefix), reached the way a developer's machine does,
 * by the local-stack fallback on {@code localhost:$LOCAL_SQS_PORT} with no AWS endpoint or credentials configured.
 */
class RedriveDlqTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  /** A home without ~/.aws, so the developer's own AWS set-up never decides where the command goes. */
  private static final Path NO_HOME = Path.of("target", "redrive-test-home-without-aws");

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private SqsClient sqs;
  private String queueUrl;
  private String dlqUrl;
  private Map<String, String> cliEnv;

  @BeforeEach
  void createQueues() {
    FunctionEnvironment env = FunctionEnvironment.forTest("redrive", 30);
    LocalResources resources = env.localResources();
    sqs = env.clients().sqs();
    queueUrl = resources.queueUrls().get("embed");
    dlqUrl = resources.dlqUrls().get("embed");
    cliEnv = Map.of("LOCAL_SQS_PORT", Integer.toString(LocalServers.get().sqs().endpoint().getPort()));
  }

  @Test
  void wait_movesEveryMessageBackToTheSourceQueue_withBodyAndAttributesIntact() {
    for (int i = 0; i < 3; i++) sendToDlq(i);

    // 5 a second: the 3 messages take ~0.6 s, so the first poll sees the task running.
    int status = redrive("--dlq", name(dlqUrl), "--max-per-second", "5", "--wait");

    assertThat(status).as(output()).isEqualTo(RedriveDlq.OK);
    assertThat(stdout()).contains("SQS: the local stack's SQS at http://localhost:", "3 waiting",
        "aws sqs start-message-move-task --source-arn " + arn(dlqUrl) + " --destination-arn " + arn(queueUrl)
            + " --max-number-of-messages-per-second 5 --region us-east-1 --endpoint-url http://localhost:",
        "RUNNING: moved ", "COMPLETED: moved 3/3",
        "done: 3 messages moved from " + name(dlqUrl) + " to " + name(queueUrl));
    Map<String, Message> back = new ConcurrentHashMap<>();
    Await.until("3 messages back in " + name(queueUrl), TIMEOUT, () -> {
      sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10).visibilityTimeout(60)
          .messageAttributeNames("All")).messages().forEach(m -> back.put(m.body(), m));
      return back.size();
    }, n -> n == 3);
    for (int i = 0; i < 3; i++) {
      assertThat(back.get(body(i)).messageAttributes()).as("attributes of message %d", i).isEqualTo(attributes(i));
    }
    Await.until(name(dlqUrl) + " empty", TIMEOUT, () -> depth(dlqUrl), d -> d == 0);
  }

  @Test
  void unknownDlq_failsWithAMessageNamingIt() {
    String missing = name(dlqUrl).replace("-embed-dlq", "-embd-dlq");

    int status = redrive("--dlq", missing, "--wait");

    assertThat(status).isEqualTo(RedriveDlq.FAILED);
    assertThat(stderr()).contains("no queue named \"" + missing + "\" in the local stack's SQS at http://localhost:");
  }

  @Test
  void sourceQueueGivenAsDlq_failsSayingWhichQueueIsItsDlq() {
    sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody("not a dead letter"));

    int status = redrive("--dlq", name(queueUrl));

    assertThat(status).isEqualTo(RedriveDlq.FAILED);
    assertThat(stderr()).contains(name(queueUrl) + " is not a dead-letter queue", "use --dlq " + name(dlqUrl));
    assertThat(depth(queueUrl)).isEqualTo(1);
  }

  @Test
  void dryRun_countsAndMovesNothing() {
    sendToDlq(0);

    int status = redrive("--dlq", dlqUrl, "--dry-run");

    assertThat(status).as(output()).isEqualTo(RedriveDlq.OK);
    assertThat(stdout()).contains("1 waiting", "destination: " + name(queueUrl), "dry run: nothing moved");
    assertThat(depth(dlqUrl)).isEqualTo(1);
    assertThat(sqs.listMessageMoveTasks(b -> b.sourceArn(arn(dlqUrl))).results()).isEmpty();
  }

  @Test
  void badArgument_exitsWithUsage() {
    int status = redrive("--dlq", name(dlqUrl), "--max-per-second", "0");

    assertThat(status).isEqualTo(RedriveDlq.USAGE);
    assertThat(stderr()).contains("--max-per-second must be an integer from 1 to 500", "usage: redrive --dlq");
  }

  private int redrive(String... args) {
    return RedriveDlq.run(List.of(args), cliEnv, NO_HOME, print(out), print(err));
  }

  private void sendToDlq(int i) {
    sqs.sendMessage(b -> b.queueUrl(dlqUrl).messageBody(body(i)).messageAttributes(attributes(i)));
  }

  private static String body(int i) {
    return "{\"job_id\":\"job-" + i + "\",\"part_key\":\"chunks/job-" + i + "/part-00000.json\",\"part_index\":0}";
  }

  private static Map<String, MessageAttributeValue> attributes(int i) {
    return Map.of(
        "traceparent", MessageAttributeValue.builder().dataType("String")
            .stringValue("00-4bf92f3577b34da6a3ce929d0e0e473" + i + "-00f067aa0ba902b7-01").build(),
        "attempt", MessageAttributeValue.builder().dataType("Number").stringValue(Integer.toString(i)).build(),
        "checksum", MessageAttributeValue.builder().dataType("Binary")
            .binaryValue(SdkBytes.fromUtf8String("sum-" + i)).build());
  }

  private long depth(String url) {
    Map<QueueAttributeName, String> a = sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(
        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
    return Long.parseLong(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
        + Long.parseLong(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
  }

  private String arn(String url) {
    return sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN)).attributes()
        .get(QueueAttributeName.QUEUE_ARN);
  }

  private static String name(String url) {
    return url.substring(url.lastIndexOf('/') + 1);
  }

  private static PrintStream print(ByteArrayOutputStream bytes) {
    return new PrintStream(bytes, true, StandardCharsets.UTF_8);
  }

  private String stdout() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String stderr() {
    return err.toString(StandardCharsets.UTF_8);
  }

  private String output() {
    return "stdout:\n" + stdout() + "\nstderr:\n" + stderr();
  }
}
