package dev.iotpipeline.ingest.decode;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.CBORGenerator;

import dev.iotpipeline.contracts.DeadLetterReason;
import dev.iotpipeline.ingest.PayloadMutations;
import dev.iotpipeline.ingest.Samples;

/**
 * The streaming decoders give exactly what the tree-walking ones gave ({@link TreeDecodersOracle},
 * the code they replaced): the same {@link Decoded} (records compared by {@code equals}), or a
 * rejection with the same reason and the same detail. Inputs: every shared sample through every
 * decoder, hand-picked edge cases, and per format 10,000 generated payloads (SenML with base
 * fields, relative times, missing names, sums, vb/vs/vd, CBOR integer and text labels for the same
 * field, must-understand labels, non-finite values, wrong types, nested values; flat JSON with
 * every timestamp form) each also sent with one to three byte mutations (flips, truncation,
 * insertion, deletion, duplication, trailing garbage): over 20,000 payloads per format, seeded, so
 * a failure repeats.
 */
class StreamingDecodersMatchTreeDecodersTest {

  private static final long NOW = Samples.RECEIVED_AT;
  private static final int GENERATED = 10_000;

  /** Which decoder. */
  enum Format {
    FLAT_JSON,
    SENML_JSON,
    SENML_CBOR
  }

  /** What a decoder made of a payload: readings, a rejection, or an exception that escaped. */
  record Outcome(Decoded decoded, DeadLetterReason reason, String detail, String escaped) {

    static Outcome of(DecoderCall call) {
      try {
        return new Outcome(call.decode(), null, null, null);
      } catch (PayloadRejectedException e) {
        return new Outcome(null, e.reason(), e.detail(), null);
      } catch (RuntimeException e) {
        return new Outcome(null, null, null, e.getClass().getName() + ": " + e.getMessage());
      }
    }
  }

  /** A decoder call. */
  interface DecoderCall {
    Decoded decode() throws PayloadRejectedException;
  }

  private static Outcome streaming(Format format, byte[] payload) {
    return Outcome.of(
        () ->
            switch (format) {
              case FLAT_JSON -> FlatJsonDecoder.decode(payload, NOW);
              case SENML_JSON -> SenmlDecoder.decodeJson(payload, NOW);
              case SENML_CBOR -> SenmlDecoder.decodeCbor(payload, NOW);
            });
  }

  private static Outcome tree(Format format, byte[] payload) {
    return Outcome.of(
        () ->
            switch (format) {
              case FLAT_JSON -> TreeDecodersOracle.FlatJson.decode(payload, NOW);
              case SENML_JSON -> TreeDecodersOracle.Senml.decodeJson(payload, NOW);
              case SENML_CBOR -> TreeDecodersOracle.Senml.decodeCbor(payload, NOW);
            });
  }

  /** Compares the two decoders on the payloads; tallies the tree decoder's verdicts. */
  private static final class Comparison {
    private final List<String> mismatches = new ArrayList<>();
    private final Map<DeadLetterReason, Integer> reasons = new EnumMap<>(DeadLetterReason.class);
    private int accepted;
    private int compared;

    void compare(Format format, byte[] payload) {
      Outcome expected = tree(format, payload);
      Outcome actual = streaming(format, payload);
      compared++;
      if (expected.decoded() != null) {
        accepted++;
      } else if (expected.reason() != null) {
        reasons.merge(expected.reason(), 1, Integer::sum);
      }
      if (!expected.equals(actual)) {
        mismatches.add(
            format
                + " "
                + show(payload)
                + "\n    tree:      "
                + expected
                + "\n    streaming: "
                + actual);
      }
    }

    void assertNoMismatch() {
      assertThat(mismatches)
          .as(
              "%d of %d payloads decoded differently, first ones:%n%s",
              mismatches.size(),
              compared,
              String.join("\n", mismatches.subList(0, Math.min(10, mismatches.size()))))
          .isEmpty();
    }
  }

