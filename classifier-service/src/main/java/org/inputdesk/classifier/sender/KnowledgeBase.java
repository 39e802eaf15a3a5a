package org.inputdesk.classifier.sender;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The sender knowledge base, shipped as data under this package's resources (SOURCES.md names where
 * each fact comes from): reads {@code states.yaml} (Member and observer States with their names in
 * eight languages and their government and mission domains), {@code organisations.yaml} (UN system,
 * IGOs, technical community, civil society, companies, academia), {@code freemail.txt} and {@code
 * academic-domains.txt}; answers which organisation or State a domain belongs to. Loaded once;
 * immutable.
 */
public final class KnowledgeBase {

  /** A Member State or observer State; {@code names} maps a language code to its names. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record State(
      String iso3,
      String iso2,
      String type,
      String name,
      Map<String, List<String>> names,
      List<String> mfaDomains,
      List<String> govSuffixes,
      List<String> unint) {

    public State {
      names = names == null ? Map.of() : names;
      mfaDomains = lower(mfaDomains);
      govSuffixes = lower(govSuffixes);
      unint = lower(unint);
    }
  }

  /** An organisation that is not a State (or a State's agency, then with its country). */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Organisation(
      String name,
      String fullName,
      String type,
      List<String> aliases,
      List<String> domains,
      String country) {

    public Organisation {
      aliases = aliases == null ? List.of() : aliases;
      domains = lower(domains);
    }

    /** Its names, longest first: the full name, the name, the aliases. */
    public List<String> allNames() {
      final List<String> out = new ArrayList<>();
      if (fullName != null) {
        out.add(fullName);
      }
      if (name != null && !out.contains(name)) {
        out.add(name);
      }
      for (final String a : aliases) {
        if (!out.contains(a)) {
          out.add(a);
        }
      }
      return out;
    }
  }

  /** What a domain says of its sender. */
  public record DomainOwner(State state, Organisation organisation, String matched, String kind) {

    /** kb:domain for an organisation's or ministry's domain, kb:gov for a government suffix. */
    public String type() {
      if (organisation != null) {
        return organisation.type();
      }
      return state.type();
    }
  }

  private static final String BASE = "/org/inputdesk/classifier/sender/";
  private static volatile KnowledgeBase shared;

  private final List<State> states;
  private final List<Organisation> organisations;
  private final Map<String, State> byIso3 = new HashMap<>();
  private final Map<String, State> byIso2 = new HashMap<>();
  private final Map<String, Organisation> orgByDomain = new HashMap<>();
  private final Map<String, State> stateByMfaDomain = new HashMap<>();
  private final Map<String, State> stateByGovSuffix = new HashMap<>();
  private final Map<String, State> stateByUnIntToken = new HashMap<>();
  private final Set<String> freeMail;
  private final Set<String> academic = new HashSet<>();
  private final Set<String> academicSuffixes = new HashSet<>();
  private final Set<String> notAcademic = new HashSet<>();

  KnowledgeBase(
      final List<State> states,
      final List<Organisation> organisations,
      final Collection<String> freeMail,
      final Collection<String> academicLines) {
    this.states = List.copyOf(states);
    this.organisations = List.copyOf(organisations);
    for (final State s : states) {
      byIso3.put(s.iso3(), s);
      if (s.iso2() != null) {
        byIso2.put(s.iso2().toLowerCase(Locale.ROOT), s);
      }
      s.mfaDomains().forEach(d -> stateByMfaDomain.putIfAbsent(d, s));
      s.govSuffixes().forEach(d -> stateByGovSuffix.putIfAbsent(d, s));
      s.unint().forEach(t -> stateByUnIntToken.putIfAbsent(t, s));
    }
    for (final Organisation o : organisations) {
      o.domains().forEach(d -> orgByDomain.putIfAbsent(d, o));
    }
    this.freeMail = Set.copyOf(lower(List.copyOf(freeMail)));
    for (final String line : academicLines) {
      final String d = line.strip().toLowerCase(Locale.ROOT);
      if (d.isEmpty() || d.startsWith("#")) {
        continue;
      }
      if (d.startsWith("*.")) {
        academicSuffixes.add(d.substring(2));
      } else if (d.startsWith("!")) {
        notAcademic.add(d.substring(1));
      } else {
        academic.add(d);
      }
    }
  }

  /** The knowledge base shipped with the classifier, read once. */
  public static KnowledgeBase shared() {
    KnowledgeBase kb = shared;
    if (kb == null) {
      synchronized (KnowledgeBase.class) {
        kb = shared;
        if (kb == null) {
          kb = load();
          shared = kb;
        }
      }
    }
    return kb;
  }

