package org.inputdesk.classifier.links;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The first holder of each exact-duplicate key: reads {@link LinkMessage.Kind#DUPLICATE_ASK}s keyed
 * by duplicate key (consultation-prefixed, so each key's task holds it alone), keeps the first
 * submission that asked in {@link #STORE}, and writes a {@link LinkMessage.Kind#DUPLICATE_ANSWER}
 * keyed by the asking submission: the first holder, or null when the asker is it.
 */
public final class DuplicateKeeper implements Processor<String, LinkMessage, String, LinkMessage> {

  public static final String STORE = "link-duplicate-keys-store";

  private ProcessorContext<String, LinkMessage> context;
  private KeyValueStore<String, String> holders;

  @Override
  public void init(final ProcessorContext<String, LinkMessage> context) {
    this.context = context;
    this.holders = context.getStateStore(STORE);
  }

  @Override
  public void process(final Record<String, LinkMessage> record) {
    final LinkMessage message = record.value();
    if (message.kind() != LinkMessage.Kind.DUPLICATE_ASK) {
      throw new IllegalArgumentException("not a duplicate key's question: " + message.kind());
    }
    final String key = record.key();
    final String first = holders.get(key);
    if (first == null) {
      holders.put(key, message.id());
    }
    // the first holder read again (a replay) is no duplicate of itself
    final String duplicateOf = first == null || first.equals(message.id()) ? null : first;
    context.forward(
        record
            .withKey(message.id())
            .withValue(message.answer(LinkMessage.Kind.DUPLICATE_ANSWER, duplicateOf)));
  }
}
