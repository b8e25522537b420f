package com.jstverify.tracing.internal;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable byte array that JSON tokens are written into as UTF-8: strings (escaped), numbers,
 * and ids as lower-case hex from their {@code long}s. The reporter thread keeps one and reuses
 * it batch after batch, so writing a span allocates nothing in the usual case (the Moshi writer
 * used before allocated per span and per batch, and formatted ids and numbers as strings), and
 * the reporter writes every span the application finishes.
 *
 * <pre>{@code
 * JsonOut out = new JsonOut(8192);
 * out.string("a\"b");          // "a\"b"
 * out.hex16(spanId);            // "00f067aa0ba902b7"
 * sink.write(out.array(), 0, out.size());
 * out.reset(1 << 21);           // empty again; a buffer grown past 2 MiB is let go
 * }</pre>
 *
 * <p>Escapes what RFC 8259 requires ({@code "}, {@code \}, control characters) and also U+2028
 * and U+2029, so the output stays valid inside JavaScript too. A lone surrogate is written as
 * {@code ?}, so the output is always valid UTF-8. Not thread-safe.
 */
public final class JsonOut {
  private static final byte[] HEX = {
    '0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'a', 'b', 'c', 'd', 'e', 'f'
  };
  /** "00", "01", ... "99": two digits per division. */
  private static final byte[] DIGIT_PAIRS = new byte[200];

  static {
    for (int i = 0; i < 100; i++) {
      DIGIT_PAIRS[2 * i] = (byte) ('0' + i / 10);
      DIGIT_PAIRS[2 * i + 1] = (byte) ('0' + i % 10);
    }
  }

  /** Strings are encoded this many characters at a time, each needing at most 6 bytes. */
  private static final int CHUNK_CHARS = 1024;

  private byte[] bytes;
  private int size;

  /** An empty output with room for {@code initialCapacity} bytes before it grows. */
  public JsonOut(int initialCapacity) {
    bytes = new byte[Math.max(64, initialCapacity)];
  }

  /** The bytes written: {@code array()[0, size())}. */
  public byte[] array() {
    return bytes;
  }

  public int size() {
    return size;
  }

  /** Drops what was written after the first {@code newSize} bytes. */
  public void truncate(int newSize) {
    if (newSize < 0 || newSize > size) {
      throw new IllegalArgumentException("truncate(" + newSize + ") of " + size);
    }
    size = newSize;
  }

  /**
   * Empties the output. A buffer that grew past {@code maxRetainedCapacity} (one huge batch) is
   * given back rather than kept for the life of the reporter.
   */
  public void reset(int maxRetainedCapacity) {
    size = 0;
    if (bytes.length > maxRetainedCapacity) bytes = new byte[Math.max(64, maxRetainedCapacity)];
  }

  /** The content as a string (tests, logging). */
  public String toUtf8() {
    return new String(bytes, 0, size, StandardCharsets.UTF_8);
  }

  public void writeByte(int b) {
    ensure(1);
    bytes[size++] = (byte) b;
  }

  /** Writes bytes already encoded (the span JSON's field names, kept as byte arrays). */
  public void raw(byte[] encoded) {
    ensure(encoded.length);
    System.arraycopy(encoded, 0, bytes, size, encoded.length);
    size += encoded.length;
  }

  /** Writes {@code text}, which must be ASCII with nothing to escape (names, literals), as is. */
  public void ascii(String text) {
    int length = text.length();
    ensure(length);
    byte[] b = bytes;
    int at = size;
    for (int i = 0; i < length; i++) b[at + i] = (byte) text.charAt(i);
    size = at + length;
  }

  /** {@code value} as a JSON string. */
  public void string(String value) {
    int length = value.length();
    writeByte('"');
    for (int from = 0; from < length; ) {
      from = encode(value, from, Math.min(length, from + CHUNK_CHARS));
    }
    writeByte('"');
  }

  /** {@code "<16 hex>"}. */
  public void hex16(long value) {
    ensure(18);
    byte[] b = bytes;
    b[size] = '"';
    Hex.writeHex16(value, b, size + 1);
    b[size + 17] = '"';
    size += 18;
  }

  /** {@code "<32 hex>"} for the 128-bit value {@code high}:{@code low}. */
  public void hex32(long high, long low) {
    ensure(34);
    byte[] b = bytes;
    b[size] = '"';
    Hex.writeHex16(high, b, size + 1);
    Hex.writeHex16(low, b, size + 17);
    b[size + 33] = '"';
    size += 34;
  }

  /** {@code value} in decimal. */
  public void decimal(long value) {
    if (value < 0) {
      if (value == Long.MIN_VALUE) {
        ascii("-9223372036854775808");
        return;
      }
      writeByte('-');
      value = -value;
    }
    ensure(19);
    // Timestamps have 13 to 16 digits: split into parts of 8 so the divisions are on ints.
    if (value < 100_000_000L) {
      size = upTo8Digits((int) value, bytes, size);
      return;
    }
    long high = value / 100_000_000L;
    int low = (int) (value - high * 100_000_000L);
    if (high < 100_000_000L) {
      size = upTo8Digits((int) high, bytes, size);
    } else {
      long top = high / 100_000_000L;
      size = upTo8Digits((int) top, bytes, size);
      size = eightDigits((int) (high - top * 100_000_000L), bytes, size);
    }
    size = eightDigits(low, bytes, size);
  }

  // 0 <= v < 10^8, without leading zeros; returns the index after the last digit.
  private static int upTo8Digits(int v, byte[] b, int at) {
    int digits =
        v < 10 ? 1 : v < 100 ? 2 : v < 1_000 ? 3 : v < 10_000 ? 4
            : v < 100_000 ? 5 : v < 1_000_000 ? 6 : v < 10_000_000 ? 7 : 8;
    int end = at + digits;
    int p = end;
    while (v >= 100) {
      int q = v / 100;
      int r = v - q * 100;
      b[--p] = DIGIT_PAIRS[2 * r + 1];
      b[--p] = DIGIT_PAIRS[2 * r];
      v = q;
    }
    if (v >= 10) {
      b[--p] = DIGIT_PAIRS[2 * v + 1];
      b[--p] = DIGIT_PAIRS[2 * v];
    } else {
      b[--p] = (byte) ('0' + v);
    }
    return end;
  }

  // 0 <= v < 10^8 as exactly 8 digits, with leading zeros.
  private static int eightDigits(int v, byte[] b, int at) {
    int high = v / 10_000;
    fourDigits(high, b, at);
    fourDigits(v - high * 10_000, b, at + 4);
    return at + 8;
  }

  private static void fourDigits(int v, byte[] b, int at) {
    int high = v / 100;
    int low = v - high * 100;
    b[at] = DIGIT_PAIRS[2 * high];
    b[at + 1] = DIGIT_PAIRS[2 * high + 1];
    b[at + 2] = DIGIT_PAIRS[2 * low];
    b[at + 3] = DIGIT_PAIRS[2 * low + 1];
  }

  /**
   * A tag or log value: strings, booleans and numbers as themselves, as set (a {@code float} as
   * the float it is, not widened to a double's digits); NaN and the infinities, which JSON
   * cannot hold, as strings. Any other {@code Number} ({@code AtomicLong}, {@code LongAdder}...)
   * is written as its {@code toString()}, unquoted when that is a JSON number. Anything else as
   * its {@code toString()}.
   */
  public void value(Object value) {
    if (value instanceof String) {
      string((String) value);
    } else if (value instanceof Boolean) {
      ascii((Boolean) value ? "true" : "false");
    } else if (value instanceof Integer
        || value instanceof Long
        || value instanceof Short
        || value instanceof Byte) {
      decimal(((Number) value).longValue());
    } else if (value instanceof Double) {
      double d = (Double) value;
      if (Double.isNaN(d) || Double.isInfinite(d)) {
        string(String.valueOf(d));
      } else {
        ascii(Double.toString(d));
      }
    } else if (value instanceof Float) {
      float f = (Float) value;
      if (Float.isNaN(f) || Float.isInfinite(f)) {
        string(String.valueOf(f));
      } else {
        ascii(Float.toString(f)); // 0.1f is 0.1, not 0.10000000149011612
      }
    } else if (value != null
        && (value.getClass() == BigInteger.class || value.getClass() == BigDecimal.class)) {
      // Always a valid JSON number ("1E+3" included). Not so a subclass's toString(): that one
      // is checked below, as one invalid number would get the whole batch refused.
      ascii(value.toString());
    } else if (value instanceof Number) {
      String text = safeToString(value);
      if (isJsonNumber(text)) {
        ascii(text);
      } else {
        string(text);
      }
    } else {
      string(safeToString(value));
    }
  }

  /**
   * {@code String.valueOf(value)}, or the class name when its {@code toString()} returns null or
   * throws, whatever it throws short of the JVM failing ({@link Throwables#propagateIfFatal}).
   */
  public static String safeToString(Object value) {
    try {
      String text = String.valueOf(value);
      return text != null ? text : value.getClass().getName();
    } catch (Throwable t) {
      Throwables.propagateIfFatal(t);
      return value.getClass().getName();
    }
  }

  /**
   * Whether {@code s} is a number in JSON's grammar: {@code -?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?}.
   */
  static boolean isJsonNumber(String s) {
    int n = s.length();
    int i = 0;
    if (i < n && s.charAt(i) == '-') i++;
    if (i == n) return false;
    if (s.charAt(i) == '0') {
      i++;
    } else {
      int digits = skipDigits(s, i);
      if (digits == i) return false;
      i = digits;
    }
    if (i < n && s.charAt(i) == '.') {
      int digits = skipDigits(s, i + 1);
      if (digits == i + 1) return false;
      i = digits;
    }
    if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
      i++;
      if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) i++;
      int digits = skipDigits(s, i);
      if (digits == i) return false;
      i = digits;
    }
    return i == n;
  }

  private static int skipDigits(String s, int i) {
    while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') i++;
    return i;
  }

  // UTF-8 with JSON escapes, for s[from, to): at most 6 bytes per character. Returns where the
  // next chunk starts: past to when a surrogate pair straddled the end.
  private int encode(String s, int from, int to) {
    ensure(6 * (to - from));
    byte[] b = bytes;
    int at = size;
    int i = from;
    for (; i < to; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        if (c >= 0x20 && c != '"' && c != '\\') {
          b[at++] = (byte) c;
        } else {
          at = escape(c, b, at);
        }
      } else if (c < 0x800) {
        b[at++] = (byte) (0xc0 | (c >> 6));
        b[at++] = (byte) (0x80 | (c & 0x3f));
      } else if (Character.isSurrogate(c)) {
        char low = i + 1 < s.length() ? s.charAt(i + 1) : 0;
        if (Character.isHighSurrogate(c) && Character.isLowSurrogate(low)) {
          int cp = Character.toCodePoint(c, low);
          b[at++] = (byte) (0xf0 | (cp >> 18));
          b[at++] = (byte) (0x80 | ((cp >> 12) & 0x3f));
          b[at++] = (byte) (0x80 | ((cp >> 6) & 0x3f));
          b[at++] = (byte) (0x80 | (cp & 0x3f));
          i++; // the pair may straddle the chunk's end: 4 bytes fit in the margin of one char
        } else {
          b[at++] = '?';
        }
      } else if (c == '\u2028' || c == '\u2029') {
        at = escape(c, b, at);
      } else {
        b[at++] = (byte) (0xe0 | (c >> 12));
        b[at++] = (byte) (0x80 | ((c >> 6) & 0x3f));
        b[at++] = (byte) (0x80 | (c & 0x3f));
      }
    }
    size = at;
    return i;
  }

  private static int escape(char c, byte[] b, int at) {
    b[at++] = '\\';
    switch (c) {
      case '"':
      case '\\':
        b[at++] = (byte) c;
        return at;
      case '\n':
        b[at++] = 'n';
        return at;
      case '\r':
        b[at++] = 'r';
        return at;
      case '\t':
        b[at++] = 't';
        return at;
      case '\b':
        b[at++] = 'b';
        return at;
      case '\f':
        b[at++] = 'f';
        return at;
      default: // other control characters, U+2028, U+2029
        b[at++] = 'u';
        b[at++] = HEX[(c >>> 12) & 0xf];
        b[at++] = HEX[(c >>> 8) & 0xf];
        b[at++] = HEX[(c >>> 4) & 0xf];
        b[at++] = HEX[c & 0xf];
        return at;
    }
  }

  private void ensure(int more) {
    if (bytes.length - size >= more) return;
    long wanted = Math.max((long) bytes.length * 2, (long) size + more);
    if (wanted > Integer.MAX_VALUE - 8) {
      if ((long) size + more > Integer.MAX_VALUE - 8) throw new OutOfMemoryError("JSON too large");
      wanted = Integer.MAX_VALUE - 8;
    }
    bytes = Arrays.copyOf(bytes, (int) wanted);
  }
}
