package dev.iotpipeline.streams.api;

final class Paging {

  static final int MAX_SIZE = 1000;

  private Paging() {}

  static void check(int page, int size) {
    if (page < 0) {
      throw new IllegalArgumentException("page must be 0 or more, not " + page);
    }
    if (size < 1 || size > MAX_SIZE) {
      throw new IllegalArgumentException(
          "size must be between 1 and " + MAX_SIZE + ", not " + size);
    }
  }
}
