package org.inputdesk.publisher.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.inputdesk.publisher.Fixtures.OEWG;
import static org.inputdesk.publisher.Fixtures.T0;
import static org.inputdesk.publisher.Fixtures.sub;

import java.util.List;
import java.util.Random;
import org.inputdesk.publisher.Fixtures;
import org.inputdesk.publisher.PublicEntry;
import org.inputdesk.schemas.Attachment;
import org.inputdesk.schemas.IndividualDisplay;
import org.inputdesk.schemas.PublicationStatus;
import org.inputdesk.schemas.SubmissionClassified;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CatalogueTest {

  TestCatalogue catalogue;

  /** The catalogue under test: on the heap here, in RocksDB in {@link CatalogueOnDiskTest}. */
  TestCatalogue newCatalogue() {
    return new TestCatalogue();
  }

  @BeforeEach
  void setUp() {
    catalogue = newCatalogue();
    catalogue.putConsultation(OEWG, Fixtures.consultation(OEWG, IndividualDisplay.NAME));
  }

  private List<String> ids(final Catalogue.Query q) {
    return catalogue.query(OEWG, q).entries().stream().map(PublicEntry::id).toList();
  }

  @Test
  void shouldReplaceEarlierStateOfSameIdInsteadOfAddingIt() {
    catalogue.putClassified("a", sub("a").subject("First").build());
    catalogue.putClassified("a", sub("a").subject("Corrected").build());

    final Catalogue.Page page = catalogue.query(OEWG, Catalogue.Query.all(50));
    assertThat(page.total()).isEqualTo(1);
    assertThat(page.entries().get(0).subject()).isEqualTo("Corrected");
  }

  @Test
  void shouldKnowTheLabelsOfThemesTheClassifierTagged() {
    catalogue.putClassified(
        "a", sub("a").theme("digital-cooperation", "Digital cooperation and governance").build());

    assertThat(catalogue.query(OEWG, Catalogue.Query.all(50)).themeLabels())
        .containsEntry("digital-cooperation", "Digital cooperation and governance");
  }

  @Test
  void shouldNotDuplicateWhenSameRecordIsReplayed() {
    final SubmissionClassified record = sub("a").build();
    for (int i = 0; i < 3; i++) {
      catalogue.putClassified("a", record);
      catalogue.putClassified("b", sub("b").build());
    }

    assertThat(ids(Catalogue.Query.all(50))).containsExactlyInAnyOrder("a", "b");
    assertThat(catalogue.consultations().get(0).posted()).isEqualTo(2);
  }

  @Test
  void shouldRemoveWithdrawnInputAndRememberItAsRemoved() {
    catalogue.putClassified("a", sub("a").build());
    catalogue.putClassified(
        "a", sub("a").status(PublicationStatus.WITHDRAWN).classified(T0.plusSeconds(600)).build());

    assertThat(ids(Catalogue.Query.all(50))).isEmpty();
    assertThat(catalogue.entry(OEWG, "a")).isEmpty();
    assertThat(catalogue.removed(OEWG, null))
        .extracting(Catalogue.Removed::id, Catalogue.Removed::at)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("a", T0.plusSeconds(600)));
  }

  @Test
  void shouldRemoveInputOnTombstoneAndListHeldOnesNowhere() {
    catalogue.putClassified("a", sub("a").build());
    catalogue.putClassified("held", sub("held").status(PublicationStatus.HELD).build());
    catalogue.putClassified("a", null);

    assertThat(ids(Catalogue.Query.all(50))).isEmpty();
    assertThat(catalogue.removed(OEWG, null))
        .extracting(Catalogue.Removed::id)
        .containsExactly("a");
  }

  @Test
  void shouldRepostWithdrawnInputWhenPostedAgain() {
    catalogue.putClassified("a", sub("a").status(PublicationStatus.WITHDRAWN).build());
    catalogue.putClassified("a", sub("a").build());

    assertThat(ids(Catalogue.Query.all(50))).containsExactly("a");
    assertThat(catalogue.removed(OEWG, null)).isEmpty();
  }

  @Test
  void shouldListNewestFirstAndPage() {
    for (int i = 0; i < 5; i++) {
      catalogue.putClassified("s" + i, sub("s" + i).received(T0.plusSeconds(i * 3600L)).build());
    }

    final Catalogue.Page first = catalogue.query(OEWG, Catalogue.Query.all(2));
    final Catalogue.Page last = catalogue.query(OEWG, Catalogue.Query.all(2).withPage(3));
    assertThat(first.entries()).extracting(PublicEntry::id).containsExactly("s4", "s3");
    assertThat(first.pageCount()).isEqualTo(3);
    assertThat(first.hasNext()).isTrue();
    assertThat(last.entries()).extracting(PublicEntry::id).containsExactly("s0");
    assertThat(last.hasNext()).isFalse();
  }

  @Test
  void shouldListInputsReceivedInTheSameSecondInTrackingNumberOrder() {
    // Mail received within one second: the ids and the milliseconds say nothing about the order
    // the mailbox numbered them in, the tracking numbers do.
    catalogue.putClassified(
        "a", sub("a").tracking("OEWG8-2026-000001").received(T0.plusMillis(700)).build());
    catalogue.putClassified(
        "b", sub("b").tracking("OEWG8-2026-000002").received(T0.plusMillis(300)).build());
    catalogue.putClassified(
        "c", sub("c").tracking("OEWG8-2026-000003").received(T0.plusMillis(100)).build());
    catalogue.putClassified(
        "d", sub("d").tracking("OEWG8-2026-000004").received(T0.plusSeconds(1)).build());
    catalogue.putClassified(
        "e", sub("e").tracking("OEWG8-2026-000000").received(T0.minusSeconds(1)).build());

    assertThat(ids(Catalogue.Query.all(50))).containsExactly("d", "c", "b", "a", "e");
    assertThat(ids(new Catalogue.Query(null, "member-state", null, null, null, null, 1, 50)))
        .containsExactly("d", "c", "b", "a", "e");
    assertThat(ids(new Catalogue.Query(null, null, null, null, null, T0.minusSeconds(1), 1, 50)))
        .containsExactly("d", "c", "b", "a", "e");
    assertThat(ids(Catalogue.Query.all(2).withPage(2))).containsExactly("b", "a");
  }

  @Test
  void shouldFilterAndCountByThemeSenderTypeLanguageLateAndCampaign() {
    catalogue.putClassified(
        "a", sub("a").theme("threats", "Threats").theme("norms", "Norms").language("en").build());
    catalogue.putClassified(
        "b",
        sub("b").theme("threats", "Threats").sender("ngo", "Civil Society Org").late(true).build());
    catalogue.putClassified(
        "c", sub("c").theme("cbm", "CBM").language("fr").campaign("camp-1").build());

    assertThat(ids(new Catalogue.Query("threats", null, null, null, null, null, 1, 50)))
        .containsExactlyInAnyOrder("a", "b");
    assertThat(ids(new Catalogue.Query(null, "ngo", null, null, null, null, 1, 50)))
        .containsExactly("b");
    assertThat(ids(new Catalogue.Query(null, null, "fr", null, null, null, 1, 50)))
        .containsExactly("c");
    assertThat(ids(new Catalogue.Query(null, null, null, true, null, null, 1, 50)))
        .containsExactly("b");
    assertThat(ids(new Catalogue.Query(null, null, null, null, "camp-1", null, 1, 50)))
        .containsExactly("c");

    final var facets = catalogue.query(OEWG, Catalogue.Query.all(50)).facets();
    assertThat(facets.get("theme")).containsEntry("threats", 2).containsEntry("norms", 1);
    assertThat(facets.get("sender-type")).containsEntry("member-state", 2).containsEntry("ngo", 1);
    assertThat(facets.get("language")).containsEntry("en", 2).containsEntry("fr", 1);
    assertThat(facets.get("late")).containsEntry("true", 1).containsEntry("false", 2);
    assertThat(facets.get("campaign")).containsOnlyKeys("camp-1");
  }

  @Test
  void shouldKeepOnlyInputsModifiedAfterSince() {
    catalogue.putClassified("old", sub("old").classified(T0).build());
    catalogue.putClassified("new", sub("new").classified(T0.plusSeconds(100)).build());

    assertThat(ids(new Catalogue.Query(null, null, null, null, null, T0, 1, 50)))
        .containsExactly("new");
  }

  @Test
  void shouldFindInputByTrackingNumberOnlyInItsConsultation() {
    catalogue.putClassified("a", sub("a").tracking("OEWG8-2026-000001").build());

    assertThat(catalogue.entry(OEWG, "OEWG8-2026-000001")).isPresent();
    assertThat(catalogue.entry("other", "OEWG8-2026-000001")).isEmpty();
  }

  @Test
  void shouldServeAttachmentOnlyWhileAPostedInputLinksIt() {
    final Attachment file = Fixtures.attachment("a.pdf", "application/pdf", "%PDF-1.4");
    catalogue.putAttachment(file.getSha256(), file);
    assertThat(catalogue.publicAttachment(file.getSha256())).isEmpty();

    catalogue.putClassified("a", sub("a").attachment(file).build());
    assertThat(catalogue.publicAttachment(file.getSha256())).isPresent();

    catalogue.putClassified(
        "a", sub("a").attachment(file).status(PublicationStatus.WITHDRAWN).build());
    assertThat(catalogue.publicAttachment(file.getSha256())).isEmpty();
  }

  @Test
  void shouldGroupInputsByParagraphInNaturalOrder() {
    catalogue.putClassified("a", sub("a").paragraphs("10", "2").build());
    catalogue.putClassified("b", sub("b").paragraphs("2").build());

    final var groups = catalogue.byParagraph(OEWG);
    assertThat(groups.keySet()).containsExactly("2", "10");
    assertThat(groups.get("2")).extracting(PublicEntry::id).containsExactlyInAnyOrder("a", "b");
  }

  @Test
  void shouldShowIndividualsAsPolicySaysAndNeverAnAddress() {
    final PublicEntry entry =
        PublicEntry.from(
            sub("a")
                .sender("individual", null)
                .from("jane@home.example", "Jane Q. Public")
                .build());
    final PublicEntry addressOnly =
        PublicEntry.from(
            sub("b").sender("individual", null).from("x@y.example", "x@y.example").build());

    assertThat(entry.author(IndividualDisplay.NAME)).isEqualTo("Jane Q. Public");
    assertThat(entry.author(IndividualDisplay.INITIALS)).isEqualTo("J.Q.P.");
    assertThat(entry.author(IndividualDisplay.ANONYMOUS)).isEqualTo("Individual");
    assertThat(addressOnly.author(IndividualDisplay.NAME)).isEqualTo("Individual");
  }

  @Test
  void shouldBumpVersionAndLastModifiedOnEveryChange() {
    final long before = catalogue.version();
    final java.time.Instant start = java.time.Instant.now();
    // An older record time must still move Last-Modified forward: it arrived later.
    catalogue.putClassified("a", sub("a").classified(T0.minusSeconds(5)).build());

    assertThat(catalogue.version()).isGreaterThan(before);
    assertThat(catalogue.lastModified(OEWG))
        .hasValueSatisfying(t -> assertThat(t).isAfterOrEqualTo(start));
  }

  @Test
  void shouldNeverServeACachedPageAfterAChange() {
    catalogue.putClassified("a", sub("a").subject("First").build());
    final Catalogue.Query all = Catalogue.Query.all(50);
    assertThat(catalogue.query(OEWG, all)).isSameAs(catalogue.query(OEWG, all));

    catalogue.putClassified("a", sub("a").subject("Corrected").build());
    assertThat(catalogue.query(OEWG, all).entries().get(0).subject()).isEqualTo("Corrected");
    catalogue.putClassified("b", sub("b").tracking("OEWG8-2026-000777").build());
    assertThat(catalogue.query(OEWG, all).total()).isEqualTo(2);
    assertThat(catalogue.entry(OEWG, "OEWG8-2026-000777")).isPresent();
    catalogue.putClassified("b", sub("b").status(PublicationStatus.WITHDRAWN).build());
    assertThat(catalogue.query(OEWG, all).total()).isEqualTo(1);
    assertThat(catalogue.query(OEWG, all).facets().get("late")).containsEntry("false", 1);
    assertThat(catalogue.entry(OEWG, "OEWG8-2026-000777")).isEmpty();
  }

  @Test
  void shouldKeepNoNameOfSendersOtherThanIndividuals() {
    catalogue.putClassified("a", sub("a").build());
    catalogue.putClassified(
        "b", sub("b").sender("individual", null).from("x@example.org", "Ann Person").build());
    assertThat(catalogue.entry(OEWG, "a").orElseThrow().personName()).isNull();
    assertThat(catalogue.entry(OEWG, "b").orElseThrow().personName()).isEqualTo("Ann Person");
  }

  /**
   * The counts kept for the unfiltered list must equal what a scan finds, after any mix of posts,
   * corrections that move themes and dates, holds, withdrawals and tombstones.
   */
  @Test
  void shouldKeepCountsEqualToWhatAScanOfTheListFinds() {
    final Random random = new Random(7);
    final String[] themes = {"threats", "norms", "cbm", "law"};
    final String[] senders = {"member-state", "ngo", "academia"};
    for (int step = 0; step < 400; step++) {
      final String id = "s" + random.nextInt(60);
      final int kind = random.nextInt(10);
      if (kind == 0) {
        catalogue.putClassified(id, null);
        continue;
      }
      final Fixtures.Sub sub =
          sub(id)
              .received(T0.plusSeconds(random.nextInt(1000)))
              .classified(T0.plusSeconds(random.nextInt(1000)))
              .sender(senders[random.nextInt(3)], "Org " + random.nextInt(5))
              .language(random.nextBoolean() ? "en" : "fr")
              .late(random.nextInt(5) == 0)
              .theme(themes[random.nextInt(4)], "Label")
              .theme(themes[random.nextInt(4)], "Label");
      if (random.nextInt(4) == 0) {
        sub.campaign("camp-" + random.nextInt(3));
      }
      if (kind == 1) {
        sub.status(PublicationStatus.WITHDRAWN);
      } else if (kind == 2) {
        sub.status(PublicationStatus.HELD);
      }
      catalogue.putClassified(id, sub.build());
    }
    final Catalogue.Page kept = catalogue.query(OEWG, Catalogue.Query.all(1000));
    // A since before everything goes through the scanning path and matches every input.
    final Catalogue.Page scanned =
        catalogue.query(
            OEWG, new Catalogue.Query(null, null, null, null, null, T0.minusSeconds(1), 1, 1000));

    assertThat(kept.total()).isPositive().isEqualTo(scanned.total());
    assertThat(kept.facets()).isEqualTo(scanned.facets());
    assertThat(kept.entries()).isEqualTo(scanned.entries());
    assertThat(catalogue.size()).isEqualTo(kept.total());
  }
}
