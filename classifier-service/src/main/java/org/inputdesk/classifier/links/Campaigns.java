package org.inputdesk.classifier.links;

import java.util.function.BiConsumer;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Campaign membership and size, kept by {@link LinkGatherer} in its store keyed by submission id:
 * each submission's standing ({@code -} alone, {@code ?m} waiting to learn the campaign of its
 * similar member m, {@code =r} in the campaign of representative r), the questions held for a
 * submission still undecided ({@code wait|id}) and each campaign's size at its representative
 * ({@code size|r}). What must happen at another submission's task is sent as a {@link LinkMessage}
 * keyed by that submission.
 */
final class Campaigns {

  private static final String ALONE = "-";
  private static final char WAITING = '?';
  private static final char IN = '=';
  private static final String SEPARATOR = "\t";

  private final KeyValueStore<String, String> store;
  private final BiConsumer<String, LinkMessage> send;

  Campaigns(final KeyValueStore<String, String> store, final BiConsumer<String, LinkMessage> send) {
    this.store = store;
    this.send = send;
  }

  /** Whether the submission's campaign was decided already (it is read again). */
  boolean decided(final String id) {
    return store.get(id) != null;
  }

  /**
   * The submission's bands are answered: with no similar member it stands alone (and leads a
   * campaign when one asks); else it asks the member for its campaign.
   */
  void decide(final String id, final String member) {
    if (member == null) {
      store.put(id, ALONE);
      release(id);
    } else {
      store.put(id, WAITING + member);
      send.accept(member, LinkMessage.representativeAsk(id));
    }
  }

  /** At the member: the asker joins its campaign, or waits until the member's is decided. */
  void ask(final String member, final String asker) {
    final String state = store.get(member);
    if (state == null || state.charAt(0) == WAITING) {
      final String waiting = store.get(waitKey(member));
      store.put(waitKey(member), waiting == null ? asker : waiting + SEPARATOR + asker);
    } else if (state.equals(ALONE)) {
      // the first similar input makes a lone member the representative of a new campaign
      store.put(member, IN + member);
      join(member, asker);
    } else {
      final String representative = state.substring(1);
      if (representative.equals(member)) {
        join(member, asker);
      } else {
        send.accept(representative, LinkMessage.join(asker));
      }
    }
  }

  /**
   * At the representative: counts the new member, tells it the size it joined at, and re-emits the
   * representative's links when {@link #refreshRepresentative(int)}.
   */
  void join(final String representative, final String member) {
    final String sizeKey = "size|" + representative;
    final String stored = store.get(sizeKey);
    final int size = stored == null ? 2 : Integer.parseInt(stored) + 1;
    store.put(sizeKey, Integer.toString(size));
    if (refreshRepresentative(size)) {
      // the first member learns it leads a campaign when the second one arrives, and its size as
      // the campaign grows
      send.accept(representative, LinkMessage.links(representative, links(representative, size)));
    }
    send.accept(member, LinkMessage.joined(member, representative, size));
  }

  /** At the new member: it is in the campaign now; the questions it held are answered. */
  void joined(final String member, final String representative, final int size) {
    store.put(member, IN + representative);
    send.accept(member, LinkMessage.links(member, links(representative, size)));
    release(member);
  }

  private void release(final String id) {
    final String waiting = store.get(waitKey(id));
    if (waiting == null) {
      return;
    }
    store.delete(waitKey(id));
    for (final String asker : waiting.split(SEPARATOR, -1)) {
      ask(id, asker);
    }
  }

  private static String waitKey(final String id) {
    return "wait|" + id;
  }

  private static Links links(final String representative, final int size) {
    return new Links(null, "campaign-" + representative, size, representative);
  }

  /**
   * Whether the representative is re-emitted with the campaign's new size: at each new member up to
   * 100, then at every hundredth. Each re-emit classifies the representative again, so a campaign
   * of 10,000 costs about 200 of them, not 10,000; members keep the size they joined at.
   */
  static boolean refreshRepresentative(final int size) {
    return size <= 100 || size % 100 == 0;
  }
}
