package com.jstverify.tracing.internal;

import com.jstverify.tracing.propagation.Propagator;
import io.opentracing.propagation.BinaryExtract;
import io.opentracing.propagation.BinaryInject;
import io.opentracing.propagation.TextMapExtract;
import io.opentracing.propagation.TextMapInject;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Adapts OpenTracing carriers to the {@link Propagator} getter and setter. Text carriers are
 * read in one pass of their iterator; binary carriers hold the same headers, encoded as
 *
 * <pre>
 *   'J' 'V' version(1) count(u16) then count times: keyLength(u16) key valueLength(u16) value
 * </pre>
 *
 * (UTF-8, big-endian), so every propagator works on every format. Nothing here throws: a carrier
 * that fails, with an exception or an {@code Error} (OpenTracing's own {@code BinaryAdapters}
 * throw an {@code AssertionError} for a buffer too small), is logged at FINE and treated as empty.
 */
public final class Carriers {
  private static final Logger LOG = Logger.getLogger(Carriers.class.getName());
  private static final byte MAGIC_0 = 'J';
  private static final byte MAGIC_1 = 'V';
  private static final byte BINARY_VERSION = 1;
  /**
   * At most this many bytes of headers are read from a binary carrier (ours are never this big);
   * what follows them in the buffer, a message's payload say, is not looked at.
   */
  static final int MAX_BINARY_BYTES = 64 * 1024;
  /** At most this many headers are read from a binary carrier (ours write five at most). */
  static final int MAX_BINARY_HEADERS = 64;
  /**
   * A repeated header is joined until its value is this long, then only counted: past it, every
   * propagator of ours has read all it reads (a longer tracestate is dropped, baggage is read to
   * 8192), and each join copies the whole value, so joining every repeat would cost the square
   * of their number.
   */
  static final int MAX_JOINED_CHARS = 64 * 1024;

  private Carriers() {}

  /** A setter writing into a text carrier; a carrier whose {@code put} throws is left alone. */
  public static Propagator.Setter textSetter(TextMapInject carrier) {
    return new Propagator.Setter() {
      boolean failed;

      @Override
      public void set(String name, String value) {
        if (failed) return;
        try {
          carrier.put(name, value);
        } catch (Throwable e) {
          Throwables.propagateIfFatal(e);
          failed = true; // extract-only adapters throw on put: use them in their direction only
          debug("carrier " + carrier.getClass().getName() + " does not accept put", e);
        }
      }
    };
  }

  /**
   * Reads the headers named in {@code names} from a text carrier, in one pass, case
   * insensitively. Repeated headers are joined with {@code ","}, up to {@link #MAX_JOINED_CHARS}.
   */
  public static Propagator.Getter textGetter(TextMapExtract carrier, HeaderNames names) {
    HeaderValues values = new HeaderValues(names);
    Iterator<Map.Entry<String, String>> it;
    try {
      it = carrier.iterator();
    } catch (Throwable e) {
      Throwables.propagateIfFatal(e);
      debug("carrier " + carrier.getClass().getName() + " cannot be iterated", e);
      return values;
    }
    if (it == null) return values;
    try {
      while (it.hasNext()) {
        Map.Entry<String, String> entry = it.next();
        if (entry != null) values.add(entry.getKey(), entry.getValue());
      }
    } catch (Throwable e) {
      Throwables.propagateIfFatal(e);
      debug("carrier " + carrier.getClass().getName() + " failed while iterated", e);
    }
    return values;
  }

  /** Collects headers for a binary carrier; {@link #writeBinary} then encodes them. */
  public static final class BinaryHeaders implements Propagator.Setter {
    final List<String> entries = new ArrayList<>(8);

    @Override
    public void set(String name, String value) {
      if (name != null && value != null) {
        entries.add(name);
        entries.add(value);
      }
    }
  }

  /** Encodes {@code headers} into the carrier's injection buffer. */
  public static void writeBinary(BinaryHeaders headers, BinaryInject carrier) {
    List<byte[]> encoded = new ArrayList<>(headers.entries.size());
    int length = 5;
    for (String s : headers.entries) {
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      if (b.length > 0xffff) return; // cannot happen with our headers; never write a bad frame
      encoded.add(b);
      length += 2 + b.length;
    }
    try {
      ByteBuffer buffer = carrier.injectionBuffer(length);
      if (buffer == null || buffer.remaining() < length) {
        debug("binary carrier gave no buffer of " + length + " bytes", null);
        return;
      }
      buffer.put(MAGIC_0).put(MAGIC_1).put(BINARY_VERSION);
      buffer.putShort((short) (encoded.size() / 2));
      for (byte[] b : encoded) {
        buffer.putShort((short) b.length);
        buffer.put(b);
      }
    } catch (Throwable e) {
      Throwables.propagateIfFatal(e);
      debug("binary carrier failed on inject", e);
    }
  }