  private static String show(byte[] payload) {
    String text = new String(payload, StandardCharsets.UTF_8);
    return "hex " + HexFormat.of().formatHex(payload) + " text " + text.replace("\n", "\\n");
  }

  @Test
  void everySampleDecodesAlikeThroughEveryDecoder() {
    Comparison comparison = new Comparison();
    List<Path> samples = new ArrayList<>(Samples.valid());
    samples.addAll(Samples.invalid());
    for (Path sample : samples) {
      for (Format format : Format.values()) {
        comparison.compare(format, Samples.bytes(sample));
      }
    }
    comparison.assertNoMismatch();
    assertThat(comparison.accepted).isGreaterThanOrEqualTo(Samples.valid().size());
  }

  @Test
  void edgeCasesDecodeAlike() {
    Comparison comparison = new Comparison();
    String[] json = {
      "",
      "   ",
      "null",
      "1",
      "\"x\"",
      "true",
      "[]",
      "{}",
      "[] []",
      "{} x",
      "[1, {\"n\":\"p\",\"v\":1}",
      "{\"a\":1,\"a\":2}",
      "{\"a\":{\"b\":1,\"b\":2}}",
      // A repeated name followed by a broken value: the repetition is what is reported.
      "{\"a\":1,\"a\":tru}",
      "{\"a\":1,\"a\" 2}",
      "{\"a\":1,\"b\" 2}",
      "{\"a\":1,\"b\":2,\"a\":-x}",
      "{\"sensor_id\":\"m\",\"sensor_id\":01}",
      "[{\"n\":\"p\",\"v\":1,\"n\":nul}]",
      "[{\"n\":\"p\",\"x\":1,\"x\":[}]",
      "[{\"n\":\"p\",\"v\":1,\"x\":{\"y\":1,\"y\":}}]",
      "[{\"n\":\"p\",\"v\":1},{\"n\":\"q\",\"v\":1,\"n\":\"r\"}]",
      "[{\"n\":\"p\",\"v\":\"1\"}, ]",
      "[{\"n\":\"p\",\"v\":\"1\"}] {",
      "[\"x\", 1",
      "{\"x\":1} ]",
      "[{\"n\":\"p\",\"v\":NaN}]",
      "[{\"n\":\"p\",\"v\":-Infinity}]",
      "[{\"n\":\"p\",\"t\":NaN,\"v\":1}]",
      "[{\"bver\":NaN,\"n\":\"p\",\"v\":1}]",
      "[{\"bver\":10.0,\"n\":\"p\",\"v\":1}]",
      "[{\"bn\":\"a:\",\"n\":\"p\",\"v\":1},{\"bn\":\"b/\",\"n\":\"p\",\"v\":1},{\"n\":\"p\",\"v\":1}]",
      "[{\"bn\":\"m-1:\",\"n\":\"p\",\"v\":1,\"new_\":{\"a\":[1,2,{\"b\":null}]}}]",
      "[{\"bn\":\":\",\"bu\":\"%RH\",\"v\":1}]",
      "[{\"bn\":\"-\",\"vb\":true}]",
      "[{\"u\":\"km/h²\",\"v\":1}]",
      "[{\"u\":\"\uD83D\uDE00%\",\"v\":1,\"bn\":\"m\"}]",
      "[{\"n\":\"p\",\"v\":123456789012345678901234567890}]",
      "[{\"n\":\"p\",\"v\":1e400}]",
      "[{\"n\":\"p\",\"v\":-0.0}]",
      "[{\"n\":\"p\",\"vd\":5}]",
      "[{\"n\":\"p\",\"vs\":null}]",
      "[{\"n\":\"p\",\"vb\":\"true\"}]",
      "[{\"n\":\"p\",\"s\":1e308,\"bs\":1e308}]",
      "[{\"n\":\"p\",\"u\":5,\"v\":1}]",
      "[{\"n\":\"p\",\"ut\":\"x\",\"v\":1}]",
      "[{\"n\":\"p\",\"bn\":5}]",
      "[{\"u\":5}]",
      "[{\"n\":\"" + "x".repeat(80) + " \",\"v\":1}]",
      "{\"timestamp\":1e999,\"x\":1}",
      "{\"timestamp\":9223372036854775807,\"x\":1}",
      "{\"timestamp\":92233720368547758070,\"x\":1}",
      "{\"timestamp\":-1763999970.5,\"x\":1}",
      "{\"timestamp\":1763999970123.7,\"x\":1}",
      "{\"timestamp\":[1],\"x\":1}",
      "{\"timestamp\":{\"a\":1},\"x\":1}",
      "{\"timestamp\":null,\"sensor_id\":null,\"connected\":null,\"x\":1}",
      "{\"connected\":true}",
      "{\"x\":NaN,\"sensor_id\":5}",
      "{\"x\":1,\"y\":Infinity,\"z\":NaN}",
      "{\"sensor_id\":[\"a\"],\"x\":1}",
      "{\"x\":\"\\uD800\"}",
      "{\"x\":\"\\u00zz\"}",
      "\uFEFF{\"x\":1}",
      "{\"x\":01}",
      "{\"x\":1.}",
      "{\"x\":-}",
      "{x:1}",
      "{\"x\":1,}",
      "[{\"n\":\"p\",\"v\":1,}]",
      "/* c */ {\"x\":1}",
      "[{\"n\":\"p\",\"v\":1}]\u0000",
    };
    for (String text : json) {
      byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
      for (Format format : Format.values()) {
        comparison.compare(format, bytes);
      }
    }
    byte[][] raw = {
      {(byte) 0xff},
      {'{', '"', 'x', '"', ':', '"', (byte) 0xc3, '"', '}'},
      {'{', '"', 'x', '"', ':', '"', (byte) 0xff, '"', '}'},
      {'[', '"', (byte) 0xe2, (byte) 0x82, '"', ']'},
      {0, 0, 0, '{'},
      {(byte) 0xfe, (byte) 0xff, 0, '{', 0, '}'},
      HexFormat.of().parseHex("81a2006170f97e00"), // half-float NaN
      HexFormat.of().parseHex("81a2006170f97c00"), // half-float infinity
      HexFormat.of().parseHex("81a2006170f93e00"), // half-float 1.5
      HexFormat.of().parseHex("81a2006170c249010000000000000000"), // bignum 2^64
      HexFormat.of().parseHex("81a2006170c48221196ab3"), // decimal fraction 273.15
      HexFormat.of().parseHex("81a2006170f7"), // undefined
      HexFormat.of().parseHex("81a2006170e0"), // simple value 0
      HexFormat.of().parseHex("81a20061700218"), // truncated uint8
      HexFormat.of().parseHex("81a200617008d82a4101"), // tagged byte string as vd
      HexFormat.of().parseHex("81a2006170087f41014102ff"), // chunked byte string as vd
      HexFormat.of().parseHex("81a2006170087f6161ff"), // chunked text string in vd
      HexFormat.of().parseHex("81a20061700862c3"), // broken UTF-8 text
      HexFormat.of().parseHex("81a2006170fa7fc00000"), // float32 NaN for n: wrong type
      HexFormat.of().parseHex("81a200617002fa3fc00000"), // float32 1.5
      HexFormat.of().parseHex("81bf006170021801ff"), // indefinite map
      HexFormat.of().parseHex("9fa200617002182aff"), // indefinite array
      HexFormat.of().parseHex("81a200617002f5"), // v: true
      HexFormat.of().parseHex("81a2f56170021801"), // key: true
      HexFormat.of().parseHex("81a2fa3fc000006170021801"), // key: float
      HexFormat.of().parseHex("81a2416170021801"), // key: byte string
      HexFormat.of().parseHex("81a21b7fffffffffffffff6170021801"), // key: huge int
      HexFormat.of().parseHex("81a23b7fffffffffffffff6170021801"), // key: huge negative int
      HexFormat.of().parseHex("81a30061702102622d3202"), // -2: 2 then "-2": 2 (malformed)
      HexFormat.of().parseHex("81a300617021616162626e6162"), // -2: "a" then "bn": "b" (twice)
      HexFormat.of().parseHex("81a4006170210262626e02210262"), // -2, "bn", -2
      HexFormat.of().parseHex("81a2006170626e"), // second name cut short (not a repeat)
      HexFormat.of().parseHex("81a200617062626e"), // value after the second name missing
      HexFormat.of().parseHex("81a2006170f9"), // key: half float, cut short
      HexFormat.of().parseHex("81a2006170021801ff"), // trailing break
      HexFormat.of().parseHex("81a2006170021801a0"), // trailing map
    };
    for (byte[] bytes : raw) {
      for (Format format : Format.values()) {
        comparison.compare(format, bytes);
      }
    }
    // UTF-16 and UTF-32 JSON (told by the parser from the first bytes) take Jackson's char parser.
    for (String text :
        new String[] {
          "{\"p\":1,\"connected\":true}",
          "{\"a\":1,\"a\":tru}",
          "[{\"n\":\"p\",\"v\":1,\"n\":x}]",
          "[{\"n\":\"p\",\"v\":NaN}]"
        }) {
      for (Charset charset :
          List.of(
              StandardCharsets.UTF_16BE, StandardCharsets.UTF_16LE, Charset.forName("UTF-32BE"))) {
        for (Format format : List.of(Format.FLAT_JSON, Format.SENML_JSON)) {
          comparison.compare(format, text.getBytes(charset));
        }
      }
    }
    comparison.assertNoMismatch();
  }

