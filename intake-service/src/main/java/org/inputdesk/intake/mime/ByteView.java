package org.inputdesk.intake.mime;

import jakarta.mail.util.SharedByteArrayInputStream;
import java.io.InputStream;

/**
 * The raw message as jakarta.mail's shared stream (parts are views of it, not copies), without the
 * lock on every read, mark and reset: multipart parsing reads a few bytes at a time while it looks
 * for the boundary, and the uncontended lock cost more than the search itself. One thread reads a
 * message.
 */
final class ByteView extends SharedByteArrayInputStream {
  ByteView(final byte[] buf, final int offset, final int length) {
    super(buf, offset, length);
  }

  @Override
  public int read() {
    return pos < count ? buf[pos++] & 0xff : -1;
  }

  @Override
  public int read(final byte[] b, final int off, final int len) {
    java.util.Objects.checkFromIndexSize(off, len, b.length);
    if (pos >= count) {
      return -1;
    }
    final int n = Math.min(len, count - pos);
    System.arraycopy(buf, pos, b, off, n);
    pos += n;
    return n;
  }

  @Override
  public long skip(final long n) {
    final long k = Math.max(0, Math.min(n, count - pos));
    pos += (int) k;
    return k;
  }

  @Override
  public int available() {
    return count - pos;
  }

  // The boundary search marks, reads a boundary's length, resets and skips at every step it
  // takes through a part (a step is at most the boundary's length: a few bytes for a short
  // one); ByteArrayInputStream's reset() is synchronized, and cost three times the search.
  @Override
  public void mark(final int readAheadLimit) {
    mark = pos;
  }

  @Override
  public void reset() {
    pos = mark;
  }

  @Override
  public InputStream newStream(final long from, final long to) {
    if (from < 0) {
      throw new IllegalArgumentException("start < 0");
    }
    final long end = to == -1 ? count - start : to;
    return new ByteView(buf, start + (int) from, (int) (end - from));
  }
}
