package com.jstverify.tracing.internal;

import com.jstverify.tracing.http.TracingInterceptor;
import java.io.IOException;
import java.time.Duration;
import javax.net.SocketFactory;
import okhttp3.Call;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSink;

/**
 * POSTs one batch body to the JstVerify ingestion API (wire contract section 3) and says what
 * came back. Synchronous: the reporter's own thread calls it.
 *
 * <pre>{@code
 * IngestionClient client =
 *     new IngestionClient(endpoint, apiKey, Duration.ofSeconds(5), Duration.ofSeconds(15), null);
 * IngestionClient.Outcome outcome = client.post(bytes, length);
 * if (outcome.retryable()) ...
 * }</pre>
 *
 * <p>The API key goes in one header and nowhere else: not in {@link #toString()}, not in an
 * {@link Outcome}'s detail (a server echoing it back is masked), not in an exception message.
 */
public final class IngestionClient {
  public static final String API_KEY_HEADER = "X-API-Key";
  private static final MediaType JSON = MediaType.get("application/json");
  private static final int DETAIL_CHARS = 200;

  private final OkHttpClient client;
  private final HttpUrl url;
  private final String apiKey;
  private final String userAgent;
  private volatile Call inFlight;

  /**
   * @param callTimeout the whole call, connecting included; also the read and write timeout
   * @param base the application's OkHttp client to derive ours from, or null for the shared one
   * @throws IllegalArgumentException when the endpoint is not an http(s) URL or the key has a
   *     character an HTTP header cannot carry (the message never repeats the key)
   */
  public IngestionClient(
      String endpoint,
      String apiKey,
      Duration connectTimeout,
      Duration callTimeout,
      OkHttpClient base) {
    if (endpoint == null) throw new NullPointerException("endpoint == null");
    if (apiKey == null) throw new NullPointerException("apiKey == null");
    HttpUrl parsed = HttpUrl.parse(endpoint);
    if (parsed == null) {
      throw new IllegalArgumentException("endpoint: '" + endpoint + "' is not an http:// or https:// URL");
    }
    checkHeaderValue(apiKey);
    this.url = parsed;
    this.apiKey = apiKey;
    this.userAgent = "jstverify-tracer-java/" + Version.get();
    // newBuilder() shares the base client's connection pool and dispatcher: every reporter
    // reuses the same connections, each with its own timeouts.
    this.client =
        derive(base)
            .connectTimeout(connectTimeout)
            .readTimeout(callTimeout)
            .writeTimeout(callTimeout)
            .callTimeout(callTimeout)
            .build();
  }

  /**
   * Sends {@code body[0, length)} ({@code {"spans": [...]}}) once, without copying it. Never
   * throws: an I/O error, or an exception from an interceptor of the application's client, is a
   * retryable outcome.
   */
  public Outcome post(byte[] body, int length) {
    Request request =
        new Request.Builder()
            .url(url)
            .header(API_KEY_HEADER, apiKey)
            .header("User-Agent", userAgent)
            .post(new BatchBody(body, length))
            .build();
    Call call = client.newCall(request);
    inFlight = call;
    try (Response response = call.execute()) {
      int code = response.code();
      // RFC 9110 defines Retry-After for 503, RFC 6585 for 429; a server may send it with any 5xx.
      long retryAfter =
          code == 429 || code >= 500
              ? RetryAfter.parseMillis(response.header("Retry-After"), System.currentTimeMillis())
              : -1L;
      String detail = "";
      if (code >= 400 && code < 500 && code != 429) {
        detail = mask(response.peekBody(DETAIL_CHARS * 4L).string());
      } else if (code >= 300 && code < 400) {
        // Redirects are not followed: they would carry the API key to wherever they point.
        detail = "redirect to " + mask(String.valueOf(response.header("Location")));
      }
      return new Outcome(code, retryAfter, detail);
    } catch (Throwable t) {
      // An I/O error, or an interceptor of the application's client failing (an AssertionError
      // included): either may pass, and goes through the same backoff, attempt limit and
      // rate-limited warning.
      Throwables.propagateIfFatal(t);
      return new Outcome(-1, -1L, mask(JsonOut.safeToString(t)));
    } finally {
      inFlight = null;
    }
  }

