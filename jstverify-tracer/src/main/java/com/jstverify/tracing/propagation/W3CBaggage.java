package com.jstverify.tracing.propagation;

import com.jstverify.tracing.JstVerifySpanContext;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Carries OpenTracing baggage items in the W3C {@code baggage} header, percent-encoding values as
 * UTF-8.
 *
 * <pre>{@code
 * // baggage: tenant=acme, user=Am%C3%A9lie;source=sso
 * JstVerifySpanContext ctx = new W3CBaggage().extract(getter);
 * ctx.getBaggageItem("user"); // "Amélie"
 * }</pre>
 */
public final class W3CBaggage implements Propagator {
  static final String BAGGAGE = "baggage";
  /** The W3C limits we apply both ways (the spec's minimum is 64 members; 180 is its old cap). */
  static final int MAX_MEMBERS = 180;
  static final int MAX_LENGTH = 8192;

  private static final List<String> FIELDS = Collections.singletonList(BAGGAGE);
  private static final Logger LOG = Logger.getLogger(W3CBaggage.class.getName());
  private static final char[] UPPER_HEX = "0123456789ABCDEF".toCharArray();

  @Override
  public List<String> fields() {
    return FIELDS;
  }

  @Override
  public void inject(JstVerifySpanContext context, Setter setter) {
    Map<String, String> baggage = context.baggage();
    if (baggage.isEmpty()) return;
    String header = encode(baggage);
    if (header != null) setter.set(BAGGAGE, header);
  }

  /**
   * The header for {@code baggage}, or {@code null} when no item could go in it. Apart from
   * {@link #inject}, which then stays as small as the usual case (no baggage) needs: the JIT
   * inlines it whole into the propagator that runs it.
   */
  private static String encode(Map<String, String> baggage) {
    StringBuilder out = null;
    int members = 0;
    for (Map.Entry<String, String> entry : baggage.entrySet()) {
      String key = entry.getKey();
      String value = entry.getValue();
      if (!isToken(key, 0, key.length())) {
        skipped("its key is not an HTTP token", key);
        continue;
      }
      if (members == MAX_MEMBERS) {
        skipped("the header already has " + MAX_MEMBERS + " members", key);
        continue;
      }
      int used = out == null ? 0 : out.length() + 1; // + the comma before this member
      if (used + key.length() + 1 + encodedLength(value) > MAX_LENGTH) {
        // A smaller item later on may still fit: skip this one only, never cut it short.
        skipped("it would make the header longer than " + MAX_LENGTH + " bytes", key);
        continue;
      }
      if (out == null) {
        out = new StringBuilder(Math.min(MAX_LENGTH, 16 * baggage.size()));
      } else {
        out.append(',');
      }
      out.append(key).append('=');
      appendEncoded(value, out);
      members++;
    }
    return out == null ? null : out.toString();
  }

  @Override
  public JstVerifySpanContext extract(Getter getter) {
    String header = getter.get(BAGGAGE);
    if (header == null) return null;
    Map<String, String> baggage = null;
    int length = header.length();
    int pos = 0;
    // Limits as on inject: members past 8192 characters or past the 180th are ignored, and a
    // member cut by the limit is ignored whole.
    while (pos < length) {
      int comma = header.indexOf(',', pos);
      int memberEnd = comma < 0 ? length : comma;
      if (memberEnd > MAX_LENGTH) {
        if (LOG.isLoggable(Level.FINE)) {
          LOG.fine("Ignoring baggage past " + MAX_LENGTH + " characters: " + HeaderText.logSafe(header));
        }
        break;
      }
      int begin = pos;
      pos = memberEnd + 1;
      int end = memberEnd;
      while (begin < end && HeaderText.isOws(header.charAt(begin))) begin++;
      while (end > begin && HeaderText.isOws(header.charAt(end - 1))) end--;
      if (begin == end) continue; // an empty member, as left by joining an empty header

      // Properties (";k=v") carry nothing OpenTracing can hold: only the value before them.
      // Both searches stay inside the member, so a long header costs one pass.
      int valueEnd = indexOf(header, ';', begin, end);
      int equals = indexOf(header, '=', begin, valueEnd);
      if (equals == valueEnd) {
        invalid("a member has no '=' value", header);
        continue;
      }
      int keyEnd = equals;
      while (keyEnd > begin && HeaderText.isOws(header.charAt(keyEnd - 1))) keyEnd--;
      if (!isToken(header, begin, keyEnd)) {
        invalid("a key is not an HTTP token", header);
        continue;
      }
      int valueBegin = equals + 1;
      while (valueBegin < valueEnd && HeaderText.isOws(header.charAt(valueBegin))) valueBegin++;
      while (valueEnd > valueBegin && HeaderText.isOws(header.charAt(valueEnd - 1))) valueEnd--;
      String value = decode(header, valueBegin, valueEnd);
      if (value == null) {
        invalid("a value has a character outside baggage-octet or a bad %-escape", header);
        continue;
      }
      if (baggage == null) baggage = new HashMap<>();
      // The first of two members with the same key wins, as in the composite's merge.
      if (baggage.putIfAbsent(header.substring(begin, keyEnd), value) == null
          && baggage.size() == MAX_MEMBERS) {
        if (pos < length && LOG.isLoggable(Level.FINE)) {
          LOG.fine("Ignoring baggage past " + MAX_MEMBERS + " members: " + HeaderText.logSafe(header));
        }
        break;
      }
    }
    return baggage == null ? null : JstVerifySpanContext.baggageOnly(baggage);
  }

  @Override
  public String toString() {
    return "W3CBaggage";
  }

