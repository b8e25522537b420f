package com.jstverify.tracing.testbed.client_server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.jstverify.tracing.JstVerifySpan;
import com.jstverify.tracing.testbed.Await;
import com.jstverify.tracing.testbed.ScopeManagers;
import com.jstverify.tracing.testbed.Spans;
import com.jstverify.tracing.testing.TestTracer;
import io.opentracing.ScopeManager;
import io.opentracing.tag.Tags;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class TestClientServerTest {
  private final ArrayBlockingQueue<Message> queue = new ArrayBlockingQueue<>(10);
  private Server server;

  @AfterEach
  void stopServer() throws InterruptedException {
    if (server != null) {
      server.interrupt();
      server.join(5_000L);
    }
  }

  @ParameterizedTest
  @MethodSource(ScopeManagers.ALL)
  void test(Supplier<ScopeManager> scopeManager) throws Exception {
    TestTracer tracer = ScopeManagers.tracer(scopeManager);
    server = new Server(queue, tracer);
    server.start();

    Client client = new Client(queue, tracer);
    client.send();

    Await.until(Duration.ofSeconds(15), () -> tracer.finishedSpans().size() == 2);

    List<JstVerifySpan> finished = tracer.finishedSpans();
    assertEquals(2, finished.size());
    assertEquals(finished.get(0).traceId(), finished.get(1).traceId());
    JstVerifySpan clientSpan = Spans.oneByTag(finished, Tags.SPAN_KIND, Tags.SPAN_KIND_CLIENT);
    JstVerifySpan serverSpan = Spans.oneByTag(finished, Tags.SPAN_KIND, Tags.SPAN_KIND_SERVER);
    assertNotNull(clientSpan);
    assertNotNull(serverSpan);
    assertEquals(clientSpan.spanId(), serverSpan.parentId(), "the server continues the client's span");
    assertNull(tracer.scopeManager().activeSpan());
  }
}
