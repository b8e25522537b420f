package com.jstverify.tracing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.jstverify.tracing.testing.TestTracer;
import com.squareup.moshi.JsonReader;
import io.opentracing.log.Fields;
import io.opentracing.tag.Tags;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import okio.Buffer;
import org.junit.jupiter.api.Test;

/** The span JSON of the wire contract, section 2. */
class SpanJsonTest {
  final FakeClock clock = new FakeClock(1_732_350_000_123_456L);
  final TestTracer tracer =
      TestTracer.create(
          b -> b.serviceName("orders-api").clock(clock).tag("deployment", "prod"));

  @SuppressWarnings("unchecked")
  static Map<String, Object> parse(String json) throws IOException {
    return (Map<String, Object>) JsonReader.of(new Buffer().writeUtf8(json)).readJsonValue();
  }

  @Test
  void everyFieldOfTheContract() throws IOException {
    JstVerifySpan parent = (JstVerifySpan) tracer.buildSpan("parent").start();
    JstVerifySpan span =
        (JstVerifySpan) tracer.buildSpan("GET /users/{id}").asChildOf(parent).start();
    span.setBaggageItem("tenant", "acme");
    span.setHttpMetadata("GET", "/users/42", 200);
    span.setTag(Tags.COMPONENT, "jaxrs").setTag("retries", 2).setTag("cached", true);
    clock.advanceMicros(7_000);
    span.log(Map.of(Fields.EVENT, "cache-miss"));
    clock.advanceMicros(20_041);
    span.finish();

    Map<String, Object> json = parse(TestTracer.toJson(span));

    assertEquals(span.traceId(), json.get("traceId"));
    assertEquals(span.spanId(), json.get("spanId"));
    assertEquals(parent.spanId(), json.get("parentSpanId"));
    assertEquals("GET /users/{id}", json.get("operationName"));
    assertEquals("orders-api", json.get("serviceName"));
    assertEquals("http", json.get("serviceType"));
    assertEquals(1732350000123.0, json.get("startTime"));
    assertEquals(1732350000150.0, json.get("endTime"));
    assertEquals(27.0, json.get("duration"));
    assertEquals(1732350000123456.0, json.get("startTimeMicros"));
    assertEquals(27041.0, json.get("durationMicros"));
    assertEquals(200.0, json.get("statusCode"));
    assertEquals("GET", json.get("httpMethod"));
    assertEquals("/users/42", json.get("httpUrl"));
    assertEquals(false, json.get("error"));
    Map<?, ?> tags = (Map<?, ?>) json.get("tags");
    assertEquals("jaxrs", tags.get("component"));
    assertEquals(2.0, tags.get("retries"));
    assertEquals(true, tags.get("cached"));
    assertEquals("prod", tags.get("deployment"), "tracer tags are in every span");
    List<?> logs = (List<?>) json.get("logs");
    Map<?, ?> log = (Map<?, ?>) logs.get(0);
    assertEquals(1732350000130456.0, log.get("timestampMicros"));
    assertEquals(Map.of("event", "cache-miss"), log.get("fields"));
    assertEquals(Map.of("tenant", "acme"), json.get("baggage"));
  }

  @Test
  void rootSpan_hasNullParent_andUnknownHttpFieldsAreAbsent() throws IOException {
    JstVerifySpan span = (JstVerifySpan) tracer.buildSpan("job").start();
    span.finish();
    Map<String, Object> json = parse(TestTracer.toJson(span));

    assertTrue(json.containsKey("parentSpanId"));
    assertNull(json.get("parentSpanId"));
    assertFalse(json.containsKey("statusCode"));
    assertFalse(json.containsKey("httpMethod"));
    assertFalse(json.containsKey("httpUrl"));
  }

