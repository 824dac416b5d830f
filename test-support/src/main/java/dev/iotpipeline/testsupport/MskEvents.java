package dev.iotpipeline.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.iotpipeline.contracts.ContractJson;
import dev.iotpipeline.contracts.msk.MskRecords;

/**
 * MSK trigger events for tests: AWS's documented sample as-is, or built from it (same envelope and
 * the same header) with the pipeline's own record values.
 */
public final class MskEvents {

  public static final String AWS_SAMPLE = "/events/msk/aws-sample.json";

  private MskEvents() {}

  /** AWS's documented sample event, unchanged. */
  public static String awsSample() {
    try (InputStream in = MskEvents.class.getResourceAsStream(AWS_SAMPLE)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One record to put into an event. */
  public record Rec(
      String topic, int partition, long offset, long timestamp, String key, byte[] value) {
    public static Rec json(
        String topic, int partition, long offset, long timestamp, String key, Object v) {
      try {
        return new Rec(
            topic, partition, offset, timestamp, key, ContractJson.mapper().writeValueAsBytes(v));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /**
   * AWS's sample with its records replaced by these; each record keeps the sample's header and adds
   * a {@code source} header. Records are grouped by topic-partition as Lambda does.
   */
  public static String build(List<Rec> records) {
    try {
      ObjectNode event = (ObjectNode) ContractJson.mapper().readTree(awsSample());
      JsonNode sampleRecord = event.get("records").elements().next().get(0);
      ObjectNode grouped = ContractJson.mapper().createObjectNode();
      for (Rec rec : records) {
        ObjectNode record = sampleRecord.deepCopy();
        record.put("topic", rec.topic());
        record.put("partition", rec.partition());
        record.put("offset", rec.offset());
        record.put("timestamp", rec.timestamp());
        record.put("key", MskRecords.encode(rec.key().getBytes(StandardCharsets.UTF_8)));
        record.put("value", MskRecords.encode(rec.value()));
        ArrayNode headers = (ArrayNode) record.get("headers");
        ArrayNode source = headers.addObject().putArray("source");
        for (int b : MskRecords.headerValue("test".getBytes(StandardCharsets.UTF_8))) {
          source.add(b);
        }
        String group = rec.topic() + "-" + rec.partition();
        if (!grouped.has(group)) {
          grouped.putArray(group);
        }
        ((ArrayNode) grouped.get(group)).add(record);
      }
      event.set("records", grouped);
      return ContractJson.mapper().writeValueAsString(event);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
