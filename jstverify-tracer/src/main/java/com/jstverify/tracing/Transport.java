package com.jstverify.tracing;

/** How finished spans leave the process. */
public enum Transport {
  /** POSTed in batches to the JstVerify ingestion API (the default). */
  DIRECT,
  /**
   * Written on the response of the request that produced them, in the {@code X-JstVerify-Spans}
   * header, for the browser SDK to forward: for backends without outbound network access.
   */
  RELAY
}
