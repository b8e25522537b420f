package com.jstverify.tracing.scope;

/**
 * A scope manager of this package: it knows how to capture its own state better than "the
 * active span", e.g. with a reference that keeps an auto-finish span open.
 */
interface CapturingScopeManager {
  CapturedContext capture();
}
