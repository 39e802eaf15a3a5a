package org.inputdesk.cli.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class SessionsTest {

  /** A clock the test moves by hand. */
  private static final class Hand extends Clock {
    private Instant now = Instant.parse("2026-11-22T10:00:00Z");

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(final java.time.ZoneId zone) {
      return this;
    }
  }

  @Test
  void shouldGiveEachSessionItsOwnUnguessableIdAndFormToken() {
    final Sessions sessions = new Sessions(Clock.systemUTC());
    final Sessions.Session a = sessions.login("ana");
    final Sessions.Session b = sessions.login("ana");
    assertThat(a.id()).isNotEqualTo(b.id()).hasSizeGreaterThanOrEqualTo(43);
    assertThat(a.csrf()).isNotEqualTo(b.csrf()).isNotEqualTo(a.id());
    assertThat(a.csrfMatches(a.csrf())).isTrue();
    assertThat(a.csrfMatches(b.csrf())).isFalse();
    assertThat(a.csrfMatches(null)).isFalse();
    assertThat(sessions.find(a.id())).containsSame(a);
    assertThat(sessions.find("made-up")).isEmpty();
  }

  @Test
  void shouldEndIdleSessionsAndLoginFormsSooner() {
    final Hand clock = new Hand();
    final Sessions sessions = new Sessions(clock);
    final Sessions.Session form = sessions.anonymous();
    final Sessions.Session operator = sessions.login("ana");
    assertThat(form.loggedIn()).isFalse();
    clock.now = clock.now.plus(Sessions.LOGIN_IDLE).plusSeconds(1);
    assertThat(sessions.find(form.id())).isEmpty();
    assertThat(sessions.find(operator.id())).isPresent();
    clock.now = clock.now.plus(Sessions.IDLE).plusSeconds(1);
    assertThat(sessions.find(operator.id())).isEmpty();
  }

  @Test
  void shouldDropLoginFormsFirstWhenFull() {
    final Sessions sessions = new Sessions(Clock.systemUTC());
    final Sessions.Session operator = sessions.login("ana");
    for (int i = 0; i < Sessions.MAX + 10; i++) {
      sessions.anonymous();
    }
    assertThat(sessions.size()).isLessThanOrEqualTo(Sessions.MAX);
    assertThat(sessions.find(operator.id())).isPresent();
  }

  @Test
  void shouldTakeTheNameOfBasicAuthenticationAndRefuseAnythingButTheToken() {
    assertThat(Guard.headerUser(basic("ana:tok"), "tok")).hasValue("ana");
    assertThat(Guard.headerUser(basic(":tok"), "tok")).hasValue(Guard.DEFAULT_USER);
    assertThat(Guard.headerUser("Bearer tok", "tok")).hasValue(Guard.DEFAULT_USER);
    assertThat(Guard.headerUser(basic("ana:nope"), "tok")).isEmpty();
    assertThat(Guard.headerUser("Bearer tok", "")).isEmpty();
    assertThat(Guard.headerUser("Basic %%%", "tok")).isEmpty();
    assertThat(Guard.headerUser(null, "tok")).isEmpty();
  }

  @Test
  void shouldReturnOnlyToPathsOfTheConsole() {
    assertThat(Console.safeReturn("/ops/held", "/ops/")).isEqualTo("/ops/held");
    assertThat(Console.safeReturn("/ops/desks/c/law", "/ops/")).isEqualTo("/ops/desks/c/law");
    for (final String bad :
        new String[] {
          "https://evil.example/", "//evil.example/ops/", "/ops//evil", "/ops/../x", "/other", null
        }) {
      assertThat(Console.safeReturn(bad, "/ops/")).as(String.valueOf(bad)).isEqualTo("/ops/");
    }
  }

  @Test
  void shouldRecordACleanOperatorName() {
    assertThat(Console.userName("  ana\u0007 ")).isEqualTo("ana");
    assertThat(Console.userName(" ")).isNull();
    assertThat(Console.userName("x".repeat(100))).hasSize(Console.MAX_USER);
  }

  private static String basic(final String pair) {
    return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
  }
}
