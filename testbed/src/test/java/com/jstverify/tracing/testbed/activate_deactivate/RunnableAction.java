package com.jstverify.tracing.testbed.activate_deactivate;

import com.jstverify.tracing.scope.AutoFinishScope;
import com.jstverify.tracing.testbed.Sleep;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A scheduled action that continues the span of the thread that created it. Creating it takes a
 * continuation (one more reference to the span); running it activates the continuation, does the
 * work and closes it, so the span cannot finish before the action is done.
 */
final class RunnableAction implements Runnable {
  private final AutoFinishScope.Continuation continuation;

  RunnableAction(AutoFinishScope scope) {
    continuation = scope.capture();
  }

  @Override
  public void run() {
    AutoFinishScope scope = continuation.activate();
    // Long enough that two actions overlap, so both hold the span at once.
    Sleep.millis(300);
    // A tag per action: the finished span must carry every one of them.
    scope.span().setTag("test_tag_" + ThreadLocalRandom.current().nextInt(), "random");
    scope.close();
  }
}
