package com.jstverify.tracing.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Hex decoding from bytes, 8 digits at a time: every byte value in every position is checked
 * against {@link Character#digit}, since one wrong lane would let a malformed id through.
 */
class HexTest {
  static final String VALID = "0123abcd";

  /** What parsing {@code c} should give: its value, or -1 when it is not an allowed digit. */
  static int expectedDigit(int c, boolean allowUpperCase) {
    boolean lower = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
    boolean upper = c >= 'A' && c <= 'F';
    return lower || (allowUpperCase && upper) ? Character.digit(c, 16) : -1;
  }

  @Test
  void parse8_everyByteInEveryPosition_matchesCharacterDigit() {
    for (boolean allowUpperCase : new boolean[] {false, true}) {
      for (int position = 0; position < 8; position++) {
        for (int c = 0; c < 256; c++) {
          byte[] digits = VALID.getBytes(StandardCharsets.US_ASCII);
          digits[position] = (byte) c;
          int digit = expectedDigit(c, allowUpperCase);
          long expected = digit < 0 ? -1L : withDigit(position, digit);

          assertEquals(
              expected,
              Hex.parse(digits, 0, 8, allowUpperCase),
              "byte 0x" + Integer.toHexString(c) + " at " + position + ", upper " + allowUpperCase);
        }
      }
    }
  }

  static long withDigit(int position, int digit) {
    long value = Long.parseLong(VALID, 16);
    int shift = 4 * (7 - position);
    return (value & ~(0xfL << shift)) | ((long) digit << shift);
  }

  @Test
  void parse_shortAndLongRuns_agreeWithLongParse() {
    Random random = new Random(20261123L);
    for (int i = 0; i < 10_000; i++) {
      int length = 1 + random.nextInt(15);
      StringBuilder text = new StringBuilder(" ");
      for (int j = 0; j < length; j++) {
        char digit = Character.forDigit(random.nextInt(16), 16);
        text.append(random.nextBoolean() ? digit : Character.toUpperCase(digit));
      }
      byte[] bytes = text.toString().getBytes(StandardCharsets.US_ASCII);
      long expected = Long.parseLong(text.substring(1), 16);
      boolean hasUpper = !text.toString().equals(text.toString().toLowerCase());

      assertEquals(expected, Hex.parse(bytes, 1, length, true), text.toString());
      assertEquals(hasUpper ? -1L : expected, Hex.parse(bytes, 1, length, false), text.toString());
    }
  }

  @Test
  void parse_byteAboveAscii_isNotADigit() {
    byte[] bytes = {'1', (byte) 0xb0, '2'}; // 0xb0 & 0x7f is '0'
    assertEquals(-1L, Hex.parse(bytes, 0, 3, true));
  }

  @Test
  void lane_isBigEndian() {
    byte[] bytes = "x01234567".getBytes(StandardCharsets.US_ASCII);
    assertEquals(0x3031323334353637L, Hex.lane(bytes, 1));
  }

  @Test
  void copyAscii_copiesTheRange() {
    byte[] out = new byte[4];
    assertTrue(Hex.copyAscii("--ab12--", 2, 4, out));
    assertArrayEquals("ab12".getBytes(StandardCharsets.US_ASCII), out);
  }

  @Test
  void copyAscii_refusesAnyCharacterPastAscii_evenOneWhoseLowByteIsADigit() {
    byte[] out = new byte[4];
    assertFalse(Hex.copyAscii("ab1\u00e9", 0, 4, out)); // Latin-1
    assertFalse(Hex.copyAscii("ab1\u0130", 0, 4, out)); // low byte '0'
    assertFalse(Hex.copyAscii("\uff10ab1", 0, 4, out));
    assertTrue(Hex.copyAscii("\u0130ab12", 1, 4, out)); // outside the range: not looked at
  }

  @Test
  void toHex_roundTripsThroughParse() {
    Random random = new Random(7L);
    for (int i = 0; i < 1000; i++) {
      long high = random.nextLong();
      long low = random.nextLong();
      byte[] hex = Hex.toHex32(high, low).getBytes(StandardCharsets.US_ASCII);

      long parsedHigh = (Hex.parse(hex, 0, 8, false) << 32) | Hex.parse(hex, 8, 8, false);
      long parsedLow = (Hex.parse(hex, 16, 8, false) << 32) | Hex.parse(hex, 24, 8, false);

      assertEquals(high, parsedHigh);
      assertEquals(low, parsedLow);
      assertEquals(Hex.toHex16(low), Hex.toHex32(high, low).substring(16));
    }
  }
}
