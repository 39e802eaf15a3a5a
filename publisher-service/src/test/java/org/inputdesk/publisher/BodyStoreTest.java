package org.inputdesk.publisher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.inputdesk.publisher.Fixtures.OEWG;
import static org.inputdesk.publisher.Fixtures.sub;

import java.nio.file.Path;
import org.inputdesk.schemas.PublicationStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BodyStoreTest {

  @TempDir Path dir;

  @Test
  void shouldKeepLongTextAndMissingHtmlOnDisk() {
    final String longText = "é".repeat(70_000) + " ../../etc/passwd";
    try (BodyStore store = BodyStore.directory(dir.resolve("bodies"), false)) {
      store.put("../id with / slash", new BodyStore.Body(longText, null));
      store.put("b", new BodyStore.Body("t", "<p>h</p>"));
      assertThat(store.get("../id with / slash")).hasValue(new BodyStore.Body(longText, null));
      assertThat(store.get("b")).hasValue(new BodyStore.Body("t", "<p>h</p>"));
      store.put("b", new BodyStore.Body("t2", null));
      assertThat(store.get("b")).hasValue(new BodyStore.Body("t2", null));
      store.remove("b");
      assertThat(store.get("b")).isEmpty();
      assertThat(store.get("never")).isEmpty();
    }
    assertThat(dir.resolve("bodies")).isDirectory();
  }

  @Test
  void shouldIndexEntriesWithoutTheirTextAndReadItBackForPagesAndFeeds() {
    final Catalogue catalogue =
        new Catalogue(AttachmentStore.inMemory(), BodyStore.directory(dir, true));
    catalogue.putClassified(
        "a",
        sub("a").tracking("OEWG8-2026-000001").body("Full text").html("<p>Formatted</p>").build());

    final PublicEntry listed = catalogue.query(OEWG, Catalogue.Query.all(10)).entries().get(0);
    assertThat(listed.text()).isNull();
    assertThat(listed.html()).isNull();
    assertThat(listed.excerpt()).isEqualTo("Full text");

    final PublicEntry page = catalogue.entry(OEWG, "OEWG8-2026-000001").orElseThrow();
    assertThat(page.text()).isEqualTo("Full text");
    assertThat(page.html()).contains("Formatted");
    assertThat(catalogue.withBodies(catalogue.query(OEWG, Catalogue.Query.all(10))).entries())
        .singleElement()
        .satisfies(e -> assertThat(e.text()).isEqualTo("Full text"));

    catalogue.putClassified(
        "a", sub("a").tracking("OEWG8-2026-000001").status(PublicationStatus.WITHDRAWN).build());
    assertThat(catalogue.bodies().get("a")).isEmpty();
    assertThat(catalogue.entry(OEWG, "OEWG8-2026-000001")).isEmpty();
  }
}