  private static KnowledgeBase load() {
    final ObjectMapper yaml =
        new ObjectMapper(new YAMLFactory())
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .configure(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY, true);
    try (InputStream s = resource("states.yaml");
        InputStream o = resource("organisations.yaml")) {
      final List<State> states = yaml.readValue(s, new TypeReference<List<State>>() {});
      final List<Organisation> orgs = yaml.readValue(o, new TypeReference<List<Organisation>>() {});
      return new KnowledgeBase(states, orgs, lines("freemail.txt"), lines("academic-domains.txt"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the sender knowledge base", e);
    }
  }

  private static InputStream resource(final String name) throws IOException {
    final InputStream in = KnowledgeBase.class.getResourceAsStream(BASE + name);
    if (in == null) {
      throw new IOException("missing resource " + BASE + name);
    }
    return in;
  }

  private static List<String> lines(final String name) throws IOException {
    final List<String> out = new ArrayList<>();
    try (BufferedReader r =
        new BufferedReader(new InputStreamReader(resource(name), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        final String t = line.strip();
        if (!t.isEmpty() && !t.startsWith("#")) {
          out.add(t);
        }
      }
    }
    return out;
  }

  private static List<String> lower(final List<String> values) {
    if (values == null) {
      return List.of();
    }
    final List<String> out = new ArrayList<>(values.size());
    for (final String v : values) {
      if (v != null && !v.isBlank()) {
        out.add(v.strip().toLowerCase(Locale.ROOT));
      }
    }
    return List.copyOf(out);
  }

  public List<State> states() {
    return states;
  }

  public List<Organisation> organisations() {
    return organisations;
  }

  public Optional<State> state(final String iso3) {
    return Optional.ofNullable(iso3 == null ? null : byIso3.get(iso3));
  }

  /** The State of a country-code top-level domain ({@code sg}, {@code uk}). */
  public Optional<State> stateOfTld(final String tld) {
    return Optional.ofNullable(byIso2.get("uk".equals(tld) ? "gb" : tld));
  }

  public boolean isFreeMail(final String domain) {
    return freeMail.contains(domain);
  }

  /** True for a domain of a university or college, or a sub-domain of one. */
  public boolean isAcademic(final String domain) {
    for (final String d : domainAndParents(domain)) {
      if (notAcademic.contains(d)) {
        return false;
      }
      if (academic.contains(d) || academicSuffixes.contains(d) && !d.equals(domain)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Who a domain belongs to: an organisation's own domain, a State's foreign-ministry or mission
   * domain, or a State's government suffix, the most specific first. Not {@code un.int}, which all
   * missions share: see {@link #stateOfUnIntAddress(String)}.
   */
  public Optional<DomainOwner> owner(final String domain) {
    for (final String d : domainAndParents(domain)) {
      final Organisation o = orgByDomain.get(d);
      if (o != null) {
        return Optional.of(new DomainOwner(null, o, d, "kb:domain"));
      }
      final State mfa = stateByMfaDomain.get(d);
      if (mfa != null) {
        return Optional.of(new DomainOwner(mfa, null, d, "kb:domain"));
      }
      final State gov = stateByGovSuffix.get(d);
      if (gov != null) {
        return Optional.of(new DomainOwner(gov, null, d, "kb:gov"));
      }
    }
    return Optional.empty();
  }

  /**
   * The State of a Permanent Mission's address at {@code un.int}: its token as the local part
   * ({@code egypt@un.int}), or as a part of it ({@code russia.mission@}, {@code
   * mission.palestine@}), or as the sub-domain ({@code ...@egypt.un.int}).
   */
  public Optional<State> stateOfUnIntAddress(final String address) {
    if (address == null) {
      return Optional.empty();
    }
    final String a = address.toLowerCase(Locale.ROOT);
    final int at = a.lastIndexOf('@');
    if (at < 0) {
      return Optional.empty();
    }
    final String domain = a.substring(at + 1);
    if (!"un.int".equals(domain) && !domain.endsWith(".un.int")) {
      return Optional.empty();
    }
    if (!"un.int".equals(domain)) {
      final State bySub =
          stateByUnIntToken.get(domain.substring(0, domain.length() - ".un.int".length()));
      if (bySub != null) {
        return Optional.of(bySub);
      }
    }
    final String local = a.substring(0, at);
    final State whole = stateByUnIntToken.get(local);
    if (whole != null) {
      return Optional.of(whole);
    }
    for (final String part : local.split("[._+-]")) {
      final State s = stateByUnIntToken.get(part);
      if (s != null) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }

  /** True when the domain is one of the State's own: ministry, mission or government domains. */
  public boolean belongsToState(final State state, final String domain) {
    for (final String d : domainAndParents(domain)) {
      if (state.mfaDomains().contains(d) || state.govSuffixes().contains(d)) {
        return true;
      }
    }
    return false;
  }

  /** True when the domain is the organisation's, or a sub-domain of one of its domains. */
  public static boolean belongsToOrganisation(final Organisation o, final String domain) {
    for (final String d : domainAndParents(domain)) {
      if (o.domains().contains(d)) {
        return true;
      }
    }
    return false;
  }

  /** The domain, then each parent down to two labels ({@code a.b.gov.sg}, {@code b.gov.sg}...). */
  public static List<String> domainAndParents(final String domain) {
    final List<String> out = new ArrayList<>(4);
    if (domain == null || domain.isEmpty()) {
      return out;
    }
    String d = domain;
    while (d.indexOf('.') > 0) {
      out.add(d);
      d = d.substring(d.indexOf('.') + 1);
    }
    if (out.isEmpty()) {
      out.add(d);
    }
    return out;
  }

  /** Each language's names of each State, for the name index. */
  Map<State, Map<String, List<String>>> stateNames() {
    final Map<State, Map<String, List<String>>> out = new LinkedHashMap<>();
    for (final State s : states) {
      out.put(s, s.names());
    }
    return out;
  }
}
