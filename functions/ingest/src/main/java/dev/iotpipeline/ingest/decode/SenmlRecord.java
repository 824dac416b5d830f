package dev.iotpipeline.ingest.decode;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.node.JsonNodeType;

import dev.iotpipeline.contracts.DeadLetterReason;

/**
 * The fields of one SenML record, read once from the parser (one instance is reused for all the
 * records of a pack). Only the registered labels are kept; for each, the type the value's tree node
 * would have and its number, text or boolean. What breaks the labels themselves (a CBOR integer
 * label that is not one, a label given twice, a must-understand label) is noted while reading and
 * reported by {@link #checkLabels}, before any field is looked at, as the tree-walking decoder did.
 */
final class SenmlRecord implements Json.Names {

  // Indexes of the labels: CBOR label + 6 (RFC 8428 §6, Table 4).
  static final int BS = 0;
  static final int BV = 1;
  static final int BU = 2;
  static final int BT = 3;
  static final int BN = 4;
  static final int BVER = 5;
  static final int N = 6;
  static final int U = 7;
  static final int V = 8;
  static final int VS = 9;
  static final int VB = 10;
  static final int S = 11;
  static final int T = 12;
  static final int UT = 13;
  static final int VD = 14;

  /** The JSON labels by index. */
  private static final String[] LABELS = {
    "bs", "bv", "bu", "bt", "bn", "bver", "n", "u", "v", "vs", "vb", "s", "t", "ut", "vd"
  };

  /** Not a registered label (unknown text label, or unregistered CBOR integer). */
  private static final int UNKNOWN = -1;

  /** A CBOR name that starts like a number but is none. */
  private static final int NOT_A_LABEL = -2;

  private final boolean cbor;

  /** Bit i set: label i present in this record (its type, number, text, boolean are set). */
  private int present;

  private final JsonNodeType[] types = new JsonNodeType[LABELS.length];
  private final double[] numbers = new double[LABELS.length];
  private final String[] texts = new String[LABELS.length];
  private final boolean[] booleans = new boolean[LABELS.length];

  /** The first problem with the labels, after "record i", or null. */
  private String labelProblem;

  /** The first must-understand label (RFC 8428 §4.4), or null. */
  private String mustUnderstand;

  /**
   * The name that first gave each label, as given (for CBOR "-2" and "bn" differ), and all other
   * names read in this record: what a repeated name is looked for in.
   */
  private final String[] firstNames = new String[LABELS.length];

  private final List<String> otherNames = new ArrayList<>(4);

  /** The label index of the name {@link #isDuplicate} was last asked about. */
  private int lastIndex;

  /**
   * @param cbor whether labels may be CBOR integers (which the CBOR parser reports as names such as
   *     {@code "-2"})
   */
  SenmlRecord(boolean cbor) {
    this.cbor = cbor;
  }

