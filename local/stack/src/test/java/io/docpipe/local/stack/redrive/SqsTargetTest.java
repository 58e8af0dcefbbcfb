package io.docpipe.local.stack.redrive;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the command goes: an endpoint override, else AWS when credentials are configured, else the local stack. */
class SqsTargetTest {
  @TempDir
  Path home;

  @Test
  void nothingConfigured_isTheLocalStack_withDummyCredentials() {
    SqsTarget target = SqsTarget.from(Map.of(), home);

    assertThat(target.endpoint()).isEqualTo(URI.create(SqsTarget.LOCAL_SQS));
    assertThat(target.env()).containsEntry("AWS_REGION", "us-east-1").containsEntry("AWS_ACCESS_KEY_ID", "local")
        .containsEntry("AWS_ENDPOINT_URL_SQS", SqsTarget.LOCAL_SQS);
    assertThat(target.cliFlags()).isEqualTo("--region us-east-1 --endpoint-url " + SqsTarget.LOCAL_SQS);
  }

  @Test
  void endpointOverride_wins_evenWithCredentialsConfigured() {
    SqsTarget target = SqsTarget.from(Map.of("AWS_ENDPOINT_URL", "http://127.0.0.1:4566", "AWS_PROFILE", "ops",
        "AWS_REGION", "eu-west-1"), home);

    assertThat(target.endpoint()).isEqualTo(URI.create("http://127.0.0.1:4566"));
    assertThat(target.region()).isEqualTo("eu-west-1");
    assertThat(target.env()).doesNotContainKey("AWS_ACCESS_KEY_ID");
  }

  @Test
  void credentialsInAwsFiles_isAws_inTheGivenRegion() throws IOException {
    Files.createDirectories(home.resolve(".aws"));
    Files.writeString(home.resolve(".aws/credentials"), "[default]\n");

    SqsTarget target = SqsTarget.from(Map.of("AWS_REGION", "eu-west-1"), home);

    assertThat(target.endpoint()).isNull();
    assertThat(target.description()).isEqualTo("AWS SQS in eu-west-1");
    assertThat(target.cliFlags()).isEqualTo("--region eu-west-1");
  }
}
