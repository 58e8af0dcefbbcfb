package io.docpipe.local.stack.redrive;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.ListMessageMoveTasksResultEntry;

/**
 * Follows one message move task with ListMessageMoveTasks until it ends or a deadline passes. The pause between
 * polls starts at 200 ms and doubles up to 2 s: a local task ends in milliseconds, an AWS one in minutes.
 */
final class MoveTaskWatcher {
  private static final long FIRST_PAUSE_MS = 200;
  private static final long MAX_PAUSE_MS = 2_000;
  /** How far a task's start (the server's clock) may precede ours and still be taken for the task we started. */
  private static final long CLOCK_SKEW_MS = 30_000;
  /** The most ListMessageMoveTasks returns (SQS' default is 1). */
  private static final int MAX_RESULTS = 10;

  /**
   * A task as last seen. {@code total} is the larger of moved and to-move: ElasticMQ reports
   * ApproximateNumberOfMessagesToMove as 0 once a task has COMPLETED.
   */
  record Progress(String status, long moved, long total, String failureReason, Long startedTimestamp) {
    boolean ended() {
      return !status.equals("RUNNING") && !status.equals("CANCELLING");
    }

    @Override
    public String toString() {
      return status + ": moved " + moved + "/" + total + (failureReason == null ? "" : " (" + failureReason + ")");
    }
  }

  private final SqsClient sqs;

  MoveTaskWatcher(SqsClient sqs) {
    this.sqs = sqs;
  }

  /**
   * Polls until the task ends, calling {@code onChange} whenever its status or count changes. Returns the last
   * progress seen, which is still RUNNING when {@code timeout} passed first.
   */
  Progress follow(String sourceArn, String taskHandle, long expected, Duration timeout, Consumer<Progress> onChange) {
    long notBefore = System.currentTimeMillis() - CLOCK_SKEW_MS;
    long deadline = System.nanoTime() + timeout.toNanos();
    Progress last = new Progress("RUNNING", 0, expected, null, null);
    long pause = FIRST_PAUSE_MS;
    while (true) {
      Optional<Progress> seen = find(sqs.listMessageMoveTasks(b -> b.sourceArn(sourceArn).maxResults(MAX_RESULTS))
          .results(), taskHandle, last.startedTimestamp(), notBefore, expected);
      if (seen.isPresent()) {
        if (!seen.get().equals(last)) onChange.accept(seen.get());
        last = seen.get();
        if (last.ended()) return last;
      }
      if (System.nanoTime() >= deadline) return last;
      try {
        Thread.sleep(Math.min(pause, Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return last;
      }
      pause = Math.min(MAX_PAUSE_MS, pause * 2);
    }
  }

  /**
   * Our task among the newest ones of the source: by handle while SQS still returns it (AWS drops the handle once a
   * task has ended; ElasticMQ keeps it), then by the start time seen while it ran, then the newest task if it started
   * after {@code notBefore} (a source runs one task at a time; an older one is the previous task, still listed).
   */
  static Optional<Progress> find(List<ListMessageMoveTasksResultEntry> tasks, String taskHandle, Long startedTimestamp,
      long notBefore, long expected) {
    Optional<ListMessageMoveTasksResultEntry> task = tasks.stream()
        .filter(t -> taskHandle.equals(t.taskHandle())).findFirst()
        .or(() -> tasks.stream().filter(t -> startedTimestamp != null
            && Objects.equals(startedTimestamp, t.startedTimestamp())).findFirst())
        .or(() -> tasks.stream().findFirst()
            .filter(t -> t.startedTimestamp() != null && t.startedTimestamp() >= notBefore));
    return task.map(t -> {
      long moved = orZero(t.approximateNumberOfMessagesMoved());
      long toMove = orZero(t.approximateNumberOfMessagesToMove());
      long total = Math.max(moved, t.status().equals("RUNNING") && toMove == 0 ? expected : toMove);
      return new Progress(t.status(), moved, total, t.failureReason(), t.startedTimestamp());
    });
  }

  private static long orZero(Long value) {
    return value == null ? 0 : value;
  }
}
