package com.jstverify.tracing;

import com.jstverify.tracing.internal.IntValues;
import com.jstverify.tracing.internal.JsonOut;
import com.jstverify.tracing.internal.Throwables;
import io.opentracing.Span;
import io.opentracing.SpanContext;
import io.opentracing.log.Fields;
import io.opentracing.tag.Tag;
import io.opentracing.tag.Tags;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A span of the {@link JstVerifyTracer}. Besides the OpenTracing API it carries the HTTP
 * metadata the JstVerify service map shows ({@link #setHttpMetadata}, {@link #setStatus}) and
 * read accessors like {@code MockSpan}'s, for reporters and tests.
 *
 * <pre>{@code
 * JstVerifySpan span = (JstVerifySpan) tracer.buildSpan("GET /users/{id}").start();
 * span.setHttpMetadata("GET", "/users/42", 200);
 * span.finish();
 * }</pre>
 *
 * <p>Thread-safe. Mutations after {@link #finish()} are ignored: a finished span belongs to its
 * reporter. Starting and finishing take no lock; tags and logs take the span's own monitor,
 * which is uncontended in practice.
 */
public final class JstVerifySpan implements Span {
  /** At most this many tags per span; later new keys are ignored (overwrites still apply). */
  static final int MAX_TAGS = 256;
  /** At most this many log entries per span; later ones are ignored. */
  static final int MAX_LOGS = 512;
  /**
   * At most this many baggage items per span: as many as the W3C {@code baggage} header carries
   * on. Later new keys are ignored (changing or removing an item still applies).
   */
  static final int MAX_BAGGAGE_ITEMS = 180;
  /** At most this many characters of baggage keys and values per span (W3C {@code baggage}'s). */
  static final int MAX_BAGGAGE_CHARS = 8192;
  /** An exception's stack trace is cut at this many characters. */
  static final int MAX_STACK_CHARS = 8192;

  private static final int OPEN = 0;
  private static final int FINISHED = 1;
  private static final int NOT_SET = 0;
  private static final int DROP = 1;
  private static final int KEEP = 2;
  private static final VarHandle STATE;

  static {
    try {
      STATE = MethodHandles.lookup().findVarHandle(JstVerifySpan.class, "state", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }
  private static final Object[] NO_TAGS = new Object[0];

  private final JstVerifyTracer tracer;
  private final long parentId;
  private final List<Reference> references;
  private final long startMicros;
  // Shared by the spans of one local root: durations come from nanoTime deltas.
  final TimeAnchor anchor;

  private volatile int state; // OPEN; no initializer: a volatile store in the constructor costs
  private volatile JstVerifySpanContext context;

  // Guarded by this.
  private Object[] tags; // key, value, key, value...
  private int tagCount;
  private boolean tagsShared; // still the builder's array: copied before the first write
  private List<LogEntry> logs;
  private String operationName;
  private String httpMethod;
  private String httpUrl;
  private int statusCode = -1;
  private boolean error;
  // Written under the lock, volatile so that finish() reads it without: NOT_SET, DROP or KEEP,
  // with NOT_SET the default value (no volatile store in the constructor).
  private volatile int samplingDecision;
  // Written once, by the thread that won the finish CAS; volatile so finish takes no lock.
  private volatile long finishMicros;

  JstVerifySpan(
      JstVerifyTracer tracer,
      JstVerifySpanContext context,
      long parentId,
      List<Reference> references,
      String operationName,
      long startMicros,
      TimeAnchor anchor,
      Object[] builderTags,
      int builderTagCount) {
    this.tracer = tracer;
    this.context = context;
    this.parentId = parentId;
    this.references = references;
    this.operationName = operationName;
    this.startMicros = startMicros;
    this.anchor = anchor;
    if (builderTags == null) {
      this.tags = NO_TAGS;
    } else {
      this.tags = builderTags;
      this.tagsShared = true;
      adoptTags(builderTagCount);
    }
  }

  // ---- OpenTracing ----

  @Override
  public JstVerifySpanContext context() {
    return context;
  }

  @Override
  public JstVerifySpan setTag(String key, String value) {
    return setObjectTag(key, value);
  }

  @Override
  public JstVerifySpan setTag(String key, boolean value) {
    return setObjectTag(key, value);
  }

  @Override
  public JstVerifySpan setTag(String key, Number value) {
    return setObjectTag(key, value);
  }

  @Override
  public <T> JstVerifySpan setTag(Tag<T> tag, T value) {
    if (tag == null) return this;
    try {
      // The tag decides which setTag overload applies (StringTag, IntTag...).
      tag.set(this, value);
    } catch (RuntimeException e) {
      // A custom Tag implementation failing must not reach the application.
      setObjectTag(tag.getKey(), value);
    }
    return this;
  }

  private JstVerifySpan setObjectTag(String key, Object value) {
    if (key == null || value == null) return this;
    synchronized (this) {
      if (state == OPEN) putTag(key, value);
    }
    return this;
  }

  @Override
  public JstVerifySpan log(Map<String, ?> fields) {
    return log(nowMicros(), fields);
  }

  @Override
  public JstVerifySpan log(long timestampMicros, Map<String, ?> fields) {
    if (fields == null || fields.isEmpty()) return this;
    Map<String, Object> copy = copyLogFields(fields);
    synchronized (this) {
      if (state == OPEN) addLog(new LogEntry(timestampMicros, copy));
    }
    return this;
  }

  @Override
  public JstVerifySpan log(String event) {
    return log(nowMicros(), event);
  }

  @Override
  public JstVerifySpan log(long timestampMicros, String event) {
    if (event == null) return this;
    Map<String, Object> fields = Collections.singletonMap(Fields.EVENT, event);
    synchronized (this) {
      if (state == OPEN) addLog(new LogEntry(timestampMicros, fields));
    }
    return this;
  }

  /**
   * Sets (or, with a null value, removes) a baggage item, which children and downstream services
   * inherit. At most 180 items and 8192 characters per span, what W3C {@code baggage} carries:
   * an item past that is ignored.
   */
  @Override
  public JstVerifySpan setBaggageItem(String key, String value) {
    if (key == null) return this;
    synchronized (this) {
      if (state == OPEN && fitsInBaggage(key, value)) context = context.withBaggageItem(key, value);
    }
    return this;
  }

  // Each item copies the baggage: without a bound, a loop setting items would cost the square of
  // their number, and all of them the heap, for more than propagation could carry anyway.
  private boolean fitsInBaggage(String key, String value) {
    if (value == null) return true; // a removal
    Map<String, String> baggage = context.baggage();
    String previous = baggage.get(key);
    if (previous == null && baggage.size() >= MAX_BAGGAGE_ITEMS) return false;
    long chars = key.length() + value.length();
    for (Map.Entry<String, String> item : baggage.entrySet()) {
      if (!item.getKey().equals(key)) chars += item.getKey().length() + item.getValue().length();
    }
    return chars <= MAX_BAGGAGE_CHARS;
  }

  @Override
  public String getBaggageItem(String key) {
    return context.getBaggageItem(key);
  }

  @Override
  public JstVerifySpan setOperationName(String operationName) {
    if (operationName == null) return this;
    synchronized (this) {
      if (state == OPEN) this.operationName = operationName;
    }
    return this;
  }

  /** Finishes the span now. A second call is ignored and counted, never thrown. */
  @Override
  public void finish() {
    finishAt(-1L);
  }

  /** Finishes the span at {@code finishMicros} (epoch microseconds). */
  @Override
  public void finish(long finishMicros) {
    finishAt(finishMicros);
  }

  private void finishAt(long explicitMicros) {
    if (!STATE.compareAndSet(this, OPEN, FINISHED)) {
      tracer.metrics().recordDuplicateFinish();
      return;
    }
    long end = explicitMicros >= 0 ? explicitMicros : nowMicros();
    finishMicros = end < startMicros ? startMicros : end;
    tracer.spanFinished(this);
  }

  // ---- JstVerify HTTP metadata (the Python SDK's set_status / set_http_metadata) ----

  /** Sets the HTTP status code; >= 500 also marks the span as an error. */
  public JstVerifySpan setStatus(int statusCode) {
    synchronized (this) {
      if (state == OPEN) putTag(Tags.HTTP_STATUS.getKey(), statusCode);
    }
    return this;
  }

  /**
   * Sets the HTTP method, URL and status code at once, as the tags {@code http.method}, {@code
   * http.url} and {@code http.status_code} do. A null argument leaves that value as it was.
   */
  public JstVerifySpan setHttpMetadata(String method, String url, Integer statusCode) {
    synchronized (this) {
      if (state != OPEN) return this;
      if (method != null) putTag(Tags.HTTP_METHOD.getKey(), method);
      if (url != null) putTag(Tags.HTTP_URL.getKey(), url);
      if (statusCode != null) putTag(Tags.HTTP_STATUS.getKey(), statusCode);
    }
    return this;
  }

  // ---- reading (reporters, tests) ----

  /** The tracer's service name. */
  public String serviceName() {
    return tracer.serviceName();
  }

  /** Tags the tracer adds to every span it reports. */
  public Map<String, String> tracerTags() {
    return tracer.tracerTags();
  }

  /** The tracer's service type ("http" by default). */
  public String serviceType() {
    return tracer.serviceType();
  }

  public synchronized String operationName() {
    return operationName;
  }

  /** 32 lower-case hex characters. */
  public String traceId() {
    return context.toTraceId();
  }

  /** 16 lower-case hex characters. */
  public String spanId() {
    return context.toSpanId();
  }

  /** The parent span id as 16 lower-case hex characters, or {@code null} on a root span. */
  public String parentId() {
    return parentId == 0L ? null : com.jstverify.tracing.internal.Hex.toHex16(parentId);
  }

  /** The parent span id, 0 on a root span. */
  public long parentIdAsLong() {
    return parentId;
  }

  /** The tags, in the order first set, as an unmodifiable copy; values keep their Java type. */
  public synchronized Map<String, Object> tags() {
    Map<String, Object> out = new LinkedHashMap<>(tagCount * 2);
    for (int i = 0; i < tagCount; i++) out.put((String) tags[2 * i], tags[2 * i + 1]);
    return Collections.unmodifiableMap(out);
  }

  /**
   * Passes each tag, in the order first set, to {@code consumer} without copying them: how a
   * reporter writes a span without allocating. Runs under the span's lock, so the consumer must
   * not call back into other spans' locks.
   *
   * <pre>{@code
   * span.forEachTag((out, key, value) -> out.put(key, value), myMap);
   * }</pre>
   */
  public synchronized <T> void forEachTag(TagConsumer<T> consumer, T target) {
    for (int i = 0; i < tagCount; i++) consumer.accept(target, (String) tags[2 * i], tags[2 * i + 1]);
  }

  /** One tag's value, or {@code null}. */
  public synchronized Object tag(String key) {
    int i = indexOfTag(key);
    return i < 0 ? null : tags[2 * i + 1];
  }

  /** The log entries, in order, as an unmodifiable copy. */
  public synchronized List<LogEntry> logEntries() {
    return logs == null ? Collections.emptyList() : Collections.unmodifiableList(new ArrayList<>(logs));
  }

  /** Every reference given to the span builder, including ones from other tracers. */
  public List<Reference> references() {
    return references;
  }

  /** Start, epoch microseconds. */
  public long startMicros() {
    return startMicros;
  }

  /** Finish, epoch microseconds; 0 while the span is open. */
  public long finishMicros() {
    return finishMicros;
  }

  /** Finish minus start, microseconds; 0 while the span is open. */
  public long durationMicros() {
    long finish = finishMicros;
    return finish == 0L ? 0L : finish - startMicros;
  }

  public boolean isFinished() {
    return state == FINISHED;
  }

  /** The HTTP method, or {@code null} when unknown. */
  public synchronized String httpMethod() {
    return httpMethod;
  }

  /** The HTTP URL, or {@code null} when unknown. */
  public synchronized String httpUrl() {
    return httpUrl;
  }

  /** The HTTP status code, or -1 when unknown. */
  public synchronized int statusCode() {
    return statusCode;
  }

  /** True when tagged {@code error=true} or the status code is >= 500. */
  public synchronized boolean isError() {
    return error || statusCode >= 500;
  }

  /**
   * Whether this span is reported: the trace's sampled flag, overridden by a {@code
   * sampling.priority} tag (0 drops it, more than 0 keeps it).
   */
  public boolean isSampled() {
    int decision = samplingDecision;
    return decision == NOT_SET ? context.isSampled() : decision == KEEP;
  }

  /** The id of the first span of this trace started in this process (see the context). */
  public long localRootId() {
    return context.localRootId();
  }

  @Override
  public String toString() {
    return "JstVerifySpan{" + operationName() + " " + context + "}";
  }

  // ---- internals ----

  /** Now, from this span's time anchor: a monotonic delta on one wall clock reading. */
  long nowMicros() {
    return anchor.microsAt(tracer.clock().nanoTime());
  }

  JstVerifyTracer tracer() {
    return tracer;
  }

  // Caller holds the lock (or is the constructor).
  private void putTag(String key, Object value) {
    applySpecialTag(key, value);
    if (tagsShared) {
      tags = Arrays.copyOf(tags, Math.max(tags.length, 2 * tagCount + 2));
      tagsShared = false;
    }
    int i = indexOfTag(key);
    if (i >= 0) {
      tags[2 * i + 1] = value;
      return;
    }
    if (tagCount >= MAX_TAGS) return;
    if (2 * tagCount == tags.length) {
      Object[] grown = new Object[tags.length == 0 ? 8 : tags.length * 2];
      System.arraycopy(tags, 0, grown, 0, tags.length);
      tags = grown;
    }
    tags[2 * tagCount] = key;
    tags[2 * tagCount + 1] = value;
    tagCount++;
  }

  /**
   * Takes the builder's tags without copying them when, as usual, no key repeats: the array is
   * shared until this span or the builder writes to it. Applies the special tags.
   */
  private void adoptTags(int count) {
    boolean repeats = count > MAX_TAGS;
    for (int i = 0; i < count; i++) {
      String key = (String) tags[2 * i];
      applySpecialTag(key, tags[2 * i + 1]);
      for (int j = 0; j < i && !repeats; j++) repeats = tags[2 * j].equals(key);
    }
    if (!repeats) {
      tagCount = count;
      return;
    }
    // A key set twice keeps its last value at the place of its first: build an array of our own.
    Object[] given = tags;
    tags = new Object[given.length];
    tagsShared = false;
    for (int i = 0; i < count; i++) putTag((String) given[2 * i], given[2 * i + 1]);
  }

  private int indexOfTag(String key) {
    for (int i = 0; i < tagCount; i++) {
      if (tags[2 * i].equals(key)) return i;
    }
    return -1;
  }

  // The standard tags that also fill the span's own fields (what the service map reads).
  private void applySpecialTag(String key, Object value) {
    switch (key) {
      case "http.status_code":
        Integer code = IntValues.of(value);
        if (code != null) statusCode = code;
        break;
      // A foreign value's toString() may throw: that must not reach the application's setTag.
      case "http.method":
        httpMethod = JsonOut.safeToString(value);
        break;
      case "http.url":
        httpUrl = JsonOut.safeToString(value);
        break;
      case "error":
        error = Boolean.TRUE.equals(value) || "true".equalsIgnoreCase(JsonOut.safeToString(value));
        break;
      case "sampling.priority":
        Integer priority = IntValues.of(value);
        if (priority != null) samplingDecision = priority > 0 ? KEEP : DROP;
        break;
      default:
        break;
    }
  }

  private void addLog(LogEntry entry) {
    if (logs == null) logs = new ArrayList<>(4);
    if (logs.size() < MAX_LOGS) logs.add(entry);
  }

  /**
   * Copies the fields so later changes to the caller's map do not show, and expands an
   * exception under {@code error.object} into {@code error.kind}, {@code message} and {@code
   * stack} (the object itself is kept too, with its Java type).
   */
  private static Map<String, Object> copyLogFields(Map<String, ?> fields) {
    Map<String, Object> copy = new LinkedHashMap<>(fields.size() * 2 + 4);
    for (Map.Entry<String, ?> e : fields.entrySet()) {
      if (e.getKey() != null && e.getValue() != null) copy.put(e.getKey(), e.getValue());
    }
    Object error = copy.get(Fields.ERROR_OBJECT);
    if (error instanceof Throwable) {
      Throwable t = (Throwable) error;
      copy.putIfAbsent(Fields.ERROR_KIND, t.getClass().getName());
      String message = Throwables.messageOf(t);
      if (message != null) copy.putIfAbsent(Fields.MESSAGE, message);
      copy.putIfAbsent(Fields.STACK, stackOf(t));
    }
    return Collections.unmodifiableMap(copy);
  }

  private static String stackOf(Throwable t) {
    StringWriter out = new StringWriter();
    try {
      t.printStackTrace(new PrintWriter(out));
    } catch (Throwable broken) {
      Throwables.propagateIfFatal(broken);
      return t.getClass().getName(); // a broken toString() in the exception itself
    }
    String stack = out.toString();
    return stack.length() <= MAX_STACK_CHARS ? stack : stack.substring(0, MAX_STACK_CHARS);
  }

  /**
   * Receives a span's tags from {@link #forEachTag}. The target is passed along so that a
   * consumer needs no captured state (and no allocation per call).
   */
  @FunctionalInterface
  public interface TagConsumer<T> {
    void accept(T target, String key, Object value);
  }

  /** One {@code log(...)} call: its time and fields (values keep their Java type). */
  public static final class LogEntry {
    private final long timestampMicros;
    private final Map<String, ?> fields;

    LogEntry(long timestampMicros, Map<String, ?> fields) {
      this.timestampMicros = timestampMicros;
      this.fields = fields;
    }

    public long timestampMicros() {
      return timestampMicros;
    }

    public Map<String, ?> fields() {
      return fields;
    }

    @Override
    public String toString() {
      return timestampMicros + " " + fields;
    }
  }

  /** One reference given to the span builder. */
  public static final class Reference {
    private final String referenceType;
    private final SpanContext context;

    Reference(String referenceType, SpanContext context) {
      this.referenceType = referenceType;
      this.context = context;
    }

    /** {@code References.CHILD_OF} or {@code References.FOLLOWS_FROM} (or another type given). */
    public String referenceType() {
      return referenceType;
    }

    /** The referenced context; may come from another tracer. */
    public SpanContext context() {
      return context;
    }

    @Override
    public String toString() {
      return referenceType + " " + context;
    }
  }
}
