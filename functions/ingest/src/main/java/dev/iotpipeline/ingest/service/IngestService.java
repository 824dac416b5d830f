package dev.iotpipeline.ingest.service;

import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.clients.producer.ProducerRecord;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.iotpipeline.contracts.CanonicalReading;
import dev.iotpipeline.contracts.ContractJson;
import dev.iotpipeline.contracts.DeadLetterReason;
import dev.iotpipeline.contracts.DevicePresence;
import dev.iotpipeline.ingest.model.IngestResult;
import dev.iotpipeline.ingest.model.RawMessage;
import io.micrometer.core.instrument.Timer;

/**
 * The ingest use case, whatever the trigger: translate one message, publish its readings (key =
 * sensor id, record timestamp = event time), presence changes or dead letter, and return once the
 * broker acknowledged all of them. Also the entry point of the local CoAP/MQTT/HTTP adapters.
 */
public final class IngestService {

  private final IngestTranslator translator;
  private final RecordPublisher publisher;
  private final IngestMetrics metrics;
  private final TopicNames topics;
  private final ObjectMapper mapper = ContractJson.mapper();

  public IngestService(
      IngestTranslator translator,
      RecordPublisher publisher,
      IngestMetrics metrics,
      TopicNames topics) {
    this.translator = translator;
    this.publisher = publisher;
    this.metrics = metrics;
    this.topics = topics;
  }

  /**
   * Ingests one message.
   *
   * @return what was published
   * @throws PublishException when the broker did not acknowledge every record (fail the invocation)
   */
  public IngestResult ingest(RawMessage message) {
    metrics.received();
    return publish(translator.translate(message));
  }

  /**
   * Records a message the trigger mapping already found wrong (e.g. a trigger event of an unknown
   * shape) in {@code iot-dlq}.
   */
  public IngestResult reject(RawMessage message, DeadLetterReason reason, String detail) {
    metrics.received();
    return publish(translator.reject(message, reason, detail));
  }

  private IngestResult publish(Translation translation) {
    List<ProducerRecord<String, byte[]>> records = records(translation);
    Timer.Sample sample = Timer.start();
    try {
      publisher.publishAll(records);
    } catch (PublishException e) {
      metrics.publishFailed();
      throw e;
    } finally {
      sample.stop(metrics.publishLatency());
    }
    if (translation.isAccepted()) {
      metrics.accepted(translation.readings().size());
      return new IngestResult(translation.readings().size(), translation.presences().size(), null);
    }
    metrics.rejected(translation.deadLetter().reason());
    return new IngestResult(0, 0, translation.deadLetter());
  }

  private List<ProducerRecord<String, byte[]>> records(Translation translation) {
    List<ProducerRecord<String, byte[]>> records =
        new ArrayList<>(translation.readings().size() + translation.presences().size() + 1);
    for (CanonicalReading reading : translation.readings()) {
      records.add(
          new ProducerRecord<>(
              topics.rawEvents(), null, reading.eventTime(), reading.sensorId(), json(reading)));
    }
    for (DevicePresence presence : translation.presences()) {
      records.add(
          new ProducerRecord<>(
              topics.devicePresence(),
              null,
              presence.eventTime(),
              presence.sensorId(),
              json(presence)));
    }
    if (translation.deadLetter() != null) {
      records.add(
          new ProducerRecord<>(
              topics.deadLetters(),
              null,
              translation.deadLetter().receivedAt(),
              translation.deadLetterKey(),
              json(translation.deadLetter())));
    }
    return records;
  }

  private byte[] json(Object record) {
    try {
      return mapper.writeValueAsBytes(record);
    } catch (JsonProcessingException e) {
      // The contract records always serialise; failing here is a bug, not bad input.
      throw new IllegalStateException("Could not serialise " + record, e);
    }
  }
}
