package com.jstverify.tracing.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.Moshi;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The reporter's JSON tokens: whatever the application puts in a tag comes out as valid JSON. */
class JsonOutTest {
  static final JsonAdapter<Object> JSON = new Moshi.Builder().build().adapter(Object.class);

  static Object parse(JsonOut out) throws IOException {
    return JSON.fromJson(out.toUtf8());
  }

  @Test
  void escapes_whatJsonAndJavaScriptNeed() throws IOException {
    JsonOut out = new JsonOut(0);
    String tricky = "q\"b\\s/\n\r\t\b\f\u0000\u001f\u2028\u2029é€";

    out.string(tricky);

    assertEquals(tricky, parse(out));
    assertEquals(
        "\"q\\\"b\\\\s/\\n\\r\\t\\b\\f\\u0000\\u001f\\u2028\\u2029é€\"", out.toUtf8());
  }

  @Test
  void randomStrings_roundTrip_withLoneSurrogatesAsQuestionMarks() throws IOException {
    // CharacterCodingException is an IOException: invalid UTF-8 fails the test.
    Random random = new Random(20261123L);
    for (int n = 0; n < 2_000; n++) {
      // Long enough to cross the 1024-character chunks, with pairs split across them.
      char[] chars = new char[random.nextInt(3_000)];
      for (int i = 0; i < chars.length; i++) {
        int kind = random.nextInt(6);
        chars[i] =
            kind == 0 ? (char) random.nextInt(0x20)
                : kind == 1 ? (char) (0xd800 + random.nextInt(0x800)) // surrogates, paired or not
                : kind == 2 ? (char) random.nextInt(0x10000)
                : (char) (0x20 + random.nextInt(0x60));
      }
      String s = new String(chars);
      JsonOut out = new JsonOut(16);

      out.string(s);

      String expected = withLoneSurrogatesReplaced(s);
      assertEquals(expected, parse(out), "string #" + n);
      // Strict decoding: malformed UTF-8 throws instead of being replaced.
      StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(out.array(), 0, out.size()));
    }
  }

  static String withLoneSurrogatesReplaced(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        b.append(c).append(s.charAt(++i));
      } else {
        b.append(Character.isSurrogate(c) ? '?' : c);
      }
    }
    return b.toString();
  }

  @Test
  void numbersAndValues() throws IOException {
    JsonOut out = new JsonOut(8);
    out.writeByte('[');
    long[] longs = {0, 7, -7, 10, 1732350000123456L, Long.MAX_VALUE, Long.MIN_VALUE};
    for (long l : longs) {
      out.decimal(l);
      out.writeByte(',');
    }
    Object[] values = {true, 2.5, 3.0f, Double.NaN, Double.NEGATIVE_INFINITY, (short) 4, (byte) 5,
        new BigInteger("123456789012345678901234567890"), new BigDecimal("1E+3"),
        new StringBuilder("sb")};
    for (Object v : values) {
      out.value(v);
      out.writeByte(',');
    }
    out.hex16(0x00f067aa0ba902b7L);
    out.writeByte(',');
    out.hex32(0x0af7651916cd43ddL, 0x8448eb211c80319cL);
    out.writeByte(']');

    String text = out.toUtf8();
    assertEquals(
        "[0,7,-7,10,1732350000123456,9223372036854775807,-9223372036854775808,"
            + "true,2.5,3.0,\"NaN\",\"-Infinity\",4,5,123456789012345678901234567890,1E+3,\"sb\","
            + "\"00f067aa0ba902b7\",\"0af7651916cd43dd8448eb211c80319c\"]",
        text);
    assertEquals(19, ((List<?>) parse(out)).size());
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "-0", "7", "-12", "10.25", "1e3", "1E+3", "-2.5e-7", "0.0"})
  void isJsonNumber_acceptsJsonsGrammar(String text) {
    assertTrue(JsonOut.isJsonNumber(text), text);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"", "-", "01", "1.", ".5", "+1", "1e", "1e+", "NaN", "Infinity", "0x10", "1,5",
          " 1", "1 "})
  void isJsonNumber_rejectsEverythingElse(String text) {
    assertFalse(JsonOut.isJsonNumber(text), text);
  }

  @Test
  void decimal_matchesLongToString_atEveryDigitCountAndAtRandom() {
    Random random = new Random(7L);
    List<Long> values = new java.util.ArrayList<>();
    for (long p = 1; p > 0 && p <= Long.MAX_VALUE / 10; p *= 10) {
      values.add(p - 1);
      values.add(p);
      values.add(p + 1);
      values.add(-p);
    }
    for (int i = 0; i < 10_000; i++) values.add(random.nextLong() >> random.nextInt(64));
    values.add(Long.MAX_VALUE);
    values.add(Long.MIN_VALUE);
    for (long v : values) {
      JsonOut out = new JsonOut(0);
      out.decimal(v);
      assertEquals(Long.toString(v), out.toUtf8());
    }
  }

  @Test
  void truncate_andReset() {
    JsonOut out = new JsonOut(64);
    out.ascii("{\"a\":1");
    int mark = out.size();
    out.ascii(",\"b\":2");
    out.truncate(mark);
    out.writeByte('}');
    assertEquals("{\"a\":1}", out.toUtf8());
    assertThrows(IllegalArgumentException.class, () -> out.truncate(100));

    for (int i = 0; i < 10_000; i++) out.ascii("0123456789");
    out.reset(4096);
    assertEquals(0, out.size());
    assertEquals(4096, out.array().length, "a buffer grown past the limit is given back");
  }
}
