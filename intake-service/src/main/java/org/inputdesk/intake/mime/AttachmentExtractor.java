package org.inputdesk.intake.mime;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.tika.Tika;
import org.apache.tika.detect.Detector;
import org.apache.tika.exception.EncryptedDocumentException;
import org.apache.tika.exception.WriteLimitReachedException;
import org.apache.tika.io.TikaInputStream;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.metadata.TikaCoreProperties;
import org.apache.tika.mime.MediaType;
import org.apache.tika.parser.AutoDetectParser;
import org.apache.tika.parser.ParseContext;
import org.apache.tika.parser.Parser;
import org.apache.tika.parser.ParserDecorator;
import org.apache.tika.parser.pdf.PDFParser;
import org.apache.tika.parser.pdf.PDFParserConfig;
import org.apache.tika.sax.BodyContentHandler;
import org.inputdesk.schemas.AttachmentStatus;

/**
 * Extracts the text of one attachment with Apache Tika, under a time and text-size limit, and says
 * why when it cannot (encrypted, corrupt, no text, timeout). Reads bytes given; writes nothing.
 */
public final class AttachmentExtractor implements AutoCloseable {

  /**
   * What extraction gave: status, a reason when not OK, the text (capped) and the detected type.
   */
  public record Extraction(AttachmentStatus status, String reason, String text, String mediaType) {}

  /** Set on an attachment whose text type {@link #detect} found already: no second detection. */
  private static final String DETECTED = "inputdesk:detected-type";

  private final Tika tika = new Tika();
  private final AutoDetectParser parser = new AutoDetectParser();
  // Text has no magic bytes, so Tika tries every type's magic before it settles on one: about a
  // third of a small CSV's cost. Its type, detected once, is passed on rather than found again.
  // Embedded documents carry no such mark and are detected as before.
  private final AutoDetectParser detectedParser =
      new AutoDetectParser(new GivenType(parser.getDetector()));
  // PDFs, the usual large attachment, go straight to their parser: AutoDetectParser would detect
  // the type again and rebuild its parser table on every call, costing as much as a short PDF.
  private final Parser pdfParser = new PDFParser();
  // text only: no OCR (it would run Tesseract over every page image where installed), no inline
  // images handed to other parsers, and no image-based page rendering
  private final PDFParserConfig pdfConfig = pdfConfig();
  // the PDF parser asks the embedded-document parser for its supported types on every document
  // (for XMP and XFA); AutoDetectParser rebuilds that set from all its parsers on every call
  private final Parser embeddedParser =
      new ParserDecorator(parser) {
        private static final long serialVersionUID = 1L;
        private final Set<MediaType> types = parser.getSupportedTypes(new ParseContext());

        @Override
        public Set<MediaType> getSupportedTypes(final ParseContext context) {
          return types;
        }
      };
  private final Duration timeout;
  private final int maxChars;
  // Tika cannot be interrupted reliably: a stuck parse keeps its own daemon thread, never the
  // caller.
  private final ExecutorService pool =
      Executors.newCachedThreadPool(
          r -> {
            final Thread t = new Thread(r, "intake-tika");
            t.setDaemon(true);
            return t;
          });

  public AttachmentExtractor(final Duration timeout, final int maxChars) {
    this.timeout = timeout;
    this.maxChars = maxChars;
  }

  private static PDFParserConfig pdfConfig() {
    final PDFParserConfig c = new PDFParserConfig();
    c.setOcrStrategy(PDFParserConfig.OCR_STRATEGY.NO_OCR);
    c.setExtractInlineImages(false);
    c.setExtractUniqueInlineImagesOnly(true);
    return c;
  }

  /** The media type Tika detects from the bytes and name, else the declared one. */
  public String detect(final byte[] bytes, final String filename, final String declared) {
    final String detected = detectedType(bytes, filename);
    return detected != null ? detected : declared;
  }

