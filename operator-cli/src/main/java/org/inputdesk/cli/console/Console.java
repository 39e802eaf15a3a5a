package org.inputdesk.cli.console;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.ForbiddenResponse;
import io.javalin.http.HttpStatus;
import io.pebbletemplates.pebble.PebbleEngine;
import io.pebbletemplates.pebble.loader.ClasspathLoader;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.inputdesk.cli.CorrectionRules;
import org.inputdesk.cli.Json;
import org.inputdesk.schemas.Consultation;
import org.inputdesk.schemas.Desk;
import org.inputdesk.schemas.SubmissionClassified;
import org.inputdesk.schemas.TextPart;
import org.inputdesk.schemas.ThemeTag;

/**
 * The operator console over HTTP: counts, a chart of inputs per day per theme, the inputs held for
 * review, each desk's queue, the dead letters, and one page per input. With {@link ConsoleActions}
 * an operator holds, posts, withdraws, restores or corrects an input and retries a dead letter,
 * each with a reason; queues follow live. Who may do what is {@link Guard}'s; the pages read {@link
 * ConsoleState} only, and the public pages stay on the publisher. Everything shown is escaped:
 * subjects, names and errors come from senders.
 */
public final class Console implements AutoCloseable {

  static final String CSP =
      "default-src 'none'; style-src 'self'; img-src 'self'; script-src 'self';"
          + " connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

  /** Longest operator name kept. */
  static final int MAX_USER = 64;

  /** Rows a queue page lists at most; the rest are counted. */
  static final int MAX_ROWS = 500;

  /** Text of an input shown on its page, at most. */
  static final int MAX_TEXT = 4000;

  private static final String NEWEST_FIRST = "Newest first.";
  private static final String HELD_FIRST = "Held for review first, then newest first.";

  private static final Pattern SAFE_RETURN = Pattern.compile("/ops/[A-Za-z0-9._~%/-]*");

  private final Javalin app;
  private final PebbleEngine pebble;
  private final ConsoleState state;
  private final ConsoleActions actions;
  private final Guard guard;

  private Console(final ConsoleState state, final ConsoleActions actions, final String token) {
    this.state = state;
    this.actions = actions;
    this.guard = new Guard(new Sessions(Clock.systemUTC()), token);
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
    app.before(guard::check);
    app.after(
        ctx -> {
          ctx.header("Content-Security-Policy", CSP);
          ctx.header("X-Content-Type-Options", "nosniff");
          ctx.header("Cache-Control", "no-store");
          ctx.header("Referrer-Policy", "no-referrer");
        });
    app.exception(
        ForbiddenResponse.class,
        (e, ctx) ->
            ctx.status(HttpStatus.FORBIDDEN)
                .html(render("refused", Map.of("message", String.valueOf(e.getMessage())))));
    app.get("/", ctx -> ctx.redirect("/ops/"));
    app.get("/ops/login", this::loginPage);
    app.post("/ops/login", this::login);
    app.post("/ops/logout", this::logout);
    app.get("/ops/", this::home);
    app.get("/ops/style.css", ctx -> ctx.contentType("text/css").result(resource("style.css")));
    app.get(
        "/ops/console.js",
        ctx -> ctx.contentType("text/javascript").result(resource("console.js")));
    app.get("/ops/status.json", this::statusJson);
    app.get("/ops/held", ctx -> queue(ctx, "Held for review", NEWEST_FIRST, state::held));
    app.get(
        "/ops/unrouted", ctx -> queue(ctx, "Inputs without a desk", HELD_FIRST, state::unrouted));
    app.get("/ops/desks/{consultation}/{desk}", this::desk);
    app.get("/ops/inputs/{id}", ctx -> inputPage(ctx, HttpStatus.OK, List.of(), Map.of()));
    app.get("/ops/dlq", ctx -> dlqPage(ctx, HttpStatus.OK, List.of()));
    if (actions != null) {
      app.post("/ops/inputs/{id}/status", this::status);
      app.post("/ops/inputs/{id}/correct", this::correct);
      app.post("/ops/dlq/{n}/retry", this::retry);
    }
  }

  /** Serves a console that only shows, on {@code host:port} (0: any free port). */
  public static Console start(
      final ConsoleState state, final String host, final int port, final String token) {
    return start(state, null, host, port, token);
  }

  /** Serves the console on {@code host:port} (0: any free port); null actions: it only shows. */
  public static Console start(
      final ConsoleState state,
      final ConsoleActions actions,
      final String host,
      final int port,
      final String token) {
    final Console console = new Console(state, actions, token);
    console.app.start(host, port);
    return console;
  }

  public int port() {
    return app.port();
  }

  /** Bearer TOKEN, or Basic with any user name and TOKEN as password; no token, no access. */
  static boolean authorised(final String header, final String token) {
    return Guard.headerUser(header, token).isPresent();
  }

  /** An operator's name as recorded: trimmed, no control characters, capped; null when empty. */
  static String userName(final String raw) {
    if (raw == null) {
      return null;
    }
    final String clean = raw.replaceAll("\\p{Cntrl}", "").strip();
    if (clean.isEmpty()) {
      return null;
    }
    return clean.length() > MAX_USER ? clean.substring(0, MAX_USER) : clean;
  }

