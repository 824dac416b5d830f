package dev.iotpipeline.archive.service;

/** Where archive objects go (S3 in production). */
public interface ArchiveStore {

  /**
   * Writes (or overwrites) one object.
   *
   * @param key the object key
   * @param gzipJsonLines the gzip-compressed JSON Lines
   */
  void put(String key, byte[] gzipJsonLines);
}
