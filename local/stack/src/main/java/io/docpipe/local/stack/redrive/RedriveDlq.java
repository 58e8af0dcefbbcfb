package io.docpipe.local.stack.redrive;

import io.docpipe.local.stack.redrive.MoveTaskWatcher.Progress;
import io.docpipe.local.stack.redrive.QueueResolver.Queue;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * {@code make redrive DLQ=<name>}: moves a dead-letter queue's messages back to the queue that dead-lettered them
 * (or to {@code --to}) with SQS' message move task, the same API in AWS and in the local stack's ElasticMQ, and prints
 * the equivalent {@code aws sqs start-message-move-task} command. {@code docs/runbooks.md#redrive-a-dlq} says when a
 * redrive is worth doing.
 *
 * <p>Exit status: 0 moved, nothing to move, or dry run; 1 the queue is unknown or not a DLQ, SQS refused, or the task
 * failed; 2 bad arguments; 3 {@code --wait} gave up before the task ended (the task goes on).
 */
public final class RedriveDlq {
  static final int OK = 0;
  static final int FAILED = 1;
  static final int USAGE = 2;
  static final int STILL_RUNNING = 3;

  private RedriveDlq() {}

  public static void main(String[] args) {
    System.exit(run(Arrays.asList(args), System.getenv(), Path.of(System.getProperty("user.home")), System.out,
        System.err));
  }

  /** The whole command, with its environment, home directory (for {@code ~/.aws}) and output passed in. */
  static int run(List<String> args, Map<String, String> env, Path home, PrintStream out, PrintStream err) {
    RedriveArgs a;
    try {
      a = RedriveArgs.parse(args);
    } catch (IllegalArgumentException e) {
      err.println("redrive: " + e.getMessage());
      err.print(RedriveArgs.USAGE);
      return USAGE;
    }
    SqsTarget target = null;
    try {
      target = SqsTarget.from(env, home);
      out.println("SQS: " + target.description());
      try (SqsClient sqs = target.client()) {
        return redrive(a, target, sqs, out, err);
      }
    } catch (RedriveException e) {
      err.println("redrive: " + e.getMessage());
      return FAILED;
    } catch (SdkClientException e) {
      err.println("redrive: cannot reach " + (target == null ? "SQS" : target.description()) + ": " + e.getMessage()
          + (target != null && target.endpoint() != null ? " (is the local stack running? make run)" : ""));
      return FAILED;
    } catch (SdkException e) {
      err.println("redrive: SQS refused: " + e.getMessage());
      return FAILED;
    }
  }

  private static int redrive(RedriveArgs a, SqsTarget target, SqsClient sqs, PrintStream out, PrintStream err) {
    RedrivePlan plan = RedrivePlan.resolve(sqs, target.description(), a.dlq(), a.to());
    Queue dlq = plan.dlq();
    out.printf("DLQ:         %s  %s%n", dlq.name(), dlq.arn());
    out.printf("messages:    %d waiting, %d in flight, %d delayed%n", dlq.waiting(), dlq.inFlight(), dlq.delayed());
    out.printf("destination: %s  %s%s%n", plan.destination().name(), plan.destination().arn(),
        plan.defaultDestination() ? "  (its redrive policy points at the DLQ)" : "");
    out.println("AWS CLI:     " + plan.startCommand(target, a.maxPerSecond()));
    if (a.dryRun()) {
      out.println("dry run: nothing moved");
      return OK;
    }
    if (dlq.messages() == 0) {
      out.println("the DLQ is empty: nothing to move");
      return OK;
    }
    String handle = sqs.startMessageMoveTask(b -> b.sourceArn(dlq.arn()).destinationArn(plan.destination().arn())
        .maxNumberOfMessagesPerSecond(a.maxPerSecond())).taskHandle();
    out.println("started move task " + handle);
    if (!a.await()) {
      out.println("follow it:   " + plan.listCommand(target));
      return OK;
    }
    Progress last = new MoveTaskWatcher(sqs).follow(dlq.arn(), handle, dlq.messages(), a.timeout(),
        p -> out.println("  " + p));
    if (!last.ended()) {
      err.println("redrive: the task is still " + last + " after " + a.timeout() + "; it goes on in SQS. Follow it: "
          + plan.listCommand(target) + "; stop it: aws sqs cancel-message-move-task --task-handle " + handle + " "
          + target.cliFlags());
      return STILL_RUNNING;
    }
    if (!last.status().equals("COMPLETED")) {
      err.println("redrive: the task ended " + last);
      return FAILED;
    }
    out.println("done: " + last.moved() + " messages moved from " + dlq.name() + " to " + plan.destination().name());
    return OK;
  }
}
