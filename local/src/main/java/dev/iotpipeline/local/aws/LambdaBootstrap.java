package dev.iotpipeline.local.aws;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;

/**
 * What the AWS Lambda Java runtime does inside a function's execution environment, in one small
 * class: it instantiates the function's handler (the same {@code RequestStreamHandler} class that
 * Lambda is configured with, e.g. {@code io.quarkus.funqy.lambda.FunqyStreamHandler}), then loops
 * over the Runtime API at {@code AWS_LAMBDA_RUNTIME_API}. It runs in the function's process, on the
 * function's own class path, and uses nothing but the JDK and the Lambda {@code Context} interface.
 */
public final class LambdaBootstrap {

  private LambdaBootstrap() {}

  public static void main(String[] args) throws Exception {
    String api = System.getenv("AWS_LAMBDA_RUNTIME_API");
    String base = "http://" + api + "/2018-06-01/runtime/";
    RequestStreamHandler handler;
    try {
      handler =
          (RequestStreamHandler) Class.forName(args[0]).getDeclaredConstructor().newInstance();
    } catch (Throwable t) {
      t.printStackTrace();
      post(new URL(base + "init/error"), errorJson(t), true);
      System.exit(1);
      return;
    }
    while (true) {
      HttpURLConnection next;
      byte[] event;
      try {
        next = (HttpURLConnection) new URL(base + "invocation/next").openConnection();
        next.setReadTimeout(0);
        if (next.getResponseCode() != 200) {
          next.getErrorStream().readAllBytes();
          continue;
        }
        try (InputStream in = next.getInputStream()) {
          event = in.readAllBytes();
        }
      } catch (ConnectException e) {
        System.err.println("Runtime API at " + api + " is gone: stopping");
        System.exit(0);
        return;
      }
      String requestId = next.getHeaderField("Lambda-Runtime-Aws-Request-Id");
      long deadline = Long.parseLong(next.getHeaderField("Lambda-Runtime-Deadline-Ms"));
      String arn = next.getHeaderField("Lambda-Runtime-Invoked-Function-Arn");
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try {
        handler.handleRequest(
            new ByteArrayInputStream(event), out, new LocalContext(requestId, deadline, arn));
        post(new URL(base + "invocation/" + requestId + "/response"), out.toByteArray(), false);
      } catch (Throwable t) {
        t.printStackTrace();
        post(new URL(base + "invocation/" + requestId + "/error"), errorJson(t), true);
      }
    }
  }

  private static void post(URL url, byte[] body, boolean error) throws IOException {
    HttpURLConnection connection = (HttpURLConnection) url.openConnection();
    connection.setRequestMethod("POST");
    connection.setDoOutput(true);
    connection.setRequestProperty("Content-Type", "application/json");
    if (error) {
      connection.setRequestProperty("Lambda-Runtime-Function-Error-Type", "Unhandled");
    }
    try (OutputStream out = connection.getOutputStream()) {
      out.write(body);
    }
    int status = connection.getResponseCode();
    try (InputStream in =
        status < 400 ? connection.getInputStream() : connection.getErrorStream()) {
      if (in != null) {
        in.readAllBytes();
      }
    }
  }

  private static byte[] errorJson(Throwable t) {
    StringWriter trace = new StringWriter();
    t.printStackTrace(new PrintWriter(trace));
    String json =
        "{\"errorType\":\"%s\",\"errorMessage\":\"%s\",\"stackTrace\":[\"%s\"]}"
            .formatted(
                escape(t.getClass().getName()),
                escape(String.valueOf(t.getMessage())),
                escape(
                    trace
                        .toString()
                        .lines()
                        .limit(20)
                        .reduce((a, b) -> a + "\",\"" + b)
                        .orElse("")));
    return json.getBytes(StandardCharsets.UTF_8);
  }

  private static String escape(String s) {
    StringBuilder b = new StringBuilder();
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.toString();
  }

  /** The invocation context, from the Runtime API's headers and the process environment. */
  private record LocalContext(String requestId, long deadline, String arn) implements Context {

    @Override
    public String getAwsRequestId() {
      return requestId;
    }

    @Override
    public String getLogGroupName() {
      return "/aws/lambda/" + getFunctionName();
    }

    @Override
    public String getLogStreamName() {
      return "local";
    }

    @Override
    public String getFunctionName() {
      return System.getenv().getOrDefault("AWS_LAMBDA_FUNCTION_NAME", "function");
    }

    @Override
    public String getFunctionVersion() {
      return "$LATEST";
    }

    @Override
    public String getInvokedFunctionArn() {
      return arn;
    }

    @Override
    public CognitoIdentity getIdentity() {
      return null;
    }

    @Override
    public ClientContext getClientContext() {
      return null;
    }

    @Override
    public int getRemainingTimeInMillis() {
      return (int) Math.max(0, deadline - System.currentTimeMillis());
    }

    @Override
    public int getMemoryLimitInMB() {
      return Integer.parseInt(
          System.getenv().getOrDefault("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "512"));
    }

    @Override
    public LambdaLogger getLogger() {
      return new LambdaLogger() {
        @Override
        public void log(String message) {
          System.out.println(message);
        }

        @Override
        public void log(byte[] message) {
          System.out.println(new String(message, StandardCharsets.UTF_8));
        }
      };
    }
  }
}
