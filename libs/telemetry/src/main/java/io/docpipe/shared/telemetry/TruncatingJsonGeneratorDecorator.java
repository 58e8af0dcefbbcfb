package io.docpipe.shared.telemetry;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.util.JsonGeneratorDelegate;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import net.logstash.logback.decorate.JsonGeneratorDecorator;

/**
 * Caps every string value of a JSON log line at {@value #MAX_CHARS} characters (the spec's rule: one verbose field
 * must not saturate log ingestion), whichever provider writes it: message, stack trace, MDC or key-value pairs.
 * Field names are left alone. Public only because logback instantiates it from logback.xml.
 */
public final class TruncatingJsonGeneratorDecorator implements JsonGeneratorDecorator {
  public static final int MAX_CHARS = 512;

  @Override
  public JsonGenerator decorate(JsonGenerator generator) {
    return new Capped(generator);
  }

  private static final class Capped extends JsonGeneratorDelegate {
    Capped(JsonGenerator delegate) {
      // false: writeObject and friends go through this generator's writeString, not straight to the delegate.
      super(delegate, false);
    }

    @Override
    public void writeString(String text) throws IOException {
      super.writeString(Truncation.cap(text, MAX_CHARS));
    }

    @Override
    public void writeString(char[] text, int offset, int len) throws IOException {
      if (len <= MAX_CHARS) super.writeString(text, offset, len);
      else writeString(new String(text, offset, len));
    }

    @Override
    public void writeString(SerializableString text) throws IOException {
      writeString(text.getValue());
    }

    @Override
    public void writeUTF8String(byte[] text, int offset, int length) throws IOException {
      writeString(new String(text, offset, length, StandardCharsets.UTF_8));
    }

    @Override
    public void writeRawUTF8String(byte[] text, int offset, int length) throws IOException {
      writeString(new String(text, offset, length, StandardCharsets.UTF_8));
    }

    @Override
    public void writeArray(String[] array, int offset, int length) throws IOException {
      writeStartArray(array, length);
      for (int i = offset; i < offset + length; i++) writeString(array[i]);
      writeEndArray();
    }
  }
}
