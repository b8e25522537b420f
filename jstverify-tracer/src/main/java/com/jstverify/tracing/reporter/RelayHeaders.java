package com.jstverify.tracing.reporter;

import com.jstverify.tracing.JstVerifySpan;
import com.jstverify.tracing.internal.SpanJson;
import com.jstverify.tracing.internal.Throwables;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import okio.Buffer;

/**
 * The response headers of the relay transport (wire contract section 4): {@value
 * #HEADER_NAME}, and the CORS header that lets the browser SDK read it.
 *
 * <pre>{@code
 * String spans = relay.endRequest(serverSpan);
 * if (spans != null) {
 *   response.setHeader(RelayHeaders.HEADER_NAME, spans);
 *   response.setHeader(RelayHeaders.EXPOSE_HEADERS,
 *       RelayHeaders.mergeExposeHeaders(response.getHeader(RelayHeaders.EXPOSE_HEADERS)));
 * }
 * }</pre>
 */
public final class RelayHeaders {
  /** The response header carrying the spans: base64url, no padding, of a UTF-8 JSON array. */
  public static final String HEADER_NAME = "X-JstVerify-Spans";
  /** The CORS response header that must name {@link #HEADER_NAME}. */
  public static final String EXPOSE_HEADERS = "Access-Control-Expose-Headers";
  /**
   * The most bytes the {@value #HEADER_NAME} header may take. We keep the whole header line
   * (name, {@code ": "} and value) within it, which keeps the value within it too, whichever a
   * proxy counts.
   */
  public static final int MAX_HEADER_BYTES = 7500;

  static final int MAX_VALUE_BYTES = MAX_HEADER_BYTES - HEADER_NAME.length() - 2;
  /** The longest JSON whose base64url (4 characters per 3 bytes, no padding) fits. */
  static final int MAX_JSON_BYTES = MAX_VALUE_BYTES * 3 / 4;

  // Shorter than any span's JSON (ids, times and field names alone take more).
  static final int MIN_SPAN_JSON_BYTES = 200;

  private static final Logger LOG = Logger.getLogger(RelayHeaders.class.getName());

  private RelayHeaders() {}

  /**
   * The value of {@value #EXPOSE_HEADERS} with {@value #HEADER_NAME} added: appended to {@code
   * existing} (which may be null), never replacing it, and not added twice (names compare
   * case-insensitively).
   */
  public static String mergeExposeHeaders(String existing) {
    if (existing == null) return HEADER_NAME;
    int start = 0;
    int length = existing.length();
    while (start <= length) {
      int comma = existing.indexOf(',', start);
      int end = comma < 0 ? length : comma;
      if (HEADER_NAME.equalsIgnoreCase(existing.substring(start, end).trim())) return existing;
      if (comma < 0) break;
      start = comma + 1;
    }
    // Drop trailing commas and blanks ("a, ") so the result stays a clean list.
    int end = length;
    while (end > 0 && (existing.charAt(end - 1) == ',' || existing.charAt(end - 1) <= ' ')) end--;
    if (end == 0) return HEADER_NAME;
    return existing.substring(0, end) + ", " + HEADER_NAME;
  }

  /**
   * The JSON array a {@value #HEADER_NAME} value carries, or null when it is not base64url of
   * UTF-8 (logged at FINE: the value comes from outside, it never throws).
   */
  public static String decode(String headerValue) {
    if (headerValue == null) return null;
    try {
      byte[] bytes = Base64.getUrlDecoder().decode(headerValue.trim());
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (IllegalArgumentException | CharacterCodingException e) {
      if (LOG.isLoggable(Level.FINE)) LOG.fine("not a " + HEADER_NAME + " value: " + e);
      return null;
    }
  }

  /** base64url without padding, as the header carries it. */
  static String encode(byte[] json) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(json);
  }

  /**
   * Packs as many whole spans as fit into one header value: the span {@code rootId} first, then
   * the others in the order given. A span that does not fit is left out, and a later, smaller one
   * may still go in. The root alone is truncated to fit (tagged {@code jstverify.truncated})
   * rather than left out: without it the request is not on the service map at all.
   */
  static Packed pack(List<JstVerifySpan> spans, long rootId) {
    Buffer array = new Buffer();
    Buffer one = new Buffer();
    array.writeByte('[');
    long used = 2; // the brackets
    int included = 0;
    int leftOut = 0;
    int rootIndex = -1;
    for (int i = 0; i < spans.size(); i++) {
      if (spans.get(i).context().spanId() == rootId) {
        rootIndex = i;
        break;
      }
    }
    for (int k = -1; k < spans.size(); k++) {
      int i = k < 0 ? rootIndex : k;
      if (i < 0 || (k >= 0 && k == rootIndex)) continue;
      JstVerifySpan span = spans.get(i);
      long room = MAX_JSON_BYTES - used - (included > 0 ? 1 : 0);
      if (room < MIN_SPAN_JSON_BYTES) {
        leftOut++; // no span is that small: not worth writing it to find out
        continue;
      }
      one.clear();
      try {
        int limit = (int) Math.min(SpanJson.MAX_SPAN_BYTES, Math.max(room, 0));
        SpanJson.writeBounded(one, span, i == rootIndex ? limit : SpanJson.MAX_SPAN_BYTES);
      } catch (Throwable t) {
        Throwables.propagateIfFatal(t); // a tag value's toString() failing costs its span only
        leftOut++;
        continue;
      }
      if (one.size() > room) {
        leftOut++;
        continue;
      }
      if (included > 0) {
        array.writeByte(',');
        used++;
      }
      used += one.size();
      array.write(one, one.size());
      included++;
    }
    array.writeByte(']');
    String value = included == 0 ? null : encode(array.readByteArray());
    return new Packed(value, included, leftOut);
  }

  /** What {@link #pack} made: the header value (null when empty) and what went in or not. */
  static final class Packed {
    final String value;
    final int included;
    final int leftOut;

    Packed(String value, int included, int leftOut) {
      this.value = value;
      this.included = included;
      this.leftOut = leftOut;
    }
  }
}
