package com.jstverify.tracing.demo;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The service map JstVerify draws from spans: nodes (the browser, each service, each database)
 * and edges with call counts, errors and latency. Built here from the span JSON the ingestion
 * endpoint received, the way the JstVerify backend builds it.
 *
 * <p>An edge is counted where a call arrives: a server span whose parent belongs to another
 * service (or to no span we have: the browser), and a database client span.
 */
public final class ServiceMap {
  /** The node for callers that sent no span of their own: the browser SDK, curl... */
  public static final String BROWSER = "browser";

  private final Map<String, String> nodes = new LinkedHashMap<>(); // name -> kind
  private final Map<String, Edge> edges = new LinkedHashMap<>();
  private final Map<String, List<Map<String, Object>>> traces = new LinkedHashMap<>();

  /** Builds the map from spans in the wire JSON shape (section 2). */
  public static ServiceMap of(List<Map<String, Object>> spans) {
    ServiceMap map = new ServiceMap();
    Map<String, Map<String, Object>> byId = new HashMap<>();
    for (Map<String, Object> span : spans) {
      byId.put((String) span.get("spanId"), span);
      map.traces.computeIfAbsent((String) span.get("traceId"), k -> new ArrayList<>()).add(span);
    }
    for (Map<String, Object> span : spans) {
      String service = (String) span.get("serviceName");
      map.nodes.putIfAbsent(service, "service");
      Map<String, Object> tags = tags(span);
      Map<String, Object> parent = byId.get(span.get("parentSpanId"));
      if ("server".equals(tags.get("span.kind"))) {
        String caller = parent == null ? BROWSER : (String) parent.get("serviceName");
        if (!service.equals(caller)) {
          if (parent == null) map.nodes.putIfAbsent(BROWSER, "browser");
          map.edge(caller, service).add(span);
        }
      } else if (tags.get("db.type") != null) {
        String database = String.valueOf(tags.getOrDefault("peer.service", tags.get("db.type")));
        map.nodes.putIfAbsent(database, "database");
        map.edge(service, database).add(span);
      }
    }
    // The browser first, databases last: the order the map is read in.
    Map<String, String> ordered = new LinkedHashMap<>();
    if (map.nodes.containsKey(BROWSER)) ordered.put(BROWSER, "browser");
    map.nodes.forEach((n, k) -> { if (k.equals("service")) ordered.put(n, k); });
    map.nodes.forEach((n, k) -> { if (k.equals("database")) ordered.put(n, k); });
    map.nodes.clear();
    map.nodes.putAll(ordered);
    return map;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> tags(Map<String, Object> span) {
    Object tags = span.get("tags");
    return tags instanceof Map ? (Map<String, Object>) tags : Collections.emptyMap();
  }

  private Edge edge(String from, String to) {
    return edges.computeIfAbsent(from + " -> " + to, k -> new Edge(from, to));
  }

  /** Node name to kind ("browser", "service", "database"), in reading order. */
  public Map<String, String> nodes() {
    return Collections.unmodifiableMap(nodes);
  }

  public List<Edge> edges() {
    return new ArrayList<>(edges.values());
  }

  /** The edge from {@code from} to {@code to}, or null. */
  public Edge find(String from, String to) {
    return edges.get(from + " -> " + to);
  }

  /** Spans by trace id. */
  public Map<String, List<Map<String, Object>>> traces() {
    return Collections.unmodifiableMap(traces);
  }

  /** One edge of the map. */
  public static final class Edge {
    public final String from;
    public final String to;
    private final List<Long> durationsMicros = new ArrayList<>();
    private int errors;

    Edge(String from, String to) {
      this.from = from;
      this.to = to;
    }

    void add(Map<String, Object> span) {
      durationsMicros.add(((Number) span.get("durationMicros")).longValue());
      if (Boolean.TRUE.equals(span.get("error"))) errors++;
    }

    public int calls() {
      return durationsMicros.size();
    }

    public int errors() {
      return errors;
    }

    /** The {@code p}-th percentile latency (nearest rank), in microseconds. */
    public long percentileMicros(double p) {
      List<Long> sorted = new ArrayList<>(durationsMicros);
      Collections.sort(sorted);
      if (sorted.isEmpty()) return 0;
      int rank = (int) Math.ceil(p / 100.0 * sorted.size());
      return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }

    public long maxMicros() {
      return durationsMicros.stream().mapToLong(Long::longValue).max().orElse(0);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Edge && ((Edge) o).from.equals(from) && ((Edge) o).to.equals(to);
    }

    @Override
    public int hashCode() {
      return Objects.hash(from, to);
    }
  }

  // ---- text rendering ----

  /** The map as text: nodes, then edges with counts and latency. */
  public String render() {
    StringBuilder out = new StringBuilder();
    out.append("Service map\n\nNodes:\n");
    nodes.forEach((name, kind) -> out.append(String.format("  %-26s %s%n", name, kind)));
    out.append("\nEdges:                                    calls errors    p50     p95     max\n");
    for (Edge e : edges.values()) {
      out.append(
          String.format(
              "  %-40s %5d %6d %7s %7s %7s%n",
              e.from + " -> " + e.to,
              e.calls(),
              e.errors(),
              millis(e.percentileMicros(50)),
              millis(e.percentileMicros(95)),
              millis(e.maxMicros())));
    }
    return out.toString();
  }

  /** One trace as an indented tree, children in start order, with durations. */
  public static String renderTrace(List<Map<String, Object>> spans) {
    Map<String, List<Map<String, Object>>> children = new HashMap<>();
    Map<String, Map<String, Object>> byId = new HashMap<>();
    for (Map<String, Object> s : spans) byId.put((String) s.get("spanId"), s);
    List<Map<String, Object>> roots = new ArrayList<>();
    for (Map<String, Object> s : spans) {
      Object parent = s.get("parentSpanId");
      if (parent != null && byId.containsKey(parent)) {
        children.computeIfAbsent((String) parent, k -> new ArrayList<>()).add(s);
      } else {
        roots.add(s);
      }
    }
    StringBuilder out = new StringBuilder();
    out.append("Trace ").append(spans.get(0).get("traceId")).append('\n');
    roots.sort(ServiceMap::byStart);
    for (Map<String, Object> root : roots) renderNode(root, children, 1, out);
    return out.toString();
  }

  private static void renderNode(
      Map<String, Object> span,
      Map<String, List<Map<String, Object>>> children,
      int depth,
      StringBuilder out) {
    String label = span.get("serviceName") + "  " + span.get("operationName");
    String indent = "  ".repeat(depth);
    out.append(
        String.format(
            "%-64s %8s%s%n",
            indent + label,
            millis(((Number) span.get("durationMicros")).longValue()),
            Boolean.TRUE.equals(span.get("error")) ? "  ERROR" : ""));
    List<Map<String, Object>> kids = new ArrayList<>(children.getOrDefault(span.get("spanId"), List.of()));
    kids.sort(ServiceMap::byStart);
    for (Map<String, Object> kid : kids) renderNode(kid, children, depth + 1, out);
  }

  private static int byStart(Map<String, Object> a, Map<String, Object> b) {
    return Double.compare(
        ((Number) a.get("startTimeMicros")).doubleValue(),
        ((Number) b.get("startTimeMicros")).doubleValue());
  }

  static String millis(long micros) {
    return String.format(Locale.ROOT, "%.1fms", micros / 1000.0);
  }
}
