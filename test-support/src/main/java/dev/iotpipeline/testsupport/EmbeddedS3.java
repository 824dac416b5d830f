package dev.iotpipeline.testsupport;

import java.net.URI;
import java.nio.file.Path;

import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;

/**
 * A real S3-compatible server (S3Proxy) speaking the S3 REST API with AWS SigV4 authentication.
 * {@link #start()} gives the JVM's shared in-memory server on a free port; {@link #start(int,
 * Path)} a server that keeps its objects in a folder. Clients must use path-style access.
 */
public final class EmbeddedS3 {

  public static final String ACCESS_KEY = "test-access-key";
  public static final String SECRET_KEY = "test-secret-key";
  public static final String REGION = "us-east-1";

  private static EmbeddedS3 instance;

  private final S3Proxy proxy;
  private final BlobStore blobStore;
  private final URI endpoint;

  private EmbeddedS3(S3Proxy proxy, BlobStore blobStore, URI endpoint) {
    this.proxy = proxy;
    this.blobStore = blobStore;
    this.endpoint = endpoint;
  }

  /** Starts the shared in-memory server on first use; later calls return the running one. */
  public static synchronized EmbeddedS3 start() {
    if (instance == null) {
      instance = start(new TransientNio2BlobStore(), FreePorts.next());
      Runtime.getRuntime().addShutdownHook(new Thread(instance::stop, "embedded-s3-stop"));
    }
    return instance;
  }

  /** Starts a server on the given loopback port that keeps its buckets under {@code folder}. */
  public static EmbeddedS3 start(int port, Path folder) {
    return start(new FilesystemNio2BlobStore(folder.toAbsolutePath().toString()), port);
  }

  private static EmbeddedS3 start(BlobStore blobStore, int port) {
    URI endpoint = URI.create("http://127.0.0.1:" + port);
    S3Proxy proxy =
        S3Proxy.builder()
            .blobStore(blobStore)
            .endpoint(endpoint)
            .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
            .build();
    try {
      proxy.start();
      while (!proxy.getState().equals("STARTED")) {
        Thread.sleep(10);
      }
    } catch (Exception e) {
      throw new IllegalStateException("The S3 server did not start on port " + port, e);
    }
    return new EmbeddedS3(proxy, blobStore, endpoint);
  }

  /** The endpoint override for S3 clients. */
  public URI endpoint() {
    return endpoint;
  }

  /** Creates a bucket if it does not exist. */
  public void createBucket(String bucket) {
    if (!blobStore.containerExists(bucket)) {
      blobStore.createContainer(bucket);
    }
  }

  /** Stops the server. */
  public void stop() {
    try {
      proxy.stop();
    } catch (Exception e) {
      System.err.println("Embedded S3 did not stop cleanly: " + e);
    }
  }
}