  /** The entry points for parsed trees resolve as the tree decoders did. */
  @Test
  void parsedTreesResolveAlike() throws Exception {
    SplittableRandom random = new SplittableRandom(20261128L);
    List<String> mismatches = new ArrayList<>();
    int resolved = 0;
    for (int k = 0; k < 2_000; k++) {
      boolean cbor = random.nextBoolean();
      byte[] payload =
          cbor ? CborBytes.write(pack(random, true)) : JsonText.write(pack(random, false));
      JsonNode tree;
      try {
        tree = (cbor ? TreeDecodersOracle.CBOR : TreeDecodersOracle.JSON).readTree(payload);
      } catch (IOException e) {
        continue; // a duplicate label: no tree
      }
      Outcome expected = Outcome.of(() -> TreeDecodersOracle.Senml.resolve(tree, NOW, cbor));
      Outcome actual = Outcome.of(() -> SenmlDecoder.resolve(tree, NOW, cbor));
      resolved++;
      if (!expected.equals(actual)) {
        mismatches.add(tree + "\n    tree: " + expected + "\n    streaming: " + actual);
      }
      byte[] flat = JsonText.write(flatObject(random));
      try {
        JsonNode object = TreeDecodersOracle.JSON.readTree(flat);
        if (object.isObject()) {
          Outcome expectedFlat = Outcome.of(() -> TreeDecodersOracle.FlatJson.decode(object, NOW));
          Outcome actualFlat = Outcome.of(() -> FlatJsonDecoder.decode(object, NOW));
          if (!expectedFlat.equals(actualFlat)) {
            mismatches.add(
                object + "\n    tree: " + expectedFlat + "\n    streaming: " + actualFlat);
          }
        }
      } catch (IOException e) {
        // a duplicate name: no tree
      }
    }
    assertThat(mismatches)
        .as(String.join("\n", mismatches.subList(0, Math.min(10, mismatches.size()))))
        .isEmpty();
    assertThat(resolved).isGreaterThan(1_500);
  }

