package com.jstverify.tracing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.jstverify.tracing.propagation.CompositePropagator;
import com.jstverify.tracing.reporter.InMemoryReporter;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BuilderConfigTest {

  static JstVerifyTracer.Builder fromSettings(String... keyValues) {
    Map<String, String> settings = new HashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) settings.put(keyValues[i], keyValues[i + 1]);
    return JstVerifyTracer.builder().fromSettings(settings);
  }

  static String failure(String... keyValues) {
    return assertThrows(IllegalArgumentException.class, () -> fromSettings(keyValues))
        .getMessage();
  }

  @Test
  void settings_fillEveryOption() {
    JstVerifyTracer.Builder b =
        fromSettings(
            "JSTVERIFY_API_KEY", "secret-key",
            "JSTVERIFY_SERVICE_NAME", "orders-api",
            "JSTVERIFY_SERVICE_TYPE", "worker",
            "JSTVERIFY_ENDPOINT", "http://127.0.0.1:9/v1/tracing/spans",
            "JSTVERIFY_TRANSPORT", "relay",
            "JSTVERIFY_FLUSH_INTERVAL", "0.25",
            "JSTVERIFY_MAX_QUEUE_SIZE", "123",
            "JSTVERIFY_MAX_BATCH_SIZE", "7",
            "JSTVERIFY_DEBUG", "false",
            "JSTVERIFY_PROPAGATION", "w3c, baggage",
            "JSTVERIFY_TAGS", "env=prod, region = eu-west-1");

    assertEquals("secret-key", b.apiKey);
    assertEquals("orders-api", b.serviceName);
    assertEquals("worker", b.serviceType);
    assertEquals("http://127.0.0.1:9/v1/tracing/spans", b.endpoint);
    assertTrue(b.endpointSet);
    assertEquals(Transport.RELAY, b.transport);
    assertEquals(Duration.ofMillis(250), b.flushInterval);
    assertEquals(123, b.maxQueueSize);
    assertEquals(7, b.maxBatchSize);
    assertFalse(b.debug);
    assertEquals(2, ((CompositePropagator) b.propagator).propagators().size());
    assertEquals(Map.of("env", "prod", "region", "eu-west-1"), b.tags);
  }

  @Test
  void systemPropertyNames_work_andWinOverVariableNames() {
    JstVerifyTracer.Builder b =
        fromSettings(
            "JSTVERIFY_SERVICE_NAME", "from-env",
            "jstverify.service_name", "from-property",
            "jstverify.max_batch_size", "9");
    assertEquals("from-property", b.serviceName);
    assertEquals(9, b.maxBatchSize);
  }

  @Test
  void codeSettings_afterEnvironment_win() {
    JstVerifyTracer tracer =
        fromSettings("JSTVERIFY_SERVICE_NAME", "from-env")
            .serviceName("from-code")
            .reporter(new InMemoryReporter())
            .shutdownHook(false)
            .build();
    assertEquals("from-code", tracer.serviceName());
  }

  @Test
  void badValues_failNamingTheKey() {
    assertTrue(
        failure("JSTVERIFY_FLUSH_INTERVAL", "abc")
            .startsWith("JSTVERIFY_FLUSH_INTERVAL: 'abc' is not a positive number of seconds"));
    assertTrue(failure("JSTVERIFY_FLUSH_INTERVAL", "-1").startsWith("JSTVERIFY_FLUSH_INTERVAL"));
    assertTrue(failure("JSTVERIFY_FLUSH_INTERVAL", "0").startsWith("JSTVERIFY_FLUSH_INTERVAL"));
    assertTrue(
        failure("JSTVERIFY_TRANSPORT", "carrier-pigeon")
            .startsWith("JSTVERIFY_TRANSPORT: 'carrier-pigeon' is not a transport"));
    assertTrue(
        failure("JSTVERIFY_ENDPOINT", "ftp://x/y")
            .startsWith("JSTVERIFY_ENDPOINT: 'ftp://x/y' is not an http:// or https:// URL"));
    assertTrue(failure("JSTVERIFY_ENDPOINT", "not a url").startsWith("JSTVERIFY_ENDPOINT"));
    assertTrue(failure("JSTVERIFY_MAX_QUEUE_SIZE", "0").startsWith("JSTVERIFY_MAX_QUEUE_SIZE"));
    // Past what the direct reporter can hold: refused here, naming the variable, not later by it.
    assertTrue(
        failure("JSTVERIFY_MAX_QUEUE_SIZE", "2000000000").startsWith("JSTVERIFY_MAX_QUEUE_SIZE"));
    assertTrue(failure("JSTVERIFY_MAX_BATCH_SIZE", "1e3").startsWith("JSTVERIFY_MAX_BATCH_SIZE"));
    assertTrue(failure("JSTVERIFY_DEBUG", "maybe").startsWith("JSTVERIFY_DEBUG"));
    assertTrue(failure("JSTVERIFY_PROPAGATION", "b3").startsWith("JSTVERIFY_PROPAGATION"));
    assertTrue(failure("JSTVERIFY_TAGS", "novalue").startsWith("JSTVERIFY_TAGS"));
  }

  @Test
  void sizesOutOfRange_failSayingTheRange_notThatTheyAreNoWholeNumbers() {
    String queue = failure("JSTVERIFY_MAX_QUEUE_SIZE", "2000000000");
    assertTrue(
        queue.startsWith(
            "JSTVERIFY_MAX_QUEUE_SIZE: '2000000000' is not a whole number from 1 to 1073741824"),
        queue);
    String batch = failure("JSTVERIFY_MAX_BATCH_SIZE", "99999999999");
    assertTrue(
        batch.startsWith(
            "JSTVERIFY_MAX_BATCH_SIZE: '99999999999' is not a whole number from 1 to 2147483647"),
        batch);
    assertEquals(1 << 30, fromSettings("JSTVERIFY_MAX_QUEUE_SIZE", "1073741824").maxQueueSize);
    assertEquals(
        Integer.MAX_VALUE, fromSettings("JSTVERIFY_MAX_BATCH_SIZE", "2147483647").maxBatchSize);
  }

  @Test
  void theApiKey_isNeverShown() {
    JstVerifyTracer.Builder b =
        fromSettings("JSTVERIFY_API_KEY", "secret-key", "JSTVERIFY_SERVICE_NAME", "svc");
    assertFalse(b.toString().contains("secret-key"), b.toString());
    String message = failure("JSTVERIFY_API_KEY", "secret-key", "JSTVERIFY_DEBUG", "maybe");
    assertFalse(message.contains("secret-key"), message);
  }

  @Test
  void missingServiceName_failsAtBuild() {
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> JstVerifyTracer.builder().build());
    assertTrue(e.getMessage().contains("JSTVERIFY_SERVICE_NAME"), e.getMessage());
  }

  @Test
  void missingServiceName_saysThatABuilderAloneDoesNotReadTheEnvironment() {
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> JstVerifyTracer.builder().build());
    assertEquals(
        "serviceName is required: call serviceName(...), or set JSTVERIFY_SERVICE_NAME and build"
            + " with JstVerifyTracing.init() or JstVerifyTracer.builder().fromEnvironment() (a"
            + " builder alone does not read the environment)",
        e.getMessage());
  }

  @Test
  void builderSetters_rejectBadArgumentsAtOnce() {
    JstVerifyTracer.Builder b = JstVerifyTracer.builder();
    assertEquals(
        "flushInterval must be positive: PT-1S",
        assertThrows(IllegalArgumentException.class, () -> b.flushInterval(Duration.ofSeconds(-1)))
            .getMessage());
    assertEquals(
        "serviceName == null",
        assertThrows(NullPointerException.class, () -> b.serviceName(null)).getMessage());
    assertThrows(IllegalArgumentException.class, () -> b.serviceName("  "));
    assertThrows(IllegalArgumentException.class, () -> b.endpoint("localhost:8080"));
    assertThrows(IllegalArgumentException.class, () -> b.maxQueueSize(0));
    assertThrows(IllegalArgumentException.class, () -> b.propagation("jstverify,unknown"));
  }

  @Test
  void propagationByName_null_failsNamingTheArgument() {
    assertEquals(
        "names == null",
        assertThrows(
                NullPointerException.class, () -> JstVerifyTracer.builder().propagation((String) null))
            .getMessage());
  }

  @Test
  void tracerTags_areKeptOnTheTracer() {
    JstVerifyTracer tracer =
        JstVerifyTracer.builder()
            .serviceName("svc")
            .tag("env", "prod")
            .reporter(new InMemoryReporter())
            .shutdownHook(false)
            .build();
    assertEquals(Map.of("env", "prod"), tracer.tracerTags());
  }
}
