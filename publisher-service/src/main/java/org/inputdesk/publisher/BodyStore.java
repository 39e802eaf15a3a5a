package org.inputdesk.publisher;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The full text and sanitised HTML of each posted input by submission id, kept in a directory (one
 * small file per input) so that the heap holds only what lists and feeds index on, or in memory
 * when no directory is given (tests). Reads and writes only inside its directory.
 */
public final class BodyStore implements AutoCloseable {

  /** What an input's page and a feed item's content show in full. */
  public record Body(String text, String html) {}

  private static final int FORMAT = 1;

  private final Path dir;
  private final boolean deleteOnClose;
  private final Map<String, Body> memory = new ConcurrentHashMap<>();

  private BodyStore(final Path dir, final boolean deleteOnClose) {
    this.dir = dir;
    this.deleteOnClose = deleteOnClose;
  }

  /** Keeps bodies on the heap. */
  public static BodyStore inMemory() {
    return new BodyStore(null, false);
  }

  /**
   * Keeps bodies under {@code dir}; files from an earlier run are overwritten as the topic is read
   * again. With {@code deleteOnClose} the directory is removed on {@link #close()}.
   */
  public static BodyStore directory(final Path dir, final boolean deleteOnClose) {
    try {
      // All 256 fan-out directories up front, so that a put costs no mkdir.
      for (int i = 0; i < 256; i++) {
        Files.createDirectories(dir.resolve(String.format(java.util.Locale.ROOT, "%02x", i)));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create body directory " + dir, e);
    }
    return new BodyStore(dir, deleteOnClose);
  }

  /** Stores or replaces the body of a submission. */
  public void put(final String id, final Body body) {
    if (dir == null) {
      memory.put(id, body);
      return;
    }
    try {
      final Path target = file(id);
      // Written aside and moved: a reader sees the old body or the new one, never half of one.
      final Path temp = Files.createTempFile(target.getParent(), ".part-", ".tmp");
      Files.write(temp, encode(body));
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot store the body of " + id, e);
    }
  }

  /** Forgets the body of a submission no longer posted. */
  public void remove(final String id) {
    if (dir == null) {
      memory.remove(id);
      return;
    }
    try {
      Files.deleteIfExists(file(id));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove the body of " + id, e);
    }
  }

  /** The body of a submission; empty when it was removed meanwhile. */
  public Optional<Body> get(final String id) {
    if (dir == null) {
      return Optional.ofNullable(memory.get(id));
    }
    try {
      return Optional.of(decode(Files.readAllBytes(file(id))));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the body of " + id, e);
    }
  }

  static byte[] encode(final Body body) throws IOException {
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(FORMAT);
      string(out, body.text());
      string(out, body.html());
    }
    return bytes.toByteArray();
  }

  static Body decode(final byte[] bytes) throws IOException {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      final int format = in.readUnsignedByte();
      if (format != FORMAT) {
        throw new IOException("unknown body format " + format);
      }
      return new Body(string(in), string(in));
    }
  }

  /** Length-prefixed UTF-8 (-1 for null): writeUTF stops at 64 KB, bodies can be longer. */
  private static void string(final DataOutputStream out, final String value) throws IOException {
    if (value == null) {
      out.writeInt(-1);
      return;
    }
    final byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
    out.writeInt(utf8.length);
    out.write(utf8);
  }

  private static String string(final DataInputStream in) throws IOException {
    final int length = in.readInt();
    if (length < 0) {
      return null;
    }
    return new String(in.readNBytes(length), StandardCharsets.UTF_8);
  }

  /** Ids are free text: the file is named by their sha256, spread over 256 directories. */
  private Path file(final String id) {
    final String sha = AttachmentStore.sha256(id.getBytes(StandardCharsets.UTF_8));
    return dir.resolve(sha.substring(0, 2)).resolve(sha);
  }

  @Override
  public void close() {
    if (dir != null && deleteOnClose) {
      try (Stream<Path> walk = Files.walk(dir)) {
        walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
