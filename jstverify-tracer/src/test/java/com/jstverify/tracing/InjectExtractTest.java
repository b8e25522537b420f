package com.jstverify.tracing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.jstverify.tracing.testing.TestTracer;
import io.opentracing.SpanContext;
import io.opentracing.propagation.Binary;
import io.opentracing.propagation.BinaryAdapters;
import io.opentracing.propagation.Format;
import io.opentracing.propagation.TextMap;
import io.opentracing.propagation.TextMapAdapter;
import io.opentracing.propagation.TextMapExtract;
import io.opentracing.propagation.TextMapInject;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InjectExtractTest {
  final TestTracer tracer = TestTracer.create();

  JstVerifySpan newSpanWithBaggage() {
    JstVerifySpan span = (JstVerifySpan) tracer.buildSpan("client").start();
    span.setBaggageItem("tenant", "acme corp");
    return span;
  }

  void assertContinues(JstVerifySpan span, SpanContext extracted) {
    assertNotNull(extracted);
    assertEquals(span.traceId(), extracted.toTraceId());
    assertEquals(span.spanId(), extracted.toSpanId());
    assertEquals("acme corp", ((JstVerifySpanContext) extracted).getBaggageItem("tenant"));
  }

  @Test
  void inject_byDefault_writesJstVerifyPair_traceparent_andBaggage() {
    JstVerifySpan span = newSpanWithBaggage();
    Map<String, String> headers = new HashMap<>();
    tracer.inject(span.context(), Format.Builtin.HTTP_HEADERS, new TextMapAdapter(headers));

    assertEquals(span.traceId(), headers.get("X-JstVerify-Trace-Id"));
    assertEquals(span.spanId(), headers.get("X-JstVerify-Parent-Span-Id"));
    assertEquals("00-" + span.traceId() + "-" + span.spanId() + "-03", headers.get("traceparent"));
    assertEquals("tenant=acme%20corp", headers.get("baggage"));
    assertFalse(headers.containsKey("tracestate"), "no tracestate was received");
    assertSame(headers.get("traceparent"), span.context().toTraceparent(), "made once, cached");
  }

  @Test
  void toTraceparent_onABaggageOnlyContext_isNull() {
    assertNull(JstVerifySpanContext.baggageOnly(Map.of("k", "v")).toTraceparent());
  }

  @Test
  void textFormats_roundTrip() {
    for (Format<TextMap> format :
        List.of(Format.Builtin.HTTP_HEADERS, Format.Builtin.TEXT_MAP)) {
      JstVerifySpan span = newSpanWithBaggage();
      Map<String, String> map = new HashMap<>();
      tracer.inject(span.context(), format, new TextMapAdapter(map));
      assertContinues(span, tracer.extract(format, new TextMapAdapter(map)));
    }
  }

  @Test
  void textInjectAndExtractOnlyFormats_roundTrip() {
    JstVerifySpan span = newSpanWithBaggage();
    Map<String, String> map = new HashMap<>();
    TextMapInject inject = map::put;
    tracer.inject(span.context(), Format.Builtin.TEXT_MAP_INJECT, inject);
    TextMapExtract extract = () -> map.entrySet().iterator();
    assertContinues(span, tracer.extract(Format.Builtin.TEXT_MAP_EXTRACT, extract));
  }

  @Test
  void binaryFormats_roundTrip() {
    JstVerifySpan span = newSpanWithBaggage();
    ByteBuffer buffer = ByteBuffer.allocate(512);
    tracer.inject(span.context(), Format.Builtin.BINARY, binaryOver(buffer));
    buffer.flip();
    assertContinues(span, tracer.extract(Format.Builtin.BINARY, binaryOver(buffer)));

    ByteBuffer[] holder = new ByteBuffer[1];
    tracer.inject(
        span.context(),
        Format.Builtin.BINARY_INJECT,
        length -> holder[0] = ByteBuffer.allocate(length));
    holder[0].flip();
    assertContinues(
        span, tracer.extract(Format.Builtin.BINARY_EXTRACT, () -> holder[0].duplicate()));
  }

  /** A carrier for Format.BINARY, which needs both directions in one object. */
  static Binary binaryOver(ByteBuffer buffer) {
    return new Binary() {
      @Override
      public ByteBuffer injectionBuffer(int length) {
        return buffer;
      }

      @Override
      public ByteBuffer extractionBuffer() {
        return buffer;
      }
    };
  }

  @Test
  void binaryExtract_garbage_givesNull() {
    byte[][] inputs = {
      new byte[0],
      "not ours".getBytes(StandardCharsets.UTF_8),
      {'J', 'V', 1, 0, 5, 0, 100}, // claims 5 headers, truncated
      {'J', 'V', 9, 0, 0},
      new byte[200_000]
    };
    for (byte[] input : inputs) {
      assertNull(
          tracer.extract(
              Format.Builtin.BINARY_EXTRACT,
              BinaryAdapters.extractionCarrier(ByteBuffer.wrap(input))));
    }
    assertNull(tracer.extract(Format.Builtin.BINARY_EXTRACT, () -> null));
  }

  @Test
  void binaryExtract_fromAMessageFrame_readsTheContext_notThePayloadAfterIt() {
    JstVerifySpan span = newSpanWithBaggage();
    ByteBuffer frame = ByteBuffer.allocate(100_000); // the context first, then a 100 KB payload
    tracer.inject(span.context(), Format.Builtin.BINARY_INJECT, BinaryAdapters.injectionCarrier(frame));
    frame.clear(); // the consumer reads the frame from its start

    assertContinues(
        span, tracer.extract(Format.Builtin.BINARY_EXTRACT, BinaryAdapters.extractionCarrier(frame)));
  }

  @Test
  void binaryExtract_headersPastTheBounds_giveNull() {
    ByteBuffer manyHeaders = ByteBuffer.allocate(5 + 65 * 4);
    manyHeaders.put((byte) 'J').put((byte) 'V').put((byte) 1).putShort((short) 65);
    while (manyHeaders.hasRemaining()) manyHeaders.putShort((short) 1).put((byte) 'k').put((byte) 0);
    ByteBuffer hugeHeaders = ByteBuffer.allocate(5 + 4 * (2 + 40_000));
    hugeHeaders.put((byte) 'J').put((byte) 'V').put((byte) 1).putShort((short) 2);
    for (int i = 0; i < 4; i++) hugeHeaders.putShort((short) 40_000).put(new byte[40_000]);

    for (ByteBuffer input : new ByteBuffer[] {manyHeaders, hugeHeaders}) {
      input.flip();
      assertNull(
          tracer.extract(Format.Builtin.BINARY_EXTRACT, BinaryAdapters.extractionCarrier(input)));
    }
  }

  @Test
  void binaryInject_intoOpenTracingsOwnAdapter_withABufferTooSmall_isIgnored() {
    // BinaryAdapters.injectionCarrier throws an AssertionError for a buffer that is too small.
    JstVerifySpan span = newSpanWithBaggage();
    ByteBuffer small = ByteBuffer.allocate(16);

    tracer.inject(span.context(), Format.Builtin.BINARY_INJECT, BinaryAdapters.injectionCarrier(small));

    assertEquals(0, small.position(), "nothing half-written");
  }

  @Test
  void binaryInject_tooSmallOrNullBuffer_isIgnored() {
    JstVerifySpan span = newSpanWithBaggage();
    tracer.inject(span.context(), Format.Builtin.BINARY_INJECT, length -> ByteBuffer.allocate(3));
    tracer.inject(span.context(), Format.Builtin.BINARY_INJECT, length -> null);
    tracer.inject(
        span.context(),
        Format.Builtin.BINARY_INJECT,
        length -> {
          throw new UnsupportedOperationException("read-only carrier");
        });
  }

  @Test
  void extract_headerNamesAreCaseInsensitive() {
    JstVerifySpan span = (JstVerifySpan) tracer.buildSpan("s").start();
    Map<String, String> headers = new HashMap<>();
    headers.put("x-jstverify-trace-id", span.traceId());
    headers.put("X-JSTVERIFY-PARENT-SPAN-ID", span.spanId());

    SpanContext extracted = tracer.extract(Format.Builtin.HTTP_HEADERS, new TextMapAdapter(headers));

    assertEquals(span.spanId(), extracted.toSpanId());
  }

  @Test
  void extract_browserStyleUuidTraceId_isNormalised() {
    Map<String, String> headers = new HashMap<>();
    headers.put("X-JstVerify-Trace-Id", "0AF76519-16CD-43DD-8448-EB211C80319C");
    headers.put("X-JstVerify-Parent-Span-Id", "00f067aa0ba902b7");

    SpanContext parent = tracer.extract(Format.Builtin.HTTP_HEADERS, new TextMapAdapter(headers));
    JstVerifySpan server = (JstVerifySpan) tracer.buildSpan("server").asChildOf(parent).start();

    assertEquals("0af7651916cd43dd8448eb211c80319c", server.traceId());
    assertEquals("00f067aa0ba902b7", server.parentId());
  }

  @Test
  void carrierWhosePutThrows_isUsedOnlyForExtract() {
    // opentracing-contrib's request adapters are extract-only and throw on put.
    JstVerifySpan span = (JstVerifySpan) tracer.buildSpan("s").start();
    Map<String, String> source = new HashMap<>();
    tracer.inject(span.context(), Format.Builtin.HTTP_HEADERS, new TextMapAdapter(source));
    TextMap extractOnly =
        new TextMap() {
          @Override
          public Iterator<Map.Entry<String, String>> iterator() {
            return source.entrySet().iterator();
          }

          @Override
          public void put(String key, String value) {
            throw new UnsupportedOperationException("extract only");
          }
        };

    tracer.inject(span.context(), Format.Builtin.HTTP_HEADERS, extractOnly);
    assertEquals(span.spanId(), tracer.extract(Format.Builtin.HTTP_HEADERS, extractOnly).toSpanId());
  }

  @Test
  void carrierWhoseIteratorThrows_isUsedOnlyForInject() {
    JstVerifySpan span = (JstVerifySpan) tracer.buildSpan("s").start();
    Map<String, String> sink = new HashMap<>();
    TextMap injectOnly =
        new TextMap() {
          @Override
          public Iterator<Map.Entry<String, String>> iterator() {
            throw new UnsupportedOperationException("inject only");
          }

          @Override
          public void put(String key, String value) {
            sink.put(key, value);
          }
        };

    tracer.inject(span.context(), Format.Builtin.HTTP_HEADERS, injectOnly);
    assertEquals(span.traceId(), sink.get("X-JstVerify-Trace-Id"));
    assertNull(tracer.extract(Format.Builtin.HTTP_HEADERS, injectOnly));
  }

  @Test
  void carrierThatFailsMidIteration_keepsWhatItRead() {
    JstVerifySpan span = (JstVerifySpan) tracer.buildSpan("s").start();
    List<Map.Entry<String, String>> entries = new ArrayList<>();
    entries.add(new AbstractMap.SimpleEntry<>("X-JstVerify-Trace-Id", span.traceId()));
    entries.add(new AbstractMap.SimpleEntry<>("X-JstVerify-Parent-Span-Id", span.spanId()));
    entries.add(null);
    TextMapExtract flaky =
        () ->
            new Iterator<>() {
              int i;

              @Override
              public boolean hasNext() {
                return true;
              }

              @Override
              public Map.Entry<String, String> next() {
                if (i == entries.size()) throw new IllegalStateException("connection reset");
                return entries.get(i++);
              }
            };

    assertEquals(span.spanId(), tracer.extract(Format.Builtin.TEXT_MAP_EXTRACT, flaky).toSpanId());
  }

  @Test
  void extract_nothingOrNulls_givesNull() {
    assertNull(tracer.extract(Format.Builtin.HTTP_HEADERS, new TextMapAdapter(new HashMap<>())));
    assertNull(tracer.extract(null, new TextMapAdapter(new HashMap<>())));
    assertNull(tracer.extract(Format.Builtin.HTTP_HEADERS, null));
    Map<String, String> nulls = new HashMap<>();
    nulls.put(null, "x");
    nulls.put("traceparent", null);
    assertNull(tracer.extract(Format.Builtin.HTTP_HEADERS, new TextMapAdapter(nulls)));
  }

  @Test
  void extract_baggageOnly_startsANewTraceThatKeepsTheBaggage() {
    Map<String, String> headers = new HashMap<>();
    headers.put("baggage", "tenant=acme");
    SpanContext extracted = tracer.extract(Format.Builtin.HTTP_HEADERS, new TextMapAdapter(headers));

    JstVerifySpan span = (JstVerifySpan) tracer.buildSpan("root").asChildOf(extracted).start();

    assertNull(span.parentId());
    assertEquals("acme", span.getBaggageItem("tenant"));
  }

  @Test
  void inject_ofABaggageOnlyContext_forwardsTheBaggage_andNoIds() {
    // A relay passing on what it received, without a span of its own: W3C baggage travels
    // without trace context.
    Map<String, String> headers = new HashMap<>();
    headers.put("baggage", "tenant=acme");
    SpanContext extracted = tracer.extract(Format.Builtin.HTTP_HEADERS, new TextMapAdapter(headers));

    Map<String, String> out = new HashMap<>();
    tracer.inject(extracted, Format.Builtin.HTTP_HEADERS, new TextMapAdapter(out));

    assertEquals(Map.of("baggage", "tenant=acme"), out);
  }

  @Test
  void inject_ofABaggageOnlyContext_intoBinary_roundTrips() {
    SpanContext baggageOnly = JstVerifySpanContext.baggageOnly(Map.of("tenant", "acme"));
    ByteBuffer buffer = ByteBuffer.allocate(256);
    tracer.inject(baggageOnly, Format.Builtin.BINARY_INJECT, BinaryAdapters.injectionCarrier(buffer));
    buffer.flip();

    SpanContext extracted =
        tracer.extract(Format.Builtin.BINARY_EXTRACT, BinaryAdapters.extractionCarrier(buffer));

    assertNotNull(extracted);
    assertFalse(((JstVerifySpanContext) extracted).hasIds());
    assertEquals("acme", ((JstVerifySpanContext) extracted).getBaggageItem("tenant"));
  }

  @Test
  void tracestate_receivedFromUpstream_isForwarded() {
    Map<String, String> in = new HashMap<>();
    in.put("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
    in.put("tracestate", "congo=t61rcWkgMzE,rojo=00f067aa0ba902b7");
    SpanContext parent = tracer.extract(Format.Builtin.HTTP_HEADERS, new TextMapAdapter(in));
    JstVerifySpan child = (JstVerifySpan) tracer.buildSpan("child").asChildOf(parent).start();

    Map<String, String> out = new HashMap<>();
    tracer.inject(child.context(), Format.Builtin.HTTP_HEADERS, new TextMapAdapter(out));

    assertEquals("congo=t61rcWkgMzE,rojo=00f067aa0ba902b7", out.get("tracestate"));
    assertEquals(
        "00-0af7651916cd43dd8448eb211c80319c-" + child.spanId() + "-01", out.get("traceparent"));
  }

  @Test
  void propagationConfig_limitsWhatIsInjectedAndExtracted() {
    TestTracer w3cOnly = TestTracer.create(b -> b.propagation("w3c"));
    JstVerifySpan span = (JstVerifySpan) w3cOnly.buildSpan("s").start();
    Map<String, String> out = new HashMap<>();
    w3cOnly.inject(span.context(), Format.Builtin.HTTP_HEADERS, new TextMapAdapter(out));

    assertEquals(1, out.size(), out.toString());
    assertTrue(out.containsKey("traceparent"));
    Map<String, String> jstOnly = new HashMap<>();
    jstOnly.put("X-JstVerify-Trace-Id", span.traceId());
    jstOnly.put("X-JstVerify-Parent-Span-Id", span.spanId());
    assertNull(w3cOnly.extract(Format.Builtin.HTTP_HEADERS, new TextMapAdapter(jstOnly)));
  }
}
