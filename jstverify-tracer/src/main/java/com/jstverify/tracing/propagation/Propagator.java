package com.jstverify.tracing.propagation;

import com.jstverify.tracing.JstVerifySpanContext;
import java.util.List;

/**
 * Reads and writes one family of headers. The tracer adapts every OpenTracing format
 * ({@code HTTP_HEADERS}, {@code TEXT_MAP*}, {@code BINARY*}) to a {@link Getter} or
 * {@link Setter}, so a propagator only deals with header names and values.
 *
 * <p>Implementations must never throw on malformed input: they return {@code null} (the tracer
 * then starts a new root trace) and say why at FINE level.
 *
 * <pre>{@code
 * JstVerifyTracer tracer = JstVerifyTracer.builder()
 *     .serviceName("orders-api")
 *     .propagation(new W3CTraceContext(), new W3CBaggage())
 *     .build();
 * }</pre>
 */
public interface Propagator {

  /** The lower-case names of the headers this propagator reads and writes. */
  List<String> fields();

  /**
   * Writes {@code context} as headers. {@code context} is never null. It may be a {@link
   * JstVerifySpanContext#baggageOnly} context ({@link JstVerifySpanContext#hasIds()} false), being
   * passed on as it was received: a propagator of ids writes nothing for it then.
   */
  void inject(JstVerifySpanContext context, Setter setter);

  /**
   * The context carried by the headers, or {@code null} when they are absent or malformed. A
   * propagator that carries baggage only returns a {@link JstVerifySpanContext#baggageOnly}
   * context.
   */
  JstVerifySpanContext extract(Getter getter);

  /** Where a propagator writes headers. */
  interface Setter {
    void set(String name, String value);
  }

  /** Where a propagator reads headers; names are matched case-insensitively. */
  interface Getter {
    /**
     * The value of the header {@code lowerCaseName}, one of {@link #fields()}; when the carrier
     * had it several times, the values joined by {@code ","} in order. {@code null} when absent.
     */
    String get(String lowerCaseName);

    /** How many times the carrier had the header {@code lowerCaseName} (0 when absent). */
    int count(String lowerCaseName);
  }
}
