package com.jstverify.tracing;

import com.jstverify.tracing.internal.RandomIds;
import io.opentracing.References;
import io.opentracing.Span;
import io.opentracing.SpanContext;
import io.opentracing.Tracer;
import io.opentracing.tag.Tag;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds a {@link JstVerifySpan}. The parent is the first CHILD_OF reference to a context of
 * this tracer, else the first FOLLOWS_FROM one, else (unless {@link #ignoreActiveSpan()}) the
 * active span. The baggage is that of every reference to a context of this tracer, merged in
 * order (a later reference wins a key), as in {@code MockTracer}. References to other tracers'
 * spans and contexts are kept in {@link JstVerifySpan#references()} but never used as a parent:
 * they cannot be trusted to have our ids.
 */
final class JstVerifySpanBuilder implements Tracer.SpanBuilder {
  private final JstVerifyTracer tracer;
  private final String operationName;
  private List<JstVerifySpan.Reference> references;
  private boolean referencesGivenAway; // spans share the list now: copy before adding again
  private JstVerifySpan parentSpan; // set by asChildOf(Span) with one of our spans
  private boolean ignoreActiveSpan;
  private Object[] tags; // key, value, key, value... shared with the spans started
  private int tagCount;
  private boolean tagsGivenAway; // spans share tags now: copy before writing again
  private long startMicros; // 0: now

  JstVerifySpanBuilder(JstVerifyTracer tracer, String operationName) {
    this.tracer = tracer;
    this.operationName = operationName == null ? "" : operationName;
  }

  @Override
  public JstVerifySpanBuilder asChildOf(SpanContext parent) {
    return addReference(References.CHILD_OF, parent);
  }

  @Override
  public JstVerifySpanBuilder asChildOf(Span parent) {
    if (parent == null) return this;
    if (parent instanceof JstVerifySpan && parentSpan == null) {
      parentSpan = (JstVerifySpan) parent;
    }
    SpanContext context;
    try {
      context = parent.context();
    } catch (RuntimeException e) {
      return this; // a foreign span that cannot even give its context: not a parent
    }
    return addReference(References.CHILD_OF, context);
  }

  @Override
  public JstVerifySpanBuilder addReference(String referenceType, SpanContext referencedContext) {
    if (referencedContext == null || referenceType == null) return this;
    if (references == null) {
      references = new ArrayList<>(2);
    } else if (referencesGivenAway) {
      references = new ArrayList<>(references);
      referencesGivenAway = false;
    }
    references.add(new JstVerifySpan.Reference(referenceType, referencedContext));
    return this;
  }

  @Override
  public JstVerifySpanBuilder ignoreActiveSpan() {
    ignoreActiveSpan = true;
    return this;
  }

  @Override
  public JstVerifySpanBuilder withTag(String key, String value) {
    return putTag(key, value);
  }

  @Override
  public JstVerifySpanBuilder withTag(String key, boolean value) {
    return putTag(key, value);
  }

  @Override
  public JstVerifySpanBuilder withTag(String key, Number value) {
    return putTag(key, value);
  }

  @Override
  public <T> JstVerifySpanBuilder withTag(Tag<T> tag, T value) {
    if (tag == null) return this;
    return putTag(tag.getKey(), value);
  }

  private JstVerifySpanBuilder putTag(String key, Object value) {
    if (key == null || value == null) return this;
    if (tags == null) {
      tags = new Object[8];
    } else if (tagsGivenAway) {
      tags = Arrays.copyOf(tags, Math.max(tags.length, 2 * tagCount + 2));
      tagsGivenAway = false;
    } else if (2 * tagCount == tags.length) {
      Object[] grown = new Object[tags.length * 2];
      System.arraycopy(tags, 0, grown, 0, tags.length);
      tags = grown;
    }
    tags[2 * tagCount] = key;
    tags[2 * tagCount + 1] = value;
    tagCount++;
    return this;
  }

  /**
   * Sets the start, in epoch microseconds. Zero or less means "now", as in {@code MockTracer} and
   * Jaeger: instrumentation passes 0 when it has no timestamp of its own.
   */
  @Override
  public JstVerifySpanBuilder withStartTimestamp(long microseconds) {
    startMicros = microseconds;
    return this;
  }

  @Override
  public JstVerifySpan start() {
    JstVerifySpanContext parent = null;
    String parentType = null;
    Map<String, String> baggage = null; // the first non-empty baggage of a reference of ours
    boolean mergeBaggage = false; // more than one reference of ours has baggage
    boolean foreignOnly = references != null;
    if (references != null) {
      for (JstVerifySpan.Reference ref : references) {
        if (!(ref.context() instanceof JstVerifySpanContext)) continue;
        foreignOnly = false;
        JstVerifySpanContext candidate = (JstVerifySpanContext) ref.context();
        Map<String, String> candidateBaggage = candidate.baggage();
        if (!candidateBaggage.isEmpty()) {
          if (baggage == null) {
            baggage = candidateBaggage;
          } else if (candidateBaggage != baggage) {
            mergeBaggage = true;
          }
        }
        if (!candidate.hasIds()) continue; // baggage only
        boolean childOf = References.CHILD_OF.equals(ref.referenceType());
        if (parent == null || (childOf && !References.CHILD_OF.equals(parentType))) {
          parent = candidate;
          parentType = ref.referenceType();
        }
      }
    }
    JstVerifySpan localParent = null;
    if (parent != null) {
      if (parentSpan != null && parentSpan.context().spanId() == parent.spanId()) {
        localParent = parentSpan;
      }
    } else if (!ignoreActiveSpan && (references == null || foreignOnly)) {
      // No reference of ours: the active span, when it is ours, is the implicit parent.
      Span active = tracer.activeSpan();
      if (active instanceof JstVerifySpan) {
        localParent = (JstVerifySpan) active;
        parent = localParent.context();
        baggage = parent.baggage();
      }
    }
    if (mergeBaggage) {
      baggage = mergedBaggage(references);
    } else if (baggage == null) {
      baggage = Collections.emptyMap();
    }

    long spanId = RandomIds.nextNonZero();
    JstVerifySpanContext context;
    long parentId;
    if (parent != null) {
      long localRoot = parent.localRootId() != 0L ? parent.localRootId() : spanId;
      context =
          JstVerifySpanContext.create(
              parent.traceIdHigh(),
              parent.traceIdLow(),
              spanId,
              parent.flags(),
              baggage,
              parent.traceState(),
              localRoot);
      parentId = parent.spanId();
    } else {
      context =
          JstVerifySpanContext.create(
              RandomIds.next(),
              RandomIds.nextNonZero(),
              spanId,
              JstVerifySpanContext.FLAG_SAMPLED | JstVerifySpanContext.FLAG_RANDOM,
              baggage,
              null,
              spanId);
      parentId = 0L;
    }

    long now = tracer.clock().nanoTime();
    TimeAnchor anchor = localParent != null ? localParent.anchor : tracer.anchorAt(now);
    long start = startMicros > 0 ? startMicros : anchor.microsAt(now);

    // The span shares the array until it writes to it; so does this builder (see putTag).
    tagsGivenAway = tags != null;
    // Likewise the references: a span's list must not grow when this builder is used again.
    referencesGivenAway = references != null;

    List<JstVerifySpan.Reference> refs =
        references == null ? Collections.emptyList() : Collections.unmodifiableList(references);
    JstVerifySpan span =
        new JstVerifySpan(
            tracer,
            context,
            parentId,
            refs,
            operationName,
            start,
            anchor,
            tags,
            tagCount);
    tracer.metrics().recordStarted();
    return span;
  }

  /** The baggage of every reference of ours, in order: a later reference wins a key. */
  private static Map<String, String> mergedBaggage(List<JstVerifySpan.Reference> references) {
    Map<String, String> merged = new HashMap<>();
    for (JstVerifySpan.Reference ref : references) {
      if (ref.context() instanceof JstVerifySpanContext) {
        merged.putAll(((JstVerifySpanContext) ref.context()).baggage());
      }
    }
    return Collections.unmodifiableMap(merged);
  }
}
