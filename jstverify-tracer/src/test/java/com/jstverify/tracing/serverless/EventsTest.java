package com.jstverify.tracing.serverless;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Reading the headers of a Lambda event: it comes from outside, and may be of any size. */
class EventsTest {

  @Test
  void headers_singleValueNamesDifferingOnlyInCase_keepTheFirst_afterTheMultiValueOnes() {
    Map<String, Object> single = new LinkedHashMap<>();
    single.put("TraceState", "late");
    single.put("Baggage", "k=v");
    single.put("baggage", "k=other");
    Map<String, Object> multi = Map.of("tracestate", List.of("a=1", "b=2"));

    Map<String, String> headers = Events.headers(single, multi);

    assertEquals(Map.of("tracestate", "a=1,b=2", "Baggage", "k=v"), headers);
  }

  @Test
  void headers_ofAnEventWithSixtyThousandNames_areReadInLinearTime() {
    // Each name was compared with every name kept before it: 60,000 took about 19 seconds.
    Map<String, Object> single = new LinkedHashMap<>();
    for (int i = 0; i < 60_000; i++) single.put("x-header-" + i, "v");

    Map<String, String> headers =
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> Events.headers(single, null));

    assertEquals(60_000, headers.size());
  }
}