  /**
   * The streaming JSON parser reads doubles with Jackson's fast parser, the tree reader with {@code
   * Double.parseDouble}: both round correctly, so they agree on every literal, including the
   * hardest (long mantissas, halfway cases, subnormals, the limits).
   */
  @Test
  void numberLiteralsReadToTheSameDoubles() {
    Comparison comparison = new Comparison();
    SplittableRandom random = new SplittableRandom(20261127L);
    List<String> literals =
        new ArrayList<>(
            List.of(
                "0.1",
                "2.2250738585072011e-308",
                "2.2250738585072012e-308",
                "4.9e-324",
                "2.4703282292062327e-324",
                "1.7976931348623157e308",
                "1.7976931348623158e308",
                "9007199254740993",
                "9007199254740993.0",
                "123456789012345678901234567890.5",
                "0.30000000000000004",
                "1e23",
                "8.41e21",
                "-0.0",
                "5e-325"));
    for (int k = 0; k < GENERATED; k++) {
      StringBuilder literal = new StringBuilder(random.nextBoolean() ? "" : "-");
      literal.append(1 + random.nextInt(9));
      for (int d = random.nextInt(20); d > 0; d--) {
        literal.append(random.nextInt(10));
      }
      if (random.nextBoolean()) {
        literal.append('.');
        for (int d = 1 + random.nextInt(20); d > 0; d--) {
          literal.append(random.nextInt(10));
        }
      }
      if (random.nextBoolean()) {
        literal.append(random.nextBoolean() ? 'e' : 'E').append(random.nextInt(-340, 320));
      }
      literals.add(literal.toString());
    }
    for (String literal : literals) {
      byte[] pack = ("[{\"n\":\"p\",\"v\":" + literal + "}]").getBytes(StandardCharsets.UTF_8);
      comparison.compare(Format.SENML_JSON, pack);
      byte[] flat = ("{\"p\":" + literal + "}").getBytes(StandardCharsets.UTF_8);
      comparison.compare(Format.FLAT_JSON, flat);
    }
    comparison.assertNoMismatch();
    assertThat(comparison.accepted).isGreaterThan(GENERATED);
  }

