package com.jstverify.tracing.testbed.suspend_resume_propagation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.jstverify.tracing.JstVerifySpan;
import com.jstverify.tracing.testbed.ScopeManagers;
import com.jstverify.tracing.testing.TestTracer;
import io.opentracing.ScopeManager;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SuspendResumePropagationTest {

  @ParameterizedTest
  @MethodSource(ScopeManagers.ALL)
  void continuationInterleaving(Supplier<ScopeManager> scopeManager) {
    TestTracer tracer = ScopeManagers.tracer(scopeManager);
    SuspendResume job1 = new SuspendResume(1, tracer);
    SuspendResume job2 = new SuspendResume(2, tracer);

    // As if a framework interleaved the two jobs' parts.
    job1.doPart("some work for 1");
    job2.doPart("some work for 2");
    job1.doPart("other work for 1");
    job2.doPart("other work for 2");
    job2.doPart("more work for 2");
    job1.doPart("more work for 1");

    job1.done();
    job2.done();

    List<JstVerifySpan> finished = tracer.finishedSpans();
    assertEquals(2, finished.size());
    assertEquals("job 1", finished.get(0).operationName());
    assertEquals("job 2", finished.get(1).operationName());
    assertNull(finished.get(0).parentId());
    assertNull(finished.get(1).parentId());
    assertEquals(3, finished.get(0).logEntries().size());
    assertEquals(3, finished.get(1).logEntries().size());
  }
}
