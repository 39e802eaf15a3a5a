package org.inputdesk.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class SchemaHistoryTest {

  @Test
  void shouldKeepTheCurrentSchemaOfEveryRecordInTheHistory() {
    for (final Class<? extends SpecificRecord> type : SchemaHistory.RECORDS) {
      final Schema current = SpecificData.getForClass(type).getSchema(type);
      assertThat(SchemaHistory.versions(current.getName()))
          .as("%s changed without a new version in the history: run SchemaHistory", type)
          .extracting(SchemaHistory::fingerprint)
          .contains(SchemaHistory.fingerprint(current));
    }
  }

  @TestFactory
  List<DynamicTest> eachVersionReadsEveryOtherBothWays() {
    return SchemaHistory.RECORDS.stream()
        .map(type -> SpecificData.getForClass(type).getSchema(type).getName())
        .map(
            name ->
                DynamicTest.dynamicTest(
                    name,
                    () -> {
                      final List<Schema> versions = SchemaHistory.versions(name);
                      assertThat(versions).isNotEmpty();
                      for (final Schema reader : versions) {
                        for (final Schema writer : versions) {
                          assertThat(
                                  SchemaCompatibility.checkReaderWriterCompatibility(reader, writer)
                                      .getType())
                              .as("%s: reader %s, writer %s", name, reader, writer)
                              .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
                        }
                      }
                    }))
        .toList();
  }

  @Test
  void shouldRoundTripARecordInSingleObjectEncoding() {
    final AvroSerde<SenderDirectoryEntry> serde = new AvroSerde<>(SenderDirectoryEntry.class);
    final SenderDirectoryEntry entry =
        SenderDirectoryEntry.newBuilder()
            .setKey("@mfa.gov.sg")
            .setSenderType("member-state")
            .setOrganisation("Ministry of Foreign Affairs of Singapore")
            .setCountry("SGP")
            .setUpdatedAt(Instant.now().truncatedTo(ChronoUnit.MILLIS))
            .build();

    final byte[] bytes = serde.serialize("sender-directory", entry);

    assertThat(bytes[0]).isEqualTo((byte) 0xC3);
    assertThat(bytes[1]).isEqualTo((byte) 0x01);
    assertThat(serde.deserialize("sender-directory", bytes)).isEqualTo(entry);
  }

  @Test
  void shouldPassTombstonesThrough() {
    final AvroSerde<SubmissionCorrection> serde = new AvroSerde<>(SubmissionCorrection.class);
    assertThat(serde.serialize("t", null)).isNull();
    assertThat(serde.deserialize("t", null)).isNull();
  }

  @Test
  void shouldNameTheTopicWhenBytesAreNotAnAvroRecord() {
    final AvroSerde<Consultation> serde = new AvroSerde<>(Consultation.class);
    assertThatThrownBy(() -> serde.deserialize("consultations", "hello".getBytes()))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("consultations");
  }

  @Test
  void shouldRefuseARecordOfAnotherTypeWithAClearMessage() {
    final byte[] bytes =
        new AvroSerde<>(SenderDirectoryEntry.class)
            .encode(
                SenderDirectoryEntry.newBuilder()
                    .setKey("a@b.org")
                    .setSenderType("ngo")
                    .setUpdatedAt(Instant.EPOCH)
                    .build());
    assertThatThrownBy(
            () -> new AvroSerde<>(Consultation.class).deserialize("consultations", bytes))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("schema this reader does not know");
  }
}
