package com.jstverify.tracing.jaxrs;

import io.opentracing.propagation.TextMap;
import java.util.AbstractMap;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * Request headers as an extract carrier: one entry per header value, so a tracer sees repeated
 * headers (several {@code tracestate} lines) the way they arrived. {@code HTTP_HEADERS} demands a
 * {@link TextMap}; this one is read-only, like OpenTracing's own {@code TextMapExtractAdapter}.
 */
final class RequestHeaders implements TextMap {
  private final Map<String, List<String>> headers;

  RequestHeaders(Map<String, List<String>> headers) {
    this.headers = headers != null ? headers : Collections.emptyMap();
  }

  @Override
  public Iterator<Map.Entry<String, String>> iterator() {
    Iterator<Map.Entry<String, List<String>>> names = headers.entrySet().iterator();
    return new Iterator<Map.Entry<String, String>>() {
      String name;
      Iterator<String> values = Collections.emptyIterator();

      @Override
      public boolean hasNext() {
        while (!values.hasNext()) {
          if (!names.hasNext()) return false;
          Map.Entry<String, List<String>> next = names.next();
          name = next.getKey();
          List<String> list = next.getValue();
          values = list != null ? list.iterator() : Collections.emptyIterator();
        }
        return true;
      }

      @Override
      public Map.Entry<String, String> next() {
        if (!hasNext()) throw new NoSuchElementException();
        return new AbstractMap.SimpleImmutableEntry<>(name, values.next());
      }
    };
  }

  @Override
  public void put(String key, String value) {
    throw new UnsupportedOperationException("request headers are read-only: use them to extract");
  }
}
