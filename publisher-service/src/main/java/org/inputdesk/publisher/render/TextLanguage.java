package org.inputdesk.publisher.render;

import java.util.Locale;
import java.util.Set;

/**
 * The {@code lang} and {@code dir} attributes an input's text and title need on a page written in
 * {@link #PAGE} (WCAG 2.1, 3.1.2 Language of Parts): the input's language when it differs from the
 * page's, and its writing direction, so that Arabic, Hebrew, Persian or Urdu read right to left.
 * Reads and writes strings only.
 *
 * @param lang a BCP 47 tag
 * @param dir {@code rtl} or {@code ltr}
 */
public record TextLanguage(String lang, String dir) {

  /** The language the site's own words are written in ({@code <html lang>}). */
  public static final String PAGE = "en";

  /** Languages written right to left, by ISO 639 code (iw is Hebrew's old code). */
  private static final Set<String> RIGHT_TO_LEFT =
      Set.of("ar", "he", "iw", "fa", "ur", "ps", "sd", "ug", "yi", "dv", "ckb", "syr");

  /** The attributes for text in {@code code}; null when the page's own or unknown. */
  public static TextLanguage of(final String code) {
    if (code == null || !code.matches("[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*")) {
      return null;
    }
    final String tag = Locale.forLanguageTag(code).toLanguageTag();
    final String primary = tag.split("-", 2)[0].toLowerCase(Locale.ROOT);
    if (primary.equals(PAGE) || primary.equals("und")) {
      return null;
    }
    return new TextLanguage(tag, RIGHT_TO_LEFT.contains(primary) ? "rtl" : "ltr");
  }
}
