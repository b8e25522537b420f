package com.jstverify.tracing.reporter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The relay headers of wire contract section 4: encoding, decoding and the CORS merge. */
class RelayHeadersTest {

  @Test
  void headerName_isTheContracts() {
    assertEquals("X-JstVerify-Spans", RelayHeaders.HEADER_NAME);
  }

  @Test
  void mergeExposeHeaders_withoutExistingValue_exposesOurHeader() {
    assertEquals("X-JstVerify-Spans", RelayHeaders.mergeExposeHeaders(null));
    assertEquals("X-JstVerify-Spans", RelayHeaders.mergeExposeHeaders(""));
    assertEquals("X-JstVerify-Spans", RelayHeaders.mergeExposeHeaders("  "));
  }

  @Test
  void mergeExposeHeaders_appendsToTheApplicationsList_neverReplacesIt() {
    assertEquals(
        "X-Request-Id, Content-Length, X-JstVerify-Spans",
        RelayHeaders.mergeExposeHeaders("X-Request-Id, Content-Length"));
    assertEquals(
        "X-Request-Id, X-JstVerify-Spans", RelayHeaders.mergeExposeHeaders("X-Request-Id"));
  }

  @Test
  void mergeExposeHeaders_alreadyExposed_inAnyCase_isLeftAlone() {
    assertEquals("X-JstVerify-Spans", RelayHeaders.mergeExposeHeaders("X-JstVerify-Spans"));
    assertEquals(
        "a, x-jstverify-spans ,b", RelayHeaders.mergeExposeHeaders("a, x-jstverify-spans ,b"));
    assertEquals("X-JSTVERIFY-SPANS", RelayHeaders.mergeExposeHeaders("X-JSTVERIFY-SPANS"));
  }

  @Test
  void mergeExposeHeaders_aNameThatOnlyContainsOurs_isNotADuplicate() {
    assertEquals(
        "X-JstVerify-Spans-Old, X-JstVerify-Spans",
        RelayHeaders.mergeExposeHeaders("X-JstVerify-Spans-Old"));
  }

  @Test
  void mergeExposeHeaders_trailingCommas_doNotLeaveEmptyItems() {
    assertEquals("a, b, X-JstVerify-Spans", RelayHeaders.mergeExposeHeaders("a, b, "));
    assertEquals("X-JstVerify-Spans", RelayHeaders.mergeExposeHeaders(" , "));
  }

  @Test
  void encode_isUnpaddedBase64url_andDecodeRoundTrips() {
    // Bytes chosen so standard base64 would need '+', '/' and padding.
    String json = "[{\"operationName\":\"GET /café?>>>\",\"tags\":{\"ü\":\"~~~?\"}}]";
    String value = RelayHeaders.encode(json.getBytes(StandardCharsets.UTF_8));

    assertFalse(value.contains("="), value);
    assertFalse(value.contains("+"), value);
    assertFalse(value.contains("/"), value);
    assertTrue(value.chars().allMatch(c -> c < 0x80), "a header value is ASCII");
    assertEquals(json, RelayHeaders.decode(value));
  }

  @Test
  void decode_acceptsPaddingAndSurroundingBlanks() {
    assertEquals("[1]", RelayHeaders.decode(" WzFd "));
    assertEquals("[]", RelayHeaders.decode("W10="));
  }

  @Test
  void decode_malformedValue_returnsNull_neverThrows() {
    assertNull(RelayHeaders.decode(null));
    assertNull(RelayHeaders.decode("not base64!"));
    assertNull(RelayHeaders.decode("W"), "a single character is never base64");
    // Valid base64url of bytes that are not UTF-8.
    assertNull(RelayHeaders.decode(RelayHeaders.encode(new byte[] {(byte) 0xc3, (byte) 0x28})));
  }

  @Test
  void maxJsonBytes_encodesWithinTheHeaderLimit() {
    int json = RelayHeaders.MAX_JSON_BYTES;
    int encoded = RelayHeaders.encode(new byte[json]).length();
    int line = RelayHeaders.HEADER_NAME.length() + 2 + encoded;

    assertTrue(line <= RelayHeaders.MAX_HEADER_BYTES, "header line " + line);
    assertTrue(
        RelayHeaders.HEADER_NAME.length() + 2 + RelayHeaders.encode(new byte[json + 3]).length()
            > RelayHeaders.MAX_HEADER_BYTES,
        "the budget is not needlessly small");
  }
}
