package dev.iotpipeline.contracts;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** WARNING and CRITICAL bounds of one metric; a null bound is not checked. */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ThresholdBounds(
    Double warningAbove, Double criticalAbove, Double warningBelow, Double criticalBelow) {}
