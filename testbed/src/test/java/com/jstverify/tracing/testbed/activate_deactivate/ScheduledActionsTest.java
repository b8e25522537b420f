package com.jstverify.tracing.testbed.activate_deactivate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.jstverify.tracing.JstVerifySpan;
import com.jstverify.tracing.scope.AutoFinishScope;
import com.jstverify.tracing.scope.AutoFinishScopeManager;
import com.jstverify.tracing.testbed.Await;
import com.jstverify.tracing.testing.TestTracer;
import io.opentracing.Scope;
import io.opentracing.Span;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ScheduledActionsTest {
  private final TestTracer tracer = TestTracer.create(b -> b.scopeManager(new AutoFinishScopeManager()));
  private final ScheduledExecutorService service = Executors.newScheduledThreadPool(10);

  @AfterEach
  void shutdown() {
    service.shutdownNow();
  }

  @Test
  void oneScheduledAction_spanFinishesAfterTheAction() throws Exception {
    Thread entryThread = new Thread(() -> startParentAndSchedule(1));
    entryThread.start();

    Await.until(Duration.ofSeconds(15), () -> tracer.finishedSpans().size() == 1);

    List<JstVerifySpan> finished = tracer.finishedSpans();
    assertEquals(1, finished.size());
    assertEquals(1, testTagCount(finished.get(0)));
  }

  @Test
  void twoScheduledActions_spanFinishesAfterBoth() throws Exception {
    Thread entryThread = new Thread(() -> startParentAndSchedule(2));
    entryThread.start();
    entryThread.join(10_000);
    // The entry thread is done; the actions may still be running or not even started.

    Await.until(Duration.ofSeconds(15), () -> tracer.finishedSpans().size() == 1);

    List<JstVerifySpan> finished = tracer.finishedSpans();
    assertEquals(1, finished.size());
    assertEquals(2, testTagCount(finished.get(0)), "both actions tagged the span before it finished");
  }

  /** Runs on the entry thread, which ends (closing its scope) before the actions run. */
  private void startParentAndSchedule(int actions) {
    Span span = tracer.buildSpan("parent").start();
    try (Scope scope = tracer.activateSpan(span)) {
      for (int i = 0; i < actions; i++) {
        Runnable action = new RunnableAction((AutoFinishScope) scope);
        long delay = actions == 1 ? 100 : 50 + ThreadLocalRandom.current().nextInt(200);
        service.schedule(action, delay, TimeUnit.MILLISECONDS);
      }
    }
  }

  private static int testTagCount(JstVerifySpan span) {
    int count = 0;
    for (String key : span.tags().keySet()) {
      if (key.startsWith("test_tag_")) count++;
    }
    return count;
  }
}
