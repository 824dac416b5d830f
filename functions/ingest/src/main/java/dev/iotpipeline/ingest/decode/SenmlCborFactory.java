package dev.iotpipeline.ingest.decode;

import java.io.IOException;

import com.fasterxml.jackson.core.ObjectCodec;
import com.fasterxml.jackson.core.io.IOContext;
import com.fasterxml.jackson.core.sym.ByteQuadsCanonicalizer;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.CBORParser;

/**
 * CBOR parsers that name the small integer map keys of SenML (RFC 8428 §6: -6 to 8) with shared
 * strings. Jackson reports an integer key as the name {@code String.valueOf(key)}, a new string per
 * key: in a SenML CBOR pack, where every label is such a key, that was a sixth of the decoding.
 * Everything else is {@link CBORFactory}'s, and the names are the same text.
 */
final class SenmlCborFactory extends CBORFactory {

  private static final long serialVersionUID = 1L;

  /** Keys 0..23 and -1..-24, the integers a CBOR initial byte holds itself. */
  private static final String[] NON_NEGATIVE = new String[24];

  private static final String[] NEGATIVE = new String[24];

  static {
    for (int i = 0; i < 24; i++) {
      NON_NEGATIVE[i] = String.valueOf(i);
      NEGATIVE[i] = String.valueOf(-i - 1);
    }
  }

  /** As {@code CBORFactory._createParser(byte[], ...)} and its bootstrapper build the parser. */
  @Override
  protected CBORParser _createParser(byte[] data, int offset, int len, IOContext context)
      throws IOException {
    _streamReadConstraints.validateDocumentLength(len);
    return new SharedNamesParser(
        context,
        _parserFeatures,
        _formatParserFeatures,
        _objectCodec,
        _byteSymbolCanonicalizer.makeChildOrPlaceholder(_factoryFeatures),
        data,
        offset,
        offset + len);
  }

  private static final class SharedNamesParser extends CBORParser {

    SharedNamesParser(
        IOContext context,
        int parserFeatures,
        int formatFeatures,
        ObjectCodec codec,
        ByteQuadsCanonicalizer symbols,
        byte[] data,
        int start,
        int end) {
      super(context, parserFeatures, formatFeatures, codec, symbols, null, data, start, end, false);
    }

    /**
     * An integer held in the initial byte (low bits up to 23), not a string reference (tag 25): the
     * shared string of its value. Anything else as Jackson reads it.
     */
    @Override
    protected String _numberToName(int initialByte, boolean negative, TagList tags)
        throws IOException {
      int low = initialByte & 0x1F;
      if (low <= 23 && !tags.contains(25)) {
        return negative ? NEGATIVE[low] : NON_NEGATIVE[low];
      }
      return super._numberToName(initialByte, negative, tags);
    }
  }
}
