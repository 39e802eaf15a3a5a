package org.inputdesk.publisher.privacy;

import java.util.regex.Pattern;
import org.owasp.html.HtmlPolicyBuilder;
import org.owasp.html.PolicyFactory;
import org.owasp.html.Sanitizers;

/**
 * Makes text from an email fit to publish: sanitises HTML to a small set of formatting elements and
 * http(s) links (no script, no event handlers, no {@code javascript:} URLs, no styles or images),
 * and removes email addresses from anything shown. Reads and writes strings only.
 */
public final class Sanitiser {

  /** What replaces an email address in published text. */
  public static final String REDACTED = "[address removed]";

  private static final Pattern EMAIL =
      Pattern.compile("[A-Za-z0-9._%+\\-]+@[A-Za-z0-9\\-]+(\\.[A-Za-z0-9\\-]+)+");

  private static final PolicyFactory POLICY =
      Sanitizers.FORMATTING
          .and(Sanitizers.BLOCKS)
          .and(Sanitizers.TABLES)
          .and(
              new HtmlPolicyBuilder()
                  .allowElements("a")
                  .allowUrlProtocols("http", "https")
                  .allowAttributes("href")
                  .onElements("a")
                  .requireRelsOnLinks("nofollow", "noopener", "noreferrer")
                  .toFactory());

  private Sanitiser() {}

  /** Sanitised HTML without email addresses; null stays null. */
  public static String html(final String unsafe) {
    if (unsafe == null) {
      return null;
    }
    // Addresses go first so that neither text nor mailto: links keep one.
    return POLICY.sanitize(redact(unsafe));
  }

  /** The text with every email address replaced; null stays null. */
  public static String redact(final String text) {
    if (text == null) {
      return null;
    }
    // Most text has no address at all; skip the regex scan (the catalogue rebuild runs this often).
    if (text.indexOf('@') < 0) {
      return text;
    }
    return EMAIL.matcher(text).replaceAll(REDACTED);
  }

  /** A name or organisation for display: no addresses, no control characters; blank is null. */
  public static String name(final String value) {
    if (value == null) {
      return null;
    }
    final String cleaned =
        redact(value).replace(REDACTED, "").replaceAll("[\\p{Cntrl}<>\"]", " ").trim();
    final String collapsed = cleaned.replaceAll("\\s+", " ");
    return collapsed.isEmpty() ? null : collapsed;
  }

  /** The first {@code max} characters of the text, whitespace collapsed, cut at a word. */
  public static String excerpt(final String text, final int max) {
    if (text == null) {
      return "";
    }
    final String flat = redact(text).replaceAll("\\s+", " ").trim();
    if (flat.length() <= max) {
      return flat;
    }
    final int cut = flat.lastIndexOf(' ', max);
    return flat.substring(0, cut > max / 2 ? cut : max) + "…";
  }
}
