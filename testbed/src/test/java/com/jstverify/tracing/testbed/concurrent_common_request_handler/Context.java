package com.jstverify.tracing.testbed.concurrent_common_request_handler;

import java.util.HashMap;

/** Per-request state the client hands to both handler calls: the handler keeps its span here. */
final class Context extends HashMap<String, Object> {
  private static final long serialVersionUID = 1L;
}
