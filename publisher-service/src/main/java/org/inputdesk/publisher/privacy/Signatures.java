package org.inputdesk.publisher.privacy;

import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the signature block at the end of a letter: what follows a closing line ("Best regards,",
 * "Sincerely", "Cordialement", "Atentamente", "С уважением", "مع خالص التحية" ...) or a "-- "
 * signature separator (RFC 3676) near the end. The closing itself stays; the name, title, phone and
 * address lines after it are the block. Reads strings only.
 */
final class Signatures {

  /** Closings in the UN's languages and a few more, longest first where one starts another. */
  private static final String CLOSINGS =
      String.join(
          "|",
          // English
          "with best regards",
          "with kind regards",
          "best regards",
          "kind regards",
          "warm regards",
          "warmest regards",
          "with regards",
          "regards",
          "best wishes",
          "yours sincerely",
          "sincerely yours",
          "sincerely",
          "yours faithfully",
          "yours truly",
          "respectfully yours",
          "respectfully",
          // French
          "bien cordialement",
          "très cordialement",
          "cordialement",
          "bien à vous",
          "salutations distinguées",
          "sincères salutations",
          "meilleures salutations",
          "respectueusement",
          // Spanish and Portuguese
          "atentamente",
          "un cordial saludo",
          "saludos cordiales",
          "un saludo",
          "saludos",
          "cordialmente",
          "atenciosamente",
          "com os melhores cumprimentos",
          "cumprimentos",
          // German
          "mit freundlichen grüßen",
          "mit freundlichen grüssen",
          "freundliche grüße",
          "viele grüße",
          "beste grüße",
          // Russian
          "с уважением",
          "с наилучшими пожеланиями",
          // Arabic
          "مع خالص التحية",
          "مع خالص التحيات",
          "مع أطيب التحيات",
          "مع التحية",
          "وتفضلوا بقبول فائق الاحترام",
          "تحياتي",
          // Chinese
          "此致敬礼",
          "此致");

  /**
   * A closing line: the closing, punctuation, and at most a short name on the same line ("Best
   * regards, Jane"); a longer rest means a sentence that merely starts with the words.
   */
  private static final Pattern CLOSING =
      Pattern.compile(
          "^[ \\t>]*(?:" + CLOSINGS + ")(?=$|[\\s,.!;:\\-—–،])[ \\t,.!;:\\-—–،]*(.*)$",
          Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);

  private static final Pattern SEPARATOR = Pattern.compile("^-- ?$");

  /** How far from the end a closing may stand, in non-blank lines. */
  private static final int TAIL_LINES = 12;

  /** A name on the closing line: a few words, no digits. */
  private static final Pattern SHORT_NAME =
      Pattern.compile("[\\p{L}\\p{M}'’.\\- ]{0,60}", Pattern.UNICODE_CASE);

  private Signatures() {}

  /**
   * Where the signature block starts (after the closing phrase and its punctuation), or empty when
   * the text ends with none or nothing follows its closing.
   */
  static OptionalInt start(final String text) {
    final String[] lines = text.split("\n", -1);
    final int[] offsets = new int[lines.length];
    for (int i = 1; i < lines.length; i++) {
      offsets[i] = offsets[i - 1] + lines[i - 1].length() + 1;
    }
    int seen = 0;
    for (int i = lines.length - 1; i >= 0 && seen < TAIL_LINES; i--) {
      final String line = lines[i].replace("\r", "");
      if (line.isBlank()) {
        continue;
      }
      seen++;
      if (SEPARATOR.matcher(line).matches()) {
        return OptionalInt.of(offsets[i]);
      }
      final Matcher closing = CLOSING.matcher(line);
      if (closing.matches() && SHORT_NAME.matcher(closing.group(1).trim()).matches()) {
        final boolean nameOnLine = !closing.group(1).isBlank();
        if (!nameOnLine && seen == 1) {
          return OptionalInt.empty();
        }
        return OptionalInt.of(
            nameOnLine ? offsets[i] + closing.start(1) : offsets[i] + lines[i].length());
      }
    }
    return OptionalInt.empty();
  }
}
