package com.jstverify.tracing.testbed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.jstverify.tracing.JstVerifySpan;
import io.opentracing.tag.Tag;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/** Finding and checking finished spans in the scenarios' assertions. */
public final class Spans {
  private Spans() {}

  public static List<JstVerifySpan> byTag(List<JstVerifySpan> spans, Tag<?> tag, Object value) {
    List<JstVerifySpan> found = new ArrayList<>();
    for (JstVerifySpan span : spans) {
      if (Objects.equals(value, span.tag(tag.getKey()))) found.add(span);
    }
    return found;
  }

  /** The one span with this tag value, or {@code null}; more than one fails. */
  public static JstVerifySpan oneByTag(List<JstVerifySpan> spans, Tag<?> tag, Object value) {
    return atMostOne(byTag(spans, tag, value), tag.getKey() + "=" + value);
  }

  /** The one span with this operation name, or {@code null}; more than one fails. */
  public static JstVerifySpan oneByOperationName(List<JstVerifySpan> spans, String name) {
    List<JstVerifySpan> found = new ArrayList<>();
    for (JstVerifySpan span : spans) {
      if (name.equals(span.operationName())) found.add(span);
    }
    return atMostOne(found, "operation name " + name);
  }

  public static void sortByStartMicros(List<JstVerifySpan> spans) {
    spans.sort(Comparator.comparingLong(JstVerifySpan::startMicros));
  }

  /** The last span is the parent of all the others, in the same trace, and finished last. */
  public static void assertSameTrace(List<JstVerifySpan> spans) {
    JstVerifySpan parent = spans.get(spans.size() - 1);
    for (JstVerifySpan span : spans.subList(0, spans.size() - 1)) {
      assertTrue(parent.finishMicros() >= span.finishMicros(), span + " finished after its parent");
      assertEquals(parent.traceId(), span.traceId());
      assertEquals(parent.spanId(), span.parentId());
    }
  }

  private static JstVerifySpan atMostOne(List<JstVerifySpan> found, String what) {
    if (found.size() > 1) throw new AssertionError("more than one span with " + what + ": " + found);
    return found.isEmpty() ? null : found.get(0);
  }
}
