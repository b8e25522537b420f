package com.jstverify.tracing.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.jstverify.tracing.JstVerifySpanContext;
import com.jstverify.tracing.propagation.CompositePropagator;
import com.jstverify.tracing.propagation.Propagator;
import io.opentracing.propagation.TextMapExtract;
import java.util.AbstractMap.SimpleEntry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Reading the wanted headers out of a text carrier in one pass. */
class CarriersTest {
  /** A carrier as an HTTP server gives it: a list of name/value pairs, repeats allowed. */
  static TextMapExtract carrier(String... namesAndValues) {
    List<Map.Entry<String, String>> entries = new ArrayList<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      entries.add(new SimpleEntry<>(namesAndValues[i], namesAndValues[i + 1]));
    }
    return entries::iterator;
  }

  /** A propagator reading seven headers: more than the getter keeps in fields. */
  static final class SevenHeaders implements Propagator {
    @Override
    public List<String> fields() {
      return Arrays.asList("h1", "h2", "h3", "h4", "h5", "x-sixth", "x-seventh");
    }

    @Override
    public void inject(JstVerifySpanContext context, Setter setter) {
      for (String field : fields()) {
        setter.set(field.startsWith("x-") ? "X-" + field.substring(2) : field, "v");
      }
    }

    @Override
    public JstVerifySpanContext extract(Getter getter) {
      return null;
    }
  }

  @Test
  void defaultHeaders_areFoundWhateverTheirCase() {
    HeaderNames names = HeaderNames.of(CompositePropagator.defaults());
    Propagator.Getter getter =
        Carriers.textGetter(
            carrier(
                "X-JstVerify-Trace-Id", "trace",
                "x-jstverify-parent-span-id", "span",
                "TRACEPARENT", "tp",
                "Content-Type", "text/plain",
                "Baggage", "k=v"),
            names);

    assertEquals("trace", getter.get("x-jstverify-trace-id"));
    assertEquals("span", getter.get("x-jstverify-parent-span-id"));
    assertEquals("tp", getter.get("traceparent"));
    assertEquals("tp", getter.get(new String("traceparent"))); // not the field's own string
    assertEquals("k=v", getter.get("baggage"));
    assertNull(getter.get("tracestate"));
    assertNull(getter.get("content-type")); // not a field: not kept
    assertEquals(1, getter.count("traceparent"));
    assertEquals(0, getter.count("tracestate"));
  }

  @Test
  void repeatedHeader_isJoinedInOrder_andCounted() {
    HeaderNames names = HeaderNames.of(CompositePropagator.defaults());
    Propagator.Getter getter =
        Carriers.textGetter(
            carrier(
                "tracestate", "a=1", "TraceState", "b=2", "tracestate", "c=3", "baggage", "k=v"),
            names);

    assertEquals("a=1,b=2,c=3", getter.get("tracestate"));
    assertEquals(3, getter.count("tracestate"));
    assertEquals(1, getter.count("baggage"));
  }

  @Test
  void aHeaderRepeatedTensOfThousandsOfTimes_isJoinedOnlyAsFarAsAPropagatorReads_butFullyCounted() {
    // Each join copied all the values before it: 40,000 repeats took seconds, a square in time.
    String[] namesAndValues = new String[2 * 40_000];
    for (int i = 0; i < 40_000; i++) {
      namesAndValues[2 * i] = "baggage";
      namesAndValues[2 * i + 1] = "key" + i + "=value";
    }
    Propagator.Getter getter =
        Carriers.textGetter(
            carrier(namesAndValues), HeaderNames.of(CompositePropagator.defaults()));

    String joined = getter.get("baggage");
    assertTrue(joined.startsWith("key0=value,key1=value,"), joined.substring(0, 40));
    assertTrue(joined.length() > 32 * 1024, "still too long");
    assertTrue(joined.length() <= Carriers.MAX_JOINED_CHARS + 20, "length " + joined.length());
    assertEquals(40_000, getter.count("baggage"));
  }

  @Test
  void fieldsPastTheFifth_areKeptAndCountedLikeTheOthers() {
    HeaderNames names = HeaderNames.of(new SevenHeaders());
    Propagator.Getter getter =
        Carriers.textGetter(
            carrier(
                "h1", "1", "h5", "5", "X-Sixth", "6", "x-seventh", "7a", "X-SEVENTH", "7b",
                "h5", "5b"),
            names);

    assertEquals("1", getter.get("h1"));
    assertNull(getter.get("h2"));
    assertEquals("5,5b", getter.get("h5"));
    assertEquals(2, getter.count("h5"));
    assertEquals("6", getter.get("x-sixth"));
    assertEquals(1, getter.count("x-sixth"));
    assertEquals("7a,7b", getter.get("x-seventh"));
    assertEquals(2, getter.count("x-seventh"));
  }

  @Test
  void nullNamesValuesAndEntries_areSkipped_andAFailingIteratorKeepsWhatCameBefore() {
    HeaderNames names = HeaderNames.of(CompositePropagator.defaults());
    List<Map.Entry<String, String>> entries =
        Arrays.asList(
            null,
            new SimpleEntry<>(null, "x"),
            new SimpleEntry<>("traceparent", null),
            new SimpleEntry<>("baggage", "k=v"));
    TextMapExtract failing =
        () ->
            new Iterator<Map.Entry<String, String>>() {
              final Iterator<Map.Entry<String, String>> delegate = entries.iterator();

              @Override
              public boolean hasNext() {
                return true; // then fails: a carrier broken half way
              }

              @Override
              public Map.Entry<String, String> next() {
                if (!delegate.hasNext()) throw new IllegalStateException("connection reset");
                return delegate.next();
              }
            };

    Propagator.Getter getter = Carriers.textGetter(failing, names);

    assertNull(getter.get("traceparent"));
    assertEquals("k=v", getter.get("baggage"));
  }
}