  @Test
  void error_fromTagOrStatus_andExceptionLogExpanded() throws IOException {
    JstVerifySpan tagged = (JstVerifySpan) tracer.buildSpan("a").start();
    tagged.setTag(Tags.ERROR, true);
    tagged.log(Map.of(Fields.ERROR_OBJECT, new IllegalArgumentException("bad input")));
    tagged.finish();
    JstVerifySpan failed = ((JstVerifySpan) tracer.buildSpan("b").start()).setStatus(502);
    failed.finish();

    Map<String, Object> a = parse(TestTracer.toJson(tagged));
    Map<?, ?> fields = (Map<?, ?>) ((Map<?, ?>) ((List<?>) a.get("logs")).get(0)).get("fields");
    assertEquals(true, a.get("error"));
    assertEquals(IllegalArgumentException.class.getName(), fields.get("error.kind"));
    assertEquals("bad input", fields.get("message"));
    assertTrue(((String) fields.get("stack")).startsWith("java.lang.IllegalArgumentException"));
    assertFalse(fields.containsKey("error.object"), "the Java object itself is not JSON");
    assertEquals(true, parse(TestTracer.toJson(failed)).get("error"));
  }

  @Test
  void oddTagValues_areStillValidJson() throws IOException {
    JstVerifySpan span = (JstVerifySpan) tracer.buildSpan("odd").start();
    span.setTag("nan", Double.NaN).setTag("inf", Float.POSITIVE_INFINITY);
    span.setTag("quote", "a\"b\\c\n\u0000");
    span.log(Map.of("object", new Object() {
      @Override
      public String toString() {
        throw new IllegalStateException("broken toString");
      }
    }));
    span.finish();

    Map<?, ?> tags = (Map<?, ?>) parse(TestTracer.toJson(span)).get("tags");
    assertEquals("NaN", tags.get("nan"));
    assertEquals("Infinity", tags.get("inf"));
    assertEquals("a\"b\\c\n\u0000", tags.get("quote"));
  }

  @Test
  void aValueWhoseToStringThrowsAnError_isWrittenAsItsClassName() throws IOException {
    Object broken =
        new Object() {
          @Override
          public String toString() {
            throw new AssertionError("an assert in the application's toString");
          }
        };
    JstVerifySpan span = (JstVerifySpan) tracer.buildSpan("op").start();
    span.setTag("payload", "ok");
    span.log(Map.of("payload", broken));
    span.finish();

    Map<?, ?> fields = logFields(TestTracer.toJson(span));
    assertEquals(broken.getClass().getName(), fields.get("payload"));
  }

  @Test
  void anExceptionLoggedUnderAnotherKeyThanErrorObject_isWrittenAsItsText() throws IOException {
    JstVerifySpan span = (JstVerifySpan) tracer.buildSpan("op").start();
    span.log(Map.of("retried after", new IllegalStateException("connection reset")));
    span.finish();

    Map<?, ?> fields = logFields(TestTracer.toJson(span));
    assertEquals("java.lang.IllegalStateException: connection reset", fields.get("retried after"));
  }

  @Test
  void numbers_areWrittenAsSet() throws IOException {
    JstVerifySpan span = (JstVerifySpan) tracer.buildSpan("op").start();
    span.setTag("ratio", 0.1f); // not 0.10000000149011612, the float widened to a double
    span.setTag("requests", new AtomicLong(5));
    span.setTag("bytes", new LongAdder());
    span.setTag("odd number", new NumberPrintedAsText());
    span.finish();

    String json = TestTracer.toJson(span);
    assertTrue(json.contains("\"ratio\":0.1,"), json);
    assertTrue(json.contains("\"requests\":5,"), json);
    assertTrue(json.contains("\"bytes\":0,"), json);
    Map<?, ?> tags = (Map<?, ?>) parse(json).get("tags");
    assertEquals("about 7", tags.get("odd number"), "not a JSON number: written as text");
  }

  /** A Number of an application's own whose toString() is not a number. */
  static final class NumberPrintedAsText extends Number {
    @Override
    public int intValue() {
      return 7;
    }

    @Override
    public long longValue() {
      return 7;
    }

    @Override
    public float floatValue() {
      return 7;
    }

    @Override
    public double doubleValue() {
      return 7;
    }

    @Override
    public String toString() {
      return "about 7";
    }
  }

  private static Map<?, ?> logFields(String json) throws IOException {
    return (Map<?, ?>) ((Map<?, ?>) ((List<?>) parse(json).get("logs")).get(0)).get("fields");
  }
}
