package dev.iotpipeline.streams.service;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletionStage;

import org.apache.kafka.streams.state.HostInfo;

/**
 * Sends a query to the instance that owns its key and hands back that instance's answer as it came.
 * The request is marked as forwarded, so that the owner answers it from its own stores even if
 * ownership moved meanwhile: a query is forwarded at most once, never in a loop.
 */
public final class PeerQueries {

  /** Marks a forwarded query; its value names the instance that forwarded it. */
  public static final String FORWARDED_BY = "X-Iot-Forwarded-By";

  /** Names the instance that answered a forwarded query. */
  public static final String SERVED_BY = "X-Iot-Served-By";

  /** What the owner answered: its status, content type and body, unchanged. */
  public record Answer(int status, String contentType, byte[] body, String servedBy) {}

  /** The owner could not be asked or did not answer in time. */
  public static final class PeerUnavailableException extends RuntimeException {
    public PeerUnavailableException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private final HttpClient client;
  private final Duration timeout;
  private final String self;

  /**
   * @param timeout for the whole exchange with the owner
   * @param self this instance's {@code host:port}, sent in {@link #FORWARDED_BY}
   */
  public PeerQueries(Duration timeout, String self) {
    this.client =
        HttpClient.newBuilder()
            .connectTimeout(timeout)
            .version(HttpClient.Version.HTTP_1_1)
            .build();
    this.timeout = timeout;
    this.self = self;
  }

  /** {@code host:port}, as instances are named in logs, errors and headers. */
  public static String address(HostInfo instance) {
    return instance.host() + ":" + instance.port();
  }

  /**
   * GETs {@code path?query} from the instance (neither URL-encoded: they are encoded here; query
   * null for none).
   *
   * <p>The stage fails with {@link PeerUnavailableException} when the instance does not answer.
   */
  public CompletionStage<Answer> get(HostInfo owner, String path, String query) {
    String address = address(owner);
    HttpRequest request =
        HttpRequest.newBuilder(uri(owner, path, query))
            .timeout(timeout)
            .header(FORWARDED_BY, self)
            .header("Accept", "application/json")
            .GET()
            .build();
    return client
        .sendAsync(request, HttpResponse.BodyHandlers.ofByteArray())
        .handle(
            (response, failure) -> {
              if (failure != null) {
                throw new PeerUnavailableException(
                    "The instance holding this state, "
                        + address
                        + ", did not answer: "
                        + rootMessage(failure),
                    failure);
              }
              return new Answer(
                  response.statusCode(),
                  response.headers().firstValue("Content-Type").orElse("application/json"),
                  response.body(),
                  address);
            });
  }

  private static URI uri(HostInfo owner, String path, String query) {
    try {
      return new URI("http", null, owner.host(), owner.port(), path, query, null);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("Not a path to forward: " + path, e);
    }
  }

  private static String rootMessage(Throwable failure) {
    Throwable root = failure;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.getClass().getSimpleName() : root.toString();
  }
}
