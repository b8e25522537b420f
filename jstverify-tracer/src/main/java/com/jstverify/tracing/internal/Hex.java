package com.jstverify.tracing.internal;

/**
 * Lower-case hex encoding and strict decoding of ids, without regex, {@code String.format} or
 * boxing: ids are kept as {@code long}s and turned into text only when someone asks.
 */
public final class Hex {
  private static final char[] DIGITS = "0123456789abcdef".toCharArray();

  private Hex() {}

  /** 16 lower-case hex characters for {@code value}. */
  public static String toHex16(long value) {
    char[] out = new char[16];
    writeHex16(value, out, 0);
    return new String(out);
  }

  /** 32 lower-case hex characters for the 128-bit value {@code high}:{@code low}. */
  public static String toHex32(long high, long low) {
    char[] out = new char[32];
    writeHex16(high, out, 0);
    writeHex16(low, out, 16);
    return new String(out);
  }

  /** Writes 16 lower-case hex characters of {@code value} into {@code out} at {@code offset}. */
  public static void writeHex16(long value, char[] out, int offset) {
    for (int i = 15; i >= 0; i--) {
      out[offset + i] = DIGITS[(int) (value & 0xf)];
      value >>>= 4;
    }
  }

  /** Writes the low byte of {@code value} as 2 lower-case hex characters. */
  public static void writeHex2(int value, char[] out, int offset) {
    out[offset] = DIGITS[(value >>> 4) & 0xf];
    out[offset + 1] = DIGITS[value & 0xf];
  }

  // Digit values by character, -1 for anything else: one load per character, no branches.
  private static final byte[] LOWER = new byte[128];
  private static final byte[] ANY_CASE = new byte[128];

  static {
    java.util.Arrays.fill(LOWER, (byte) -1);
    java.util.Arrays.fill(ANY_CASE, (byte) -1);
    for (int i = 0; i < 16; i++) {
      LOWER[DIGITS[i]] = (byte) i;
      ANY_CASE[DIGITS[i]] = (byte) i;
      ANY_CASE[Character.toUpperCase(DIGITS[i])] = (byte) i;
    }
  }

  /**
   * The value of one hex digit, or -1 when {@code c} is not one. Upper case is accepted only
   * when {@code allowUpperCase} is set (the JstVerify headers accept it; W3C does not).
   */
  public static int digit(char c, boolean allowUpperCase) {
    return value(c, allowUpperCase ? ANY_CASE : LOWER);
  }

  /**
   * Parses the {@code length} (at most 15) hex characters of {@code s} at {@code offset}, or
   * returns -1 when one of them is not a hex digit. The caller checks that they are there.
   */
  public static long parse(String s, int offset, int length, boolean allowUpperCase) {
    byte[] values = allowUpperCase ? ANY_CASE : LOWER;
    if (length == 8) return parse8(s, offset, values);
    long result = 0L;
    int bad = 0;
    for (int i = offset, end = offset + length; i < end; i++) {
      int d = value(s.charAt(i), values);
      bad |= d; // any -1 makes it negative
      result = (result << 4) | (d & 0xf);
    }
    return bad < 0 ? -1L : result;
  }

  // Ids are parsed 8 digits at a time, unrolled: the digits are independent of each other, so
  // the CPU works on them in parallel instead of through a chain of shifts.
  private static long parse8(String s, int offset, byte[] values) {
    int d0 = value(s.charAt(offset), values);
    int d1 = value(s.charAt(offset + 1), values);
    int d2 = value(s.charAt(offset + 2), values);
    int d3 = value(s.charAt(offset + 3), values);
    int d4 = value(s.charAt(offset + 4), values);
    int d5 = value(s.charAt(offset + 5), values);
    int d6 = value(s.charAt(offset + 6), values);
    int d7 = value(s.charAt(offset + 7), values);
    if ((d0 | d1 | d2 | d3 | d4 | d5 | d6 | d7) < 0) return -1L;
    int high = (d0 << 12) | (d1 << 8) | (d2 << 4) | d3;
    int low = (d4 << 12) | (d5 << 8) | (d6 << 4) | d7;
    return ((long) high << 16) | low;
  }

  /** A digit's value, or -1 (also for every character past ASCII), without a branch. */
  private static int value(char c, byte[] values) {
    return values[c & 0x7f] | ((0x7f - c) >> 31);
  }
}