  @Test
  void generatedSenmlJsonDecodesAlike() {
    fuzz(Format.SENML_JSON, 20261124L);
  }

  @Test
  void generatedSenmlCborDecodesAlike() {
    fuzz(Format.SENML_CBOR, 20261125L);
  }

  @Test
  void generatedFlatJsonDecodesAlike() {
    fuzz(Format.FLAT_JSON, 20261126L);
  }

  private static void fuzz(Format format, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    Comparison comparison = new Comparison();
    for (int k = 0; k < GENERATED; k++) {
      byte[] payload =
          switch (format) {
            case FLAT_JSON -> JsonText.write(flatObject(random));
            case SENML_JSON -> JsonText.write(pack(random, false));
            case SENML_CBOR -> CborBytes.write(pack(random, true));
          };
      comparison.compare(format, payload);
      byte[] mutant = payload;
      for (int m = 1 + random.nextInt(3); m > 0; m--) {
        mutant = PayloadMutations.mutateOnceOrAppendGarbage(mutant, random);
      }
      comparison.compare(format, mutant);
    }
    comparison.assertNoMismatch();
    // The generator reaches both sides and the rules, not just the parser's errors.
    assertThat(comparison.compared).isEqualTo(2 * GENERATED);
    assertThat(comparison.accepted).as("accepted").isGreaterThan(GENERATED / 10);
    DeadLetterReason malformed =
        format == Format.SENML_CBOR
            ? DeadLetterReason.MALFORMED_CBOR
            : DeadLetterReason.MALFORMED_JSON;
    assertThat(comparison.reasons).containsKeys(malformed, DeadLetterReason.NON_FINITE_VALUE);
    assertThat(comparison.reasons)
        .containsKey(
            format == Format.FLAT_JSON
                ? DeadLetterReason.SCHEMA_VIOLATION
                : DeadLetterReason.INVALID_SENML);
  }

