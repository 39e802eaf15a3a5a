package org.inputdesk.classifier;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.inputdesk.schemas.SenderDirectoryEntry;
import org.inputdesk.schemas.SenderInfo;

/**
 * Decides who sent an input: reads the sender address, the sender directory and the text, and
 * writes a sender type (ids of taxonomy-oewg.md), organisation, ISO alpha-3 country, confidence and
 * the basis of the decision. Order: directory by address, directory by domain and parent domains,
 * domain conventions, letterhead and signature in the text, free-mail providers (an individual
 * unless the text says otherwise), weak domain fallbacks.
 */
public final class SenderTypeResolver {

  public static final String MEMBER_STATE = "member-state";
  public static final String OBSERVER_STATE = "observer-state";
  public static final String IGO = "intergovernmental-organization";
  public static final String UN_ENTITY = "un-entity";
  public static final String NGO = "ngo";
  public static final String PRIVATE_SECTOR = "private-sector";
  public static final String ACADEMIA = "academia";
  public static final String TECHNICAL = "technical-community";
  public static final String INDIVIDUAL = "individual";
  public static final String UNKNOWN = "unknown";

  private record Known(String type, String organisation, String country) {}

  private static final Map<String, Known> KNOWN_DOMAINS =
      Map.ofEntries(
          // UN system
          Map.entry("un.org", new Known(UN_ENTITY, "United Nations", null)),
          Map.entry("unoda.org", new Known(UN_ENTITY, "UNODA", null)),
          Map.entry("unidir.org", new Known(UN_ENTITY, "UNIDIR", null)),
          Map.entry("undp.org", new Known(UN_ENTITY, "UNDP", null)),
          Map.entry("itu.int", new Known(UN_ENTITY, "ITU", null)),
          Map.entry("unesco.org", new Known(UN_ENTITY, "UNESCO", null)),
          Map.entry("unicef.org", new Known(UN_ENTITY, "UNICEF", null)),
          Map.entry("unodc.org", new Known(UN_ENTITY, "UNODC", null)),
          Map.entry("unctad.org", new Known(UN_ENTITY, "UNCTAD", null)),
          Map.entry("ohchr.org", new Known(UN_ENTITY, "OHCHR", null)),
          Map.entry("unhcr.org", new Known(UN_ENTITY, "UNHCR", null)),
          Map.entry("who.int", new Known(UN_ENTITY, "WHO", null)),
          Map.entry("wipo.int", new Known(UN_ENTITY, "WIPO", null)),
          Map.entry("ilo.org", new Known(UN_ENTITY, "ILO", null)),
          Map.entry("fao.org", new Known(UN_ENTITY, "FAO", null)),
          Map.entry("wfp.org", new Known(UN_ENTITY, "WFP", null)),
          Map.entry("iaea.org", new Known(UN_ENTITY, "IAEA", null)),
          Map.entry("unog.ch", new Known(UN_ENTITY, "UN Office at Geneva", null)),
          Map.entry("unov.org", new Known(UN_ENTITY, "UN Office at Vienna", null)),
          Map.entry("unep.org", new Known(UN_ENTITY, "UNEP", null)),
          Map.entry("unwomen.org", new Known(UN_ENTITY, "UN Women", null)),
          Map.entry("unitar.org", new Known(UN_ENTITY, "UNITAR", null)),
          Map.entry("unu.edu", new Known(UN_ENTITY, "United Nations University", null)),
          Map.entry("intgovforum.org", new Known(UN_ENTITY, "IGF Secretariat (UN DESA)", null)),
          Map.entry("unicri.it", new Known(UN_ENTITY, "UNICRI", null)),
          Map.entry("unops.org", new Known(UN_ENTITY, "UNOPS", null)),
          Map.entry("unfpa.org", new Known(UN_ENTITY, "UNFPA", null)),
          Map.entry("worldbank.org", new Known(UN_ENTITY, "World Bank Group", null)),
          // observer States
          Map.entry("vatican.va", new Known(OBSERVER_STATE, "Holy See", "VAT")),
          Map.entry("holyseemission.org", new Known(OBSERVER_STATE, "Holy See", "VAT")),
          Map.entry("palestineun.org", new Known(OBSERVER_STATE, "State of Palestine", "PSE")),
          // intergovernmental organisations
          Map.entry("europa.eu", new Known(IGO, "European Union", null)),
          Map.entry("eeas.europa.eu", new Known(IGO, "European Union (EEAS)", null)),
          Map.entry("consilium.europa.eu", new Known(IGO, "Council of the European Union", null)),
          Map.entry("osce.org", new Known(IGO, "OSCE", null)),
          Map.entry("asean.org", new Known(IGO, "ASEAN", null)),
          Map.entry("au.int", new Known(IGO, "African Union", null)),
          Map.entry("africa-union.org", new Known(IGO, "African Union", null)),
          Map.entry("oas.org", new Known(IGO, "Organization of American States", null)),
          Map.entry("coe.int", new Known(IGO, "Council of Europe", null)),
          Map.entry("nato.int", new Known(IGO, "NATO", null)),
          Map.entry("oecd.org", new Known(IGO, "OECD", null)),
          Map.entry("interpol.int", new Known(IGO, "INTERPOL", null)),
          Map.entry("ecowas.int", new Known(IGO, "ECOWAS", null)),
          Map.entry("caricom.org", new Known(IGO, "CARICOM", null)),
          Map.entry("sica.int", new Known(IGO, "SICA", null)),
          Map.entry("gcc-sg.org", new Known(IGO, "Gulf Cooperation Council", null)),
          Map.entry("forumsec.org", new Known(IGO, "Pacific Islands Forum", null)),
          Map.entry("sectsco.org", new Known(IGO, "Shanghai Cooperation Organisation", null)),
          Map.entry("e-cis.info", new Known(IGO, "Commonwealth of Independent States", null)),
          Map.entry("thecommonwealth.org", new Known(IGO, "Commonwealth Secretariat", null)),
          Map.entry(
              "francophonie.org",
              new Known(IGO, "Organisation internationale de la Francophonie", null)),
          Map.entry("oic-oci.org", new Known(IGO, "Organisation of Islamic Cooperation", null)),
          Map.entry("apec.org", new Known(IGO, "APEC", null)),
          Map.entry("icrc.org", new Known(IGO, "International Committee of the Red Cross", null)),
          // technical community
          Map.entry("icann.org", new Known(TECHNICAL, "ICANN", null)),
          Map.entry("iana.org", new Known(TECHNICAL, "IANA", null)),
          Map.entry("ietf.org", new Known(TECHNICAL, "IETF", null)),
          Map.entry("isoc.org", new Known(TECHNICAL, "Internet Society", null)),
          Map.entry("internetsociety.org", new Known(TECHNICAL, "Internet Society", null)),
          Map.entry("first.org", new Known(TECHNICAL, "FIRST", null)),
          Map.entry("ripe.net", new Known(TECHNICAL, "RIPE NCC", null)),
          Map.entry("apnic.net", new Known(TECHNICAL, "APNIC", null)),
          Map.entry("arin.net", new Known(TECHNICAL, "ARIN", null)),
          Map.entry("lacnic.net", new Known(TECHNICAL, "LACNIC", null)),
          Map.entry("afrinic.net", new Known(TECHNICAL, "AFRINIC", null)),
          Map.entry("w3.org", new Known(TECHNICAL, "W3C", null)),
          Map.entry("ieee.org", new Known(TECHNICAL, "IEEE", null)),
          Map.entry("apcert.org", new Known(TECHNICAL, "APCERT", null)),
          Map.entry("trusted-introducer.org", new Known(TECHNICAL, "TF-CSIRT", null)),
          // civil society
          Map.entry("accessnow.org", new Known(NGO, "Access Now", null)),
          Map.entry("apc.org", new Known(NGO, "Association for Progressive Communications", null)),
          Map.entry("eff.org", new Known(NGO, "Electronic Frontier Foundation", null)),
          Map.entry("hrw.org", new Known(NGO, "Human Rights Watch", null)),
          Map.entry("amnesty.org", new Known(NGO, "Amnesty International", null)),
          Map.entry("article19.org", new Known(NGO, "ARTICLE 19", null)),
          Map.entry("cyberpeaceinstitute.org", new Known(NGO, "CyberPeace Institute", null)),
          Map.entry("gp-digital.org", new Known(NGO, "Global Partners Digital", null)),
          Map.entry("wilpf.org", new Known(NGO, "WILPF", null)),
          Map.entry("reachingcriticalwill.org", new Known(NGO, "Reaching Critical Will", null)),
          Map.entry("icann-ngo.org", new Known(NGO, null, null)),
          // think tanks
          Map.entry("chathamhouse.org", new Known(ACADEMIA, "Chatham House", "GBR")),
          Map.entry("carnegieendowment.org", new Known(ACADEMIA, "Carnegie Endowment", "USA")),
          Map.entry("sipri.org", new Known(ACADEMIA, "SIPRI", "SWE")),
          Map.entry("ccdcoe.org", new Known(IGO, "NATO CCDCOE", null)),
          Map.entry("iiss.org", new Known(ACADEMIA, "IISS", "GBR")),
          Map.entry("ict4peace.org", new Known(NGO, "ICT4Peace Foundation", "CHE")),
          // companies
          Map.entry("microsoft.com", new Known(PRIVATE_SECTOR, "Microsoft", "USA")),
          Map.entry("google.com", new Known(PRIVATE_SECTOR, "Google", "USA")),
          Map.entry("kaspersky.com", new Known(PRIVATE_SECTOR, "Kaspersky", null)),
          Map.entry("cisco.com", new Known(PRIVATE_SECTOR, "Cisco", "USA")),
          Map.entry("huawei.com", new Known(PRIVATE_SECTOR, "Huawei", "CHN")),
          Map.entry(
              "iccwbo.org", new Known(PRIVATE_SECTOR, "International Chamber of Commerce", null)),
          Map.entry("siemens.com", new Known(PRIVATE_SECTOR, "Siemens", "DEU")));

