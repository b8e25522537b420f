package com.jstverify.tracing.testbed.error_reporting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.jstverify.tracing.JstVerifySpan;
import com.jstverify.tracing.scope.TracingTasks;
import com.jstverify.tracing.testbed.Await;
import com.jstverify.tracing.testbed.ScopeManagers;
import com.jstverify.tracing.testing.TestTracer;
import io.opentracing.Scope;
import io.opentracing.ScopeManager;
import io.opentracing.Span;
import io.opentracing.log.Fields;
import io.opentracing.tag.Tags;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Reporting errors on spans: tags and logs keep the Java objects they were given. */
@SuppressWarnings("try") // scopes opened only for their side effect
class ErrorReportingTest {
  private final ExecutorService executor = Executors.newCachedThreadPool();

  @AfterEach
  void shutdown() {
    executor.shutdownNow();
  }

  /** The simplest case: catch, tag, finish. */
  @ParameterizedTest
  @MethodSource(ScopeManagers.ALL)
  void simpleError(Supplier<ScopeManager> scopeManager) {
    TestTracer tracer = ScopeManagers.tracer(scopeManager);
    Span span = tracer.buildSpan("one").start();
    try (Scope scope = tracer.activateSpan(span)) {
      throw new RuntimeException("Invalid state");
    } catch (RuntimeException e) {
      Tags.ERROR.set(span, true);
    } finally {
      span.finish();
    }

    assertNull(tracer.scopeManager().activeSpan());
    List<JstVerifySpan> spans = tracer.finishedSpans();
    assertEquals(1, spans.size());
    assertEquals(Boolean.TRUE, spans.get(0).tags().get(Tags.ERROR.getKey()));
  }

  /** A callback on another thread activates the span it was given, fails, and reports it. */
  @ParameterizedTest
  @MethodSource(ScopeManagers.ALL)
  void callbackError(Supplier<ScopeManager> scopeManager) {
    TestTracer tracer = ScopeManagers.tracer(scopeManager);
    Span span = tracer.buildSpan("one").start();
    executor.submit(
        () -> {
          try (Scope scope = tracer.activateSpan(span)) {
            throw new RuntimeException("Invalid state");
          } catch (RuntimeException e) {
            Tags.ERROR.set(span, true);
          } finally {
            span.finish();
          }
        });

    Await.until(Duration.ofSeconds(5), () -> tracer.finishedSpans().size() == 1);

    List<JstVerifySpan> spans = tracer.finishedSpans();
    assertEquals(1, spans.size());
    assertEquals(Boolean.TRUE, spans.get(0).tags().get(Tags.ERROR.getKey()));
  }

  /** A task retried up to a limit (say, fetching a URL) logs the exception of each attempt. */
  @ParameterizedTest
  @MethodSource(ScopeManagers.ALL)
  void errorRecovery(Supplier<ScopeManager> scopeManager) {
    TestTracer tracer = ScopeManagers.tracer(scopeManager);
    int maxRetries = 1;
    int retries = 0;
    Object result = null;
    RuntimeException lastError = null;

    Span span = tracer.buildSpan("one").start();
    try (Scope scope = tracer.activateSpan(span)) {
      while (result == null && retries++ < maxRetries) {
        try {
          throw new RuntimeException("No url could be fetched");
        } catch (RuntimeException e) {
          lastError = e;
          Map<String, Object> fields = new TreeMap<>();
          fields.put(Fields.EVENT, Tags.ERROR);
          fields.put(Fields.ERROR_OBJECT, e);
          span.log(fields);
        }
      }
    }
    if (result == null) {
      Tags.ERROR.set(span, true); // nothing could be fetched
    }
    span.finish();

    assertNull(tracer.scopeManager().activeSpan());
    List<JstVerifySpan> spans = tracer.finishedSpans();
    assertEquals(1, spans.size());
    assertEquals(Boolean.TRUE, spans.get(0).tags().get(Tags.ERROR.getKey()));

    List<JstVerifySpan.LogEntry> logs = spans.get(0).logEntries();
    assertEquals(maxRetries, logs.size());
    // The logged values are the very Java objects given: the Tag and the exception.
    assertSame(Tags.ERROR, logs.get(0).fields().get(Fields.EVENT));
    assertSame(lastError, logs.get(0).fields().get(Fields.ERROR_OBJECT));
  }

  /**
   * An instrumentation layer carries the active span into the task it wraps; the task reports
   * its error on whatever span is active. Here the layer is our own {@link TracingTasks}.
   */
  @ParameterizedTest
  @MethodSource(ScopeManagers.ALL)
  void instrumentationLayer(Supplier<ScopeManager> scopeManager) {
    TestTracer tracer = ScopeManagers.tracer(scopeManager);
    Span span = tracer.buildSpan("one").start();
    try (Scope scope = tracer.activateSpan(span)) {
      // Captures the active span now, activates it around the task later.
      executor.submit(
          TracingTasks.runnable(
              tracer.scopeManager(),
              () -> {
                try {
                  throw new RuntimeException("Invalid state");
                } catch (RuntimeException e) {
                  Tags.ERROR.set(tracer.activeSpan(), true);
                } finally {
                  tracer.activeSpan().finish();
                }
              }));
    }

    Await.until(Duration.ofSeconds(5), () -> tracer.finishedSpans().size() == 1);

    List<JstVerifySpan> spans = tracer.finishedSpans();
    assertEquals(1, spans.size());
    assertEquals(Boolean.TRUE, spans.get(0).tags().get(Tags.ERROR.getKey()));
  }
}