  // ---- generated payloads: a small value model written as JSON or CBOR ----

  /** A number written as given in JSON (e.g. {@code 1e999}) and as its double in CBOR. */
  record RawNumber(String text) {}

  /** A map with keys in order, duplicates allowed; a key is a String or an Integer (CBOR). */
  record Entries(List<Object[]> entries) {
    Entries() {
      this(new ArrayList<>());
    }

    Entries put(Object key, Object value) {
      entries.add(new Object[] {key, value});
      return this;
    }
  }

  private static final String[] LABELS = {
    "bs", "bv", "bu", "bt", "bn", "bver", "n", "u", "v", "vs", "vb", "s", "t", "ut", "vd"
  };

  private static Object pack(SplittableRandom random, boolean cbor) {
    int shape = random.nextInt(40);
    if (shape == 0) {
      return record(random, cbor);
    }
    if (shape == 1) {
      return anyValue(random, 1);
    }
    List<Object> records = new ArrayList<>();
    int count = random.nextInt(6);
    for (int i = 0; i < count; i++) {
      records.add(random.nextInt(30) == 0 ? anyValue(random, 1) : record(random, cbor));
    }
    return records;
  }

  private static Entries record(SplittableRandom random, boolean cbor) {
    Entries record = new Entries();
    Map<String, Object> fields = new LinkedHashMap<>();
    if (random.nextInt(3) == 0) {
      fields.put(
          "bn", pick(random, "m-1:", "m-2/", "m-3-", "urn:dev:ow:10e2073a01080063:", "m", ""));
    }
    if (random.nextInt(4) == 0) {
      fields.put("bt", pick(random, 1_763_999_940.0, 1_763_999_940L, -10L, 268_435_456L, 0.5));
    }
    if (random.nextInt(4) == 0) {
      fields.put("bu", pick(random, "W", "%RH", "V", "km/h", "°C", ""));
    }
    if (random.nextInt(6) == 0) {
      fields.put("bv", pick(random, 10L, 0.25, 1e308));
    }
    if (random.nextInt(8) == 0) {
      fields.put("bs", pick(random, 100L, 1e308));
    }
    if (random.nextInt(8) == 0) {
      fields.put("bver", pick(random, 10L, 5L, 11L, 0L, 1.5, 10.0));
    }
    if (random.nextInt(5) != 0) {
      fields.put("n", pick(random, "power_w", "current", "connected", "p", "x/y.z", "", "a b"));
    }
    if (random.nextInt(5) == 0) {
      fields.put("u", pick(random, "W", "A", "%EL", "lon", "m/s²"));
    }
    switch (random.nextInt(8)) {
      case 0, 1, 2, 3 -> fields.put("v", number(random));
      case 4 -> fields.put("vb", random.nextBoolean());
      case 5 -> fields.put("vs", pick(random, "1.4.2", ""));
      case 6 -> fields.put("vd", cbor ? new byte[] {1, 2} : "AQI");
      default -> {}
    }
    if (random.nextInt(6) == 0) {
      fields.put("s", number(random));
    }
    if (random.nextInt(3) == 0) {
      fields.put("t", pick(random, -10L, 0L, 30L, 5.5, 1_763_999_970L, -268_435_457.0));
    }
    if (random.nextInt(10) == 0) {
      fields.put("ut", pick(random, 60L, 0.5));
    }
    for (Map.Entry<String, Object> field : fields.entrySet()) {
      Object value = field.getValue();
      if (random.nextInt(25) == 0) {
        value = anyValue(random, 1); // a wrong type, now and then
      }
      record.put(label(random, field.getKey(), cbor), value);
    }
    switch (random.nextInt(30)) {
      case 0 -> record.put(pick(random, "new_", "x_", "_"), 1L);
      case 1 -> record.put(pick(random, "foo", "v2", "-"), anyValue(random, 2));
      case 2 -> record.put(label(random, pick(random, LABELS), !cbor), 1L); // maybe a duplicate
      case 3 -> {
        if (cbor) {
          record.put(pick(random, 99, -7, 9, -100), anyValue(random, 1)); // unregistered
        }
      }
      case 4 -> {
        if (cbor) {
          record.put(pick(random, "1x", "-", "00", "-0", "+1", "٣", "99999999999"), 1L);
        }
      }
      default -> {}
    }
    if (random.nextInt(20) == 0) {
      // A field twice (JSON: malformed; CBOR: integer and text label, or twice the same).
      Object[] first = record.entries().isEmpty() ? null : record.entries().get(0);
      if (first != null) {
        record.put(first[0], first[1]);
      }
    }
    return record;
  }

