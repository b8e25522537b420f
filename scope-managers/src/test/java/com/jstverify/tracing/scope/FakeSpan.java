package com.jstverify.tracing.scope;

import io.opentracing.Span;
import io.opentracing.SpanContext;
import io.opentracing.tag.Tag;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** A span of no tracer in particular: it only remembers its name and how often it finished. */
final class FakeSpan implements Span {
  private final String name;
  private final AtomicInteger finishCount = new AtomicInteger();

  FakeSpan(String name) {
    this.name = name;
  }

  int finishCount() {
    return finishCount.get();
  }

  /**
   * How often it finished, once it has, or after 5 s: an auto-finish span's last reference may go
   * on a pool thread just after the future the test waited for completed.
   */
  int awaitFinishCount() throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (finishCount.get() == 0 && System.nanoTime() < deadline) Thread.sleep(1);
    return finishCount.get();
  }

  @Override
  public void finish() {
    finishCount.incrementAndGet();
  }

  @Override
  public void finish(long finishMicros) {
    finishCount.incrementAndGet();
  }

  @Override
  public String toString() {
    return "FakeSpan{" + name + "}";
  }

  @Override
  public SpanContext context() {
    throw new UnsupportedOperationException("a fake span has no context");
  }

  @Override
  public Span setTag(String key, String value) {
    return this;
  }

  @Override
  public Span setTag(String key, boolean value) {
    return this;
  }

  @Override
  public Span setTag(String key, Number value) {
    return this;
  }

  @Override
  public <T> Span setTag(Tag<T> tag, T value) {
    return this;
  }

  @Override
  public Span log(Map<String, ?> fields) {
    return this;
  }

  @Override
  public Span log(long timestampMicroseconds, Map<String, ?> fields) {
    return this;
  }

  @Override
  public Span log(String event) {
    return this;
  }

  @Override
  public Span log(long timestampMicroseconds, String event) {
    return this;
  }

  @Override
  public Span setBaggageItem(String key, String value) {
    return this;
  }

  @Override
  public String getBaggageItem(String key) {
    return null;
  }

  @Override
  public Span setOperationName(String operationName) {
    return this;
  }
}
