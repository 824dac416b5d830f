package dev.iotpipeline.fanout.service;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * What one invocation did.
 *
 * @param records records in the batch
 * @param delivered deliveries made now
 * @param alreadyDelivered deliveries skipped because an earlier attempt made them
 * @param notRouted alerts routed nowhere (INFO)
 */
@RegisterForReflection
public record FanoutResult(int records, int delivered, int alreadyDelivered, int notRouted) {}