  /** In CBOR mostly the integer label, sometimes the text one. */
  private static Object label(SplittableRandom random, String label, boolean cbor) {
    if (!cbor || random.nextInt(8) == 0) {
      return label;
    }
    return Arrays.asList(LABELS).indexOf(label) - 6;
  }

  private static Object number(SplittableRandom random) {
    return switch (random.nextInt(14)) {
      case 0 -> Double.NaN;
      case 1 -> Double.POSITIVE_INFINITY;
      case 2 -> new RawNumber("1e999");
      case 3 -> 1e308;
      case 4 -> new BigInteger("123456789012345678901234567890");
      case 5 -> -0.0;
      case 6 -> 1.5f;
      case 7 -> (long) random.nextInt(100_000);
      case 8 -> Long.MAX_VALUE;
      default -> Math.round(random.nextDouble() * 1e6) / 100.0;
    };
  }

  private static Object anyValue(SplittableRandom random, int depth) {
    int kind = random.nextInt(depth > 2 ? 8 : 10);
    return switch (kind) {
      case 0 -> null;
      case 1 -> random.nextBoolean();
      case 2 -> "text";
      case 3 -> number(random);
      case 4 -> (long) random.nextInt(10);
      case 5 -> new byte[] {7};
      case 6 -> new BigDecimal("273.15");
      case 7 -> "";
      case 8 -> {
        List<Object> list = new ArrayList<>();
        for (int i = random.nextInt(3); i > 0; i--) {
          list.add(anyValue(random, depth + 1));
        }
        yield list;
      }
      default -> {
        Entries map = new Entries();
        for (int i = random.nextInt(3); i > 0; i--) {
          map.put(pick(random, "a", "b", "c_"), anyValue(random, depth + 1));
        }
        yield map;
      }
    };
  }

  private static Object flatObject(SplittableRandom random) {
    if (random.nextInt(40) == 0) {
      return anyValue(random, 1);
    }
    Entries object = new Entries();
    List<Object[]> fields = new ArrayList<>();
    if (random.nextInt(3) != 0) {
      fields.add(new Object[] {"sensor_id", pick(random, "m-1", "m-2", "", 5L, null)});
    }
    if (random.nextInt(4) != 0) {
      fields.add(
          new Object[] {
            "timestamp",
            pick(
                random,
                "2025-11-24T15:59:30Z",
                "2025-11-24T16:59:30.250+01:00",
                "2025-11-24t15:59:30z",
                "2025-11-24 16:00",
                "yesterday",
                1_763_999_970L,
                1_763_999_970.5,
                1_763_999_970_123L,
                99_999_999_999L,
                100_000_000_000L,
                1_763_999_970_123.7,
                -5.5,
                new BigInteger("92233720368547758070"),
                new RawNumber("1e999"),
                Double.NaN,
                true,
                null)
          });
    }
    if (random.nextInt(3) == 0) {
      fields.add(new Object[] {"connected", pick(random, true, false, "yes", null, 1L)});
    }
    for (int i = random.nextInt(5); i > 0; i--) {
      fields.add(
          new Object[] {
            pick(random, "power_w", "energy_wh", "voltage_v", "firmware", "ok", "extra"),
            random.nextInt(3) == 0 ? anyValue(random, 1) : number(random)
          });
    }
    java.util.Collections.shuffle(fields, new java.util.Random(random.nextLong()));
    for (Object[] field : fields) {
      object.put(field[0], field[1]);
    }
    return object;
  }

