package org.inputdesk.publisher.attachments;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.inputdesk.schemas.Attachment;

/**
 * Attachment bytes by sha256, kept in a directory (one file per sha256, its name and type in a
 * small file beside it, so that a restart finds them) so that the heap does not grow with them, or
 * in memory when no directory is given (tests). Reads the Attachment records it is given; writes
 * only inside its directory.
 */
public final class AttachmentStore implements AutoCloseable {

  /** What is known of a stored attachment, without its bytes. */
  public record Stored(String sha256, String filename, String contentType, long size) {}

  private final Path dir;
  private final boolean deleteOnClose;
  private final Map<String, Stored> metadata = new ConcurrentHashMap<>();
  private final Map<String, byte[]> memory = new ConcurrentHashMap<>();

  private AttachmentStore(final Path dir, final boolean deleteOnClose) {
    this.dir = dir;
    this.deleteOnClose = deleteOnClose;
  }

  /** Keeps bytes on the heap. */
  public static AttachmentStore inMemory() {
    return new AttachmentStore(null, false);
  }

  /**
   * Keeps bytes under {@code dir}; files from an earlier run are overwritten as the topic is read
   * again. With {@code deleteOnClose} the directory is removed on {@link #close()}.
   */
  public static AttachmentStore directory(final Path dir, final boolean deleteOnClose) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create attachment directory " + dir, e);
    }
    return new AttachmentStore(dir, deleteOnClose);
  }

  /**
   * Stores the bytes under their sha256; fails when the key is not the sha256 of the bytes, so a
   * record can never make one file's link serve another's content.
   */
  public void put(final String key, final Attachment attachment) {
    final String sha = key.toLowerCase(Locale.ROOT);
    if (!sha.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException("attachment key is not a sha256: " + key);
    }
    final byte[] bytes = bytes(attachment.getBytes());
    if (!sha.equals(sha256(bytes))) {
      throw new IllegalArgumentException("attachment bytes do not match their sha256 key " + sha);
    }
    final Stored stored =
        new Stored(sha, attachment.getFilename(), attachment.getContentType(), bytes.length);
    if (dir == null) {
      memory.put(sha, bytes);
      metadata.put(sha, stored);
    } else {
      write(sha, bytes, stored);
    }
  }

  /** Forgets an attachment (a tombstone on the topic). */
  public void remove(final String key) {
    final String sha = key.toLowerCase(Locale.ROOT);
    metadata.remove(sha);
    memory.remove(sha);
    if (dir != null) {
      try {
        Files.deleteIfExists(meta(sha));
        Files.deleteIfExists(file(sha));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** What is known of a stored attachment; in a directory, read from the file beside the bytes. */
  public Optional<Stored> get(final String sha256) {
    if (dir == null) {
      return Optional.ofNullable(metadata.get(sha256));
    }
    if (!sha256.matches("[0-9a-f]{64}")) {
      return Optional.empty();
    }
    try (java.io.DataInputStream in =
        new java.io.DataInputStream(Files.newInputStream(meta(sha256)))) {
      final String filename = nullable(in.readUTF());
      final String contentType = nullable(in.readUTF());
      return Optional.of(new Stored(sha256, filename, contentType, Files.size(file(sha256))));
    } catch (java.nio.file.NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read attachment " + sha256, e);
    }
  }

  private static String nullable(final String value) {
    return value.isEmpty() ? null : value;
  }

  /** The stored bytes. */
  public InputStream open(final String sha256) throws IOException {
    if (dir == null) {
      final byte[] bytes = memory.get(sha256);
      if (bytes == null) {
        throw new IOException("no attachment " + sha256);
      }
      return new java.io.ByteArrayInputStream(bytes);
    }
    return Files.newInputStream(file(sha256));
  }

  /** The stored bytes, read whole. */
  public byte[] read(final String sha256) throws IOException {
    try (InputStream in = open(sha256)) {
      return in.readAllBytes();
    }
  }

  /**
   * The bytes, then the name and type beside them: a restart that finds the name finds the bytes.
   * Name and type are written with writeUTF, so a name over 64 KB of UTF-8 is cut.
   */
  private void write(final String sha, final byte[] bytes, final Stored stored) {
    try {
      final Path target = file(sha);
      Files.createDirectories(target.getParent());
      if (!Files.isRegularFile(target) || Files.size(target) != bytes.length) {
        atomically(target, bytes);
      }
      final java.io.ByteArrayOutputStream meta = new java.io.ByteArrayOutputStream();
      try (java.io.DataOutputStream out = new java.io.DataOutputStream(meta)) {
        out.writeUTF(cut(stored.filename()));
        out.writeUTF(cut(stored.contentType()));
      }
      atomically(meta(sha), meta.toByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot store attachment " + sha, e);
    }
  }

  private static void atomically(final Path target, final byte[] bytes) throws IOException {
    final Path temp = Files.createTempFile(target.getParent(), ".part-", ".tmp");
    Files.write(temp, bytes);
    Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private static String cut(final String value) {
    if (value == null) {
      return "";
    }
    return value.length() > 10_000 ? value.substring(0, 10_000) : value;
  }

  private Path file(final String sha) {
    return dir.resolve(sha.substring(0, 2)).resolve(sha);
  }

  private Path meta(final String sha) {
    return dir.resolve(sha.substring(0, 2)).resolve(sha + ".meta");
  }

  private static byte[] bytes(final ByteBuffer buffer) {
    final ByteBuffer copy = buffer.duplicate();
    final byte[] out = new byte[copy.remaining()];
    copy.get(out);
    return out;
  }

  static String sha256(final byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
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
