package org.inputdesk.classifier.sender;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.inputdesk.schemas.MailAuthentication;
import org.inputdesk.schemas.SenderDirectoryEntry;
import org.inputdesk.schemas.SenderInfo;
import org.inputdesk.testsupport.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SenderResolverTest {

  private static final Map<String, SenderDirectoryEntry> DIRECTORY =
      Map.of(
          "ambassador@example-mission.org",
          entry("ambassador@example-mission.org", "member-state", "Mission of Fiji", "FJI"),
          "@partner.example",
          entry("@partner.example", "private-sector", "Partner Ltd", "GBR"));

  private static final Function<String, Optional<SenderDirectoryEntry>> LOOKUP =
      key -> Optional.ofNullable(DIRECTORY.get(key));

  private final SenderResolver resolver = SenderResolver.shared();

  static SenderDirectoryEntry entry(
      final String key, final String type, final String organisation, final String country) {
    return SenderDirectoryEntry.newBuilder()
        .setKey(key)
        .setSenderType(type)
        .setOrganisation(organisation)
        .setCountry(country)
        .setUpdatedAt(Instant.parse("2024-07-01T10:00:00Z"))
        .setUpdatedBy("operator")
        .build();
  }

  static MailAuthentication auth(final String domain, final String dmarc) {
    return MailAuthentication.newBuilder()
        .setFromDomain(domain)
        .setDmarc(dmarc)
        .setDkim("none")
        .setSpf("none")
        .setVerifiedBy("mx.oewg.example")
        .setVerdict("pass".equals(dmarc) ? "pass" : "fail".equals(dmarc) ? "fail" : "not-verified")
        .build();
  }

  private SenderResolver.Resolution resolve(
      final String from,
      final String subject,
      final String body,
      final List<String> attachments,
      final MailAuthentication auth) {
    return resolver.resolve(
        new SenderResolver.Input(FromHeader.parse(from), null, subject, body, attachments, auth),
        LOOKUP);
  }

  private SenderInfo sender(final String from, final String body) {
    return resolve(from, "Input", body, List.of(), null).sender();
  }

  private static String sample(final String name) throws Exception {
    final Optional<Path> file = SharedData.resolve("samples/" + name);
    assumeTrue(file.isPresent(), SharedData.absentMessage("samples/" + name));
    return Files.readString(file.get(), StandardCharsets.UTF_8);
  }

  // ---------------------------------------------------------------- the five cases of issue 17

  @Test
  void shouldKeepALetterheadOnlyClaimOfIranFromAnUnrelatedDomainAsAnUnverifiedClaim() {
    final SenderInfo s =
        resolve(
                "trent@example.net",
                "Statement",
                "Please find attached the statement.",
                List.of(
                    "Permanent Mission of the Islamic Republic of Iran to the United Nations\n\n"
                        + "Statement on confidence-building measures\n\nMr. Chair,\nThe Islamic"
                        + " Republic of Iran attaches great importance to CBMs."),
                null)
            .sender();
    assertThat(s.getType()).isEqualTo("member-state");
    assertThat(s.getCountry()).isEqualTo("IRN");
    assertThat(s.getOrganisation())
        .isEqualTo("Permanent Mission of the Islamic Republic of Iran to the United Nations");
    assertThat(s.getBasis()).isEqualTo("letterhead");
    assertThat(s.getVerified()).isFalse();
    assertThat(s.getVerification())
        .isEqualTo("letterhead only, sent from example.net, domain not authenticated");
    assertThat(s.getClaimEvidence()).contains("Permanent Mission of the Islamic Republic of Iran");
  }

  @Test
  void shouldAttributeAForwardToTheOriginalNgoAndRecordTheForwarderWithoutTheNote() {
    final SenderResolver.Resolution r =
        resolve(
            "Jean Martin <jean.martin@un.org>",
            "Fwd: Our input to the OEWG",
            "Colleagues, forwarding this for the compilation. Jean\n\n"
                + "Jean Martin\nUnited Nations Office for Disarmament Affairs\n\n"
                + "---------- Forwarded message ---------\n"
                + "From: Rania Saleh <rania@accessnow.org>\n"
                + "Date: Mon, 3 Mar 2025 at 10:12\n"
                + "Subject: Our input to the OEWG\n"
                + "To: Jean Martin <jean.martin@un.org>\n\n"
                + "Dear Secretariat,\n\nAccess Now asks the Group to protect human rights"
                + " defenders from spyware.\n\nBest regards,\n\nRania Saleh\nAccess Now",
            List.of(),
            auth("un.org", "pass"));
    final SenderInfo s = r.sender();
    assertThat(s.getType()).isEqualTo("ngo");
    assertThat(s.getOrganisation()).isEqualTo("Access Now");
    assertThat(s.getForwardedBy()).isEqualTo("jean.martin@un.org");
    assertThat(r.body().forwarded()).isTrue();
    assertThat(r.body().text())
        .startsWith("Dear Secretariat,")
        .doesNotContain("forwarding this")
        .doesNotContain("Forwarded message")
        .doesNotContain("From: Rania");
  }

  @Test
  void shouldResolveAnArabicLetterFromAMissionsUnIntAddressToThatMemberState() {
    final SenderInfo s =
        sender(
            "egypt@un.int",
            "تحية طيبة وبعد،\n\nتتشرف البعثة الدائمة لجمهورية مصر العربية لدى الأمم المتحدة"
                + " بأن تحيل آراء مصر بشأن الآلية الدائمة.\n\nمع خالص التحية والتقدير،\n\n"
                + "البعثة الدائمة لجمهورية مصر العربية لدى الأمم المتحدة");
    assertThat(s.getType()).isEqualTo("member-state");
    assertThat(s.getCountry()).isEqualTo("EGY");
    assertThat(s.getBasis()).isEqualTo("kb:un.int");
    assertThat(s.getOrganisation())
        .isEqualTo("البعثة الدائمة لجمهورية مصر العربية لدى الأمم المتحدة");
  }

  @Test
  void shouldCutAUniversitysNameAtItsEndNotMidSentence() {
    final SenderInfo s =
        sender(
            "info@example.org",
            "Dear Secretariat,\n\nThe University of Coimbra submits that confidence-building"
                + " measures such as a points-of-contact directory deserve support.\n\nRegards");
    assertThat(s.getType()).isEqualTo("academia");
    assertThat(s.getOrganisation()).isEqualTo("University of Coimbra");
  }

  @Test
  void shouldKeepTheCaseANameWasWrittenIn() {
    final SenderInfo s =
        sender(
            "someone@unknown-host.example",
            "Dear colleagues,\n\nWe support the draft.\n\nBest regards,\n\nTan Wei Ling\n"
                + "Permanent Mission of Singapore\nNew York");
    assertThat(s.getOrganisation()).isEqualTo("Permanent Mission of Singapore");
    assertThat(s.getCountry()).isEqualTo("SGP");
  }

  @Test
  void shouldVerifyAMinistryOnlyWhenATrustedServerPassedItsDomain() {
    final String body =
        "Dear Secretariat,\n\nSingapore welcomes the draft.\n\nRegards,\n\nMinistry of Foreign"
            + " Affairs\nSingapore";
    final SenderInfo pass =
        resolve("cyber@mfa.gov.sg", "Input", body, List.of(), auth("mfa.gov.sg", "pass")).sender();
    assertThat(pass.getType()).isEqualTo("member-state");
    assertThat(pass.getCountry()).isEqualTo("SGP");
    assertThat(pass.getVerified()).isTrue();
    assertThat(pass.getVerification()).isEqualTo("dmarc=pass for mfa.gov.sg (mx.oewg.example)");

    final SenderInfo fail =
        resolve("cyber@mfa.gov.sg", "Input", body, List.of(), auth("mfa.gov.sg", "fail")).sender();
    assertThat(fail.getVerified()).isFalse();
    assertThat(fail.getVerification()).contains("dmarc=fail");

    final SenderInfo none = resolve("cyber@mfa.gov.sg", "Input", body, List.of(), null).sender();
    assertThat(none.getVerified()).isFalse();
    assertThat(none.getVerification()).isEqualTo("sent from mfa.gov.sg, domain not authenticated");
  }

  @Test
  void shouldNotVerifyAStateClaimWhoseAuthenticatedDomainIsNotTheStates() {
    final SenderInfo s =
        resolve(
                "Embassy <desk@example.net>",
                "Input",
                "Permanent Mission of Singapore to the United Nations\n\nDear Secretariat,\n\n...",
                List.of(),
                auth("example.net", "pass"))
            .sender();
    assertThat(s.getType()).isEqualTo("member-state");
    assertThat(s.getVerified()).isFalse();
    assertThat(s.getVerification()).contains("not a domain of");
  }

  // ---------------------------------------------------------------- the shared samples

  @ParameterizedTest
  @CsvSource({"someone@gmail.com", "x@unknown-host.example", "''"})
  void shouldResolveSingaporeMissionFromLetterhead(final String from) throws Exception {
    final SenderInfo s = sender(from, sample("oewg-chair-invitation-2024.txt"));
    assertThat(s.getType()).isEqualTo("member-state");
    assertThat(s.getCountry()).isEqualTo("SGP");
    assertThat(s.getOrganisation())
        .containsIgnoringCase("Permanent Mission of the Republic of Singapore");
  }

  @ParameterizedTest
  @CsvSource({"someone@gmail.com", "x@unknown-host.example", "''"})
  void shouldResolveIranDelegationFromIntervention(final String from) throws Exception {
    final SenderInfo s = sender(from, sample("iran-intervention-cbm-2020.txt"));
    assertThat(s.getType()).isEqualTo("member-state");
    assertThat(s.getCountry()).isEqualTo("IRN");
    assertThat(s.getOrganisation()).contains("Iran");
  }

  @ParameterizedTest
  @CsvSource({"someone@gmail.com", "x@unknown-host.example", "''", "usg@un.org"})
  void shouldResolveUnDesaFromLetterhead(final String from) throws Exception {
    final SenderInfo s = sender(from, sample("desa-letter-igf-mag-2020.txt"));
    assertThat(s.getType()).isEqualTo("un-entity");
    assertThat(s.getOrganisation()).containsIgnoringCase("Economic and Social Affairs");
  }

  // ---------------------------------------------------------------- directory and knowledge base

  @Test
  void shouldPreferDirectoryByAddressOverEverythingElse() {
    final SenderInfo s = sender("Ambassador@Example-Mission.org", "Delegation of France");
    assertThat(s.getType()).isEqualTo("member-state");
    assertThat(s.getCountry()).isEqualTo("FJI");
    assertThat(s.getConfidence()).isEqualTo(1.0);
    assertThat(s.getBasis()).isEqualTo("directory:address");
    assertThat(s.getVerified()).isTrue();
  }

  @Test
  void shouldFindDirectoryEntryOfParentDomain() {
    final SenderInfo s = sender("a.b@mail.eu.partner.example", "");
    assertThat(s.getType()).isEqualTo("private-sector");
    assertThat(s.getOrganisation()).isEqualTo("Partner Ltd");
    assertThat(s.getBasis()).isEqualTo("directory:domain");
  }

  @ParameterizedTest(name = "{0} -> {1} {2}")
  @CsvSource({
    "cyber@mfa.gov.sg, member-state, SGP",
    "desk@diplomatie.gouv.fr, member-state, FRA",
    "onu@exteriores.gob.es, member-state, ESP",
    "mission@mrree.gub.uy, member-state, URY",
    "un@mofa.go.jp, member-state, JPN",
    "cyber@state.gov, member-state, USA",
    "newyork@eda.admin.ch, member-state, CHE",
    "office@fcdo.gov.uk, member-state, GBR",
    "cyber@mid.ru, member-state, RUS",
    "usun@un.int, member-state, USA",
    "x@vatican.va, observer-state, VAT",
    "info@un.org, un-entity, ",
    "x@unidir.org, un-entity, ",
    "x@itu.int, un-entity, ",
    "x@eeas.europa.eu, intergovernmental-organization, ",
    "x@osce.org, intergovernmental-organization, ",
    "x@au.int, intergovernmental-organization, ",
    "x@harvard.edu, academia, ",
    "x@politics.ox.ac.uk, academia, ",
    "x@icann.org, technical-community, ",
    "x@ripe.net, technical-community, ",
    "x@accessnow.org, ngo, ",
    "x@some-foundation.ngo, ngo, ",
    "x@microsoft.com, private-sector, ",
    "x@acme-security.com, private-sector, ",
  })
  void shouldResolveByTheKnowledgeBasesDomains(
      final String from, final String type, final String country) {
    final SenderInfo s = sender(from, "We submit our views on the draft report.");
    assertThat(s.getType()).isEqualTo(type);
    if (country != null) {
      assertThat(s.getCountry()).isEqualTo(country);
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "Permanent Mission of the Kingdom of the Netherlands to the United Nations|member-state|NLD",
        "Statement by the Delegation of the Russian Federation|member-state|RUS",
        "Mission permanente de la France auprès des Nations Unies|member-state|FRA",
        "Misión Permanente de México ante las Naciones Unidas|member-state|MEX",
        "Постоянное представительство Российской Федерации при ООН|member-state|RUS",
        "البعثة الدائمة للمملكة الأردنية الهاشمية لدى الأمم المتحدة|member-state|JOR",
        "中华人民共和国常驻联合国代表团|member-state|CHN",
        "Missão Permanente do Brasil junto às Nações Unidas|member-state|BRA",
        "Ständige Vertretung der Bundesrepublik Deutschland bei den Vereinten Nationen|member-state|DEU",
        "Permanent Observer Mission of the Holy See|observer-state|VAT",
        "Statement by the Delegation of the State of Palestine|observer-state|PSE",
        "Delegation of Viet Nam|member-state|VNM",
      })
  void shouldReadLetterheadsInEightLanguagesFromFreeMailAsClaims(
      final String letterhead, final String type, final String country) {
    final SenderInfo s = sender("staff@gmail.com", letterhead + "\n\nDear colleagues,\n...");
    assertThat(s.getType()).isEqualTo(type);
    assertThat(s.getCountry()).isEqualTo(country);
    assertThat(s.getBasis()).isEqualTo("letterhead");
    assertThat(s.getVerified()).isFalse();
    assertThat(s.getVerification()).contains("gmail.com");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "Universidade de Coimbra|academia",
        "Université de Genève|academia",
        "Московский государственный университет имени М. В. Ломоносова|academia",
        "Centre for Strategic Studies|academia",
        "Digital Rights Foundation|ngo",
        "Acme Security GmbH|private-sector",
        "Example Industry Council|private-sector",
        "Example National CERT|technical-community",
      })
  void shouldTellTheTypeOfANameFromItsHeadNouns(final String name, final String type) {
    final SenderInfo s =
        sender(
            "someone@unknown-host.example",
            "Dear Chair,\n\nOur views.\n\nRegards,\n\nJ. Doe\n" + name);
    assertThat(s.getType()).isEqualTo(type);
    assertThat(s.getOrganisation()).isEqualTo(name);
  }

  // ---------------------------------------------------------------- persons, free mail, forwards

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "I write in my personal capacity; the views are my own.",
        "Je vous écris à titre personnel.",
        "Escribo a título personal.",
        "Пишу в личном качестве.",
        "Escrevo a título pessoal.",
        "Ich schreibe in persönlicher Eigenschaft.",
      })
  void shouldTreatPersonalCapacityAsAnIndividualEvenFromAUniversity(final String sentence) {
    final SenderInfo s =
        sender(
            "Jane Doe <jane.doe@ox.ac.uk>",
            "Dear Secretariat,\n\n" + sentence + "\n\nRegards,\nJane Doe\nUniversity of Oxford");
    assertThat(s.getType()).isEqualTo("individual");
    assertThat(s.getOrganisation()).isNull();
    assertThat(s.getBasis()).isEqualTo("personal-capacity");
  }

  @Test
  void shouldCallFreeMailThatNamesNoOneUnknownNotIndividual() {
    final SenderInfo s = sender("ict.comments2025@gmail.com", "Some comments on the draft.");
    assertThat(s.getType()).isEqualTo("unknown");
    assertThat(s.getBasis()).isEqualTo("freemail");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "The Internet Governance Forum and the Global Digital Compact must stay multistakeholder.",
        "UNESCO's work on information integrity deserves more attention in the report.",
        "The OSCE has shown that regional confidence-building measures work.",
      })
  void shouldNotTakeAnOrganisationTheTextSpeaksOfForItsSender(final String text) {
    final SenderInfo s = sender("someone@gmail.com", text);
    assertThat(s.getType()).isEqualTo("unknown");
  }

  @Test
  void shouldCutTheNameFromAWrappedFirstSentence() {
    final SenderInfo s =
        sender(
            "sectec@unidir.org",
            "The United Nations Institute for Disarmament Research offers the following\n"
                + "observations on regular institutional dialogue.\n\nThe transition should keep"
                + " the thematic groups.");
    assertThat(s.getType()).isEqualTo("un-entity");
    assertThat(s.getOrganisation()).isEqualTo("United Nations Institute for Disarmament Research");
  }

  @Test
  void shouldIgnoreAnOfficialDisplayNameOnFreeMail() {
    final SenderInfo s =
        sender("Ministry of Foreign Affairs <mofa.desk@hotmail.com>", "Our input.\n\nRegards");
    assertThat(s.getType()).isEqualTo("unknown");
  }

  @Test
  void shouldTakeFreeMailSignedByItsOwnerForAPerson() {
    final SenderInfo s =
        sender(
            "Priya Natarajan <priya.n@proton.me>",
            "Hi,\n\nI think the draft is good.\n\nThanks,\nPriya Natarajan");
    assertThat(s.getType()).isEqualTo("individual");
  }

  @Test
  void shouldLeaveQuotedEarlierMessagesOutOfTheText() {
    final SenderResolver.Resolution r =
        resolve(
            "Jane Doe <jane@accessnow.org>",
            "Re: OEWG inputs",
            "Here is our input: protect hospitals.\n\nOn Mon, 3 Mar 2025 at 10:12, Secretariat"
                + " <oewg@un.org> wrote:\n> Please send your inputs by Friday.\n> Thanks",
            List.of(),
            null);
    assertThat(r.body().text()).isEqualTo("Here is our input: protect hospitals.");
  }

  // ---------------------------------------------------------------- bad input

  @Test
  void shouldNeverBeAConfidentStateWithSeveralFromAddresses() {
    final SenderInfo s =
        sender(
            "a@mfa.gov.sg, b@gmail.com",
            "Permanent Mission of Singapore\n\nDear Secretariat,\n\nOur views.");
    assertThat(s.getConfidence()).isLessThanOrEqualTo(0.5);
    assertThat(s.getVerified()).isFalse();
    assertThat(s.getVerification()).startsWith("several From addresses");
  }

  @Test
  void shouldReadTheRealAddressWhenTheDisplayNameIsAnotherAddress() {
    final SenderInfo s = sender("\"cyber@mfa.gov.sg\" <trent@example.net>", "Our views.");
    assertThat(s.getType()).isNotEqualTo("member-state");
    assertThat(s.getVerification())
        .startsWith("display name shows another address (cyber@mfa.gov.sg)");
  }

  @Test
  void shouldHoldBackAForwardWithoutOriginalHeadersFromTheForwardersDomain() {
    final SenderResolver.Resolution r =
        resolve(
            "Jean <jean@un.org>",
            "Fwd: input",
            "---------- Forwarded message ---------\n\nSome text without a signature.",
            List.of(),
            null);
    assertThat(r.sender().getType()).isEqualTo("unknown");
    assertThat(r.sender().getBasis()).isEqualTo("forward");
    assertThat(r.sender().getForwardedBy()).isEqualTo("jean@un.org");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "garbage",
        "mx.example; dmarc=",
        ";;;",
        "mx.example; dmarc=pass header.from=other.example",
        "(((unclosed",
      })
  void shouldNotVerifyOnMalformedOrForeignAuthenticationResults(final String header) {
    final MailAuthentication a = AuthenticationResults.read(List.of(header), "mfa.gov.sg");
    final SenderInfo s = resolve("cyber@mfa.gov.sg", "Input", "Our views.", List.of(), a).sender();
    assertThat(s.getType()).isEqualTo("member-state");
    assertThat(s.getVerified()).isFalse();
  }

  @Test
  void shouldDecideOnRandomMixturesOfMailPiecesWithoutThrowing() {
    final String[] pieces = {
      "Permanent Mission of ",
      "Singapore",
      "the Republic of ",
      " to the United Nations",
      "\n",
      "\n\n",
      "> ",
      "On Mon, Jane <j@x.org> wrote:",
      "---------- Forwarded message ---------",
      "From: ",
      "<a@b.org>",
      "Regards,",
      "University of ",
      "Coimbra",
      " submits ",
      "(",
      ")",
      ",",
      " – ",
      "البعثة الدائمة ل",
      "مصر",
      "常驻联合国代表团",
      "中国",
      "Постоянное представительство ",
      "России",
      "on behalf of ",
      "in my personal capacity",
      "Inc.",
      "e.V.",
      "«",
      "»",
      "=?utf-8?B?",
      "?=",
      ":",
      "：",
      "\u0000",
      "\uFFFF",
      "\uD83D\uDE00",
      "Ⅻ",
      " ",
      "\t",
      "Dear Chair,"
    };
    final java.util.Random random = new java.util.Random(17);
    for (int n = 0; n < 2000; n++) {
      final StringBuilder body = new StringBuilder();
      final StringBuilder from = new StringBuilder();
      for (int i = random.nextInt(60); i > 0; i--) {
        body.append(pieces[random.nextInt(pieces.length)]);
      }
      for (int i = random.nextInt(6); i > 0; i--) {
        from.append(pieces[random.nextInt(pieces.length)]);
      }
      final SenderResolver.Resolution r =
          resolve(
              from.toString(),
              random.nextBoolean() ? "Fwd: x" : "Re: x",
              body.toString(),
              List.of(body.reverse().toString()),
              auth("x.org", "pass"));
      assertThat(r.sender().getBasis()).isNotBlank();
      assertThat(r.sender().getBasis()).as(body.toString()).isNotEqualTo("unreadable");
    }
  }

  @Test
  void shouldDecideOnTextInUnexpectedScriptsAndOnNothingAtAll() {
    for (final String body :
        List.of(
            "",
            "\u0000\u0001\uFFFF",
            "ལྷ་སའི་ས་ཁུལ།\n\nབཀྲ་ཤིས་བདེ་ལེགས།",
            "Ⓟⓔⓡⓜⓐⓝⓔⓝⓣ Ⓜⓘⓢⓢⓘⓞⓝ",
            "Permanent Mission of\n",
            "Permanent Mission of the of the of the",
            "\n\n\n>\n> On wrote:\n".repeat(50))) {
      for (final String from : List.of("", "<>", "@", "a@b", "=?utf-8?B?####?= <x@y.org>", "x")) {
        final SenderInfo s = sender(from, body);
        assertThat(s.getType()).isNotNull();
        assertThat(s.getBasis()).isNotBlank();
      }
    }
  }

  // ---------------------------------------------------------------- names readers would write

  @Test
  void shouldNameAnOrganisationKnownOnlyByItsDomainFromTheSignatureLineThatSpellsIt() {
    final SenderInfo s =
        sender(
            "Ирина Петрова <irina@svobodnyset.org>",
            "Уважаемые коллеги,\n\nНаращивание потенциала должно осуществляться по запросу.\n\n"
                + "С уважением,\n\nИрина Петрова\nЮрист\nСвободная Сеть\n");
    assertThat(s.getType()).isEqualTo(SenderTypes.NGO);
    assertThat(s.getOrganisation()).isEqualTo("Свободная Сеть");
  }

  @Test
  void shouldNotTakeAWebAddressForTheOrganisationsName() {
    final SenderInfo s =
        sender(
            "Ana Lima <ana@direitosnarede.org.br>",
            "Prezados,\n\nA cooperação é essencial.\n\nAtenciosamente,\nAna Lima\nwww.direitosnarede.org.br\n");
    assertThat(s.getType()).isEqualTo(SenderTypes.NGO);
    assertThat(s.getOrganisation()).isNull();
  }

  @Test
  void shouldKeepAStatesMissionAsTheSenderWhenItSpeaksOnBehalfOfTheEuropeanUnion() {
    final SenderInfo s =
        sender(
            "Jan de Vries <jan-de.vries@minbuza.nl>",
            "Dear Chair,\n\nOn behalf of the European Union and its Member States, we submit the"
                + " following input.\n\nSincerely,\n\nJan de Vries\nPermanent Mission of the"
                + " Kingdom of the Netherlands to the United Nations\n");
    assertThat(s.getType()).isEqualTo(SenderTypes.MEMBER_STATE);
    assertThat(s.getCountry()).isEqualTo("NLD");
  }

  @Test
  void shouldReadAnOfficeOfAHeadOfStateAsAGovernmentButThePresidentOfTheAssemblyAsTheUn() {
    assertThat(
            sender(
                    "Chief of Staff <chief.staff@presidency.example>",
                    "Dear Chair,\n\nPlease find the President's letter attached.\n\nRegards,\n"
                        + "Chief of Staff\nOffice of the President\n")
                .getType())
        .isEqualTo(SenderTypes.MEMBER_STATE);
    assertThat(
            sender(
                    "Chief of Staff <cos@pga.example>",
                    "Dear colleagues,\n\nPlease find the letter attached.\n\nRegards,\n"
                        + "Office of the President of the General Assembly\n")
                .getType())
        .isEqualTo(SenderTypes.UN_ENTITY);
  }

  @Test
  void shouldNameAKnownOrganisationsSecretariatAsTheOrganisationAndLeaveOutALegalForm() {
    assertThat(
            sender(
                    "Policy <policy@interpol.int>",
                    "Dear Chair,\n\nWe submit our input.\n\nRegards,\nINTERPOL General Secretariat\n")
                .getOrganisation())
        .isEqualTo("INTERPOL");
    assertThat(NameText.cleanName("CENTR vzw")).isEqualTo("CENTR");
    assertThat(NameText.cleanName("League of Arab States – Cairo")).isEqualTo("League of Arab States");
    assertThat(NameText.cleanName("Intervozes – Coletivo Brasil de Comunicação Social"))
        .isEqualTo("Intervozes – Coletivo Brasil de Comunicação Social");
  }
}
