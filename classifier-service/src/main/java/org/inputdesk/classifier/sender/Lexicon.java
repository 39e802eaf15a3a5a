package org.inputdesk.classifier.sender;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The words organisations write their names and claims with, in the six UN languages plus
 * Portuguese and German: what opens a State body's name, the head nouns of universities, think
 * tanks, associations and companies, "on behalf of" and "in my personal capacity". Reads the
 * phrases from {@code lexicon.yaml} beside the knowledge base (they are data, kept in the order
 * written) and gives them to {@link NameIndex}; each phrase is matched case-insensitively unless
 * its group is marked exact.
 */
final class Lexicon {

  /** What a phrase tells of the name it stands in. */
  enum Role {
    /** opens the name of a State's body; the country follows ("Permanent Mission of"). */
    STATE_BODY,
    /** closes the name of a State's body; the country comes first (常驻联合国代表团). */
    STATE_BODY_AFTER,
    /** a government department or ministry: a State's when the domain or a country says so. */
    GOV_BODY,
    /** a university or college. */
    UNIVERSITY,
    /** a think tank or research body. */
    RESEARCH,
    /** a part of a larger body (faculty, department, section). */
    SUBUNIT,
    /** a civil-society form (foundation, association, network). */
    CIVIL,
    /** a company's legal form or the word company. */
    COMPANY,
    /** a business or trade association. */
    BUSINESS_ASSOCIATION,
    /** internet technical bodies: CERTs, registries, exchanges. */
    TECHNICAL,
    /** "on behalf of": the name after it is who speaks. */
    ON_BEHALF,
    /** "in my personal capacity": a person, whatever the address. */
    PERSONAL,
    /** "the contribution of": the name after it is who submits, less surely than on behalf. */
    CONTRIBUTION_OF
  }

  /** One phrase; {@code exact}: matched in the case written. */
  record Phrase(String text, Role role, boolean exact) {}

  /** One group of {@code lexicon.yaml}: phrases of one role. */
  private record Group(Role role, boolean exact, List<String> phrases) {}

  private static final String RESOURCE = "lexicon.yaml";

  /** Every phrase, in the order {@code lexicon.yaml} writes them. */
  static final List<Phrase> PHRASES = load();

  private static List<Phrase> load() {
    final ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    try (InputStream in = Lexicon.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IOException("missing resource " + RESOURCE);
      }
      final List<Phrase> out = new ArrayList<>();
      for (final Group g : yaml.readValue(in, new TypeReference<List<Group>>() {})) {
        for (final String p : g.phrases()) {
          out.add(new Phrase(p, g.role(), g.exact()));
        }
      }
      return List.copyOf(out);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the sender lexicon", e);
    }
  }

  private Lexicon() {}
}
