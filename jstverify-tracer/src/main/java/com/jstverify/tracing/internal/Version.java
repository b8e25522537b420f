package com.jstverify.tracing.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * This library's version, for the {@code User-Agent} of the direct transport.
 *
 * <pre>{@code
 * String userAgent = "jstverify-tracer-java/" + Version.get();
 * }</pre>
 *
 * <p>Read from the jar manifest's {@code Implementation-Version} when present, else from {@code
 * version.properties} (filtered by Maven at build time), else {@code "dev"} (an IDE running the
 * sources unfiltered).
 */
public final class Version {
  private static final String VERSION = load();

  private Version() {}

  /** The version, never null. */
  public static String get() {
    return VERSION;
  }

  private static String load() {
    Package pkg = Version.class.getPackage();
    String fromManifest = pkg == null ? null : pkg.getImplementationVersion();
    if (usable(fromManifest)) return fromManifest.trim();
    try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
      if (in != null) {
        Properties properties = new Properties();
        properties.load(in);
        String fromResource = properties.getProperty("version");
        if (usable(fromResource)) return fromResource.trim();
      }
    } catch (IOException | IllegalArgumentException e) {
      // Fall through: a missing version must never stop the tracer.
    }
    return "dev";
  }

  // An unfiltered resource still says "${project.version}".
  private static boolean usable(String version) {
    return version != null && !version.trim().isEmpty() && !version.contains("${");
  }
}
