package com.jstverify.tracing.serverless;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The AWS Lambda libraries are optional: no compiled class outside {@code serverless.aws} may
 * refer to them, or an application without the jars would fail to load it.
 */
class CoreNeedsNoAwsTest {

  @Test
  void onlyTheAwsPackage_refersToAwsClasses() throws IOException, URISyntaxException {
    Path classes = Paths.get(ApiGatewayTracing.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    List<Path> offenders;
    try (Stream<Path> files = Files.walk(classes)) {
      offenders =
          files
              .filter(p -> p.toString().endsWith(".class"))
              .filter(p -> !classes.relativize(p).toString().replace('\\', '/').startsWith("com/jstverify/tracing/serverless/aws/"))
              .filter(CoreNeedsNoAwsTest::mentionsAws)
              .collect(Collectors.toList());
    }
    assertTrue(offenders.isEmpty(), "classes referring to com.amazonaws: " + offenders);
  }

  private static boolean mentionsAws(Path classFile) {
    try {
      return new String(Files.readAllBytes(classFile), StandardCharsets.ISO_8859_1).contains("com/amazonaws");
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