  /** What Tika detects from the bytes and name; null when it cannot tell. */
  private String detectedType(final byte[] bytes, final String filename) {
    if (isPdf(bytes)) {
      // what Tika's magic says for these bytes, without trying every other type's magic first
      return "application/pdf";
    }
    try {
      final String detected = tika.detect(bytes, filename);
      return detected == null || detected.equals("application/octet-stream") ? null : detected;
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static boolean isPdf(final byte[] b) {
    return b != null
        && b.length > 5
        && b[0] == '%'
        && b[1] == 'P'
        && b[2] == 'D'
        && b[3] == 'F'
        && b[4] == '-';
  }

  /** Extracts text; never throws. */
  public Extraction extract(final byte[] bytes, final String filename, final String declaredType) {
    final String detected = detectedType(bytes, filename);
    final String type = detected != null ? detected : declaredType;
    final boolean known = detected != null && detected.startsWith("text/");
    final Future<Extraction> future = pool.submit(() -> parse(bytes, filename, type, known));
    try {
      return future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      future.cancel(true);
      return new Extraction(
          AttachmentStatus.TIMEOUT,
          "text extraction took longer than " + timeout.toMillis() + " ms",
          null,
          type);
    } catch (InterruptedException e) {
      future.cancel(true);
      Thread.currentThread().interrupt();
      return new Extraction(AttachmentStatus.TIMEOUT, "interrupted", null, type);
    } catch (ExecutionException e) {
      return new Extraction(
          AttachmentStatus.CORRUPT, "extraction failed: " + describe(e.getCause()), null, type);
    }
  }

  /**
   * @param known the type is text that Tika detected from these bytes and name already
   */
  private Extraction parse(
      final byte[] bytes, final String filename, final String type, final boolean known) {
    final BodyContentHandler handler = new BodyContentHandler(maxChars);
    final Metadata metadata = new Metadata();
    if (filename != null) {
      metadata.set(TikaCoreProperties.RESOURCE_NAME_KEY, filename);
    }
    metadata.set(Metadata.CONTENT_TYPE, type);
    boolean truncated = false;
    try {
      if (type.equals("application/pdf")) {
        final ParseContext context = new ParseContext();
        // embedded files still get detected and parsed
        context.set(Parser.class, embeddedParser);
        context.set(PDFParserConfig.class, pdfConfig);
        try (TikaInputStream in = TikaInputStream.get(bytes)) {
          pdfParser.parse(in, handler, metadata, context);
        }
      } else if (known) {
        metadata.set(DETECTED, type);
        detectedParser.parse(
            new ByteArrayInputStream(bytes), handler, metadata, new ParseContext());
      } else {
        parser.parse(new ByteArrayInputStream(bytes), handler, metadata, new ParseContext());
      }
    } catch (EncryptedDocumentException e) {
      return new Extraction(AttachmentStatus.ENCRYPTED, "encrypted: " + describe(e), null, type);
    } catch (Exception e) {
      if (WriteLimitReachedException.isWriteLimitReached(e)) {
        truncated = true;
      } else if (isEncrypted(e)) {
        return new Extraction(AttachmentStatus.ENCRYPTED, "encrypted: " + describe(e), null, type);
      } else {
        return new Extraction(AttachmentStatus.CORRUPT, describe(e), null, type);
      }
    } catch (StackOverflowError | OutOfMemoryError e) {
      return new Extraction(AttachmentStatus.CORRUPT, "parser failed: " + e, null, type);
    }
    final String text = handler.toString().strip();
    if (text.isEmpty()) {
      return new Extraction(AttachmentStatus.NO_TEXT, "no text in " + type, null, type);
    }
    return new Extraction(
        AttachmentStatus.OK,
        truncated ? "text cut at " + maxChars + " characters" : null,
        text,
        type);
  }

  private static boolean isEncrypted(final Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof EncryptedDocumentException) {
        return true;
      }
      final String msg = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
      if (msg.contains("password") || msg.contains("encrypted")) {
        return true;
      }
    }
    return false;
  }

  public static String describe(final Throwable e) {
    if (e == null) {
      return "unknown error";
    }
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    final String msg = root.getMessage() == null ? "" : ": " + root.getMessage();
    final String text = root.getClass().getSimpleName() + msg;
    return text.length() > 300 ? text.substring(0, 300) : text;
  }

  /** The type {@link #detect} found, when the metadata carries it; else the delegate's answer. */
  private static final class GivenType implements Detector {
    private static final long serialVersionUID = 1L;
    private final Detector delegate;

    GivenType(final Detector delegate) {
      this.delegate = delegate;
    }

    @Override
    public MediaType detect(final InputStream input, final Metadata metadata) throws IOException {
      final String given = metadata.get(DETECTED);
      return given != null ? MediaType.parse(given) : delegate.detect(input, metadata);
    }
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
