package com.jstverify.tracing.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.jstverify.tracing.reporter.RecordingLogHandler;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

class EnvironmentConfigTest {
  @Test
  void aMisspeltVariable_isNamedWithTheSettingItLooksLike() {
    assertEquals(
        List.of(
            "JSTVERIFY_FLUSH_INTERVL is not a JstVerify setting, and is ignored:"
                + " did you mean JSTVERIFY_FLUSH_INTERVAL?"),
        EnvironmentConfig.misspellings(List.of("JSTVERIFY_FLUSH_INTERVL", "PATH", "HOME")));
  }

  @Test
  void aVariableInTheWrongCase_isNamedToo_becauseVariablesAreCaseSensitive() {
    assertEquals(
        List.of(
            "jstverify_api_key is not a JstVerify setting, and is ignored:"
                + " did you mean JSTVERIFY_API_KEY?"),
        EnvironmentConfig.misspellings(List.of("jstverify_api_key")));
  }

  @Test
  void aMisspeltSystemProperty_isNamedWithThePropertyItLooksLike() {
    assertEquals(
        List.of(
            "jstverify.servce_name is not a JstVerify setting, and is ignored:"
                + " did you mean jstverify.service_name?"),
        EnvironmentConfig.misspellings(List.of("jstverify.servce_name", "java.home")));
  }

  @Test
  void knownSettings_andOthersFarFromAnySetting_areLeftAlone() {
    // Another JstVerify tool's variable in the same environment is not a typo of ours.
    assertEquals(
        List.of(),
        EnvironmentConfig.misspellings(
            List.of("JSTVERIFY_API_KEY", "jstverify.flush_interval", "JSTVERIFY_BROWSER_SDK_URL")));
  }

  @Test
  void readingTheEnvironment_warnsOfAMisspeltProperty() {
    try (RecordingLogHandler logs = RecordingLogHandler.install()) {
      Properties properties = new Properties();
      properties.setProperty("jstverify.max_batch_sise", "50");
      Map<String, String> settings = EnvironmentConfig.merge(Map.of(), properties);

      assertEquals(Map.of(), settings);
      List<LogRecord> warnings = logs.at(Level.WARNING, EnvironmentConfig.class.getName());
      assertEquals(1, warnings.size());
      assertEquals(
          "jstverify.max_batch_sise is not a JstVerify setting, and is ignored:"
              + " did you mean jstverify.max_batch_size?",
          warnings.get(0).getMessage());
    }
  }
}
