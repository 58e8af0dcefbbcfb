package io.docpipe.local.servers;

import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The event files in {@code events/}, the same ones {@code sam local invoke -e} takes, read with the Lambda runtime's
 * own serializers so a handler test sees exactly the object Lambda would pass.
 */
public final class EventFiles {
  private EventFiles() {}

  public static <T> T load(String name, Class<T> type) {
    Path file = eventsDir().resolve(name);
    PojoSerializer<T> serializer = LambdaEventSerializers.serializerFor(type, EventFiles.class.getClassLoader());
    try (InputStream in = Files.newInputStream(file)) {
      return serializer.fromJson(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read event file " + file, e);
    }
  }

  /** {@code events/} at the repository root, found from the build's root property or by walking up. */
  static Path eventsDir() {
    String root = System.getProperty("docpipe.repo.root");
    if (root != null && !root.isBlank() && Files.isDirectory(Path.of(root, "events"))) return Path.of(root, "events");
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isDirectory(dir.resolve("events")) && Files.exists(dir.resolve("template.yaml"))) return dir.resolve("events");
    }
    throw new IllegalStateException("no events/ directory above " + Path.of("").toAbsolutePath());
  }
}
