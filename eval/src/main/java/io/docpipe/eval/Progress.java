package io.docpipe.eval;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A progress line for long work: done, failed and in flight out of the total, the rate per minute and the time left.
 * On a terminal it redraws one line in place (at most four times a second); elsewhere (CI logs, a pipe) it prints a
 * line at every tenth of the work or every 30 seconds, whichever comes first, so a log shows progress without a flood.
 */
final class Progress {
  private static final long REDRAW_NANOS = 250_000_000L;
  private static final long LOG_NANOS = 30_000_000_000L;

  private final PrintStream out;
  private final String label;
  private final int total;
  private final boolean terminal;
  private final long start = System.nanoTime();
  private long lastDrawn;
  private int lastTenth = -1;
  private int printedEnded = -1;
  private String line = "";

  Progress(PrintStream out, String label, int total, boolean terminal) {
    this.out = out;
    this.label = label;
    this.total = total;
    this.terminal = terminal;
  }

  /** Whether standard output is a terminal, as {@code make eval} tells with {@code -Deval.terminal}. */
  static boolean stdoutIsTerminal() {
    return Boolean.getBoolean("eval.terminal");
  }

  synchronized void update(int done, int failed, int inFlight) {
    long now = System.nanoTime();
    int ended = done + failed;
    int tenth = total == 0 ? 10 : ended * 10 / total;
    boolean due = terminal ? now - lastDrawn >= REDRAW_NANOS : tenth > lastTenth || now - lastDrawn >= LOG_NANOS;
    if (!due) return;
    lastDrawn = now;
    lastTenth = tenth;
    printedEnded = ended;
    line = render(done, failed, inFlight, (now - start) / 1e9);
    if (terminal) {
      out.print("\r" + line + "\u001b[K");
    } else {
      out.println(line);
    }
    out.flush();
  }

  /** The last line, final, followed by a line break on a terminal. */
  synchronized void finish(int done, int failed) {
    if (!terminal && done + failed == printedEnded) return; // a log already has the last line
    lastDrawn = 0;
    lastTenth = -1;
    update(done, failed, 0);
    if (terminal) out.println();
  }

  synchronized void finish() {
    finish(total, 0);
  }

  String render(int done, int failed, int inFlight, double seconds) {
    int ended = done + failed;
    double perMinute = seconds > 0 ? ended * 60 / seconds : 0;
    int width = 24;
    int filled = total == 0 ? width : (int) ((long) ended * width / total);
    String bar = "#".repeat(filled) + ".".repeat(width - filled);
    String eta = perMinute > 0 && ended < total ? clock((total - ended) / perMinute * 60) : "-";
    return String.format(Locale.ROOT, "%s [%s] %d/%d done, %d failed, %d in flight, %.0f/min, %s elapsed, ETA %s",
        label, bar, done, total, failed, inFlight, perMinute, clock(seconds), eta);
  }

  private static String clock(double seconds) {
    long s = Math.round(seconds);
    return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
        : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
  }
}
