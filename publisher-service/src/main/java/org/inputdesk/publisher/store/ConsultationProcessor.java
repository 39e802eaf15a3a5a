package org.inputdesk.publisher.store;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.inputdesk.schemas.Consultation;

/**
 * Keeps the consultations (a compacted topic, read whole by every instance) in the global store
 * {@value PublisherTopology#CONSULTATIONS}, as a GlobalKTable would, and says that something
 * changed, which a GlobalKTable cannot: the catalogue keeps each consultation and its ETag stamp
 * until the next change instead of decoding them on every request. Writes only that store.
 */
final class ConsultationProcessor implements Processor<String, Consultation, Void, Void> {

  private final Runnable onChange;
  private KeyValueStore<String, Consultation> consultations;

  ConsultationProcessor(final Runnable onChange) {
    this.onChange = onChange;
  }

  @Override
  public void init(final ProcessorContext<Void, Void> context) {
    consultations = context.getStateStore(PublisherTopology.CONSULTATIONS);
  }

  @Override
  public void process(final Record<String, Consultation> record) {
    if (record.key() == null) {
      return;
    }
    if (record.value() == null) {
      consultations.delete(record.key());
    } else {
      consultations.put(record.key(), record.value());
    }
    onChange.run();
  }
}
