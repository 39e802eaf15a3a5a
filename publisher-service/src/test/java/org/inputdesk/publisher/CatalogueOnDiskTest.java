package org.inputdesk.publisher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.inputdesk.publisher.Fixtures.OEWG;
import static org.inputdesk.publisher.Fixtures.T0;
import static org.inputdesk.publisher.Fixtures.sub;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.inputdesk.schemas.Attachment;
import org.inputdesk.schemas.PublicationStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every catalogue behaviour again with RocksDB underneath, and what only a store on disk does. */
class CatalogueOnDiskTest extends CatalogueTest {

  @TempDir Path dir;
  private final List<Catalogue> opened = new ArrayList<>();

  @Override
  Catalogue newCatalogue() {
    return open();
  }

  private Catalogue open() {
    final Catalogue c =
        Catalogue.open(AttachmentStore.directory(dir.resolve("att"), false), dir.resolve("db"));
    opened.add(c);
    return c;
  }

  @AfterEach
  void closeAll() {
    opened.forEach(Catalogue::close);
  }

  private static Catalogue.Position at(final long next) {
    return new Catalogue.Position("submissions-classified", 1, next);
  }

  @Test
  void shouldFindEverythingAgainWithItsPositionAfterARestart() {
    final Attachment file = Fixtures.attachment("a.pdf", "application/pdf", "%PDF-1.4");
    catalogue.putAttachment(file.getSha256(), file, new Catalogue.Position("att", 0, 1));
    catalogue.putClassified(
        "a",
        sub("a")
            .tracking("OEWG8-2026-000001")
            .body("Full text of the input")
            .html("<p>Formatted</p>")
            .theme("norms", "Norms")
            .attachment(file)
            .build(),
        at(8));
    catalogue.putClassified(
        "b",
        sub("b").tracking("OEWG8-2026-000002").status(PublicationStatus.WITHDRAWN).build(),
        at(9));
    final String etag = catalogue.etag();
    catalogue.close();
    opened.remove(catalogue);

    final Catalogue again = open();
    assertThat(again.positions())
        .containsExactlyInAnyOrder(
            new Catalogue.Position("att", 0, 1),
            new Catalogue.Position("submissions-classified", 1, 9));
    assertThat(again.consultation(OEWG)).isPresent();
    assertThat(again.consultations())
        .singleElement()
        .satisfies(s -> assertThat(s.posted()).isOne());
    final PublicEntry entry = again.entry(OEWG, "OEWG8-2026-000001").orElseThrow();
    assertThat(entry.text()).isEqualTo("Full text of the input");
    assertThat(entry.html()).contains("Formatted");
    assertThat(again.query(OEWG, Catalogue.Query.all(10)).facets().get("theme"))
        .containsEntry("norms", 1);
    assertThat(again.removed(OEWG, null)).extracting(Catalogue.Removed::id).containsExactly("b");
    assertThat(again.publicAttachment(file.getSha256()))
        .hasValueSatisfying(s -> assertThat(s.filename()).isEqualTo("a.pdf"));
    assertThat(again.lastModified(OEWG)).isPresent();
    assertThat(again.etag()).isEqualTo(etag);
  }

  @Test
  void shouldStartAfreshWithANewEtagWhenCleared() {
    catalogue.putClassified("a", sub("a").build(), at(1));
    final String etag = catalogue.etag();

    catalogue.clear();

    assertThat(catalogue.size()).isZero();
    assertThat(catalogue.positions()).isEmpty();
    assertThat(catalogue.consultations()).isEmpty();
    assertThat(catalogue.etag()).isNotEqualTo(etag);
  }

  @Test
  void shouldKeepTextsOutOfTheListsAndDropThemWhenWithdrawn() {
    catalogue.putClassified(
        "a",
        sub("a").tracking("OEWG8-2026-000001").body("Full text").html("<p>Formatted</p>").build());

    final PublicEntry listed = catalogue.query(OEWG, Catalogue.Query.all(10)).entries().get(0);
    assertThat(listed.text()).isNull();
    assertThat(listed.excerpt()).isEqualTo("Full text");
    assertThat(catalogue.withBodies(catalogue.query(OEWG, Catalogue.Query.all(10))).entries())
        .singleElement()
        .satisfies(e -> assertThat(e.text()).isEqualTo("Full text"));

    catalogue.putClassified(
        "a", sub("a").tracking("OEWG8-2026-000001").status(PublicationStatus.WITHDRAWN).build());
    assertThat(catalogue.withBody(listed).text()).isEmpty();
    assertThat(catalogue.entry(OEWG, "OEWG8-2026-000001")).isEmpty();
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

  @Test
  void shouldRefuseAnIdThatCannotBeAKeyWithoutChangingAnything() {
    final long version = catalogue.version();

    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> catalogue.putClassified("bad\0id", sub("bad\0id").build(), at(3)))
        .isInstanceOf(IllegalArgumentException.class);

    assertThat(catalogue.version()).isEqualTo(version);
    assertThat(catalogue.positions()).isEmpty();
    assertThat(catalogue.consultation(OEWG).orElseThrow().getId()).isEqualTo(OEWG);
  }

  @Test
  void shouldSetABrokenStoreAsideAndStartEmptyRatherThanFailToStart() throws Exception {
    catalogue.putClassified("a", sub("a").build(), at(1));
    catalogue.close();
    opened.remove(catalogue);
    try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(dir.resolve("db"))) {
      for (final Path f :
          files.filter(f -> f.getFileName().toString().startsWith("CURRENT")).toList()) {
        java.nio.file.Files.writeString(f, "garbage\n");
      }
    }

    final Catalogue again = open();

    assertThat(again.size()).isZero();
    assertThat(again.positions()).isEmpty();
    try (java.util.stream.Stream<Path> siblings = java.nio.file.Files.list(dir)) {
      assertThat(siblings.map(p -> p.getFileName().toString()))
          .anyMatch(n -> n.startsWith("db.broken-"));
    }
  }

  @Test
  void shouldSayWhenAnotherProcessHoldsTheStore() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> Catalogue.open(AttachmentStore.inMemory(), dir.resolve("db")))
        .hasMessageContaining("in use by another process");
  }
}
