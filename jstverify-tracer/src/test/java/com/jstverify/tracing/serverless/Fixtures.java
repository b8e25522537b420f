package com.jstverify.tracing.serverless;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.Moshi;
import com.squareup.moshi.Types;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** Recorded Lambda events under {@code src/test/resources/serverless}, as the maps Lambda gives. */
final class Fixtures {
  private static final Moshi MOSHI = new Moshi.Builder().build();
  private static final JsonAdapter<Map<String, Object>> MAP =
      MOSHI.adapter(Types.newParameterizedType(Map.class, String.class, Object.class));
  private static final JsonAdapter<List<Map<String, Object>>> LIST =
      MOSHI.adapter(
          Types.newParameterizedType(
              List.class, Types.newParameterizedType(Map.class, String.class, Object.class)));

  private Fixtures() {}

  static Map<String, Object> event(String name) {
    try (InputStream in = Fixtures.class.getResourceAsStream("/serverless/" + name)) {
      if (in == null) throw new IllegalArgumentException("no fixture " + name);
      return MAP.fromJson(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Map<String, Object> json(String text) {
    try {
      return MAP.fromJson(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<Map<String, Object>> jsonArray(String text) {
    try {
      return LIST.fromJson(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