  // --- login ---

  private void loginPage(final Context ctx) {
    loginForm(ctx, HttpStatus.OK, null, "");
  }

  private void loginForm(
      final Context ctx, final HttpStatus status, final String error, final String name) {
    final Sessions.Session s = guard.loginSession(ctx);
    final Map<String, Object> model = new HashMap<>();
    model.put("loginCsrf", s.csrf());
    model.put("error", error);
    model.put("name", name);
    ctx.status(status).html(render("login", model));
  }

  private void login(final Context ctx) {
    final String name = userName(ctx.formParam("user"));
    if (name == null) {
      loginForm(
          ctx,
          HttpStatus.UNPROCESSABLE_CONTENT,
          "Give your name: it is recorded with each action you take.",
          "");
      return;
    }
    if (guard.login(ctx, name, ctx.formParam("token")).isEmpty()) {
      loginForm(ctx, HttpStatus.FORBIDDEN, "That is not the operator token.", name);
      return;
    }
    ctx.redirect("/ops/", HttpStatus.SEE_OTHER);
  }

  private void logout(final Context ctx) {
    guard.logout(ctx);
    ctx.redirect("/ops/login", HttpStatus.SEE_OTHER);
  }

  // --- pages ---

  /** What every page needs: the version first, so a change while rendering is seen next time. */
  private Map<String, Object> model(final Context ctx) {
    final Map<String, Object> model = new HashMap<>();
    model.put("version", state.version());
    final Sessions.Session s = guard.session(ctx);
    model.put("csrf", s.csrf());
    model.put("user", s.user());
    model.put("path", ctx.path());
    model.put("actions", actions != null);
    if (!isLive(ctx)) {
      model.put("flash", s.takeFlash());
    }
    return model;
  }

  private static boolean isLive(final Context ctx) {
    return "live".equals(ctx.queryParam("part"));
  }

  /**
   * Answers a live page's poll: 204 when nothing changed since the version it has, else the live
   * part of the page. False when the request is for the whole page.
   */
  private boolean live(final Context ctx, final String template, final Map<String, Object> model) {
    if (!isLive(ctx)) {
      return false;
    }
    final String version = String.valueOf(model.get("version"));
    if (version.equals(ctx.queryParam("since"))) {
      ctx.status(HttpStatus.NO_CONTENT);
      return true;
    }
    ctx.header("X-Console-Version", version).html(render(template, model));
    return true;
  }

  private void home(final Context ctx) {
    final Map<String, Object> model = model(ctx);
    model.put("total", state.size());
    model.put("deadLetters", state.deadLetters());
    model.put("byConsultation", state.counts("consultation"));
    model.put("byStatus", state.counts("status"));
    model.put("bySenderType", state.counts("sender-type"));
    model.put("byTheme", state.counts("theme"));
    model.put("desks", state.desks());
    model.put("held", state.held().size());
    model.put("unrouted", state.unrouted().size());
    model.put("chart", Chart.of(state.perDayPerTheme()));
    model.put("perDay", state.perDayPerTheme());
    ctx.html(render("home", model));
  }

  private void queue(
      final Context ctx,
      final String title,
      final String order,
      final Supplier<List<SubmissionClassified>> inputs) {
    final Map<String, Object> model = model(ctx);
    final List<SubmissionClassified> all = inputs.get();
    model.put("title", title);
    model.put("order", order);
    model.put("total", all.size());
    model.put("rows", Row.of(all.subList(0, Math.min(all.size(), MAX_ROWS))));
    if (!live(ctx, "queue-live", model)) {
      ctx.html(render("queue", model));
    }
  }

  private void desk(final Context ctx) {
    final String consultationId = ctx.pathParam("consultation");
    final String deskId = ctx.pathParam("desk");
    final Consultation c = state.consultations().get(consultationId);
    final Desk desk =
        c == null
            ? null
            : c.getDesks().stream().filter(d -> d.getId().equals(deskId)).findFirst().orElse(null);
    if (desk == null) {
      missing(ctx, "desk " + consultationId + " / " + deskId);
      return;
    }
    queue(
        ctx,
        desk.getName() + " (" + c.getId() + ")",
        HELD_FIRST,
        () -> state.queue(consultationId, deskId));
  }

  private void missing(final Context ctx, final String what) {
    ctx.status(HttpStatus.NOT_FOUND).html(render("missing", Map.of("what", what)));
  }

