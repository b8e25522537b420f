package com.jstverify.tracing.demo;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The service map as one self-contained HTML page: an inline SVG graph (no script, no network),
 * nodes in columns by call depth (browser, services, databases), edges labelled with calls,
 * errors and p95 latency, and the sample trace under it.
 */
final class ServiceMapPage {
  private static final int NODE_W = 190;
  private static final int NODE_H = 54;
  private static final int COL_GAP = 210;
  private static final int ROW_GAP = 40;
  private static final int MARGIN = 40;

  private ServiceMapPage() {}

  static String render(ServiceMap map, String traceText) {
    Map<String, Integer> column = columns(map);
    Map<Integer, Integer> rowsInColumn = new HashMap<>();
    Map<String, int[]> position = new LinkedHashMap<>();
    int maxColumn = 0;
    int maxRows = 0;
    for (String node : map.nodes().keySet()) {
      int c = column.get(node);
      int r = rowsInColumn.merge(c, 1, Integer::sum) - 1;
      position.put(node, new int[] {MARGIN + c * (NODE_W + COL_GAP), MARGIN + 30 + r * (NODE_H + ROW_GAP)});
      maxColumn = Math.max(maxColumn, c);
      maxRows = Math.max(maxRows, r + 1);
    }
    int width = 2 * MARGIN + (maxColumn + 1) * NODE_W + maxColumn * COL_GAP;
    int height = 2 * MARGIN + 30 + maxRows * (NODE_H + ROW_GAP);

    StringBuilder svg = new StringBuilder();
    svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"service-map\" width=\"")
        .append(width).append("\" height=\"").append(height).append("\" viewBox=\"0 0 ")
        .append(width).append(' ').append(height).append("\">\n")
        .append("<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"8\"")
        .append(" markerHeight=\"8\" orient=\"auto-start-reverse\"><path d=\"M 0 0 L 10 5 L 0 10 z\" fill=\"#555\"/></marker></defs>\n");
    for (ServiceMap.Edge e : map.edges()) {
      int[] a = position.get(e.from);
      int[] b = position.get(e.to);
      int x1 = a[0] + NODE_W;
      int y1 = a[1] + NODE_H / 2;
      int x2 = b[0];
      int y2 = b[1] + NODE_H / 2;
      if (x2 <= x1) { // same or earlier column: go around the bottom
        x1 = a[0] + NODE_W / 2;
        y1 = a[1] + NODE_H;
        x2 = b[0] + NODE_W / 2;
        y2 = b[1] + NODE_H;
      }
      String color = e.errors() > 0 ? "#c0392b" : "#555";
      svg.append("<g class=\"edge\" data-from=\"").append(esc(e.from)).append("\" data-to=\"")
          .append(esc(e.to)).append("\" data-calls=\"").append(e.calls()).append("\" data-errors=\"")
          .append(e.errors()).append("\">")
          .append("<line x1=\"").append(x1).append("\" y1=\"").append(y1).append("\" x2=\"").append(x2)
          .append("\" y2=\"").append(y2).append("\" stroke=\"").append(color)
          .append("\" stroke-width=\"2\" marker-end=\"url(#arrow)\"/>")
          .append("<text x=\"").append((x1 + x2) / 2).append("\" y=\"").append((y1 + y2) / 2 - 8)
          .append("\" text-anchor=\"middle\" font-size=\"12\" fill=\"").append(color).append("\">")
          .append(e.calls()).append(" calls")
          .append(e.errors() > 0 ? ", " + e.errors() + " errors" : "")
          .append(", p95 ").append(ServiceMap.millis(e.percentileMicros(95)))
          .append("</text></g>\n");
    }
    for (Map.Entry<String, String> node : map.nodes().entrySet()) {
      int[] p = position.get(node.getKey());
      String fill;
      switch (node.getValue()) {
        case "browser":
          fill = "#fdf2d0";
          break;
        case "database":
          fill = "#e3f1e4";
          break;
        default:
          fill = "#dde9f8";
      }
      svg.append("<g class=\"node\" data-name=\"").append(esc(node.getKey())).append("\" data-kind=\"")
          .append(node.getValue()).append("\">")
          .append("<rect x=\"").append(p[0]).append("\" y=\"").append(p[1]).append("\" width=\"")
          .append(NODE_W).append("\" height=\"").append(NODE_H)
          .append("\" rx=\"10\" fill=\"").append(fill).append("\" stroke=\"#334\" stroke-width=\"1.5\"/>")
          .append("<text x=\"").append(p[0] + NODE_W / 2).append("\" y=\"").append(p[1] + 24)
          .append("\" text-anchor=\"middle\" font-size=\"14\" font-weight=\"bold\">").append(esc(node.getKey()))
          .append("</text><text x=\"").append(p[0] + NODE_W / 2).append("\" y=\"").append(p[1] + 42)
          .append("\" text-anchor=\"middle\" font-size=\"11\" fill=\"#556\">").append(node.getValue())
          .append("</text></g>\n");
    }
    svg.append("</svg>\n");

    return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        + "<title>JstVerify service map</title>"
        + "<style>body{font-family:system-ui,sans-serif;margin:24px;color:#223}"
        + "pre{background:#f6f7f9;padding:12px;border-radius:6px;font-size:12px}</style></head><body>\n"
        + "<h1>JstVerify service map</h1>\n"
        + "<p>" + map.nodes().size() + " nodes, " + map.edges().size() + " edges, "
        + map.traces().size() + " traces.</p>\n"
        + svg
        + "<h2>Edges</h2>\n<pre>" + esc(map.render()) + "</pre>\n"
        + "<h2>One trace</h2>\n<pre>" + esc(traceText) + "</pre>\n"
        + "</body></html>\n";
  }

  /** Column = length of the longest path from a node without callers (browser at 0). */
  private static Map<String, Integer> columns(ServiceMap map) {
    Map<String, Integer> column = new HashMap<>();
    for (String node : map.nodes().keySet()) column.put(node, 0);
    List<ServiceMap.Edge> edges = new ArrayList<>(map.edges());
    for (int pass = 0; pass < map.nodes().size(); pass++) {
      boolean changed = false;
      for (ServiceMap.Edge e : edges) {
        int want = column.get(e.from) + 1;
        if (column.get(e.to) < want && want < map.nodes().size()) {
          column.put(e.to, want);
          changed = true;
        }
      }
      if (!changed) break;
    }
    return column;
  }

  private static String esc(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
