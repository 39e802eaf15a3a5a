package org.inputdesk.publisher.attachments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.inputdesk.publisher.Fixtures;
import org.inputdesk.schemas.Attachment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AttachmentStoreTest {

  @TempDir Path dir;

  @Test
  void shouldKeepBytesInFilesAndForgetThemOnTombstone() throws Exception {
    final Attachment file = Fixtures.attachment("a.txt", "text/plain", "hello");
    try (AttachmentStore store = AttachmentStore.directory(dir.resolve("att"), true)) {
      store.put(file.getSha256().toUpperCase(java.util.Locale.ROOT), file);

      assertThat(store.get(file.getSha256()))
          .contains(new AttachmentStore.Stored(file.getSha256(), "a.txt", "text/plain", 5));
      assertThat(store.read(file.getSha256())).asString().isEqualTo("hello");

      store.remove(file.getSha256());
      assertThat(store.get(file.getSha256())).isEmpty();
    }
    assertThat(dir.resolve("att")).doesNotExist();
  }

  @Test
  void shouldRejectBytesThatDoNotMatchTheirKey() {
    final Attachment file = Fixtures.attachment("a.txt", "text/plain", "hello");
    final AttachmentStore store = AttachmentStore.inMemory();

    assertThatThrownBy(() -> store.put("0".repeat(64), file))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("do not match");
    assertThatThrownBy(() -> store.put("../../etc/passwd", file))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
