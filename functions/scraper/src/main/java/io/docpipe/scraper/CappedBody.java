package io.docpipe.scraper;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;

/**
 * Reads a response body, decoded, and stops once the decoded bytes pass the cap: a huge page, or a small gzip or
 * deflate bomb that inflates to gigabytes, never produces more than {@code cap + 1} bytes. It never closes the raw
 * stream (closing it would drain the rest of the body); the caller aborts the connection instead.
 */
final class CappedBody {
  private static final int BUFFER = 8192;

  /** The body passed the cap after {@code bytesRead} decoded bytes. */
  static final class TooLarge extends IOException {
    final long bytesRead;

    TooLarge(long bytesRead) {
      super("body over the size cap", null);
      this.bytesRead = bytesRead;
    }
  }

  /** The body in {@code contentEncoding} ({@code null}, identity, gzip or deflate) was sent in none we accept. */
  static final class UnsupportedEncoding extends IOException {
    UnsupportedEncoding(String encoding) {
      super("content encoding '" + encoding + "'");
    }
  }

  private CappedBody() {}

  static byte[] read(InputStream raw, String contentEncoding, long cap) throws IOException {
    try (InputStream decoded = decoded(new FilterInputStream(raw) {
      @Override
      public void close() {} // ends the decoder's Inflater, leaves the connection to the caller
    }, contentEncoding)) {
      return capped(decoded, cap);
    }
  }

  static byte[] capped(InputStream in, long cap) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[BUFFER];
    long total = 0;
    while (true) {
      // Ask for no more than one byte past the cap, so a decoder never inflates more than that.
      int n = in.read(buffer, 0, (int) Math.min(buffer.length, cap + 1 - total));
      if (n < 0) return out.toByteArray();
      total += n;
      if (total > cap) throw new TooLarge(total);
      out.write(buffer, 0, n);
    }
  }

  private static InputStream decoded(InputStream in, String contentEncoding) throws IOException {
    String encoding = contentEncoding == null ? "" : contentEncoding.trim().toLowerCase(Locale.ROOT);
    return switch (encoding) {
      case "", "identity" -> in;
      case "gzip", "x-gzip" -> new GZIPInputStream(in, BUFFER);
      case "deflate" -> inflated(new BufferedInputStream(in, BUFFER));
      default -> throw new UnsupportedEncoding(encoding);
    };
  }

  /** HTTP's deflate is zlib-wrapped, but some servers send it raw; the first two bytes tell which. */
  private static InputStream inflated(BufferedInputStream in) throws IOException {
    in.mark(2);
    int b0 = in.read();
    int b1 = in.read();
    in.reset();
    boolean zlib = b0 >= 0 && b1 >= 0 && (b0 & 0x0f) == 8 && (b0 << 8 | b1) % 31 == 0;
    Inflater inflater = new Inflater(!zlib);
    return new InflaterInputStream(in, inflater, BUFFER) {
      @Override
      public void close() throws IOException {
        try {
          super.close();
        } finally {
          inflater.end();
        }
      }
    };
  }
}
