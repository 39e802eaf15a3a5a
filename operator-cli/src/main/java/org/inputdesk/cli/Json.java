package org.inputdesk.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/** Avro records as plain JSON for people and scripts (unions unwrapped, timestamps as ISO). */
public final class Json {

  static final ObjectMapper MAPPER = new ObjectMapper();

  private Json() {}

  /** One record as a JSON object on one line. */
  public static String avro(final SpecificRecord record) {
    return node(record).toString();
  }

  /** One record as a JSON tree. */
  public static JsonNode node(final SpecificRecord record) {
    try {
      // Avro's own rendering handles logical types and unions; it is JSON for these schemas.
      return MAPPER.readTree(SpecificData.get().toString(record));
    } catch (IOException e) {
      return MAPPER.getNodeFactory().textNode(record.toString());
    }
  }

  /** A fresh object node. */
  public static ObjectNode object() {
    return MAPPER.createObjectNode();
  }
}
