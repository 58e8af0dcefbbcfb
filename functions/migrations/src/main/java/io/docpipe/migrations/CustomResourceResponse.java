package io.docpipe.migrations;

import io.docpipe.shared.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The answer CloudFormation waits for: a PUT of the result to the request's pre-signed {@code ResponseURL}. Without it
 * a stack operation hangs for an hour, so it is sent on success and on failure alike.
 */
final class CustomResourceResponse {
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  void send(Map<String, Object> request, boolean success, String reason, String physicalId) throws IOException, InterruptedException {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("Status", success ? "SUCCESS" : "FAILED");
    body.put("Reason", reason);
    body.put("PhysicalResourceId", physicalId);
    body.put("StackId", request.get("StackId"));
    body.put("RequestId", request.get("RequestId"));
    body.put("LogicalResourceId", request.get("LogicalResourceId"));
    // The pre-signed URL was signed for an empty Content-Type, so none is sent.
    byte[] json = Json.mapper().writeValueAsBytes(body);
    HttpRequest put = HttpRequest.newBuilder(URI.create(String.valueOf(request.get("ResponseURL"))))
        .timeout(Duration.ofSeconds(20))
        .PUT(HttpRequest.BodyPublishers.ofByteArray(json))
        .build();
    HttpResponse<Void> response = http.send(put, HttpResponse.BodyHandlers.discarding());
    if (response.statusCode() / 100 != 2) throw new IOException("CloudFormation response URL answered " + response.statusCode());
  }
}
