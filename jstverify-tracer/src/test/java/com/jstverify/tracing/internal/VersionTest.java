package com.jstverify.tracing.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class VersionTest {
  @Test
  void version_isTheFilteredProjectVersion_neverThePlaceholder() {
    String version = Version.get();
    assertFalse(version.isEmpty());
    assertFalse(version.contains("${"), version);
    // Built by Maven, the resource is filtered: "dev" only for unfiltered IDE runs.
    assertTrue(Character.isDigit(version.charAt(0)) || version.equals("dev"), version);
  }
}
