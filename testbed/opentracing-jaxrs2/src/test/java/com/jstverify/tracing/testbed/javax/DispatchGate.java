package com.jstverify.tracing.testbed.javax;

import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.servlet.Filter;
import javax.servlet.FilterChain;
import javax.servlet.FilterConfig;
import javax.servlet.ServletException;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;

/**
 * A module's servlet filter, unchanged, with a latch that opens once it has returned, so that an
 * async response can wait for it as a response that comes later does.
 *
 * <p>Why: opentracing-contrib's filters (jaxrs2's {@code SpanFinishingFilter}, web-servlet-filter's
 * {@code TracingFilter}) add the listener that finishes an async request's span on their way out,
 * and Grizzly never calls a listener added after the async context completed. An async response
 * completed before the filter returned left the span unfinished: once in CI, and a quarter of 300
 * repeats here. Delegating rather than registering a second filter, because Grizzly does not chain
 * filters in the order they were registered.
 */
public final class DispatchGate implements Filter {
  private static final String ATTRIBUTE = DispatchGate.class.getName();

  private final Filter moduleFilter;

  public DispatchGate(Filter moduleFilter) {
    this.moduleFilter = moduleFilter;
  }

  /**
   * Wraps the code that completes {@code request}'s async response so that it first waits (at
   * most 5 s) for the module's filter to return. Call it on the request thread.
   */
  public static Runnable afterFilterReturned(ServletRequest request, Runnable completion) {
    CountDownLatch filterReturned = (CountDownLatch) request.getAttribute(ATTRIBUTE);
    return () -> {
      try {
        if (filterReturned != null) filterReturned.await(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      completion.run();
    };
  }

  @Override
  public void init(FilterConfig config) throws ServletException {
    moduleFilter.init(config);
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    CountDownLatch filterReturned = new CountDownLatch(1);
    request.setAttribute(ATTRIBUTE, filterReturned);
    try {
      moduleFilter.doFilter(request, response, chain);
    } finally {
      filterReturned.countDown();
    }
  }

  @Override
  public void destroy() {
    moduleFilter.destroy();
  }
}
