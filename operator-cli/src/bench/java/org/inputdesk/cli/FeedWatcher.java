package org.inputdesk.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Polls a consultation's JSON Feed the way a web team pulls only what changed ({@code ?since=},
 * following {@code next_url}), notes when each sent token first appears, and samples the feed's
 * lag: the age of the oldest delivered mail not yet on the feed. Reads the feed over HTTP; writes
 * nothing.
 */
final class FeedWatcher implements Runnable {

  /** One poll: when it started (epoch ms) and the feed's lag then (ms; 0 when nothing is owed). */
  record Sample(long at, long lagMs, boolean answered) {}

  private static final Pattern TOKEN = Pattern.compile("SL\\d{5}");
  private static final ObjectMapper JSON = new ObjectMapper();
  // classifiedAt (the feed's date_modified) is taken after intake read the mail, which is after
  // the server accepted it: asking from the oldest unseen delivery less this margin misses nothing
  private static final long SINCE_MARGIN_MS = 3_000;
  private static final Duration POLL_TIMEOUT = Duration.ofSeconds(5);
  // the final count walks every page once: on a loaded machine a page can take seconds
  private static final Duration COUNT_TIMEOUT = Duration.ofSeconds(30);

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
  private final URI feed;
  private final SteadySender sender;
  private final long pollMs;
  private final long[] firstSeen;
  private final List<Sample> samples = new ArrayList<>();
  private volatile int oldestUnseen;
  private volatile boolean stop;

  FeedWatcher(final URI feed, final SteadySender sender, final int capacity, final long pollMs) {
    this.feed = feed;
    this.sender = sender;
    this.pollMs = pollMs;
    this.firstSeen = new long[capacity];
    Arrays.fill(firstSeen, -1);
  }

  @Override
  public void run() {
    while (!stop) {
      final long started = System.currentTimeMillis();
      poll(started);
      final long rest = pollMs - (System.currentTimeMillis() - started);
      if (rest > 0) {
        try {
          TimeUnit.MILLISECONDS.sleep(rest);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  private void poll(final long started) {
    final int sent = sender.sent();
    final long since =
        (oldestUnseen < sent ? sender.deliveredAt(oldestUnseen) : started) - SINCE_MARGIN_MS;
    boolean answered = true;
    try {
      URI page =
          URI.create(
              feed
                  + "?since="
                  + URLEncoder.encode(Instant.ofEpochMilli(since).toString(), StandardCharsets.UTF_8));
      while (page != null) {
        final JsonNode body = get(page, POLL_TIMEOUT);
        if (body == null) {
          answered = false;
          break;
        }
        final long now = System.currentTimeMillis();
        for (final JsonNode item : body.path("items")) {
          final int i = tokenIndex(item.path("title").asText());
          if (i >= 0 && i < firstSeen.length && firstSeen[i] < 0) {
            firstSeen[i] = now;
          }
        }
        final String next = body.path("next_url").asText(null);
        page = next == null ? null : URI.create(next);
      }
    } catch (Exception e) {
      answered = false;
    }
    while (oldestUnseen < sent && firstSeen[oldestUnseen] >= 0) {
      oldestUnseen++;
    }
    final long lag = oldestUnseen < sent ? started - sender.deliveredAt(oldestUnseen) : 0;
    synchronized (samples) {
      samples.add(new Sample(started, Math.max(0, lag), answered));
    }
  }

  private JsonNode get(final URI uri, final Duration timeout) throws Exception {
    final HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(uri).timeout(timeout).build(),
            HttpResponse.BodyHandlers.ofString());
    return response.statusCode() == 200 ? JSON.readTree(response.body()) : null;
  }

  private JsonNode getWithRetries(final URI page) throws Exception {
    Exception last = null;
    for (int attempt = 0; attempt < 5; attempt++) {
      try {
        final JsonNode body = get(page, COUNT_TIMEOUT);
        if (body != null) {
          return body;
        }
      } catch (java.io.IOException e) {
        last = e;
      }
      TimeUnit.SECONDS.sleep(2);
    }
    throw new IllegalStateException("the feed did not answer 200 at " + page, last);
  }

  static int tokenIndex(final String title) {
    final Matcher m = TOKEN.matcher(title);
    return m.find() ? Integer.parseInt(m.group().substring(2)) : -1;
  }

  void stop() {
    stop = true;
  }

  /** Whether every mail sent so far is on the feed. */
  boolean caughtUp() {
    return oldestUnseen >= sender.sent();
  }

  /** When token {@code i} was first on the feed (epoch ms), or -1. */
  long firstSeen(final int i) {
    return firstSeen[i];
  }

  List<Sample> samples() {
    synchronized (samples) {
      return List.copyOf(samples);
    }
  }

  /**
   * Every item of the whole feed, page after page from the first: how many times each token is
   * listed. For the end, when nothing changes any more.
   */
  Map<Integer, Integer> countAll() throws Exception {
    final Map<Integer, Integer> counts = new HashMap<>();
    URI page = feed;
    while (page != null) {
      final JsonNode body = getWithRetries(page);
      for (final JsonNode item : body.path("items")) {
        final int i = tokenIndex(item.path("title").asText());
        if (i >= 0) {
          counts.merge(i, 1, Integer::sum);
        }
      }
      final String next = body.path("next_url").asText(null);
      page = next == null ? null : URI.create(next);
    }
    return counts;
  }
}
