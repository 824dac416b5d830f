package dev.iotpipeline.contracts.msk;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The event a Lambda function receives from an Amazon MSK (or self-managed Kafka) event source
 * mapping, as the Lambda developer guide documents it ("Using Lambda with Amazon MSK").
 *
 * @param eventSource {@code aws:kafka} for MSK, {@code SelfManagedKafka} for a self-managed cluster
 * @param eventSourceArn the MSK cluster's ARN
 * @param bootstrapServers the cluster's bootstrap brokers, comma-separated
 * @param records the batch, grouped by {@code "<topic>-<partition>"}; each list in offset order
 */
@RegisterForReflection
@JsonIgnoreProperties(ignoreUnknown = true)
public record MskEvent(
    String eventSource,
    String eventSourceArn,
    String bootstrapServers,
    Map<String, List<MskRecord>> records) {}
