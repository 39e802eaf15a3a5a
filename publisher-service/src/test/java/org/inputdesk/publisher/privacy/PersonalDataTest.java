package org.inputdesk.publisher.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.inputdesk.publisher.privacy.PersonalData.ADDRESS;
import static org.inputdesk.publisher.privacy.PersonalData.PHONE;
import static org.inputdesk.publisher.privacy.PersonalData.SIGNATURE;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PersonalDataTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "+41 22 917 12 34",
        "+1 212-963-1234",
        "+44 20 7946 0958",
        "+254 20 2710000",
        "+7 495 123-45-67",
        "+33 (0)1 42 68 53 00",
        "00 41 22 917 12 34",
        "0041229171234"
      })
  void shouldRemoveNumbersWrittenInternationallyWhateverTheSendersCountry(final String number) {
    assertThat(PersonalData.remove("Call me on " + number + " tomorrow.", null, false))
        .isEqualTo("Call me on " + PHONE + " tomorrow.");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "FR | Tél. : 01 42 68 53 00",
        "US | Tel: (212) 963-1234",
        "KE | Tel: 020 2710000",
        "   | Tel: 022 917 12 34"
      })
  void shouldRemoveNationalNumbersAsDialledInTheSendersCountryElseSwitzerland(
      final String country, final String line) {
    final String out = PersonalData.remove(line, country, false);

    assertThat(out).endsWith(PHONE).doesNotContainPattern("\\d{3}");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "405 East 42nd Street",
        "1 United Nations Plaza",
        "221B Baker Street",
        "12, rue de la Paix",
        "8-14 avenue de la Paix",
        "Calle Mayor 5",
        "Avenida Paulista, 1578",
        "Via Roma 12",
        "Hauptstraße 5",
        "ул. Тверская, д. 7",
        "P.O. Box 1234",
        "Case postale 12",
        "Postfach 100",
        "New York, NY 10017",
        "London SW1A 2AA"
      })
  void shouldRemovePostalAddressesInTheirCommonForms(final String address) {
    final String out = PersonalData.remove("Our office: " + address + ". Thank you.", null, false);

    assertThat(out).contains(ADDRESS).doesNotContain(address).endsWith(". Thank you.");
  }

  @Test
  void shouldRemoveAnAddressBlockAsOne() {
    final String letter =
        "Please write to us.\n\nPermanent Mission of Examplia\nChemin du Champ-d'Anier 19\n"
            + "1209 Genève\nSwitzerland\n";

    assertThat(PersonalData.remove(letter, "CH", false))
        .isEqualTo(
            "Please write to us.\n\nPermanent Mission of Examplia\n" + ADDRESS + "\nSwitzerland\n");
  }

  @Test
  void shouldLeaveReferencesDatesYearsAndParagraphNumbersAlone() {
    final String text =
        "We welcome paragraph 12 and 14(b) of the draft, the 2030 Agenda and resolution 76/19"
            + " (A/RES/75/240; A/AC.292/2025/1). In 2026 Member States met from 9:00 to 17:00 on"
            + " 12.03.2026; 1,234,567 people took part. See OEWG8-2026-000123 and Article 51 of"
            + " the Charter.\n2030 Agenda for Sustainable Development\nIn 2024 the International"
            + " Court of Justice ruled. We sent it via the Secretariat on 3 via email.";

    assertThat(PersonalData.remove(text, null, false)).isEqualTo(text);
    assertThat(PersonalData.remove(text, "US", true)).isEqualTo(text);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "Best regards,",
        "Kind regards",
        "Sincerely,",
        "Cordialement,",
        "Bien à vous,",
        "Atentamente,",
        "С уважением,",
        "Mit freundlichen Grüßen",
        "مع خالص التحية،"
      })
  void shouldRemoveAnIndividualsSignatureAfterTheClosing(final String closing) {
    final String letter =
        "I support stronger protection of hospitals.\n\n"
            + closing
            + "\nJane Quinn\nSenior Researcher, Example University\nMobile: 079 555 12 34\n";

    assertThat(PersonalData.remove(letter, null, true))
        .isEqualTo("I support stronger protection of hospitals.\n\n" + closing + "\n" + SIGNATURE);
  }

  @Test
  void shouldRemoveTheNameOnTheClosingLineAndAfterASignatureSeparator() {
    assertThat(PersonalData.remove("My view is X.\nBest regards, Jane Quinn", null, true))
        .isEqualTo("My view is X.\nBest regards, " + SIGNATURE);
    assertThat(PersonalData.remove("My view is X.\n-- \nJane Quinn\nGeneva", null, true))
        .isEqualTo("My view is X.\n" + SIGNATURE);
  }

  @Test
  void shouldKeepAnOrganisationsSignatureButNotItsPhoneNumber() {
    final String letter =
        "The Mission supports the draft.\n\nSincerely,\nAmbassador Q. Example\nTel. +41 22 917 12 34";

    assertThat(PersonalData.remove(letter, null, false))
        .isEqualTo(
            "The Mission supports the draft.\n\nSincerely,\nAmbassador Q. Example\nTel. " + PHONE);
  }

  @Test
  void shouldNotTakeASentenceThatStartsLikeAClosingForOne() {
    final String text =
        "Introduction.\nRegards to paragraph 12, we propose stronger wording on norms for 2026.\n"
            + "We remain at your disposal.";

    assertThat(PersonalData.remove(text, null, true)).isEqualTo(text);
    assertThat(PersonalData.remove("Only one line.\nBest regards,", null, true))
        .isEqualTo("Only one line.\nBest regards,");
  }
}
