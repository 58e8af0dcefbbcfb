package io.docpipe.local.servers.otlp;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The latest point of each Prometheus series, as a scrape of the collector's Prometheus exporter would show them. A
 * series is a translated name plus its labels: the point's attributes, and {@code job}, {@code instance} and
 * {@code deployment_environment} and {@code service_version} from the resource. Bounded: past {@code capacity} series, the one updated longest ago goes.
 */
final class MetricStore {
  enum PromType {
    COUNTER, GAUGE, HISTOGRAM, SUMMARY;

    String text() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  record Series(String name, PromType type, String help, SortedMap<String, String> labels, MetricPoint point) {}

  private record Key(String name, Map<String, String> labels) {}

  private final int capacity;
  private final LinkedHashMap<Key, Series> series = new LinkedHashMap<>();

  MetricStore(int capacity) {
    this.capacity = capacity;
  }

  /**
   * Keeps {@code point} as its series' latest; returns whether it says something new, i.e. its value differs from the
   * point it replaces. A cumulative exporter sends every series at every flush, changed or not.
   */
  synchronized boolean add(MetricPoint point) {
    PromType type = type(point);
    if (type == null) return true; // not a series kept here (an exponential histogram): whether it changed is unknown
    String name = PrometheusNames.metric(point.name(), point.unit(),
        point.type() == MetricPoint.Type.SUM && Boolean.TRUE.equals(point.monotonic()),
        point.type() == MetricPoint.Type.GAUGE);
    if (name.isEmpty()) return true;
    SortedMap<String, String> labels = labels(point);
    Key key = new Key(name, labels);
    Series old = series.get(key);
    if (old != null && old.point().timeEpochNanos() > point.timeEpochNanos()) return false; // arrived out of order
    series.remove(key); // re-inserted at the end, so the map runs from least to most recently updated
    if (point.noRecordedValue()) return old != null; // the emitter says the series ended: Prometheus would mark it stale
    series.put(key, new Series(name, type, point.description(), labels, point));
    for (Iterator<Key> oldest = series.keySet().iterator(); series.size() > capacity; ) {
      oldest.next();
      oldest.remove();
    }
    return old == null || !old.point().sameValueAs(point);
  }

  /** Least recently updated first. */
  synchronized List<Series> snapshot() {
    return List.copyOf(series.values());
  }

  synchronized void clear() {
    series.clear();
  }

  /**
   * Null for what the translator drops: delta sums and histograms (Prometheus holds cumulative values only; Mimir
   * refuses them by default too) and exponential histograms (the text format has no native histograms).
   */
  private static PromType type(MetricPoint point) {
    return switch (point.type()) {
      case GAUGE -> PromType.GAUGE;
      case SUM -> !point.cumulative() ? null
          : Boolean.TRUE.equals(point.monotonic()) ? PromType.COUNTER : PromType.GAUGE;
      case HISTOGRAM -> point.cumulative() ? PromType.HISTOGRAM : null;
      case SUMMARY -> PromType.SUMMARY;
      case EXPONENTIAL_HISTOGRAM -> null;
    };
  }

  /**
   * Attributes in key order, so that two keys sanitised to one label join their values with {@code ;} in a stable
   * order, as the translator does; then the resource labels, which win over an attribute of the same name.
   */
  private static SortedMap<String, String> labels(MetricPoint point) {
    SortedMap<String, String> labels = new TreeMap<>();
    new TreeMap<>(point.attributes()).forEach((key, value) ->
        labels.merge(PrometheusNames.label(key), labelValue(value), (a, b) -> a + ";" + b));
    Map<String, Object> resource = point.resourceAttributes();
    Object service = resource.get("service.name");
    Object namespace = resource.get("service.namespace");
    if (service != null) {
      labels.put("job", namespace == null ? service.toString() : namespace + "/" + service);
    }
    if (resource.get("service.instance.id") != null) {
      labels.put("instance", resource.get("service.instance.id").toString());
    }
    // Not in the translator's defaults: the collector layer's transform/promote processor copies these two resource
    // attributes onto every data point (collector-layer/collector.yaml), so the dashboards can filter by environment
    // and split by version.
    promote(resource, "deployment.environment", labels);
    promote(resource, "service.version", labels);
    return labels;
  }

  private static void promote(Map<String, Object> resource, String key, SortedMap<String, String> labels) {
    if (resource.get(key) != null) labels.put(PrometheusNames.label(key), resource.get(key).toString());
  }

  /** As pcommon's {@code Value.AsString}: doubles in plain decimal, arrays and maps as JSON. */
  private static String labelValue(Object value) {
    return switch (value) {
      case null -> "";
      case Double d when d.isNaN() || d.isInfinite() -> PrometheusText.number(d);
      case Double d -> new java.math.BigDecimal(Double.toString(d)).stripTrailingZeros().toPlainString();
      case List<?> list -> JsonLines.toJson(list);
      case Map<?, ?> map -> JsonLines.toJson(map);
      default -> value.toString();
    };
  }
}