  private static final Set<String> FREE_MAIL =
      Set.of(
          "gmail.com",
          "googlemail.com",
          "yahoo.com",
          "yahoo.fr",
          "yahoo.co.uk",
          "yahoo.es",
          "ymail.com",
          "hotmail.com",
          "hotmail.fr",
          "hotmail.es",
          "outlook.com",
          "outlook.fr",
          "live.com",
          "live.fr",
          "msn.com",
          "aol.com",
          "icloud.com",
          "me.com",
          "mac.com",
          "protonmail.com",
          "proton.me",
          "pm.me",
          "gmx.com",
          "gmx.de",
          "gmx.net",
          "web.de",
          "mail.ru",
          "yandex.ru",
          "yandex.com",
          "rambler.ru",
          "qq.com",
          "163.com",
          "126.com",
          "sina.com",
          "orange.fr",
          "wanadoo.fr",
          "laposte.net",
          "free.fr",
          "libero.it",
          "zoho.com",
          "tutanota.com",
          "tuta.io",
          "mail.com",
          "rediffmail.com",
          "naver.com");

  // Labels that mark a ministry of foreign affairs or a government in a domain name.
  private static final Set<String> GOV_LABELS =
      Set.of(
          "gov",
          "gouv",
          "gob",
          "gub",
          "govt",
          "go",
          "gv",
          "government",
          "admin",
          "bund",
          "regjeringen",
          "mfa",
          "mofa",
          "mae",
          "mrree",
          "mre",
          "mfat",
          "dfat",
          "fmprc",
          "mea",
          "mid",
          "mofaic",
          "itamaraty",
          "exteriores",
          "cancilleria",
          "diplomatie",
          "auswaertiges-amt",
          "sre",
          "minbuza",
          "um",
          "eda",
          "gc",
          "state",
          "fcdo",
          "fco",
          "missions",
          "mission",
          "embassy");

