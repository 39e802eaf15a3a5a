package org.inputdesk.classifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.inputdesk.schemas.SenderDirectoryEntry;
import org.inputdesk.schemas.SenderInfo;
import org.inputdesk.testsupport.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SenderTypeResolverTest {

  private static final Map<String, SenderDirectoryEntry> DIRECTORY =
      Map.of(
          "ambassador@example-mission.org",
          Fixtures.directory(
              "ambassador@example-mission.org", "member-state", "Mission of Fiji", "FJI"),
          "@partner.example",
          Fixtures.directory("@partner.example", "private-sector", "Partner Ltd", "GBR"));

  private final SenderTypeResolver resolver =
      new SenderTypeResolver(key -> Optional.ofNullable(DIRECTORY.get(key)));

  private static String sample(final String name) throws Exception {
    final Optional<Path> file = SharedData.resolve("samples/" + name);
    assumeTrue(file.isPresent(), SharedData.absentMessage("samples/" + name));
    return Files.readString(file.get(), StandardCharsets.UTF_8);
  }

  @ParameterizedTest
  @CsvSource({"someone@gmail.com", "x@unknown-host.example", "''"})
  void shouldResolveSingaporeMissionFromLetterhead(final String from) throws Exception {
    final SenderInfo s = resolver.resolve(from, sample("oewg-chair-invitation-2024.txt"));
    assertThat(s.getType()).isEqualTo("member-state");
    assertThat(s.getCountry()).isEqualTo("SGP");
    assertThat(s.getOrganisation()).containsIgnoringCase("Singapore");
    assertThat(s.getBasis()).startsWith("text:");
  }

  @ParameterizedTest
  @CsvSource({"someone@gmail.com", "x@unknown-host.example", "''"})
  void shouldResolveIranDelegationFromIntervention(final String from) throws Exception {
    final SenderInfo s = resolver.resolve(from, sample("iran-intervention-cbm-2020.txt"));
    assertThat(s.getType()).isEqualTo("member-state");
    assertThat(s.getCountry()).isEqualTo("IRN");
    assertThat(s.getOrganisation()).containsIgnoringCase("Iran");
  }

  @ParameterizedTest
  @CsvSource({"someone@gmail.com", "x@unknown-host.example", "''", "usg@un.org"})
  void shouldResolveUnDesaFromLetterhead(final String from) throws Exception {
    final SenderInfo s = resolver.resolve(from, sample("desa-letter-igf-mag-2020.txt"));
    assertThat(s.getType()).isEqualTo("un-entity");
    assertThat(s.getOrganisation()).isEqualTo("UN DESA");
  }

  @Test
  void shouldPreferDirectoryByAddressOverEverythingElse() {
    final SenderInfo s = resolver.resolve("Ambassador@Example-Mission.org", "Delegation of France");
    assertThat(s.getType()).isEqualTo("member-state");
    assertThat(s.getCountry()).isEqualTo("FJI");
    assertThat(s.getConfidence()).isEqualTo(1.0);
    assertThat(s.getBasis()).isEqualTo("directory:address");
  }

  @Test
  void shouldFindDirectoryEntryOfParentDomain() {
    final SenderInfo s = resolver.resolve("a.b@mail.eu.partner.example", "");
    assertThat(s.getType()).isEqualTo("private-sector");
    assertThat(s.getBasis()).isEqualTo("directory:domain");
  }

  @Test
  void shouldTreatFreeMailAsIndividualUnlessTextSaysOtherwise() {
    final SenderInfo s = resolver.resolve("jane.doe@gmail.com", "I write in my own capacity.");
    assertThat(s.getType()).isEqualTo("individual");
    assertThat(s.getBasis()).isEqualTo("domain:free-mail");
  }

  @ParameterizedTest(name = "{0} -> {1} {2}")
  @CsvSource({
    // missions and ministries
    "cyber@mfa.gov.sg, member-state, SGP",
    "desk@diplomatie.gouv.fr, member-state, FRA",
    "onu@exteriores.gob.es, member-state, ESP",
    "mission@mrree.gub.uy, member-state, URY",
    "un@mofa.go.jp, member-state, JPN",
    "pm@mfa.ee, member-state, EST",
    "cyber@state.gov, member-state, USA",
    "ny@international.gc.ca, member-state, CAN",
    "newyork@eda.admin.ch, member-state, CHE",
    "ict@dfat.gov.au, member-state, AUS",
    "office@fcdo.gov.uk, member-state, GBR",
    "cyber@mea.gov.in, member-state, IND",
    "un@mfa.gov.cn, member-state, CHN",
    "desk@sre.gob.mx, member-state, MEX",
    "ny@itamaraty.gov.br, member-state, BRA",
    "cyber@mid.ru, member-state, RUS",
    "cyber@auswaertiges-amt.de, member-state, DEU",
    "unny@mofa.gov.gh, member-state, GHA",
    // UN system
    "info@un.org, un-entity, ",
    "cyber@unoda.org, un-entity, ",
    "x@unidir.org, un-entity, ",
    "x@itu.int, un-entity, ",
    "x@undp.org, un-entity, ",
    "x@unodc.org, un-entity, ",
    // IGOs
    "x@eeas.europa.eu, intergovernmental-organization, ",
    "x@osce.org, intergovernmental-organization, ",
    "x@asean.org, intergovernmental-organization, ",
    "x@au.int, intergovernmental-organization, ",
    "x@oas.org, intergovernmental-organization, ",
    "x@coe.int, intergovernmental-organization, ",
    // observers
    "x@vatican.va, observer-state, VAT",
    // academia
    "x@harvard.edu, academia, USA",
    "x@ox.ac.uk, academia, GBR",
    "x@unimelb.edu.au, academia, ",
    "x@chathamhouse.org, academia, GBR",
    // technical community
    "x@icann.org, technical-community, ",
    "x@ietf.org, technical-community, ",
    "x@internetsociety.org, technical-community, ",
    "x@first.org, technical-community, ",
    "x@ripe.net, technical-community, ",
    // civil society and companies
    "x@accessnow.org, ngo, ",
    "x@apc.org, ngo, ",
    "x@cyberpeaceinstitute.org, ngo, ",
    "x@some-foundation.ngo, ngo, ",
    "x@microsoft.com, private-sector, USA",
    "x@kaspersky.com, private-sector, ",
    "x@acme-security.com, private-sector, ",
    // free mail
    "x@gmail.com, individual, ",
    "x@yahoo.fr, individual, ",
    "x@mail.ru, individual, ",
    "x@proton.me, individual, ",
    "x@qq.com, individual, ",
  })
  void shouldResolveByDomainConvention(final String from, final String type, final String country) {
    final SenderInfo s = resolver.resolve(from, "We submit our views on the draft report.");
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
        "Delivered on behalf of the European Union and its Member States|intergovernmental-organization|",
        "Permanent Observer Mission of the Holy See|observer-state|VAT",
        "Statement by the Delegation of the State of Palestine|observer-state|PSE",
        "Delegation of Viet Nam|member-state|VNM",
        "Permanent Mission of the United Republic of Tanzania|member-state|TZA",
      })
  void shouldResolveLetterheadFromFreeMail(
      final String text, final String type, final String country) {
    final SenderInfo s = resolver.resolve("staff@gmail.com", text + "\n\nDear colleagues,\n...");
    assertThat(s.getType()).isEqualTo(type);
    if (country != null) {
      assertThat(s.getCountry()).isEqualTo(country);
    }
    assertThat(s.getBasis()).isEqualTo("text:letterhead");
  }

  @Test
  void shouldNameAUniversityAsItsPeopleSignNotByADepartmentsSubdomain() {
    final SenderInfo signed =
        resolver.resolve(
            "amelia.hart@politics.ox.ac.uk",
            "Dear Chair, ... Yours sincerely, Amelia Hart\nCyber Policy Research Group, University of"
                + " Oxford");
    assertThat(signed.getType()).isEqualTo("academia");
    assertThat(signed.getOrganisation()).isEqualTo("University of Oxford");
    assertThat(signed.getCountry()).isEqualTo("GBR");

    final SenderInfo unsigned =
        resolver.resolve("amelia.hart@politics.ox.ac.uk", "Dear Chair, we support CBMs.");
    assertThat(unsigned.getOrganisation()).isEqualTo("OX");
  }
}
