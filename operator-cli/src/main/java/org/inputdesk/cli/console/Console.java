package org.inputdesk.cli.console;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.UnauthorizedResponse;
import io.pebbletemplates.pebble.PebbleEngine;
import io.pebbletemplates.pebble.loader.ClasspathLoader;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.inputdesk.cli.Json;
import org.inputdesk.schemas.Consultation;
import org.inputdesk.schemas.Desk;

/**
 * The operator console over HTTP: counts, a chart of inputs per day per theme, each desk's queue
 * (inputs held for review first) and the dead letters' count. Every path needs the operator token,
 * as a Bearer token or as the password of HTTP Basic authentication; without it the answer is 401.
 * It reads {@link ConsoleState} only; the public pages stay on the publisher.
 */
public final class Console implements AutoCloseable {

  static final String CSP =
      "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none';"
          + " frame-ancestors 'none'";

  private final Javalin app;
  private final PebbleEngine pebble;
  private final ConsoleState state;
  private final String token;

  private Console(final ConsoleState state, final String token) {
    this.state = state;
    this.token = token;
    final ClasspathLoader loader = new ClasspathLoader(Console.class.getClassLoader());
    loader.setPrefix("org/inputdesk/cli/console");
    loader.setSuffix(".peb");
    this.pebble =
        new PebbleEngine.Builder()
            .loader(loader)
            .autoEscaping(true)
            .defaultEscapingStrategy("html")
            .build();
    this.app = Javalin.create(config -> config.showJavalinBanner = false);
    app.before(this::authenticate);
    app.after(
        ctx -> {
          ctx.header("Content-Security-Policy", CSP);
          ctx.header("X-Content-Type-Options", "nosniff");
          ctx.header("Cache-Control", "no-store");
          ctx.header("Referrer-Policy", "no-referrer");
        });
    app.get("/", ctx -> ctx.redirect("/ops/"));
    app.get("/ops/", this::home);
    app.get("/ops/style.css", ctx -> ctx.contentType("text/css").result(resource("style.css")));
    app.get("/ops/status.json", this::statusJson);
    app.get("/ops/unrouted", ctx -> queue(ctx, null, null));
    app.get(
        "/ops/desks/{consultation}/{desk}",
        ctx -> queue(ctx, ctx.pathParam("consultation"), ctx.pathParam("desk")));
  }

  /** Serves the console on {@code host:port} (0: any free port). */
  public static Console start(
      final ConsoleState state, final String host, final int port, final String token) {
    final Console console = new Console(state, token);
    console.app.start(host, port);
    return console;
  }

  public int port() {
    return app.port();
  }

  private void authenticate(final Context ctx) {
    if (!authorised(ctx.header("Authorization"), token)) {
      ctx.header("WWW-Authenticate", "Basic realm=\"InputDesk operators\", charset=\"UTF-8\"");
      throw new UnauthorizedResponse("operator token required");
    }
  }

  /** Bearer TOKEN, or Basic with any user name and TOKEN as password; no token, no access. */
  static boolean authorised(final String header, final String token) {
    if (token == null || token.isBlank() || header == null) {
      return false;
    }
    String given = null;
    if (header.startsWith("Bearer ")) {
      given = header.substring(7).trim();
    } else if (header.startsWith("Basic ")) {
      try {
        final String pair =
            new String(
                Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
        given = pair.contains(":") ? pair.substring(pair.indexOf(':') + 1) : null;
      } catch (IllegalArgumentException e) {
        return false;
      }
    }
    return given != null
        && MessageDigest.isEqual(
            given.getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8));
  }

  private void home(final Context ctx) {
    final Map<String, Object> model = new HashMap<>();
    model.put("total", state.size());
    model.put("deadLetters", state.deadLetters());
    model.put("byConsultation", state.counts("consultation"));
    model.put("byStatus", state.counts("status"));
    model.put("bySenderType", state.counts("sender-type"));
    model.put("byTheme", state.counts("theme"));
    model.put("desks", state.desks());
    model.put("unrouted", state.unrouted().size());
    model.put("chart", Chart.of(state.perDayPerTheme()));
    model.put("perDay", state.perDayPerTheme());
    ctx.html(render("home", model));
  }

  private void queue(final Context ctx, final String consultationId, final String deskId) {
    final Map<String, Object> model = new HashMap<>();
    if (deskId == null) {
      model.put("title", "Inputs without a desk");
      model.put("inputs", state.unrouted());
    } else {
      final Consultation c = state.consultations().get(consultationId);
      final Desk desk =
          c == null
              ? null
              : c.getDesks().stream()
                  .filter(d -> d.getId().equals(deskId))
                  .findFirst()
                  .orElse(null);
      if (desk == null) {
        ctx.status(404).html(render("missing", Map.of("what", consultationId + " / " + deskId)));
        return;
      }
      model.put("title", desk.getName() + " (" + c.getId() + ")");
      model.put("inputs", state.queue(consultationId, deskId));
    }
    ctx.html(render("queue", model));
  }

  private void statusJson(final Context ctx) {
    final var out = Json.object();
    out.put("inputs", state.size());
    out.put("deadLetters", state.deadLetters());
    for (final String facet : new String[] {"consultation", "status", "sender-type", "theme"}) {
      final var node = out.putObject(facet);
      state.counts(facet).forEach(node::put);
    }
    ctx.contentType("application/json").result(out.toString());
  }

  private String render(final String template, final Map<String, Object> model) {
    try {
      final StringWriter out = new StringWriter();
      pebble.getTemplate(template).evaluate(out, model);
      return out.toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String resource(final String name) {
    try (var in = Console.class.getResourceAsStream("/org/inputdesk/cli/console/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    app.stop();
  }
}