  private static final Map<String, String> GOV_TLD_COUNTRY =
      Map.of("gov", "USA", "mil", "USA", "gc.ca", "CAN", "admin.ch", "CHE", "bund.de", "DEU");

  private static final Set<String> ACADEMIC_LABELS = Set.of("edu", "ac");

  // UN entities named in letterheads and signatures, with the name to report.
  private static final List<Map.Entry<Pattern, String>> UN_NAMES =
      List.of(
          Map.entry(p("du", "department of economic and social affairs|\\bun desa\\b"), "UN DESA"),
          Map.entry(p("ou", "office for disarmament affairs|\\bunoda\\b"), "UNODA"),
          Map.entry(p("iu", "institute for disarmament research|\\bunidir\\b"), "UNIDIR"),
          Map.entry(p("i", "international telecommunication union"), "ITU"),
          Map.entry(p("u", "united nations development programme|\\bundp\\b"), "UNDP"),
          Map.entry(p("ou", "office on drugs and crime|\\bunodc\\b"), "UNODC"),
          Map.entry(
              p("o", "office of the high commissioner for human rights|\\bohchr\\b"), "OHCHR"),
          Map.entry(p("u", "united nations educational, scientific|\\bunesco\\b"), "UNESCO"),
          Map.entry(
              p("o", "office of the secretary-general's envoy on technology"),
              "UN Office of the Tech Envoy"),
          Map.entry(
              p("e", "executive office of the secretary-general"),
              "UN Executive Office of the Secretary-General"));

