package io.docpipe.bench.coldstart;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class ClassLoadLogTest {
  @Test
  void primable_keepsTheJdksAndTheFunctionJarsNamedClassesInLoadOrderOnce_dropsGeneratedAndDriverClasses() {
    Stream<String> log = Stream.of(
        "java.lang.Object source: shared objects file",
        "io.docpipe.api.ApiHandler source: file:/repo/functions/api/target/function.jar",
        "io.docpipe.bench.coldstart.Driver source: file:/repo/target/bench/coldstart/driver/",
        "com.amazonaws.services.lambda.runtime.serialization.PojoSerializer source: file:/m2/serialization.jar",
        "com.amazonaws.lambda.thirdparty.com.fasterxml.jackson.databind.ObjectMapper source: file:/m2/serialization.jar",
        "io.docpipe.api.ApiHandler$$Lambda/0x000071f8c0001234 source: io.docpipe.api.ApiHandler",
        "java.lang.invoke.LambdaForm$MH/0x00007f0001 source: __JVM_LambdaForm__",
        "jdk.internal.reflect.GeneratedConstructorAccessor1 source: __JVM_DefineClass__",
        "com.fasterxml.jackson.databind.ObjectMapper source: file:/repo/functions/api/target/function.jar",
        "java.lang.Object source: jrt:/java.base",
        "java.net.http.HttpClient source: jrt:/java.net.http",
        "org.example.Other source: file:/repo/functions/api/target/other.jar",
        "[0.010s] a line that is not a class load");

    assertThat(ClassLoadLog.primable(log, Path.of("/repo/functions/api/target/function.jar")))
        .containsExactly("java.lang.Object", "io.docpipe.api.ApiHandler", "com.fasterxml.jackson.databind.ObjectMapper",
            "java.net.http.HttpClient");
  }
}
