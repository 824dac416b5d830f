package dev.iotpipeline.streams.model;

import java.util.List;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A device's open sessions, oldest first (nearly always one), and the close time under which the
 * device is filed in the sessions' close index: never later than the earliest session's close, so
 * the index reaches the device in time however its sessions grew since.
 */
@RegisterForReflection
public record DeviceSessions(long filedAt, List<OpenSession> open) {}