  // Finds something exactly when one of UN_NAMES does.
  private static final Scan ANY_UN_NAME =
      scan(
          "duioe][enfhx",
          String.join("|", UN_NAMES.stream().map(e -> "(?:" + e.getKey().pattern() + ")").toList()),
          "department of economic",
          "un desa",
          "office for",
          "office on",
          "office of the",
          "unoda",
          "institute for disarmament",
          "unidir",
          "international tel",
          "united nations dev",
          "united nations edu",
          "undp",
          "unodc",
          "ohchr",
          "unesco",
          "executive office");

  private static final List<Map.Entry<Pattern, String>> IGO_NAMES =
      List.of(
          Map.entry(p("\\beuropean union\\b"), "European Union"),
          Map.entry(p("\\bafrican union\\b"), "African Union"),
          Map.entry(p("organization for security and co-operation in europe|\\bosce\\b"), "OSCE"),
          Map.entry(p("organization of american states"), "Organization of American States"),
          Map.entry(p("association of southeast asian nations|\\basean\\b"), "ASEAN"),
          Map.entry(p("council of europe"), "Council of Europe"));

  private static final Scan STATE_LETTERHEAD =
      scan(
          "pmdeago][eiémonu",
          "(?:permanent (?:observer )?mission|mission (?:permanente|permanente d'observation)"
              + "|misi[oó]n permanente(?: de observaci[oó]n)?|delegation|d[ée]l[ée]gation"
              + "|delegaci[oó]n|embassy|ambassade|embajada|ministry of foreign affairs|ministry for foreign"
              + " affairs|minist[eè]re des affaires [ée]trang[eè]res|ministerio de relaciones exteriores"
              + "|government|gouvernement|gobierno|on behalf of|au nom de|en nombre de)"
              + "\\s+(?:of|de la|de l'|del|des|de|du|d')\\s*([^\\n,;:()]{3,80})",
          "permanent mission",
          "permanent observer",
          "mission perm",
          "misi",
          "delegation",
          "delegaci",
          "délégation",
          "delégation",
          "délegation",
          "embassy ",
          "ambassade ",
          "embajada ",
          "minist",
          "government ",
          "gouvernement ",
          "gobierno ",
          "on behalf",
          "au nom",
          "en nombre");

  private static final Scan BEHALF =
      scan(
          "oae",
          "(?:on behalf of|au nom de|en nombre de)\\s+([^\\n,;:()]{3,80})",
          "on behalf",
          "au nom",
          "en nombre");

  private static final Scan UNIVERSITY =
      scan(
          "ui",
          "\\b((?:university|universit[ée]|universidad|institute of technology)\\b[^\\n,;]{0,60})",
          "universi",
          "institute of tech");

  private static final Scan INDIVIDUAL_CAPACITY =
      scan(
          "iaà",
          "in my (?:own|personal|individual) capacity|as a private (?:citizen|individual)|à titre personnel|a t[ií]tulo personal",
          "in my ",
          "as a private",
          "à titre",
          "a tí",
          "a ti");

  private static final int LETTERHEAD_CHARS = 1500;
  private static final int SIGNATURE_CHARS = 1200;

