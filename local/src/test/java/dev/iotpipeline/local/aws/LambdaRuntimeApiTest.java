package dev.iotpipeline.local.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class LambdaRuntimeApiTest {

  @Test
  void shouldHandTheEventToThePollingFunctionAndReturnItsResponse() throws Exception {
    try (LambdaRuntimeApi api = new LambdaRuntimeApi("echo", 10);
        FakeFunction function = new FakeFunction(api, event -> "{\"echo\":" + event + "}")) {
      byte[] result =
          api.invoke("{\"n\":1}".getBytes(StandardCharsets.UTF_8)).get(10, TimeUnit.SECONDS);

      assertThat(new String(result, StandardCharsets.UTF_8)).isEqualTo("{\"echo\":{\"n\":1}}");
      assertThat(function.events).containsExactly("{\"n\":1}");
      assertThat(api.awaitReady(1, TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  void shouldSendTheRuntimeHeadersLambdaClientsRead() throws Exception {
    try (LambdaRuntimeApi api = new LambdaRuntimeApi("headers", 30)) {
      long before = System.currentTimeMillis();
      api.invoke("{}".getBytes(StandardCharsets.UTF_8));
      HttpResponse<String> next =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create(
                              "http://" + api.address() + "/2018-06-01/runtime/invocation/next"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());

      assertThat(next.statusCode()).isEqualTo(200);
      assertThat(next.headers().firstValue("Lambda-Runtime-Aws-Request-Id")).isPresent();
      assertThat(next.headers().firstValue("Lambda-Runtime-Invoked-Function-Arn"))
          .contains("arn:aws:lambda:us-east-1:000000000000:function:headers");
      long deadline =
          Long.parseLong(next.headers().firstValue("Lambda-Runtime-Deadline-Ms").orElseThrow());
      assertThat(deadline).isBetween(before + 29_000, System.currentTimeMillis() + 30_000);
    }
  }

  @Test
  void shouldFailTheInvocationWhenTheFunctionReportsAnError() throws Exception {
    try (LambdaRuntimeApi api = new LambdaRuntimeApi("failing", 10);
        FakeFunction function = new FakeFunction(api, event -> null)) {
      CompletableFuture<byte[]> result = api.invoke("{}".getBytes(StandardCharsets.UTF_8));

      assertThatThrownBy(() -> result.get(10, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .hasCauseInstanceOf(LambdaRuntimeApi.FunctionError.class)
          .hasMessageContaining("boom");
      assertThat(api.errors()).isEqualTo(1);
    }
  }

  @Test
  void shouldTimeOutAnInvocationNobodyAnswers() throws Exception {
    try (LambdaRuntimeApi api = new LambdaRuntimeApi("silent", 1)) {
      CompletableFuture<byte[]> result = api.invoke("{}".getBytes(StandardCharsets.UTF_8));

      assertThatThrownBy(() -> result.get(10, TimeUnit.SECONDS))
          .hasCauseInstanceOf(LambdaRuntimeApi.FunctionError.class)
          .hasMessageContaining("timed out after 1 seconds");
    }
  }
}
