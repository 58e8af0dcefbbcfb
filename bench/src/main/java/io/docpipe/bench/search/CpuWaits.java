package io.docpipe.bench.search;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Time spent runnable but waiting for a CPU, from the kernel's per-task scheduler statistics
 * ({@code /proc/<pid>/schedstat}: time on a CPU, time waiting on a run queue, both in nanoseconds). The benchmark runs
 * beside other work on two cores; a search's wall time then includes queueing for a core that says nothing about the
 * plan. Summing the waits of the calling thread and of the PostgreSQL backend serving it over one search, and taking
 * them off its wall time, gives what the search would take on an idle machine (I/O waits stay counted).
 */
final class CpuWaits {
  private static final Path THREAD = Path.of("/proc/thread-self/schedstat");

  private final Path backend;
  private final boolean available;

  /** @param backendPid the server process that runs this searcher's statements, or -1 when unknown */
  CpuWaits(long backendPid) {
    this.backend = Path.of("/proc/" + backendPid + "/schedstat");
    this.available = backendPid > 0 && read(THREAD) >= 0 && read(backend) >= 0;
  }

  boolean available() {
    return available;
  }

  /** Run-queue nanoseconds so far of the calling thread and the backend together (0 when not available). */
  long nanos() {
    return available ? read(THREAD) + read(backend) : 0;
  }

  /** The second field of a schedstat line, or -1 when it cannot be read. */
  static long read(Path schedstat) {
    try {
      String[] fields = Files.readString(schedstat).trim().split(" ");
      return Long.parseLong(fields[1]);
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }
}