  private void inputPage(
      final Context ctx,
      final HttpStatus status,
      final List<String> errors,
      final Map<String, Object> form) {
    final Map<String, Object> model = model(ctx);
    final String id = ctx.pathParam("id");
    final Optional<SubmissionClassified> found = state.input(id);
    if (found.isEmpty()) {
      missing(ctx, "input " + id);
      return;
    }
    final SubmissionClassified input = found.get();
    final Consultation consultation = state.consultations().get(input.getConsultationId());
    final Set<String> current =
        input.getThemes().stream().map(ThemeTag::getId).collect(Collectors.toSet());
    model.put("row", Row.of(input));
    model.put("consultation", consultation);
    model.put(
        "addable",
        CorrectionRules.themes(consultation).stream()
            .filter(t -> !current.contains(t.getId()))
            .toList());
    model.put("senderTypes", CorrectionRules.SENDER_TYPES);
    model.put("text", text(input));
    model.put("errors", errors);
    model.put("form", form);
    model.put("inputPath", "/ops/inputs/" + id);
    if (!live(ctx, "input-live", model)) {
      ctx.status(status).html(render("input", model));
    }
  }

  /** The first text part, capped, with its language. */
  private static Map<String, Object> text(final SubmissionClassified input) {
    final List<TextPart> parts = input.getSubmission().getTextParts();
    if (parts.isEmpty()) {
      return null;
    }
    final TextPart part = parts.get(0);
    final String text = part.getText();
    final Map<String, Object> out = new HashMap<>();
    out.put("text", text.length() > MAX_TEXT ? text.substring(0, MAX_TEXT) + " …" : text);
    out.put("language", part.getLanguage() != null ? part.getLanguage() : input.getLanguage());
    return out;
  }

  private void dlqPage(final Context ctx, final HttpStatus status, final List<String> errors) {
    final Map<String, Object> model = model(ctx);
    model.put("letters", state.deadLetterList());
    model.put("errors", errors);
    if (!live(ctx, "dlq-live", model)) {
      ctx.status(status).html(render("dlq", model));
    }
  }

  // --- actions ---

  private void status(final Context ctx) {
    final String id = ctx.pathParam("id");
    final Optional<ConsoleActions.Verb> verb = ConsoleActions.Verb.of(ctx.formParam("action"));
    final ConsoleActions.Outcome outcome =
        verb.isEmpty()
            ? ConsoleActions.Outcome.refused(
                List.of("action: choose hold, post, withdraw or restore"))
            : actions.status(id, verb.get(), ctx.formParam("reason"), user(ctx));
    finish(
        ctx,
        outcome,
        "/ops/inputs/" + id,
        (status, errors) -> inputPage(ctx, status, errors, formValues(ctx)));
  }

  private void correct(final Context ctx) {
    final String id = ctx.pathParam("id");
    final ConsoleActions.Outcome outcome =
        actions.correct(
            id,
            ctx.formParams("add-theme"),
            ctx.formParams("remove-theme"),
            ctx.formParam("sender-type"),
            ctx.formParam("reason"),
            user(ctx));
    finish(
        ctx,
        outcome,
        "/ops/inputs/" + id,
        (status, errors) -> inputPage(ctx, status, errors, formValues(ctx)));
  }

  private void retry(final Context ctx) {
    final long n;
    try {
      n = Long.parseLong(ctx.pathParam("n"));
    } catch (NumberFormatException e) {
      missing(ctx, "dead letter " + ctx.pathParam("n"));
      return;
    }
    final ConsoleActions.Outcome outcome = actions.retry(n, ctx.formParam("reason"), user(ctx));
    finish(ctx, outcome, "/ops/dlq", (status, errors) -> dlqPage(ctx, status, errors));
  }

  /** The page to show again when an action was not done, with why. */
  private interface Again {
    void show(HttpStatus status, List<String> errors);
  }

  /**
   * Done: back to the page the form was on (Post/Redirect/Get), with what was done shown once.
   * Refused or failed: the form's page again, with the reason, and nothing written.
   */
  private void finish(
      final Context ctx,
      final ConsoleActions.Outcome outcome,
      final String fallback,
      final Again again) {
    switch (outcome.result()) {
      case DONE -> {
        guard.session(ctx).flash(outcome.message());
        ctx.redirect(safeReturn(ctx.formParam("return"), fallback), HttpStatus.SEE_OTHER);
      }
      case NOT_FOUND -> missing(ctx, outcome.message());
      case REFUSED -> again.show(HttpStatus.UNPROCESSABLE_CONTENT, lines(outcome.message()));
      case FAILED -> again.show(HttpStatus.BAD_GATEWAY, lines(outcome.message()));
    }
  }

  private static List<String> lines(final String message) {
    return Arrays.asList(message.split("\n"));
  }

  /** What the operator typed, to fill the form again when an action is refused. */
  private static Map<String, Object> formValues(final Context ctx) {
    final Map<String, Object> out = new HashMap<>();
    out.put("reason", Optional.ofNullable(ctx.formParam("reason")).orElse(""));
    out.put("form", Optional.ofNullable(ctx.formParam("form")).orElse(""));
    return out;
  }

  /** Only a path of this console: never another site, whatever the form says. */
  static String safeReturn(final String given, final String fallback) {
    return given != null
            && SAFE_RETURN.matcher(given).matches()
            && !given.contains("//")
            && !given.contains("..")
        ? given
        : fallback;
  }

  private String user(final Context ctx) {
    return guard.session(ctx).user();
  }

  private void statusJson(final Context ctx) {
    final var out = Json.object();
    out.put("inputs", state.size());
    out.put("held", state.held().size());
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
