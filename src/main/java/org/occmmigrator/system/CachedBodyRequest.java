package org.occmmigrator.system;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/** A request whose body the gate has read (to check it), handed on with the same bytes. */
class CachedBodyRequest extends HttpServletRequestWrapper {

  private final byte[] body;

  CachedBodyRequest(HttpServletRequest request, byte[] body) {
    super(request);
    this.body = body;
  }

  byte[] body() {
    return body;
  }

  /**
   * The body, or null when it is longer than {@code limit} bytes (by its Content-Length or as read).
   */
  static byte[] read(HttpServletRequest request, int limit) throws IOException {
    if (request.getContentLengthLong() > limit) {
      return null;
    }
    try (InputStream in = request.getInputStream()) {
      byte[] bytes = in.readNBytes(limit + 1);
      return bytes.length > limit ? null : bytes;
    }
  }

  @Override
  public ServletInputStream getInputStream() {
    ByteArrayInputStream in = new ByteArrayInputStream(body);
    return new ServletInputStream() {
      @Override
      public int read() {
        return in.read();
      }

      @Override
      public int read(byte[] buffer, int offset, int length) {
        return in.read(buffer, offset, length);
      }

      @Override
      public boolean isFinished() {
        return in.available() == 0;
      }

      @Override
      public boolean isReady() {
        return true;
      }

      @Override
      public void setReadListener(ReadListener listener) {
        throw new UnsupportedOperationException("synchronous reads only");
      }
    };
  }

  @Override
  public BufferedReader getReader() {
    String encoding = getCharacterEncoding();
    return new BufferedReader(new InputStreamReader(getInputStream(),
        encoding == null ? StandardCharsets.UTF_8 : java.nio.charset.Charset.forName(encoding)));
  }

  @Override
  public int getContentLength() {
    return body.length;
  }

  @Override
  public long getContentLengthLong() {
    return body.length;
  }
}
