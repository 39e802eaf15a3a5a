package org.inputdesk.classifier.links;

import java.util.List;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Decides, per submission, what its duplicate keys and bands answered, and follows campaigns from
 * member to representative: reads {@link LinkMessage}s keyed by submission id from the link hops
 * topic, keeps the answers gathered so far in {@link #ANSWERS_STORE} and campaign standing and
 * sizes in {@link #CAMPAIGNS_STORE} (see {@link Campaigns}), and writes messages keyed by what they
 * are about: {@link LinkMessage.Kind#LINKS} for the links table, {@link LinkMessage.Kind#BAND_ASK}s
 * keyed by bucket, and questions and answers for other submissions' tasks back onto the hops topic.
 *
 * <p>Order kept from the single-task finder: a duplicate (the first duplicate key, in key order,
 * whose first holder is another submission) is only a duplicate and never enters a bucket; else the
 * first band, in band order, whose bucket holds a similar member decides the campaign.
 */
public final class LinkGatherer implements Processor<String, LinkMessage, String, LinkMessage> {

  public static final String ANSWERS_STORE = "link-answers-store";
  public static final String CAMPAIGNS_STORE = "link-campaigns-store";

  private final CampaignDetector detector;
  private ProcessorContext<String, LinkMessage> context;
  private KeyValueStore<String, byte[]> answers;
  private Campaigns campaigns;
  private Record<String, LinkMessage> current;

  public LinkGatherer(final CampaignDetector detector) {
    this.detector = detector;
  }

  @Override
  public void init(final ProcessorContext<String, LinkMessage> context) {
    this.context = context;
    this.answers = context.getStateStore(ANSWERS_STORE);
    final KeyValueStore<String, String> store = context.getStateStore(CAMPAIGNS_STORE);
    this.campaigns =
        new Campaigns(
            store, (key, message) -> context.forward(current.withKey(key).withValue(message)));
  }

  @Override
  public void process(final Record<String, LinkMessage> record) {
    current = record;
    final LinkMessage message = record.value();
    final String key = record.key();
    switch (message.kind()) {
      case SUBMISSION, DUPLICATE_ANSWER -> duplicates(key, message);
      case BAND_ANSWER -> bands(key, message);
      case REPRESENTATIVE_ASK -> campaigns.ask(key, message.id());
      case JOIN -> campaigns.join(key, message.id());
      case JOINED -> campaigns.joined(key, message.other(), message.size());
      default -> throw new IllegalArgumentException("not for the gatherer: " + message.kind());
    }
  }

  private void duplicates(final String id, final LinkMessage message) {
    final String key = "d|" + id;
    final Answers gathered = gathered(key, message.expected());
    if (message.kind() == LinkMessage.Kind.SUBMISSION) {
      gathered.submission(message);
    } else {
      gathered.add(message);
    }
    if (!gathered.complete(true)) {
      answers.put(key, gathered.encode());
      return;
    }
    answers.delete(key);
    final String duplicateOf = gathered.first();
    if (duplicateOf != null) {
      send(id, LinkMessage.links(id, new Links(duplicateOf, null, 0, null)));
      return;
    }
    final long[] signature = gathered.signature();
    if (signature == null || campaigns.decided(id)) {
      return; // too short to tell a campaign, or read again: its campaign stands
    }
    final List<String> bandKeys = detector.bandKeys(signature);
    for (int b = 0; b < bandKeys.size(); b++) {
      send(
          gathered.consultation() + "|" + bandKeys.get(b),
          LinkMessage.bandAsk(id, b, bandKeys.size(), signature));
    }
  }

  private void bands(final String id, final LinkMessage answer) {
    final String key = "b|" + id;
    if (campaigns.decided(id)) {
      answers.delete(key); // a replay's answers: the first reading decided
      return;
    }
    final Answers gathered = gathered(key, answer.expected());
    gathered.add(answer);
    if (!gathered.complete(false)) {
      answers.put(key, gathered.encode());
      return;
    }
    answers.delete(key);
    campaigns.decide(id, gathered.first());
  }

  private Answers gathered(final String key, final int expected) {
    final byte[] stored = answers.get(key);
    return stored == null ? new Answers(expected) : Answers.decode(stored);
  }

  private void send(final String key, final LinkMessage message) {
    context.forward(current.withKey(key).withValue(message));
  }
}
