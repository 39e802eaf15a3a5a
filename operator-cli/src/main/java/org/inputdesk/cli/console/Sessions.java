package org.inputdesk.cli.console;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The console's browser sessions: for each, an unguessable id (the cookie), the operator's name
 * once logged in, and the token every form of that session carries against cross-site request
 * forgery. A session before login exists only to carry the login form's token. Sessions live in
 * memory: restarting the console logs everyone out. Plain data.
 */
final class Sessions {

  /** Idle time after which a logged-in session ends. */
  static final Duration IDLE = Duration.ofHours(12);

  /** Idle time after which a login form's session ends. */
  static final Duration LOGIN_IDLE = Duration.ofMinutes(30);

  /** Sessions kept at most; beyond it the least recently used go first. */
  static final int MAX = 10_000;

  private static final SecureRandom RANDOM = new SecureRandom();

  /** One session; {@code user} is null until login. */
  static final class Session {
    private final String id;
    private final String user;
    private final String csrf;
    private volatile Instant lastSeen;
    private volatile String flash;

    private Session(final String id, final String user, final String csrf, final Instant at) {
      this.id = id;
      this.user = user;
      this.csrf = csrf;
      this.lastSeen = at;
    }

    String id() {
      return id;
    }

    String user() {
      return user;
    }

    String csrf() {
      return csrf;
    }

    boolean loggedIn() {
      return user != null;
    }

    /** A line to show once, on the next page (what the last action did). */
    void flash(final String message) {
      flash = message;
    }

    String takeFlash() {
      final String out = flash;
      flash = null;
      return out;
    }

    /** Whether {@code given} is this session's form token (compared in constant time). */
    boolean csrfMatches(final String given) {
      return given != null
          && MessageDigest.isEqual(
              given.getBytes(StandardCharsets.UTF_8), csrf.getBytes(StandardCharsets.UTF_8));
    }
  }

  private final Map<String, Session> sessions = new ConcurrentHashMap<>();
  private final Clock clock;

  Sessions(final Clock clock) {
    this.clock = clock;
  }

  /** A session for the login form only. */
  Session anonymous() {
    return add(null);
  }

  /**
   * A logged-in session for {@code user}; always a new id, so an id seen before login (or planted)
   * is worth nothing after it.
   */
  Session login(final String user) {
    return add(user);
  }

  /** The live session of {@code id}, touched; empty when unknown or expired. */
  Optional<Session> find(final String id) {
    if (id == null) {
      return Optional.empty();
    }
    final Session s = sessions.get(id);
    if (s == null) {
      return Optional.empty();
    }
    final Instant now = clock.instant();
    if (expired(s, now)) {
      sessions.remove(id);
      return Optional.empty();
    }
    s.lastSeen = now;
    return Optional.of(s);
  }

  void end(final String id) {
    if (id != null) {
      sessions.remove(id);
    }
  }

  int size() {
    return sessions.size();
  }

  private Session add(final String user) {
    final Instant now = clock.instant();
    if (sessions.size() >= MAX) {
      sessions.values().removeIf(s -> expired(s, now));
      while (sessions.size() >= MAX) {
        sessions.values().stream()
            .min(Comparator.comparing((Session s) -> s.loggedIn()).thenComparing(s -> s.lastSeen))
            .ifPresent(s -> sessions.remove(s.id));
      }
    }
    final Session s = new Session(random(), user, random(), now);
    sessions.put(s.id, s);
    return s;
  }

  private static boolean expired(final Session s, final Instant now) {
    return s.lastSeen.plus(s.loggedIn() ? IDLE : LOGIN_IDLE).isBefore(now);
  }

  private static String random() {
    final byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
