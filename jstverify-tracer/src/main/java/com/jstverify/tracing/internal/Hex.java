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

  /**
   * The value of one hex digit, or -1 when {@code c} is not one. Upper case is accepted only
   * when {@code allowUpperCase} is set (the JstVerify headers accept it; W3C does not).
   */
  public static int digit(char c, boolean allowUpperCase) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (allowUpperCase && c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  }

  /**
   * Parses exactly 16 hex characters of {@code s} starting at {@code offset} into a long.
   * Returns {@code fallback} when any character is not a hex digit (so callers can tell a
   * malformed id from a valid one without an exception).
   *
   * @param ok a one-element array set to {@code false} when the input is not hex; left alone
   *     otherwise
   */
  public static long parseHex16(CharSequence s, int offset, boolean allowUpperCase, boolean[] ok) {
    long result = 0;
    for (int i = 0; i < 16; i++) {
      int d = digit(s.charAt(offset + i), allowUpperCase);
      if (d < 0) {
        ok[0] = false;
        return 0;
      }
      result = (result << 4) | d;
    }
    return result;
  }

  /** Parses exactly 2 hex characters at {@code offset}, or returns -1 when they are not hex. */
  public static int parseHex2(CharSequence s, int offset, boolean allowUpperCase) {
    int hi = digit(s.charAt(offset), allowUpperCase);
    int lo = digit(s.charAt(offset + 1), allowUpperCase);
    if (hi < 0 || lo < 0) return -1;
    return (hi << 4) | lo;
  }
}