  @SafeVarargs
  private static <T> T pick(SplittableRandom random, T... choices) {
    return choices[random.nextInt(choices.length)];
  }

  /** JSON text of the value model, written by hand so duplicates and NaN can be written. */
  private static final class JsonText {
    static byte[] write(Object value) {
      StringBuilder out = new StringBuilder();
      write(value, out);
      return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void write(Object value, StringBuilder out) {
      if (value == null) {
        out.append("null");
      } else if (value instanceof String s) {
        out.append('"').append(s.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
      } else if (value instanceof Double d) {
        out.append(d.isNaN() ? "NaN" : d.isInfinite() ? (d > 0 ? "Infinity" : "-Infinity") : d);
      } else if (value instanceof RawNumber raw) {
        out.append(raw.text());
      } else if (value instanceof byte[] bytes) {
        out.append('"').append(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
        out.append('"');
      } else if (value instanceof List<?> list) {
        out.append('[');
        for (int i = 0; i < list.size(); i++) {
          out.append(i == 0 ? "" : ",");
          write(list.get(i), out);
        }
        out.append(']');
      } else if (value instanceof Entries map) {
        out.append('{');
        for (int i = 0; i < map.entries().size(); i++) {
          out.append(i == 0 ? "" : ",");
          write(String.valueOf(map.entries().get(i)[0]), out);
          out.append(':');
          write(map.entries().get(i)[1], out);
        }
        out.append('}');
      } else {
        out.append(value); // Long, Float, BigInteger, BigDecimal, Boolean
      }
    }
  }

  /** CBOR of the value model; integer keys as CBOR integers. */
  private static final class CborBytes {
    private static final CBORFactory FACTORY = new CBORFactory();

    static byte[] write(Object value) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try (CBORGenerator generator = FACTORY.createGenerator(out)) {
        write(value, generator);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return out.toByteArray();
    }

    private static void write(Object value, CBORGenerator g) throws IOException {
      if (value == null) {
        g.writeNull();
      } else if (value instanceof String s) {
        g.writeString(s);
      } else if (value instanceof Double d) {
        g.writeNumber(d);
      } else if (value instanceof Float f) {
        g.writeNumber(f);
      } else if (value instanceof Long l) {
        g.writeNumber(l);
      } else if (value instanceof BigInteger b) {
        g.writeNumber(b);
      } else if (value instanceof BigDecimal b) {
        g.writeNumber(b);
      } else if (value instanceof RawNumber raw) {
        g.writeNumber(Double.parseDouble(raw.text()));
      } else if (value instanceof Boolean b) {
        g.writeBoolean(b);
      } else if (value instanceof byte[] bytes) {
        g.writeBinary(bytes);
      } else if (value instanceof List<?> list) {
        g.writeStartArray(null, list.size());
        for (Object element : list) {
          write(element, g);
        }
        g.writeEndArray();
      } else if (value instanceof Entries map) {
        g.writeStartObject(null, map.entries().size());
        for (Object[] entry : map.entries()) {
          if (entry[0] instanceof Integer id) {
            g.writeFieldId(id);
          } else {
            g.writeFieldName((String) entry[0]);
          }
          write(entry[1], g);
        }
        g.writeEndObject();
      } else {
        throw new IllegalArgumentException("no CBOR for " + value.getClass());
      }
    }
  }
}