  /** Cancels the call in flight, if any, from another thread (closing the reporter). */
  public void cancel() {
    Call call = inFlight;
    if (call != null) call.cancel();
  }

  public String endpoint() {
    return url.toString();
  }

  /** The User-Agent sent with every batch. */
  public String userAgent() {
    return userAgent;
  }

  @Override
  public String toString() {
    return "IngestionClient{endpoint=" + url + ", apiKey=****}";
  }

  // What a server sent back, shortened, on one line, with the key masked if it was echoed.
  private String mask(String text) {
    String s = text.replace(apiKey, "****");
    StringBuilder out = new StringBuilder(Math.min(s.length(), DETAIL_CHARS));
    for (int i = 0; i < s.length() && out.length() < DETAIL_CHARS; i++) {
      char c = s.charAt(i);
      out.append(c < 0x20 || c == 0x7f ? ' ' : c);
    }
    if (s.length() > DETAIL_CHARS) out.append("...");
    return out.toString().trim();
  }

  /**
   * The batch's bytes, handed to OkHttp a segment at a time: writing them in one call would
   * buffer the whole batch in fresh okio segments (the segment pool keeps only 64 KiB) before any
   * of it reached the socket; chunks recycle the same few segments.
   */
  private static final class BatchBody extends RequestBody {
    private static final int CHUNK = 8192; // okio's segment size
    private final byte[] bytes;
    private final int length;

    BatchBody(byte[] bytes, int length) {
      this.bytes = bytes;
      this.length = length;
    }

    @Override
    public MediaType contentType() {
      return JSON;
    }

    @Override
    public long contentLength() {
      return length;
    }

    @Override
    public void writeTo(BufferedSink sink) throws IOException {
      for (int offset = 0; offset < length; offset += CHUNK) {
        sink.write(bytes, offset, Math.min(CHUNK, length - offset));
        sink.emitCompleteSegments();
      }
    }
  }

  private static OkHttpClient.Builder derive(OkHttpClient base) {
    if (base == null) return Shared.CLIENT.newBuilder();
    OkHttpClient.Builder b = base.newBuilder().followRedirects(false).followSslRedirects(false);
    // Traced batches would be spans about sending spans: an endless loop of them.
    b.interceptors().removeIf(i -> i instanceof TracingInterceptor);
    b.networkInterceptors().removeIf(i -> i instanceof TracingInterceptor);
    // A socket factory of the application's own (a proxy's, say) is kept as it is.
    if (base.socketFactory() == SocketFactory.getDefault()) {
      b.socketFactory(new NoDelaySocketFactory());
    }
    return b;
  }

  // OkHttp names the value in its own message for a bad header; check first, without naming it.
  private static void checkHeaderValue(String apiKey) {
    for (int i = 0; i < apiKey.length(); i++) {
      char c = apiKey.charAt(i);
      if (c < 0x20 || c > 0x7e) {
        throw new IllegalArgumentException(
            "apiKey has a character an HTTP header cannot carry, at index " + i);
      }
    }
  }

  /** What one POST came to. */
  public static final class Outcome {
    /**
     * The HTTP status, or -1 when the call failed: an I/O error (refused, timeout...) or an
     * exception from an interceptor.
     */
    public final int code;
    /** What a 429's or 5xx's {@code Retry-After} asked for, in milliseconds, or -1. */
    public final long retryAfterMillis;
    /** For a log line: the I/O error, the start of a 4xx body, or a redirect target. */
    public final String detail;

    Outcome(int code, long retryAfterMillis, String detail) {
      this.code = code;
      this.retryAfterMillis = retryAfterMillis;
      this.detail = detail;
    }

    public boolean accepted() {
      return code >= 200 && code < 300;
    }

    /** 429, 5xx and I/O errors: the same batch is worth sending again later (contract section 3). */
    public boolean retryable() {
      return code == -1 || code == 429 || code >= 500;
    }

    @Override
    public String toString() {
      return code == -1 ? detail : "HTTP " + code + (detail.isEmpty() ? "" : ": " + detail);
    }
  }

  // Created on first use: a tracer in relay mode without an endpoint never starts OkHttp.
  private static final class Shared {
    static final OkHttpClient CLIENT =
        new OkHttpClient.Builder()
            .followRedirects(false)
            .followSslRedirects(false)
            .socketFactory(new NoDelaySocketFactory())
            .build();
  }
}
