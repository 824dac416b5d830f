package dev.iotpipeline.streams.api;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.ws.rs.core.Response;

import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.junit.jupiter.api.Test;

class ErrorMappersTest {

  private final ErrorMappers mappers = new ErrorMappers();

  @Test
  void storeThatStopsBeingQueryableMidRequestIsServiceUnavailableNotServerError() {
    Response response =
        mappers.storeMigrating(
            new InvalidStateStoreException(
                "Cannot get state store device-state because the stream thread is"
                    + " PARTITIONS_ASSIGNED, not RUNNING"));

    assertThat(response.getStatus()).isEqualTo(503);
    assertThat(((ErrorMappers.ErrorBody) response.getEntity()).error())
        .contains("not queryable")
        .contains("PARTITIONS_ASSIGNED");
  }

  @Test
  void badInputIsBadRequestWithItsMessage() {
    Response response = mappers.invalid(new IllegalArgumentException("limit must be 1..1000"));

    assertThat(response.getStatus()).isEqualTo(400);
    assertThat(((ErrorMappers.ErrorBody) response.getEntity()).error())
        .isEqualTo("limit must be 1..1000");
  }
}