  /** Decodes a binary carrier's headers; malformed or foreign content gives no headers. */
  public static Propagator.Getter binaryGetter(BinaryExtract carrier, HeaderNames names) {
    HeaderValues values = new HeaderValues(names);
    try {
      ByteBuffer source = carrier.extractionBuffer();
      if (source == null) return values;
      ByteBuffer buffer = source.duplicate(); // never move the caller's position
      if (buffer.remaining() < 5) return values;
      if (buffer.get() != MAGIC_0 || buffer.get() != MAGIC_1 || buffer.get() != BINARY_VERSION) {
        debug("binary carrier does not hold JstVerify headers", null);
        return values;
      }
      int count = buffer.getShort() & 0xffff;
      if (count > MAX_BINARY_HEADERS) {
        debug("binary carrier claims " + count + " headers", null);
        return values;
      }
      // Nothing is decoded past this: a frame claiming more is refused before it costs memory.
      int end = buffer.position() + Math.min(buffer.remaining(), MAX_BINARY_BYTES);
      HeaderValues decoded = new HeaderValues(names);
      for (int i = 0; i < count; i++) {
        String key = readString(buffer, end);
        String value = readString(buffer, end);
        if (key == null || value == null) {
          debug("binary carrier truncated, or over " + MAX_BINARY_BYTES + " bytes of headers", null);
          return values;
        }
        decoded.add(key, value);
      }
      return decoded;
    } catch (Throwable e) {
      Throwables.propagateIfFatal(e);
      debug("binary carrier failed on extract", e);
      return values;
    }
  }

  // A length-prefixed string ending at or before end, or null.
  private static String readString(ByteBuffer buffer, int end) {
    if (end - buffer.position() < 2) return null;
    int length = buffer.getShort() & 0xffff;
    if (end - buffer.position() < length) return null;
    byte[] b = new byte[length];
    buffer.get(b);
    return new String(b, StandardCharsets.UTF_8);
  }

  private static void debug(String message, Throwable e) {
    if (LOG.isLoggable(Level.FINE)) LOG.log(Level.FINE, message, e);
  }

  /**
   * The values of the wanted headers, found case-insensitively. One is made per extract: the
   * first five values (the default propagators read five headers) are fields, not an array, and
   * the rare rest (more names, repeated headers) goes to an object made when needed. That saves
   * an array, 24 bytes, on every request.
   */
  static final class HeaderValues implements Propagator.Getter {
    private static final int FIELDS = 5;

    private final HeaderNames names;
    private String value0;
    private String value1;
    private String value2;
    private String value3;
    private String value4;
    private Rare rare;

    /** Values of the names past the fifth, and how many times each header came when repeated. */
    private static final class Rare {
      final String[] values;
      final int[] repeats;

      Rare(int names) {
        values = new String[Math.max(0, names - FIELDS)];
        repeats = new int[names];
      }
    }

    HeaderValues(HeaderNames names) {
      this.names = names;
    }

    void add(String key, String value) {
      if (key == null || value == null) return;
      int i = names.indexOf(key);
      if (i < 0) return;
      String earlier = value(i);
      if (earlier == null) {
        setValue(i, value);
      } else {
        if (earlier.length() <= MAX_JOINED_CHARS) setValue(i, earlier + "," + value);
        int[] repeats = rare().repeats;
        repeats[i] = repeats[i] == 0 ? 2 : repeats[i] + 1;
      }
    }

    @Override
    public String get(String lowerCaseName) {
      int i = names.indexOfLowerCase(lowerCaseName);
      return i < 0 ? null : value(i);
    }

    @Override
    public int count(String lowerCaseName) {
      int i = names.indexOfLowerCase(lowerCaseName);
      if (i < 0 || value(i) == null) return 0;
      return rare == null || rare.repeats[i] == 0 ? 1 : rare.repeats[i];
    }

    private Rare rare() {
      if (rare == null) rare = new Rare(names.size());
      return rare;
    }

    private String value(int i) {
      switch (i) {
        case 0:
          return value0;
        case 1:
          return value1;
        case 2:
          return value2;
        case 3:
          return value3;
        case 4:
          return value4;
        default:
          return rare == null ? null : rare.values[i - FIELDS];
      }
    }

    private void setValue(int i, String value) {
      switch (i) {
        case 0:
          value0 = value;
          break;
        case 1:
          value1 = value;
          break;
        case 2:
          value2 = value;
          break;
        case 3:
          value3 = value;
          break;
        case 4:
          value4 = value;
          break;
        default:
          rare().values[i - FIELDS] = value;
      }
    }
  }
}
