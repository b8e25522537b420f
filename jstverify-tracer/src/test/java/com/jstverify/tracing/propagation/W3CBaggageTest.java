package com.jstverify.tracing.propagation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.jstverify.tracing.JstVerifySpanContext;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class W3CBaggageTest {
  final W3CBaggage propagator = new W3CBaggage();

  Map<String, String> extract(String... baggageHeaders) {
    FakeHeaders headers = new FakeHeaders();
    for (String value : baggageHeaders) headers.add("baggage", value);
    JstVerifySpanContext context = propagator.extract(headers);
    if (context == null) return null;
    assertFalse(context.hasIds(), "baggage alone carries no ids");
    return context.baggage();
  }

  String inject(Map<String, String> baggage) {
    FakeHeaders headers = new FakeHeaders();
    propagator.inject(JstVerifySpanContext.baggageOnly(baggage), headers);
    return headers.get("baggage");
  }

  static Map<String, String> map(String... keysAndValues) {
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) map.put(keysAndValues[i], keysAndValues[i + 1]);
    return map;
  }

  @Test
  void fields_isBaggage() {
    assertEquals(Collections.singletonList("baggage"), propagator.fields());
  }

  @Test
  void extract_members_becomeBaggageItems() {
    assertEquals(
        map("userId", "alice", "isProduction", "false"),
        extract("userId=alice,isProduction=false"));
  }

  @Test
  void extract_specExampleWithProperties_keepsOnlyTheValues() {
    assertEquals(
        map("key1", "value1", "key2", "value2", "key3", "value3"),
        extract(
            "key1=value1;property1;property2, key2 = value2, key3=value3; propertyKey=propertyValue"));
  }

  @Test
  void extract_percentEncodedUtf8_isDecoded() {
    assertEquals(
        map("userId", "Amélie", "serverNode", "DF 28", "emoji", "\uD83D\uDE00"),
        extract("userId=Am%C3%A9lie,serverNode=DF%2028,emoji=%f0%9f%98%80"));
  }

  @Test
  void extract_escapedBytesThatAreNotUtf8_becomeReplacementCharacters() {
    assertEquals(map("a", "\uFFFD", "b", "x\uFFFD"), extract("a=%FF,b=x%C3"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"k=%", "k=%4", "k=%G1", "k=100%", "k=%%41", "k=%4G"})
  void extract_malformedPercentEncoding_skipsThatMemberOnly(String member) {
    assertEquals(map("a", "1", "b", "2"), extract("a=1," + member + ",b=2"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"ke y=1", "k\"=1", "(k)=1", "k/v=1", "ké=1", "=1", " =1", "k:1"})
  void extract_keyThatIsNotAToken_skipsThatMemberOnly(String member) {
    assertEquals(map("a", "1", "b", "2"), extract("a=1," + member + ",b=2"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"k=a b", "k=a\"b", "k=a\\b", "k=é", "k=a\tb", "k=\u0000"})
  void extract_valueOutsideBaggageOctet_skipsThatMemberOnly(String member) {
    assertEquals(map("a", "1", "b", "2"), extract("a=1," + member + ",b=2"));
  }

  @Test
  void extract_memberWithoutValue_isSkipped() {
    assertEquals(map("a", "1"), extract("a=1,flag,flag;k=v"));
  }

  @Test
  void extract_equalsSignsInValue_belongToTheValue() {
    assertEquals(map("k", "a=b=="), extract("k=a=b=="));
  }

  @Test
  void extract_emptyValue_isAnEmptyItem() {
    assertEquals(map("k", ""), extract("k="));
    assertEquals(map("k", ""), extract("k= ;p"));
  }

  @Test
  void extract_whitespaceAroundKeysValuesAndMembers_isTrimmed() {
    assertEquals(
        map("userId", "alice", "serverNode", "DF 28", "isProduction", "false"),
        extract("userId =   alice", " serverNode = DF%2028,\t isProduction = false \t"));
  }

  @Test
  void extract_repeatedHeaders_areJoined() {
    assertEquals(
        map("userId", "alice", "serverNode", "DF 28", "isProduction", "false"),
        extract("userId=alice", "serverNode=DF%2028,isProduction=false"));
  }

  @Test
  void extract_duplicateKeys_firstWins() {
    assertEquals(map("k", "first", "x", "1"), extract("k=first,x=1", "k=second"));
  }

  @Test
  void extract_emptyMembers_areSkipped() {
    assertEquals(map("a", "1", "b", "2"), extract(",a=1,, ,\t,b=2,", ""));
  }

  @Test
  void extract_nothingValid_isNull() {
    assertNull(extract());
    assertNull(extract(""));
    assertNull(extract(" , ,"));
    assertNull(extract("no-value,ké=1,k=%"));
  }

  @Test
  void extract_moreThan180Members_keepsTheFirst180() {
    StringBuilder header = new StringBuilder();
    for (int i = 0; i < 200; i++) header.append(i == 0 ? "" : ",").append('k').append(i).append("=v");

    Map<String, String> baggage = extract(header.toString());

    assertEquals(W3CBaggage.MAX_MEMBERS, baggage.size());
    assertEquals("v", baggage.get("k179"));
    assertNull(baggage.get("k180"));
  }

  @Test
  void extract_membersPast8192Characters_areIgnoredWhole() {
    String first = "a=" + repeat('x', 8000); // 8002 characters
    String cut = "b=" + repeat('y', 300); // would end past 8192

    assertEquals(map("a", repeat('x', 8000)), extract(first + "," + cut + ",c=1"));
  }

  @Test
  void extract_memberEndingExactlyAt8192Characters_isKept() {
    String member = "a=" + repeat('x', W3CBaggage.MAX_LENGTH - 2);

    assertEquals(map("a", repeat('x', W3CBaggage.MAX_LENGTH - 2)), extract(member + ",b=1"));
  }

  @Test
  void inject_plainValues_areSentAsThey() {
    assertEquals("userId=alice", inject(map("userId", "alice")));
  }

  @Test
  void inject_encodesWhatIsNotABaggageOctetAndMore() {
    assertEquals("k=Am%C3%A9lie", inject(map("k", "Amélie")));
    assertEquals("k=DF%2028", inject(map("k", "DF 28")));
    assertEquals("k=100%25", inject(map("k", "100%")));
    assertEquals("k=%2C%3B%3D%2B%22%5C", inject(map("k", ",;=+\"\\")));
    assertEquals("k=%09%0A%00%7F", inject(map("k", "\t\n\u0000\u007f")));
    assertEquals("k=%F0%9F%98%80", inject(map("k", "\uD83D\uDE00")));
    assertEquals("k=", inject(map("k", "")));
  }

  @Test
  void inject_loneSurrogates_areSentAsReplacementCharacters() {
    assertEquals("k=a%EF%BF%BDb%EF%BF%BD", inject(map("k", "a\uD800b\uDC00")));
  }

  @Test
  void inject_keysThatAreNotTokens_areSkipped() {
    assertEquals("ok=1", inject(map("bad key", "1", "ok", "1", "ké", "2", "", "3", "a,b", "4")));
  }

  @Test
  void inject_emptyBaggage_writesNothing() {
    FakeHeaders headers = new FakeHeaders();

    propagator.inject(JstVerifySpanContext.of(1L, 1L, 1L, 1, null, null), headers);

    assertTrue(headers.isEmpty());
  }

  @Test
  void inject_contextWithIds_writesItsBaggage() {
    FakeHeaders headers = new FakeHeaders();

    propagator.inject(JstVerifySpanContext.of(1L, 1L, 1L, 1, map("k", "v"), null), headers);

    assertEquals("k=v", headers.get("baggage"));
  }

  @Test
  void inject_moreThan180Items_sends180() {
    Map<String, String> baggage = new HashMap<>();
    for (int i = 0; i < 200; i++) baggage.put("k" + i, "v");

    String header = inject(baggage);

    assertEquals(W3CBaggage.MAX_MEMBERS, header.split(",").length);
  }

  @Test
  void inject_itemThatDoesNotFit_isSkippedWholeAndSmallerOnesStillGo() {
    Map<String, String> baggage = new HashMap<>();
    baggage.put("huge", repeat('x', 9000));
    baggage.put("big", repeat('é', 1000)); // 6000 bytes encoded
    baggage.put("big2", repeat('é', 1000));
    baggage.put("small", "1");

    String header = inject(baggage);

    assertTrue(header.length() <= W3CBaggage.MAX_LENGTH, () -> header.length() + " bytes");
    Map<String, String> back = extract(header);
    assertEquals("1", back.get("small"));
    assertFalse(back.containsKey("huge"));
    assertEquals(1, (back.containsKey("big") ? 1 : 0) + (back.containsKey("big2") ? 1 : 0));
  }

  @Test
  void inject_itemOfExactly8192Bytes_fits() {
    String value = repeat('x', W3CBaggage.MAX_LENGTH - 2);

    assertEquals("k=" + value, inject(map("k", value)));
  }

  @Test
  void injectThenExtract_randomUnicode_comesBackTheSame() {
    Random random = new Random(7);
    for (int round = 0; round < 500; round++) {
      Map<String, String> baggage = new HashMap<>();
      for (int i = random.nextInt(5) + 1; i > 0; i--) {
        baggage.put("k" + random.nextInt(1000), randomText(random));
      }

      assertEquals(baggage, extract(inject(baggage)), () -> "round trip of " + baggage);
    }
  }

  @Test
  void encodedLength_matchesWhatIsAppended() {
    for (String value : Arrays.asList("", "a", "é", "\u20ac", "\uD83D\uDE00", "\uD800", "a%=+ ,")) {
      StringBuilder out = new StringBuilder();
      W3CBaggage.appendEncoded(value, out);
      assertEquals(out.length(), W3CBaggage.encodedLength(value), value);
    }
  }

  /** Well-formed UTF-16 from several planes (lone surrogates do not round-trip by design). */
  static String randomText(Random random) {
    StringBuilder b = new StringBuilder();
    for (int i = random.nextInt(20); i > 0; i--) {
      switch (random.nextInt(4)) {
        case 0:
          b.append((char) (0x20 + random.nextInt(0x5f)));
          break;
        case 1:
          b.append((char) (0x80 + random.nextInt(0x780)));
          break;
        case 2:
          b.append((char) (0x800 + random.nextInt(0xd000 - 0x800)));
          break;
        default:
          b.appendCodePoint(0x10000 + random.nextInt(0x100000));
      }
    }
    return b.toString();
  }

  static String repeat(char c, int n) {
    char[] chars = new char[n];
    Arrays.fill(chars, c);
    return new String(chars);
  }
}
