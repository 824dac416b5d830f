package dev.iotpipeline.streams.store;

/**
 * Filters and paging of {@code GET /api/alerts}; null filters match everything.
 *
 * @param from event time from (inclusive), epoch ms
 * @param to event time to (exclusive), epoch ms
 * @param page zero-based page index
 * @param size page size (1..1000)
 */
public record AlertQuery(
    String sensor,
    String type,
    String severity,
    String status,
    Long from,
    Long to,
    int page,
    int size) {}
