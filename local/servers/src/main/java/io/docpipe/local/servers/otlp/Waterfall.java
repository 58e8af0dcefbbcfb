package io.docpipe.local.servers.otlp;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A trace as text, one line per span in parent/child order: offset from the trace's start, duration, a bar on the
 * trace's timeline, the span indented by depth as {@code service: name}, then the attributes that say which job and
 * stage it served and whether it failed. For example:
 * <pre>
 * trace 8f2fd079fe92cbc45547e80155f1b69e: 5 spans, 2 services, 100.0 ms
 *  0.0 ms  100.0 ms  |####################|  api: POST /jobs  job.id=job-1 http.route=/jobs
 * 10.0 ms    5.0 ms  |  #                 |    api: ScrapeQueue send  job.id=job-1
 * 20.0 ms   60.0 ms  |    ############    |      scraper: scrape  job.id=job-1 job.stage=scraping
 * 25.0 ms   50.0 ms  |     ##########     |        scraper: GET  http.response.status_code=504 ERROR: timeout
 * 85.0 ms   10.0 ms  |                 ## |  scraper: late message  (parent 00f067aa0ba902b7 not in trace)
 * </pre>
 * A span whose parent was not received (a producer outside the local stack, or a parent still being exported) is a
 * root, marked with the missing parent's id. A span id received twice (an exporter retry) is shown once.
 */
final class Waterfall {
  private static final int BAR = 20;
  private static final List<String> KEY_ATTRIBUTES =
      List.of("job.id", "job.stage", "http.route", "http.response.status_code", "error.type");
  private static final Comparator<ReceivedSpan> BY_START =
      Comparator.comparingLong(ReceivedSpan::startEpochNanos).thenComparing(ReceivedSpan::spanId);

  private Waterfall() {}

  static String render(String traceId, List<ReceivedSpan> received) {
    if (received.isEmpty()) return "trace " + traceId + ": no spans received\n";
    Map<String, ReceivedSpan> byId = new LinkedHashMap<>();
    for (ReceivedSpan span : received) byId.putIfAbsent(span.spanId(), span);
    Map<String, List<ReceivedSpan>> children = new HashMap<>();
    List<ReceivedSpan> roots = new ArrayList<>();
    for (ReceivedSpan span : byId.values()) {
      boolean hasParent = !span.parentSpanId().isEmpty() && !span.parentSpanId().equals(span.spanId())
          && byId.containsKey(span.parentSpanId());
      if (hasParent) children.computeIfAbsent(span.parentSpanId(), id -> new ArrayList<>()).add(span);
      else roots.add(span);
    }
    long start = byId.values().stream().mapToLong(ReceivedSpan::startEpochNanos).min().orElseThrow();
    long end = byId.values().stream().mapToLong(ReceivedSpan::endEpochNanos).max().orElseThrow();
    long services = byId.values().stream().map(ReceivedSpan::service).distinct().count();
    StringBuilder out = new StringBuilder();
    out.append("trace ").append(traceId).append(": ")
        .append(byId.size()).append(byId.size() == 1 ? " span, " : " spans, ")
        .append(services).append(services == 1 ? " service, " : " services, ")
        .append(ms(end - start)).append('\n');

    List<Line> lines = new ArrayList<>();
    Set<String> visited = new HashSet<>();
    roots.sort(BY_START);
    for (ReceivedSpan root : roots) walk(root, 0, children, visited, lines);
    // Spans that are each other's parents (a malformed trace) hang under no root; show them rather than lose them.
    for (ReceivedSpan span : byId.values().stream().sorted(BY_START).toList()) walk(span, 0, children, visited, lines);
    int offsetWidth = lines.stream().mapToInt(l -> ms(l.span.startEpochNanos() - start).length()).max().orElse(0);
    int durationWidth = lines.stream().mapToInt(l -> ms(l.span.durationNanos()).length()).max().orElse(0);
    for (Line line : lines) {
      ReceivedSpan span = line.span;
      out.append(pad(ms(span.startEpochNanos() - start), offsetWidth)).append("  ")
          .append(pad(ms(span.durationNanos()), durationWidth)).append("  ")
          .append('|').append(bar(span, start, end)).append("|  ")
          .append("  ".repeat(line.depth)).append(span.service()).append(": ").append(span.name())
          .append(details(span, byId)).append('\n');
    }
    return out.toString();
  }

  private record Line(ReceivedSpan span, int depth) {}

  private static void walk(ReceivedSpan span, int depth, Map<String, List<ReceivedSpan>> children,
      Set<String> visited, List<Line> lines) {
    if (!visited.add(span.spanId())) return; // already shown, or a parent cycle
    lines.add(new Line(span, depth));
    List<ReceivedSpan> kids = children.getOrDefault(span.spanId(), List.of());
    for (ReceivedSpan kid : kids.stream().sorted(BY_START).toList()) walk(kid, depth + 1, children, visited, lines);
  }

  private static String bar(ReceivedSpan span, long start, long end) {
    long total = Math.max(1, end - start);
    int from = (int) Math.min(BAR - 1, (span.startEpochNanos() - start) * BAR / total);
    int to = (int) Math.min(BAR, Math.max(from + 1, Math.ceilDiv((span.endEpochNanos() - start) * BAR, total)));
    return " ".repeat(from) + "#".repeat(to - from) + " ".repeat(BAR - to);
  }

  private static String details(ReceivedSpan span, Map<String, ReceivedSpan> byId) {
    StringBuilder out = new StringBuilder();
    for (String key : KEY_ATTRIBUTES) {
      Object value = span.attributes().get(key);
      if (value != null) out.append(' ').append(key).append('=').append(value);
    }
    if ("ERROR".equals(span.status())) {
      out.append(" ERROR");
      if (!span.statusMessage().isEmpty()) out.append(": ").append(span.statusMessage());
    }
    if (!span.parentSpanId().isEmpty() && !byId.containsKey(span.parentSpanId())) {
      out.append(" (parent ").append(span.parentSpanId()).append(" not in trace)");
    }
    return out.isEmpty() ? "" : " " + out;
  }

  private static String ms(long nanos) {
    return String.format(Locale.ROOT, "%.1f ms", nanos / 1e6);
  }

  private static String pad(String text, int width) {
    return " ".repeat(Math.max(0, width - text.length())) + text;
  }
}
