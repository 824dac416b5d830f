package dev.iotpipeline.streams.model;

import dev.iotpipeline.contracts.Severity;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * An open alert episode of one (sensor, rule, metric).
 *
 * @param alertId the episode's deterministic id
 * @param startedAt when it started (event time, or wall clock for SILENCE)
 * @param severity the highest severity raised in it
 * @param clearingSince when the condition was first seen clear again, or null while it holds
 */
@RegisterForReflection
public record EpisodeState(String alertId, long startedAt, Severity severity, Long clearingSince) {}
