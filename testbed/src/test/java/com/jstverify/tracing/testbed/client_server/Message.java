package com.jstverify.tracing.testbed.client_server;

import java.util.HashMap;

/** What travels on the queue: just headers, where the client writes the trace context. */
final class Message extends HashMap<String, String> {
  private static final long serialVersionUID = 1L;
}
