package org.inputdesk.publisher.privacy;

import com.google.i18n.phonenumbers.PhoneNumberMatch;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds telephone numbers in text with Google's libphonenumber ({@code findNumbers}, leniency
 * VALID: only numbers valid in their country's numbering plan). Numbers written internationally
 * (+41 ..., or 00 41 ... where 00 is the region's international prefix) are found whatever the
 * region; national ones (022 917 12 34) need the region they are dialled in. Reads strings only.
 */
final class PhoneNumbers {

  private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();

  /**
   * Runs of digits and the separators numbers are written with, holding at least seven digits: the
   * only places worth handing to libphonenumber, whose own scan costs milliseconds per page of
   * text.
   */
  private static final Pattern CANDIDATE =
      Pattern.compile("[+(]?\\d[\\d \\t().\\-/\\u00A0\\u2009\\u202F\\u2013]{5,}\\d");

  private static final int MIN_DIGITS = 7;

  /** Context kept around a candidate: libphonenumber rejects a number glued to letters. */
  private static final int CONTEXT = 3;

  private PhoneNumbers() {}

  /** Whether libphonenumber knows the region (ISO 3166 alpha-2). */
  static boolean knownRegion(final String region) {
    return region != null && UTIL.getSupportedRegions().contains(region.toUpperCase(Locale.ROOT));
  }

  /** Where numbers are, as [start, end) spans in order, for numbers dialled from {@code region}. */
  static List<PersonalData.Span> find(final String text, final String region) {
    final List<PersonalData.Span> out = new ArrayList<>();
    final Matcher candidate = CANDIDATE.matcher(text);
    int searchedTo = 0;
    while (candidate.find()) {
      if (digits(candidate.group()) < MIN_DIGITS) {
        continue;
      }
      final int from = Math.max(searchedTo, candidate.start() - CONTEXT);
      final int to = Math.min(text.length(), candidate.end() + CONTEXT);
      for (final PhoneNumberMatch m :
          UTIL.findNumbers(
              text.substring(from, to), region, PhoneNumberUtil.Leniency.VALID, Long.MAX_VALUE)) {
        out.add(new PersonalData.Span(from + m.start(), from + m.end()));
      }
      searchedTo = to;
    }
    return out;
  }

  private static int digits(final String s) {
    int n = 0;
    for (int i = 0; i < s.length(); i++) {
      if (Character.isDigit(s.charAt(i))) {
        n++;
      }
    }
    return n;
  }
}
