package io.docpipe.local.stack.redrive;

import io.docpipe.local.stack.redrive.QueueResolver.Queue;
import java.util.List;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Where a DLQ's messages go. The destination is always named in the move task, even when it is the DLQ's only
 * source queue: SQS would pick it by itself, but ElasticMQ 1.7.1 never answers a StartMessageMoveTask without
 * DestinationArn whose source is no queue's DLQ, and picks any one when several queues share the DLQ. Named, both
 * servers do the same thing, and the printed AWS CLI command says exactly what happened.
 *
 * @param defaultDestination true when the destination is the queue whose redrive policy points at the DLQ
 */
record RedrivePlan(Queue dlq, Queue destination, boolean defaultDestination) {

  /** Resolves {@code dlqRef} and {@code toRef} (null: the DLQ's own source queue), or says why it cannot. */
  static RedrivePlan resolve(SqsClient sqs, String where, String dlqRef, String toRef) {
    QueueResolver queues = new QueueResolver(sqs, where);
    Queue dlq = queues.resolve(dlqRef);
    List<String> sources = queues.sourcesOf(dlq);
    if (sources.isEmpty()) throw new RedriveException(notADeadLetterQueue(dlq));
    Queue destination;
    if (toRef != null) {
      destination = queues.resolve(toRef);
    } else if (sources.size() == 1) {
      destination = queues.resolve(sources.getFirst());
    } else {
      throw new RedriveException(sources.size() + " queues send their dead letters to " + dlq.name() + " ("
          + String.join(", ", sources.stream().map(QueueResolver::nameOf).toList()) + "): say which one with --to");
    }
    if (destination.arn().equals(dlq.arn())) throw new RedriveException("--to names the DLQ itself");
    return new RedrivePlan(dlq, destination, toRef == null);
  }

  private static String notADeadLetterQueue(Queue queue) {
    String why = queue.name() + " is not a dead-letter queue: no queue's redrive policy points at it";
    if (queue.deadLetterTarget() == null) return why + ", and a move task only takes messages out of a DLQ";
    String dlq = QueueResolver.nameOf(queue.deadLetterTarget());
    return why + ". It is a source queue whose DLQ is " + dlq + ": use --dlq " + dlq;
  }

  String startCommand(SqsTarget target, Integer maxPerSecond) {
    return "aws sqs start-message-move-task --source-arn " + dlq.arn() + " --destination-arn " + destination.arn()
        + (maxPerSecond == null ? "" : " --max-number-of-messages-per-second " + maxPerSecond) + " "
        + target.cliFlags();
  }

  String listCommand(SqsTarget target) {
    return "aws sqs list-message-move-tasks --source-arn " + dlq.arn() + " --max-results 10 " + target.cliFlags();
  }
}
