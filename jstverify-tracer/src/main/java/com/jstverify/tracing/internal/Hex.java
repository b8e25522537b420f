package com.jstverify.tracing.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Lower-case hex encoding and strict decoding of ids, without regex, {@code String.format} or
 * boxing: ids are kept as {@code long}s and turned into text only when someone asks.
 */
public final class Hex {
  private static final byte[] DIGITS = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
  /** "00", "01", ... "ff": a byte of an id per lookup. */
  private static final byte[] PAIRS = new byte[512];

  static {
    for (int i = 0; i < 256; i++) {
      PAIRS[2 * i] = DIGITS[i >>> 4];
      PAIRS[2 * i + 1] = DIGITS[i & 0xf];
    }
  }

  private Hex() {}

  /** 16 lower-case hex characters for {@code value}. */
  public static String toHex16(long value) {
    // Written as bytes: a String made from Latin-1 bytes copies them once; from chars it first
    // compresses them, so a char[] would be one more array per id.
    byte[] out = new byte[16];
    writeHex16(value, out, 0);
    return new String(out, StandardCharsets.ISO_8859_1);
  }

  /** 32 lower-case hex characters for the 128-bit value {@code high}:{@code low}. */
  public static String toHex32(long high, long low) {
    byte[] out = new byte[32];
    writeHex16(high, out, 0);
    writeHex16(low, out, 16);
    return new String(out, StandardCharsets.ISO_8859_1);
  }

  /**
   * Writes 16 lower-case hex characters of {@code value} into {@code out} at {@code offset}: the
   * ids of {@link #toHex16}, and of the span JSON, written in place.
   */
  public static void writeHex16(long value, byte[] out, int offset) {
    for (int i = 0; i < 8; i++) {
      int b = (int) (value >>> (56 - 8 * i)) & 0xff;
      out[offset + 2 * i] = PAIRS[2 * b];
      out[offset + 2 * i + 1] = PAIRS[2 * b + 1];
    }
  }

  // Digit values by character, -1 for anything else: one load per digit, no branches.
  private static final byte[] LOWER = new byte[128];
  private static final byte[] ANY_CASE = new byte[128];

  static {
    java.util.Arrays.fill(LOWER, (byte) -1);
    java.util.Arrays.fill(ANY_CASE, (byte) -1);
    for (int i = 0; i < 16; i++) {
      LOWER[DIGITS[i]] = (byte) i;
      ANY_CASE[DIGITS[i]] = (byte) i;
      ANY_CASE[Character.toUpperCase((char) DIGITS[i])] = (byte) i;
    }
  }

  private static final VarHandle BIG_ENDIAN_LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
  private static final long HIGH_BITS = 0x8080808080808080L;

  /**
   * Copies {@code length} characters of {@code s} from {@code begin} into {@code out} as bytes,
   * or returns {@code false} when one of them is not ASCII (no id, version or flag is). The
   * caller checks that they are there.
   *
   * <p>Ids are parsed from bytes because {@code String.charAt} checks the string's coder and
   * bounds on every call: 48 hex digits cost about twice as much read that way.
   */
  @SuppressWarnings("deprecation") // getBytes(int, int, byte[], int) keeps each char's low byte,
  // which is the whole char once the loop has seen that all are ASCII; it allocates nothing.
  public static boolean copyAscii(String s, int begin, int length, byte[] out) {
    int seen = 0;
    for (int i = begin, end = begin + length; i < end; i++) seen |= s.charAt(i);
    if (seen > 0x7f) return false;
    s.getBytes(begin, begin + length, out, 0);
    return true;
  }

  /** The 8 bytes of {@code b} at {@code offset} as one {@code long}, the first the highest. */
  public static long lane(byte[] b, int offset) {
    return (long) BIG_ENDIAN_LONGS.get(b, offset);
  }

  /**
   * Parses the {@code length} (at most 15) hex digits of {@code b} at {@code offset}, or returns
   * -1 when one of them is not a hex digit. Upper case is accepted only when {@code
   * allowUpperCase} is set (the JstVerify headers accept it; W3C does not). The caller checks
   * that they are there.
   */
  public static long parse(byte[] b, int offset, int length, boolean allowUpperCase) {
    if (length == 8) return parse8(lane(b, offset), allowUpperCase);
    byte[] values = allowUpperCase ? ANY_CASE : LOWER;
    long result = 0L;
    int bad = 0;
    for (int i = offset, end = offset + length; i < end; i++) {
      int c = b[i];
      int d = values[c & 0x7f] | (c >> 31); // a byte past ASCII is negative: -1
      bad |= d; // any -1 makes it negative
      result = (result << 4) | (d & 0xf);
    }
    return bad < 0 ? -1L : result;
  }

  /**
   * The 8 hex digits held in the bytes of {@code lane} (the first the highest), or -1 when one
   * is not a hex digit. All 8 are checked and decoded at once, in the lanes of a {@code long}:
   * no table, no branch per digit.
   */
  static long parse8(long lane, boolean allowUpperCase) {
    // For bytes up to 0x7f, adding (0x80 - lo) sets the high bit when byte >= lo, and
    // (0x80 + hi) - byte keeps it set when byte <= hi; neither carries into the next byte.
    long digit = (lane + 0x5050505050505050L) & (0xb9b9b9b9b9b9b9b9L - lane); // '0'..'9'
    long letter = (lane + 0x1f1f1f1f1f1f1f1fL) & (0xe6e6e6e6e6e6e6e6L - lane); // 'a'..'f'
    if (allowUpperCase) {
      letter |= (lane + 0x3f3f3f3f3f3f3f3fL) & (0xc6c6c6c6c6c6c6c6L - lane); // 'A'..'F'
    }
    if ((lane & HIGH_BITS) != 0 || ((digit | letter) & HIGH_BITS) != HIGH_BITS) return -1L;
    // A digit's value is its low nibble; a letter's is its low nibble + 9 ('a' is 0x61).
    long nibbles = (lane & 0x0f0f0f0f0f0f0f0fL) + ((letter & HIGH_BITS) >>> 7) * 9;
    // Pack: each two nibbles into a byte, each two bytes into 16 bits, the two halves into 32.
    nibbles = ((nibbles >>> 4) | nibbles) & 0x00ff00ff00ff00ffL;
    nibbles = ((nibbles >>> 8) | nibbles) & 0x0000ffff0000ffffL;
    return ((nibbles >>> 16) | nibbles) & 0xffffffffL;
  }
}
