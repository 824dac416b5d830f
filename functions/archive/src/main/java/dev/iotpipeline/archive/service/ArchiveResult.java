package dev.iotpipeline.archive.service;

import java.util.List;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * What one invocation archived.
 *
 * @param records records in the batch
 * @param unparsed of which archived under {@code unparsed/}
 * @param objectKeys the S3 objects written, in write order
 */
@RegisterForReflection
public record ArchiveResult(int records, int unparsed, List<String> objectKeys) {}
