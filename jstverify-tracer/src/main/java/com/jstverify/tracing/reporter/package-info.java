/**
 * Where finished spans go: the {@link com.jstverify.tracing.reporter.Reporter} SPI and its
 * implementations (in-memory, logging, and the transports to JstVerify).
 */
package com.jstverify.tracing.reporter;
