package io.docpipe.local.stack.redrive;

import static org.assertj.core.api.Assertions.assertThat;

import io.docpipe.local.stack.redrive.MoveTaskWatcher.Progress;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.ListMessageMoveTasksResultEntry;

/**
 * Which listed task is ours, including the shapes ElasticMQ does not produce: AWS lists a task's handle only while it
 * runs.
 */
class MoveTaskWatcherTest {
  private static final long NOW = 1_800_000_000_000L;

  @Test
  void find_runningTask_matchesByHandle() {
    List<ListMessageMoveTasksResultEntry> tasks =
        List.of(task("h2", "RUNNING", 1, 3, NOW), task("h1", "COMPLETED", 5, 5, NOW - 60_000));

    assertThat(MoveTaskWatcher.find(tasks, "h2", null, NOW - 30_000, 3))
        .contains(new Progress("RUNNING", 1, 3, null, NOW));
  }

  @Test
  void find_endedTaskWithoutHandle_matchesByTheStartSeenWhileRunning() {
    List<ListMessageMoveTasksResultEntry> tasks =
        List.of(task(null, "FAILED", 2, 3, NOW), task(null, "COMPLETED", 5, 5, NOW - 60_000));

    assertThat(MoveTaskWatcher.find(tasks, "h2", NOW, NOW - 30_000, 3)).get()
        .extracting(Progress::status, Progress::moved).containsExactly("FAILED", 2L);
  }

  @Test
  void find_endedBeforeFirstPoll_takesTheNewestTaskOnlyIfItStartedAfterUs() {
    List<ListMessageMoveTasksResultEntry> previousOnly = List.of(task(null, "COMPLETED", 5, 5, NOW - 60_000));
    List<ListMessageMoveTasksResultEntry> oursToo =
        List.of(task(null, "COMPLETED", 3, 3, NOW), previousOnly.getFirst());

    assertThat(MoveTaskWatcher.find(previousOnly, "h2", null, NOW - 30_000, 3)).isEmpty();
    assertThat(MoveTaskWatcher.find(oursToo, "h2", null, NOW - 30_000, 3)).get()
        .extracting(Progress::moved, Progress::total).containsExactly(3L, 3L);
  }

  @Test
  void find_completedWithToMoveZero_asElasticMqReportsIt_totalIsTheMovedCount() {
    List<ListMessageMoveTasksResultEntry> tasks = List.of(task("h2", "COMPLETED", 3, 0, NOW));

    Progress progress = MoveTaskWatcher.find(tasks, "h2", null, NOW - 30_000, 3).orElseThrow();

    assertThat(progress.ended()).isTrue();
    assertThat(progress).hasToString("COMPLETED: moved 3/3");
  }

  private static ListMessageMoveTasksResultEntry task(String handle, String status, long moved, long toMove,
      long started) {
    return ListMessageMoveTasksResultEntry.builder().taskHandle(handle).status(status)
        .approximateNumberOfMessagesMoved(moved).approximateNumberOfMessagesToMove(toMove).startedTimestamp(started)
        .build();
  }
}