  /**
   * The value {@code s[begin, end)} percent-decoded as UTF-8, or {@code null} when it has a
   * character outside {@code baggage-octet} or a {@code '%'} not followed by two hex digits.
   * Escaped bytes that are not UTF-8 become U+FFFD, as the spec says.
   */
  static String decode(String s, int begin, int end) {
    int escapes = 0;
    for (int i = begin; i < end; i++) {
      char c = s.charAt(i);
      if (c == '%') {
        if (i + 2 >= end || hexValue(s.charAt(i + 1)) < 0 || hexValue(s.charAt(i + 2)) < 0) {
          return null;
        }
        escapes++;
        i += 2;
      } else if (!isBaggageOctet(c)) {
        return null;
      }
    }
    if (escapes == 0) return s.substring(begin, end);
    byte[] bytes = new byte[end - begin - 2 * escapes];
    int n = 0;
    for (int i = begin; i < end; i++) {
      char c = s.charAt(i);
      if (c == '%') {
        bytes[n++] = (byte) ((hexValue(s.charAt(i + 1)) << 4) | hexValue(s.charAt(i + 2)));
        i += 2;
      } else {
        bytes[n++] = (byte) c;
      }
    }
    return new String(bytes, StandardCharsets.UTF_8); // replaces malformed UTF-8 with U+FFFD
  }

  /**
   * Characters sent as they are. Stricter than {@code baggage-octet}: {@code '%'} must be
   * escaped, and {@code '='} and {@code '+'} are escaped too because older peers split members
   * on the first {@code '='} and form-decode {@code '+'} as a space.
   */
  private static boolean isPlain(int c) {
    return isBaggageOctet(c) && c != '%' && c != '=' && c != '+';
  }

  /** {@code %x21 / %x23-2B / %x2D-3A / %x3C-5B / %x5D-7E}. */
  private static boolean isBaggageOctet(int c) {
    return c >= 0x21 && c <= 0x7e && c != '"' && c != ',' && c != ';' && c != '\\';
  }

  /** Length of {@code value} once encoded, to check the size limit before appending. */
  static int encodedLength(String value) {
    int length = 0;
    for (int i = 0, n = value.length(); i < n; i++) {
      char c = value.charAt(i);
      if (c < 0x80) {
        length += isPlain(c) ? 1 : 3;
      } else if (c < 0x800) {
        length += 6;
      } else if (Character.isHighSurrogate(c)
          && i + 1 < n
          && Character.isLowSurrogate(value.charAt(i + 1))) {
        length += 12;
        i++;
      } else {
        length += 9; // includes a lone surrogate, sent as U+FFFD
      }
    }
    return length;
  }

  static void appendEncoded(String value, StringBuilder out) {
    for (int i = 0, n = value.length(); i < n; i++) {
      char c = value.charAt(i);
      if (c < 0x80) {
        if (isPlain(c)) {
          out.append(c);
        } else {
          appendEscaped(c, out);
        }
      } else if (c < 0x800) {
        appendEscaped(0xc0 | (c >> 6), out);
        appendEscaped(0x80 | (c & 0x3f), out);
      } else if (Character.isHighSurrogate(c)
          && i + 1 < n
          && Character.isLowSurrogate(value.charAt(i + 1))) {
        int codePoint = Character.toCodePoint(c, value.charAt(++i));
        appendEscaped(0xf0 | (codePoint >> 18), out);
        appendEscaped(0x80 | ((codePoint >> 12) & 0x3f), out);
        appendEscaped(0x80 | ((codePoint >> 6) & 0x3f), out);
        appendEscaped(0x80 | (codePoint & 0x3f), out);
      } else {
        // A lone surrogate has no UTF-8 form; U+FFFD is what a decoder would show anyway.
        int ch = Character.isSurrogate(c) ? 0xfffd : c;
        appendEscaped(0xe0 | (ch >> 12), out);
        appendEscaped(0x80 | ((ch >> 6) & 0x3f), out);
        appendEscaped(0x80 | (ch & 0x3f), out);
      }
    }
  }

  private static void appendEscaped(int b, StringBuilder out) {
    out.append('%').append(UPPER_HEX[(b >> 4) & 0xf]).append(UPPER_HEX[b & 0xf]);
  }

  /** RFC 7230 {@code token}: one or more {@code tchar}. */
  static boolean isToken(String s, int begin, int end) {
    if (begin >= end) return false;
    for (int i = begin; i < end; i++) {
      if (!isTchar(s.charAt(i))) return false;
    }
    return true;
  }

  /** {@code "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" / "-" / "." / "^" / "_" / "`" / "|" / "~" / DIGIT / ALPHA}. */
  private static boolean isTchar(char c) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
    switch (c) {
      case '!':
      case '#':
      case '$':
      case '%':
      case '&':
      case '\'':
      case '*':
      case '+':
      case '-':
      case '.':
      case '^':
      case '_':
      case '`':
      case '|':
      case '~':
        return true;
      default:
        return false;
    }
  }

  /** The index of {@code c} in {@code s[begin, end)}, or {@code end}. */
  private static int indexOf(String s, char c, int begin, int end) {
    for (int i = begin; i < end; i++) {
      if (s.charAt(i) == c) return i;
    }
    return end;
  }

  private static int hexValue(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  }


  private static void invalid(String why, String header) {
    if (LOG.isLoggable(Level.FINE)) {
      LOG.fine("Skipping a baggage member: " + why + ": " + HeaderText.logSafe(header));
    }
  }

  private static void skipped(String why, String key) {
    if (LOG.isLoggable(Level.FINE)) {
      LOG.fine("Not sending baggage item " + HeaderText.logSafe(key) + ": " + why);
    }
  }

}
