package dev.iotpipeline.archive.config;

import io.smallrye.config.ConfigMapping;

/** Settings of the archive function. */
@ConfigMapping(prefix = "archive")
public interface ArchiveConfig {

  /** The S3 bucket the archive is written to ({@code ARCHIVE_BUCKET}); required. */
  String bucket();
}
