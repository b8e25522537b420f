package com.jstverify.tracing.propagation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP headers in a map, as a servlet container would present them: names case-insensitive, a
 * header may repeat ({@link #add}), and {@link #get} joins repeats with {@code ","} in order.
 * {@link #set} records the name exactly as the propagator spelled it.
 */
final class FakeHeaders implements Propagator.Getter, Propagator.Setter {
  private final Map<String, String> spelling = new LinkedHashMap<>();
  private final Map<String, List<String>> values = new LinkedHashMap<>();

  static FakeHeaders of(String... namesAndValues) {
    if (namesAndValues.length % 2 != 0) throw new IllegalArgumentException("odd length");
    FakeHeaders headers = new FakeHeaders();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      headers.add(namesAndValues[i], namesAndValues[i + 1]);
    }
    return headers;
  }

  /** Adds one more occurrence of {@code name}; a null value is kept (a broken carrier). */
  FakeHeaders add(String name, String value) {
    String key = name.toLowerCase(Locale.ROOT);
    spelling.putIfAbsent(key, name);
    values.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
    return this;
  }

  @Override
  public void set(String name, String value) {
    String key = name.toLowerCase(Locale.ROOT);
    spelling.remove(key);
    spelling.put(key, name);
    List<String> list = new ArrayList<>();
    list.add(value);
    values.put(key, list);
  }

  @Override
  public String get(String lowerCaseName) {
    List<String> list = values.get(lowerCaseName.toLowerCase(Locale.ROOT));
    if (list == null) return null;
    if (list.size() == 1) return list.get(0);
    StringBuilder joined = new StringBuilder();
    for (String value : list) {
      if (joined.length() > 0) joined.append(',');
      joined.append(value);
    }
    return joined.toString();
  }

  @Override
  public int count(String lowerCaseName) {
    List<String> list = values.get(lowerCaseName.toLowerCase(Locale.ROOT));
    return list == null ? 0 : list.size();
  }

  /** Names as they were set or added, in order. */
  List<String> names() {
    return new ArrayList<>(spelling.values());
  }

  /** Name (as spelled) to joined value, in order: what a request would carry. */
  Map<String, String> asMap() {
    Map<String, String> map = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : spelling.entrySet()) map.put(e.getValue(), get(e.getKey()));
    return map;
  }

  boolean isEmpty() {
    return values.isEmpty();
  }

  @Override
  public String toString() {
    return asMap().toString();
  }
}