  /** Reads the record whose start the parser stands on, to its end. */
  void read(JsonParser p) throws IOException {
    present = 0;
    otherNames.clear();
    labelProblem = null;
    mustUnderstand = null;
    String name;
    while ((name = Json.nextFieldName(p, this)) != null) {
      JsonToken token = p.nextToken();
      int index = lastIndex;
      if (index < 0) {
        if (index == NOT_A_LABEL) {
          noteLabelProblem(": label '" + Timestamps.abbreviate(name) + "' is not a SenML label");
        } else if (mustUnderstand == null && name.endsWith("_")) {
          mustUnderstand = name;
        }
        Json.readValue(p, token);
        continue;
      }
      int bit = 1 << index;
      if ((present & bit) != 0) {
        noteLabelProblem(" carries label '" + LABELS[index] + "' twice");
      }
      present |= bit;
      switch (token) {
        case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
          types[index] = JsonNodeType.NUMBER;
          numbers[index] = Json.number(p, token);
        }
        case VALUE_STRING -> {
          types[index] = JsonNodeType.STRING;
          texts[index] = p.getText();
        }
        case VALUE_TRUE, VALUE_FALSE -> {
          types[index] = JsonNodeType.BOOLEAN;
          booleans[index] = token == JsonToken.VALUE_TRUE;
        }
        default -> types[index] = Json.readValue(p, token);
      }
    }
  }

  /**
   * Whether the record had this name already (which the parser would have rejected). Equal names
   * map to equal labels, so a name whose label this record does not have yet is new, and the usual
   * record costs no comparison. Also notes the name's label index for {@link #read}, so it is
   * computed once.
   */
  @Override
  public boolean isDuplicate(String name) {
    int index = cbor ? cborIndex(name) : indexOf(name);
    lastIndex = index;
    if (index >= 0 && (present & (1 << index)) == 0) {
      firstNames[index] = name;
      return false;
    }
    boolean duplicate = (index >= 0 && name.equals(firstNames[index])) || otherNames.contains(name);
    otherNames.add(name);
    return duplicate;
  }

  /**
   * The index of a CBOR label: an integer (reported as its decimal text) or a text label. Any name
   * that starts like a number must be a registered integer label; unregistered integers are
   * ignored, they cannot be must-understand.
   */
  private static int cborIndex(String name) {
    switch (name) {
      case "-6":
        return BS;
      case "-5":
        return BV;
      case "-4":
        return BU;
      case "-3":
        return BT;
      case "-2":
        return BN;
      case "-1":
        return BVER;
      case "0":
        return N;
      case "1":
        return U;
      case "2":
        return V;
      case "3":
        return VS;
      case "4":
        return VB;
      case "5":
        return S;
      case "6":
        return T;
      case "7":
        return UT;
      case "8":
        return VD;
      default:
        break;
    }
    if (!name.isEmpty() && (name.charAt(0) == '-' || Character.isDigit(name.charAt(0)))) {
      int index;
      try {
        // Integer.parseInt, as before: it also reads non-ASCII digits.
        index = Integer.parseInt(name) + 6;
      } catch (NumberFormatException e) {
        return NOT_A_LABEL;
      }
      return index >= 0 && index < LABELS.length ? index : UNKNOWN;
    }
    return indexOf(name);
  }

  private static int indexOf(String label) {
    return switch (label) {
      case "bs" -> BS;
      case "bv" -> BV;
      case "bu" -> BU;
      case "bt" -> BT;
      case "bn" -> BN;
      case "bver" -> BVER;
      case "n" -> N;
      case "u" -> U;
      case "v" -> V;
      case "vs" -> VS;
      case "vb" -> VB;
      case "s" -> S;
      case "t" -> T;
      case "ut" -> UT;
      case "vd" -> VD;
      default -> UNKNOWN;
    };
  }

  private void noteLabelProblem(String problem) {
    if (labelProblem == null) {
      labelProblem = problem;
    }
  }

  /** Rejects the record for its labels: a broken or repeated label, then a must-understand one. */
  void checkLabels(int i) throws PayloadRejectedException {
    if (labelProblem != null) {
      throw SenmlDecoder.invalid("record " + i + labelProblem);
    }
    if (mustUnderstand != null) {
      throw SenmlDecoder.invalid(
          "record "
              + i
              + " has must-understand field '"
              + Timestamps.abbreviate(mustUnderstand)
              + "' (RFC 8428 §4.4)");
    }
  }

  boolean has(int label) {
    return (present & (1 << label)) != 0;
  }

  /** The type of a present field's value (its tree node's type). */
  JsonNodeType type(int label) {
    return types[label];
  }

  boolean bool(int label) {
    return booleans[label];
  }

  /** A present field that must be a finite number. */
  double number(int label, int i) throws PayloadRejectedException {
    if (types[label] != JsonNodeType.NUMBER) {
      throw SenmlDecoder.invalid(
          "record " + i + ": " + LABELS[label] + " must be a number, not " + types[label]);
    }
    double value = numbers[label];
    if (!Double.isFinite(value)) {
      DeadLetterReason reason =
          label == V || label == S || label == BV || label == BS
              ? DeadLetterReason.NON_FINITE_VALUE
              : DeadLetterReason.INVALID_SENML;
      throw new PayloadRejectedException(
          reason, "record " + i + ": " + LABELS[label] + " is " + value + ", not a finite number");
    }
    return value;
  }

  /** A present field that must be a string. */
  String text(int label, int i) throws PayloadRejectedException {
    if (types[label] != JsonNodeType.STRING) {
      throw SenmlDecoder.invalid(
          "record " + i + ": " + LABELS[label] + " must be a string, not " + types[label]);
    }
    return texts[label];
  }
}