  private static Pattern p(final String regex) {
    return Pattern.compile(regex, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
  }

  /**
   * As {@link #p(String)} for a pattern whose every match begins with one of the letters {@code
   * first} (in any case; {@code "ab][cd"} for a first letter a or b followed by c or d). The
   * look-ahead matches nothing more or less; it only lets the scan of a long text skip most places
   * with one character test instead of trying every alternative.
   */
  private static Pattern p(final String first, final String regex) {
    return p("(?=[" + first + "])(?:" + regex + ")");
  }

  /**
   * As {@link #p(String, String)}, for the patterns read over whole letterheads and signatures:
   * found with a {@link Scan}, which tries the pattern only where one of the prefixes stands.
   */
  private static Scan scan(final String first, final String regex, final String... prefixes) {
    return new Scan(p(first, regex), prefixes);
  }

  private final Function<String, Optional<SenderDirectoryEntry>> directory;

  /**
   * @param directory looks an entry up by its key: a lower-cased address, or {@code @domain}
   */
  public SenderTypeResolver(final Function<String, Optional<SenderDirectoryEntry>> directory) {
    this.directory = directory;
  }

  /** Resolves the sender of an input from its address (may be null) and its text. */
  public SenderInfo resolve(final String address, final String text) {
    final String addr = address == null ? "" : address.trim().toLowerCase(Locale.ROOT);
    final String domain = addr.contains("@") ? addr.substring(addr.lastIndexOf('@') + 1) : "";
    final String body = text == null ? "" : text;

    if (!addr.isEmpty()) {
      final Optional<SenderDirectoryEntry> byAddress = directory.apply(addr);
      if (byAddress.isPresent()) {
        return fromDirectory(byAddress.get(), 1.0, "directory:address");
      }
    }
    for (final String d : domainAndParents(domain)) {
      final Optional<SenderDirectoryEntry> byDomain = directory.apply("@" + d);
      if (byDomain.isPresent()) {
        return fromDirectory(byDomain.get(), 0.95, "directory:domain");
      }
    }
    final Optional<SenderInfo> convention = byConvention(domain, body);
    if (convention.isPresent()) {
      return convention.get();
    }
    final boolean freeMail = FREE_MAIL.contains(domain);
    final Optional<SenderInfo> fromText = byText(body, freeMail ? 0.7 : 0.75);
    if (fromText.isPresent()) {
      return fromText.get();
    }
    if (freeMail) {
      return info(INDIVIDUAL, null, null, 0.6, "domain:free-mail");
    }
    if (INDIVIDUAL_CAPACITY.foundIn(body)) {
      return info(INDIVIDUAL, null, null, 0.6, "text:own-capacity");
    }
    return weakDomain(domain);
  }

  private static SenderInfo fromDirectory(
      final SenderDirectoryEntry entry, final double confidence, final String basis) {
    return info(
        entry.getSenderType(), entry.getOrganisation(), entry.getCountry(), confidence, basis);
  }

  private static SenderInfo info(
      final String type,
      final String organisation,
      final String country,
      final double confidence,
      final String basis) {
    return SenderInfo.newBuilder()
        .setType(type)
        .setOrganisation(organisation)
        .setCountry(country)
        .setConfidence(confidence)
        .setBasis(basis)
        .build();
  }

  /** The domain, then each parent down to two labels ({@code a.b.gov.sg}, {@code b.gov.sg}...). */
  static List<String> domainAndParents(final String domain) {
    final List<String> out = new ArrayList<>();
    if (domain.isEmpty()) {
      return out;
    }
    String d = domain;
    while (d.indexOf('.') > 0) {
      out.add(d);
      d = d.substring(d.indexOf('.') + 1);
    }
    return out;
  }

  private Optional<SenderInfo> byConvention(final String domain, final String text) {
    if (domain.isEmpty()) {
      return Optional.empty();
    }
    for (final String d : domainAndParents(domain)) {
      final Known known = KNOWN_DOMAINS.get(d);
      if (known != null) {
        String organisation = known.organisation();
        if (UN_ENTITY.equals(known.type())) {
          // un.org serves many departments: the letterhead names the one
          organisation = unEntityIn(head(text)).orElse(organisation);
        }
        return Optional.of(info(known.type(), organisation, known.country(), 0.9, "domain:known"));
      }
    }
    final String[] labels = domain.split("\\.");
    final String tld = labels[labels.length - 1];
    for (final Map.Entry<String, String> e : GOV_TLD_COUNTRY.entrySet()) {
      if (domain.equals(e.getKey()) || domain.endsWith("." + e.getKey())) {
        return Optional.of(government(e.getValue(), text, "domain:gov"));
      }
    }
    for (int i = 0; i < labels.length - 1; i++) {
      final String label = labels[i];
      if (GOV_LABELS.contains(label) && (i > 0 || labels.length == 2)) {
        final String country = CountryNames.fromTld(tld).orElse(null);
        if (country != null || "int".equals(tld)) {
          return Optional.of(government(country, text, "domain:gov"));
        }
      }
      if (ACADEMIC_LABELS.contains(label) && i == labels.length - 2 && !"ac".equals(label)) {
        return Optional.of(
            info(ACADEMIA, academicName(text, labels), null, 0.85, "domain:academic"));
      }
      if (ACADEMIC_LABELS.contains(label) && i == labels.length - 2 && labels.length >= 3) {
        return Optional.of(
            info(
                ACADEMIA,
                academicName(text, labels),
                CountryNames.fromTld(tld).orElse(null),
                0.85,
                "domain:academic"));
      }
    }
    if ("edu".equals(tld)) {
      return Optional.of(
          info(ACADEMIA, academicName(text, labels), "USA", 0.85, "domain:academic"));
    }
    if ("ngo".equals(tld) || "ong".equals(tld)) {
      return Optional.of(info(NGO, organisationLabel(labels), null, 0.8, "domain:ngo"));
    }
    return Optional.empty();
  }

  private SenderInfo government(final String country, final String text, final String basis) {
    final Optional<SenderInfo> letterhead = byText(text, 0.9);
    if (letterhead.isPresent()
        && (MEMBER_STATE.equals(letterhead.get().getType())
            || OBSERVER_STATE.equals(letterhead.get().getType()))) {
      final SenderInfo l = letterhead.get();
      return info(
          l.getType(),
          l.getOrganisation(),
          l.getCountry() != null ? l.getCountry() : country,
          0.9,
          basis);
    }
    final String organisation =
        country == null ? null : "Government of " + CountryNames.displayName(country);
    return info(MEMBER_STATE, organisation, country, 0.85, basis);
  }

  /**
   * A university's name as its people sign ("University of Oxford", "Stanford University"), else
   * the domain's own label (ox of politics.ox.ac.uk), not a department's sub-domain.
   */
  static String academicName(final String text, final String[] labels) {
    if (text != null) {
      final java.util.regex.Matcher m = UNIVERSITY_NAME.matcher(text);
      if (m.find()) {
        return m.group().trim();
      }
    }
    for (int i = labels.length - 2; i >= 0; i--) {
      final String label = labels[i];
      if (!ACADEMIC_LABELS.contains(label)
          && !"ac".equals(label)
          && !"www".equals(label)
          && !"mail".equals(label)
          && label.length() > 1) {
        return label.toUpperCase(Locale.ROOT);
      }
    }
    return organisationLabel(labels);
  }

  private static final java.util.regex.Pattern UNIVERSITY_NAME =
      java.util.regex.Pattern.compile(
          "(?:University|Universit[éeà]|Universidad|Université) (?:of |de |del |d')?"
              + "\\p{Lu}[\\p{L}'-]+(?: \\p{Lu}[\\p{L}'-]+){0,3}"
              + "|\\p{Lu}[\\p{L}'-]+(?: \\p{Lu}[\\p{L}'-]+){0,2} University");

  private static String organisationLabel(final String[] labels) {
    for (final String label : labels) {
      if (!ACADEMIC_LABELS.contains(label) && !"www".equals(label) && !"mail".equals(label)) {
        return label.toUpperCase(Locale.ROOT);
      }
    }
    return null;
  }

  private static String head(final String text) {
    return text.length() > LETTERHEAD_CHARS ? text.substring(0, LETTERHEAD_CHARS) : text;
  }

  private static String tail(final String text) {
    return text.length() > SIGNATURE_CHARS ? text.substring(text.length() - SIGNATURE_CHARS) : text;
  }

  private static Optional<String> unEntityIn(final String text) {
    if (!ANY_UN_NAME.foundIn(text)) {
      return Optional.empty(); // most texts name none: one scan instead of one per name
    }
    for (final Map.Entry<Pattern, String> e : UN_NAMES) {
      if (e.getKey().matcher(text).find()) {
        return Optional.of(e.getValue());
      }
    }
    return Optional.empty();
  }

  /** Letterhead (top of the text) first, then the signature (its end). */
  private Optional<SenderInfo> byText(final String text, final double confidence) {
    final List<String> parts = List.of(head(text), tail(text));
    for (int i = 0; i < parts.size(); i++) {
      final String part = parts.get(i);
      final String basis = i == 0 ? "text:letterhead" : "text:signature";
      final Optional<SenderInfo> state = stateIn(part, confidence, basis);
      final Optional<String> un = unEntityIn(part);
      if (state.isPresent() && un.isPresent()) {
        // whichever is named first heads the letter
        return Optional.of(
            firstIndex(part, STATE_LETTERHEAD) <= firstUnIndex(part)
                ? state.get()
                : info(UN_ENTITY, un.get(), null, confidence, basis));
      }
      if (state.isPresent()) {
        return state;
      }
      if (un.isPresent()) {
        return Optional.of(info(UN_ENTITY, un.get(), null, confidence, basis));
      }
      final Scan.Finder behalfAt = BEHALF.in(part);
      if (behalfAt.next()) {
        final Matcher behalf = behalfAt.match();
        for (final Map.Entry<Pattern, String> e : IGO_NAMES) {
          if (e.getKey().matcher(behalf.group(1)).lookingAt()
              || e.getKey().matcher(behalf.group(1)).find()) {
            return Optional.of(info(IGO, e.getValue(), null, confidence, basis));
          }
        }
      }
      final Scan.Finder universityAt = UNIVERSITY.in(part);
      if (universityAt.next()) {
        final Matcher university = universityAt.match();
        return Optional.of(
            info(ACADEMIA, university.group(1).trim(), null, confidence - 0.1, basis));
      }
    }
    return Optional.empty();
  }

  private static int firstIndex(final String text, final Scan scan) {
    final int at = scan.indexIn(text);
    return at < 0 ? Integer.MAX_VALUE : at;
  }

  private static int firstIndex(final String text, final Pattern pattern) {
    final Matcher m = pattern.matcher(text);
    return m.find() ? m.start() : Integer.MAX_VALUE;
  }

  private static int firstUnIndex(final String text) {
    int best = Integer.MAX_VALUE;
    for (final Map.Entry<Pattern, String> e : UN_NAMES) {
      best = Math.min(best, firstIndex(text, e.getKey()));
    }
    return best;
  }

  private static Optional<SenderInfo> stateIn(
      final String text, final double confidence, final String basis) {
    final Scan.Finder found = STATE_LETTERHEAD.in(text);
    while (found.next()) {
      final Matcher m = found.match();
      final String named = m.group(1);
      for (final Map.Entry<Pattern, String> e : IGO_NAMES) {
        if (e.getKey().matcher(named).lookingAt()
            || e.getKey().matcher(named.replaceFirst("(?i)^the\\s+", "")).lookingAt()) {
          return Optional.of(info(IGO, e.getValue(), null, confidence, basis));
        }
      }
      final Optional<String> country = CountryNames.leadingCountry(named);
      if (country.isPresent()) {
        final String c = country.get();
        final String type = "VAT".equals(c) || "PSE".equals(c) ? OBSERVER_STATE : MEMBER_STATE;
        final String what = m.group().substring(0, m.start(1) - m.start()).trim();
        final String organisation = capitalise(what) + " " + CountryNames.displayName(c);
        return Optional.of(info(type, organisation, c, confidence, basis));
      }
    }
    return Optional.empty();
  }

  private static String capitalise(final String words) {
    final String lower = words.toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
    return Character.toUpperCase(lower.charAt(0)) + lower.substring(1);
  }

  private static SenderInfo weakDomain(final String domain) {
    if (domain.endsWith(".com")
        || domain.endsWith(".co")
        || domain.contains(".co.")
        || domain.endsWith(".biz")
        || domain.endsWith(".io")) {
      return info(PRIVATE_SECTOR, null, null, 0.5, "domain:commercial");
    }
    if (domain.endsWith(".org")) {
      return info(NGO, null, null, 0.45, "domain:org");
    }
    return info(UNKNOWN, null, null, 0.0, domain.isEmpty() ? "no-address" : "none");
  }
}
