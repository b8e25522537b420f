package com.jstverify.tracing.aws;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpRequest;

/** Records each request exactly as the SDK hands it to the wire: signed, after all interceptors. */
final class RecordingHttpClient implements SdkHttpClient {
  private final SdkHttpClient delegate;
  final List<SdkHttpRequest> requests = new CopyOnWriteArrayList<>();

  RecordingHttpClient(SdkHttpClient delegate) {
    this.delegate = delegate;
  }

  @Override
  public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
    requests.add(request.httpRequest());
    return delegate.prepareRequest(request);
  }

  @Override
  public String clientName() {
    return "Recording";
  }

  @Override
  public void close() {
    delegate.close();
  }
}
