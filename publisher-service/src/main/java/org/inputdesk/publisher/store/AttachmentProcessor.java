package org.inputdesk.publisher.store;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.Record;
import org.inputdesk.publisher.attachments.AttachmentStore;
import org.inputdesk.schemas.Attachment;

/**
 * Keeps attachment bytes (submission-attachments, keyed by sha256) in the {@link AttachmentStore}
 * beside the state stores; a tombstone removes them. Writing the same bytes again changes nothing,
 * so a record applied twice after a crash does no harm. Writes only the attachment store.
 */
final class AttachmentProcessor implements Processor<String, Attachment, Void, Void> {

  private final AttachmentStore attachments;
  private final Runnable onChange;

  AttachmentProcessor(final AttachmentStore attachments, final Runnable onChange) {
    this.attachments = attachments;
    this.onChange = onChange;
  }

  @Override
  public void process(final Record<String, Attachment> record) {
    if (record.key() == null) {
      throw new IllegalArgumentException("record has no key");
    }
    if (record.value() == null) {
      attachments.remove(record.key());
    } else {
      // Fails when the key is not the sha256 of the bytes: the record goes to the dead letters.
      attachments.put(record.key(), record.value());
    }
    onChange.run();
  }
}
