package com.jstverify.tracing;

import java.io.IOException;
import java.util.concurrent.atomic.LongAdder;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.BufferedSink;
import okio.Okio;

/**
 * The last step of the direct reporter's delivery, the network send, replaced by a discard: an
 * OkHttp interceptor that writes the request body out to nowhere and answers 202 itself. What
 * runs before it (queue, JSON, the OkHttp call) is the production code path; this is how Jaeger,
 * Brave and OpenTelemetry are measured too, each with its send discarded.
 */
final class DiscardingSend implements Interceptor {
  private static final ResponseBody EMPTY = ResponseBody.create(new byte[0], MediaType.get("application/json"));

  final LongAdder bytes = new LongAdder();

  @Override
  public Response intercept(Chain chain) throws IOException {
    Request request = chain.request();
    RequestBody body = request.body();
    if (body != null) {
      try (BufferedSink sink = Okio.buffer(Okio.blackhole())) {
        body.writeTo(sink);
      }
      bytes.add(body.contentLength());
    }
    return new Response.Builder()
        .request(request)
        .protocol(Protocol.HTTP_1_1)
        .code(202)
        .message("Accepted")
        .body(EMPTY)
        .build();
  }
}
