package org.inputdesk.classifier;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.inputdesk.schemas.Address;
import org.inputdesk.schemas.Consultation;
import org.inputdesk.schemas.MailSource;
import org.inputdesk.schemas.SourceKind;
import org.inputdesk.schemas.SubmissionReceived;
import org.inputdesk.schemas.TextKind;
import org.inputdesk.schemas.TextPart;

/**
 * Writes realistic inputs for the benchmark: about 5 KB of English, French or Spanish text on ICT
 * security, built sentence by sentence from phrase pools (subject, verb, object, qualifier), so
 * texts share the field's vocabulary as real inputs do but no two are form letters; senders are
 * distinct addresses on mission, ministry, UN, NGO, company, university and free-mail domains.
 * Deterministic for a seed.
 */
public final class BenchInputs {

  public static final String CONSULTATION = "oewg8";
  static final int TARGET_CHARS = 5 * 1024;

  /** The consultation the inputs are sent to: the test fixture's, subject tag {@code [OEWG]}. */
  public static Consultation consultation() {
    return Consultation.newBuilder(Fixtures.consultation(false))
        .setId(CONSULTATION)
        .setSubjectTags(List.of("[OEWG]"))
        .build();
  }

  /**
   * A producer for filling a benchmark's topics fast: idempotent, acks=all, batches of 256 KB
   * waiting at most 20 ms.
   */
  public static KafkaProducer<String, byte[]> producer(final String bootstrap) {
    return new KafkaProducer<>(
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrap,
            ProducerConfig.ACKS_CONFIG,
            "all",
            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
            true,
            ProducerConfig.LINGER_MS_CONFIG,
            20,
            ProducerConfig.BATCH_SIZE_CONFIG,
            256 * 1024),
        new StringSerializer(),
        new ByteArraySerializer());
  }

  private record Language(
      String code,
      List<String> greetings,
      List<String> subjects,
      List<String> verbs,
      List<String> objects,
      List<String> qualifiers,
      List<String> titles,
      String closing) {}

  private static final Language EN =
      new Language(
          "en",
          List.of(
              "Excellency,",
              "Dear Chair,",
              "Dear colleagues of the Secretariat,",
              "Mr. Chair, distinguished delegates,"),
          List.of(
              "States",
              "All Member States",
              "Our delegation",
              "The international community",
              "Regional organisations",
              "National computer emergency response teams",
              "Operators of critical infrastructure",
              "The Working Group",
              "Developing countries",
              "Small island developing States",
              "The private sector and civil society",
              "Our Government",
              "Law enforcement agencies",
              "The future permanent mechanism",
              "Technical experts from all regions",
              "Ministries of foreign affairs",
              "Parliaments and national regulators",
              "Academic institutions"),
          List.of(
              "should strengthen",
              "must implement",
              "are encouraged to develop",
              "need to cooperate further on",
              "call for concrete progress on",
              "welcome the recent work on",
              "remain committed to",
              "propose to build on",
              "should report regularly on",
              "underline the importance of",
              "have invested heavily in",
              "continue to support",
              "would benefit from",
              "stress the urgency of",
              "recognise the value of",
              "intend to contribute to"),
          List.of(
              "the voluntary norms of responsible State behaviour in the use of ICTs",
              "confidence-building measures between national authorities",
              "capacity-building programmes tailored to the needs of developing countries",
              "the protection of critical infrastructure such as energy grids and water systems",
              "the global intergovernmental points of contact directory",
              "the application of international law, including the Charter, in cyberspace",
              "the response to ransomware attacks against hospitals and health services",
              "a regular institutional dialogue under the auspices of the United Nations",
              "the security of supply chains for software and hardware",
              "the protection of the public core of the Internet",
              "coordinated vulnerability disclosure and the sharing of threat information",
              "the prevention of malicious activity by non-State actors",
              "gender perspectives and the meaningful participation of women",
              "the applicability of international humanitarian law to ICT operations",
              "attribution of ICT incidents and the exchange of technical evidence",
              "the implementation survey and national reporting on norms",
              "a cyber security fund for technical assistance",
              "the misuse of artificial intelligence and emerging technologies",
              "the resilience of submarine cables and satellite links",
              "data protection and respect for human rights online"),
          List.of(
              "in line with the consensus reports of 2015 and 2021.",
              "as set out in paragraph %d of the revised draft.",
              "with the participation of stakeholders from every region.",
              "taking into account the different levels of preparedness.",
              "through practical and action-oriented steps.",
              "without duplicating the work of other forums.",
              "on the basis of voluntary, non-binding commitments.",
              "so that paragraphs %d-%d reflect the views expressed in %d.",
              "before the end of the current mandate.",
              "while respecting the sovereignty of every State.",
              "drawing on the experience of regional organisations.",
              "in close cooperation with the private sector.",
              "and we look forward to discussing it at the next session.",
              "as a matter of priority for the coming years."),
          List.of(
              "Permanent Mission of %s to the United Nations",
              "Delegation of %s", "Ministry of Foreign Affairs of %s", "Submitted on behalf of %s"),
          "Please accept the assurances of our highest consideration.");

  private static final Language FR =
      new Language(
          "fr",
          List.of("Excellence,", "Monsieur le Président,", "Chers collègues du Secrétariat,"),
          List.of(
              "Les États",
              "Tous les États Membres",
              "Notre délégation",
              "La communauté internationale",
              "Les organisations régionales",
              "Les équipes nationales de réponse aux incidents",
              "Les opérateurs d'infrastructures critiques",
              "Le Groupe de travail",
              "Les pays en développement",
              "Le secteur privé et la société civile",
              "Notre Gouvernement",
              "Les services de police et de justice",
              "Le futur mécanisme permanent",
              "Les experts techniques de toutes les régions",
              "Les ministères des affaires étrangères",
              "Les autorités nationales de cybersécurité"),
          List.of(
              "devraient renforcer",
              "doivent mettre en œuvre",
              "sont encouragés à développer",
              "doivent coopérer davantage sur",
              "appellent à des progrès concrets sur",
              "saluent les travaux récents sur",
              "restent attachés à",
              "proposent de s'appuyer sur",
              "devraient rendre compte régulièrement de",
              "soulignent l'importance de",
              "continuent de soutenir",
              "insistent sur l'urgence de",
              "reconnaissent la valeur de",
              "entendent contribuer à"),
          List.of(
              "les normes volontaires de comportement responsable des États dans l'utilisation"
                  + " des TIC",
              "les mesures de confiance entre autorités nationales",
              "les programmes de renforcement des capacités adaptés aux pays en développement",
              "la protection des infrastructures critiques comme les réseaux d'énergie",
              "le répertoire mondial des points de contact",
              "l'application du droit international, y compris la Charte, dans le cyberespace",
              "la réponse aux attaques par rançongiciel contre les hôpitaux",
              "un dialogue institutionnel régulier sous les auspices des Nations Unies",
              "la sécurité des chaînes d'approvisionnement des logiciels",
              "la protection du noyau public de l'Internet",
              "la divulgation coordonnée des vulnérabilités",
              "la prévention des activités malveillantes d'acteurs non étatiques",
              "la perspective de genre et la participation des femmes",
              "l'application du droit international humanitaire aux opérations numériques",
              "l'attribution des incidents et l'échange de preuves techniques",
              "l'usage abusif de l'intelligence artificielle et des technologies émergentes",
              "la résilience des câbles sous-marins",
              "la protection des données et le respect des droits de l'homme en ligne"),
          List.of(
              "conformément aux rapports consensuels de 2015 et 2021.",
              "comme le prévoit le paragraphe %d du projet révisé.",
              "avec la participation de parties prenantes de toutes les régions.",
              "en tenant compte des différents niveaux de préparation.",
              "par des mesures pratiques et orientées vers l'action.",
              "sans dupliquer les travaux d'autres enceintes.",
              "sur la base d'engagements volontaires et non contraignants.",
              "afin que les paragraphes %d-%d reflètent les vues exprimées en %d.",
              "avant la fin du mandat actuel.",
              "dans le respect de la souveraineté de chaque État.",
              "en coopération étroite avec le secteur privé.",
              "et nous nous réjouissons d'en discuter à la prochaine session."),
          List.of(
              "Mission permanente de %s auprès des Nations Unies",
              "Délégation de %s", "Au nom de %s"),
          "Veuillez agréer l'assurance de notre très haute considération.");

  private static final Language ES =
      new Language(
          "es",
          List.of("Excelencia:", "Señor Presidente:", "Estimados colegas de la Secretaría:"),
          List.of(
              "Los Estados",
              "Todos los Estados Miembros",
              "Nuestra delegación",
              "La comunidad internacional",
              "Las organizaciones regionales",
              "Los equipos nacionales de respuesta a incidentes",
              "Los operadores de infraestructuras críticas",
              "El Grupo de Trabajo",
              "Los países en desarrollo",
              "El sector privado y la sociedad civil",
              "Nuestro Gobierno",
              "Las fuerzas del orden",
              "El futuro mecanismo permanente",
              "Los expertos técnicos de todas las regiones",
              "Los ministerios de relaciones exteriores",
              "Las autoridades nacionales de ciberseguridad"),
          List.of(
              "deberían reforzar",
              "deben aplicar",
              "están invitados a desarrollar",
              "necesitan cooperar más en",
              "piden avances concretos en",
              "acogen con satisfacción el trabajo sobre",
              "siguen comprometidos con",
              "proponen basarse en",
              "deberían informar periódicamente sobre",
              "subrayan la importancia de",
              "continúan apoyando",
              "insisten en la urgencia de",
              "reconocen el valor de",
              "se proponen contribuir a"),
          List.of(
              "las normas voluntarias de comportamiento responsable de los Estados en el uso de"
                  + " las TIC",
              "las medidas de fomento de la confianza entre autoridades nacionales",
              "los programas de creación de capacidad adaptados a los países en desarrollo",
              "la protección de las infraestructuras críticas como las redes eléctricas",
              "el directorio mundial de puntos de contacto",
              "la aplicación del derecho internacional, incluida la Carta, en el ciberespacio",
              "la respuesta a los ataques de ransomware contra hospitales",
              "un diálogo institucional periódico bajo los auspicios de las Naciones Unidas",
              "la seguridad de las cadenas de suministro de programas informáticos",
              "la protección del núcleo público de Internet",
              "la divulgación coordinada de vulnerabilidades",
              "la prevención de actividades maliciosas de actores no estatales",
              "la perspectiva de género y la participación de las mujeres",
              "la aplicación del derecho internacional humanitario a las operaciones digitales",
              "la atribución de incidentes y el intercambio de pruebas técnicas",
              "el uso indebido de la inteligencia artificial y las tecnologías emergentes",
              "la resiliencia de los cables submarinos",
              "la protección de datos y el respeto de los derechos humanos en línea"),
          List.of(
              "de conformidad con los informes de consenso de 2015 y 2021.",
              "según lo previsto en el párrafo %d del proyecto revisado.",
              "con la participación de partes interesadas de todas las regiones.",
              "teniendo en cuenta los distintos niveles de preparación.",
              "mediante medidas prácticas y orientadas a la acción.",
              "sin duplicar el trabajo de otros foros.",
              "sobre la base de compromisos voluntarios y no vinculantes.",
              "para que los párrafos %d-%d reflejen las opiniones expresadas en %d.",
              "antes del final del mandato actual.",
              "respetando la soberanía de cada Estado.",
              "en estrecha cooperación con el sector privado.",
              "y esperamos debatirlo en el próximo período de sesiones."),
          List.of(
              "Misión Permanente de %s ante las Naciones Unidas",
              "Delegación de %s", "En nombre de %s"),
          "Aprovechamos la oportunidad para reiterar las seguridades de nuestra más alta"
              + " consideración.");

  private static final List<Language> LANGUAGES = List.of(EN, FR, ES);

  // Domain patterns of the senders, with the name a signature would give.
  private record Domain(String domain, String name) {}

  private static final List<Domain> DOMAINS =
      List.of(
          new Domain("mfa.gov.sg", "Singapore"),
          new Domain("diplomatie.gouv.fr", "France"),
          new Domain("maec.es", "Spain"),
          new Domain("mofa.go.jp", "Japan"),
          new Domain("sre.gob.mx", "Mexico"),
          new Domain("mrree.gub.uy", "Uruguay"),
          new Domain("dfa.gov.za", "South Africa"),
          new Domain("international.gc.ca", "Canada"),
          new Domain("eeas.europa.eu", "the European Union"),
          new Domain("osce.org", "the OSCE"),
          new Domain("unidir.org", "UNIDIR"),
          new Domain("itu.int", "ITU"),
          new Domain("accessnow.org", "Access Now"),
          new Domain("cybersecuritytech.example.org", "the Cyber Peace Network"),
          new Domain("microsoft.com", "Microsoft"),
          new Domain("kaspersky.com", "Kaspersky"),
          new Domain("ox.ac.uk", "the University of Oxford"),
          new Domain("sciencespo.fr", "Sciences Po"),
          new Domain("uba.ar", "Universidad de Buenos Aires"),
          new Domain("gmail.com", "a concerned citizen"),
          new Domain("outlook.com", "an independent researcher"),
          new Domain("yahoo.es", "a private individual"));

  private BenchInputs() {}

  /** The i-th input (ids bench-000000 ...), the same for the same seed and i. */
  public static SubmissionReceived input(final long seed, final int i) {
    final Random random = new Random(seed * 1_000_003L + i);
    final Language lang = LANGUAGES.get(random.nextInt(LANGUAGES.size()));
    final Domain domain = DOMAINS.get(random.nextInt(DOMAINS.size()));
    final String id = String.format("bench-%06d", i);
    final String from = "sender" + i + "@" + domain.domain();
    final String text = text(random, lang, domain);
    final String subject =
        "[OEWG] " + pick(random, lang.objects()) + " (" + domain.name() + ", #" + i + ")";
    return SubmissionReceived.newBuilder()
        .setId(id)
        .setSource(
            MailSource.newBuilder()
                .setKind(SourceKind.IMAP)
                .setMailbox("submissions@oewg.example/INBOX")
                .setUidValidity(1L)
                .setUid((long) i + 1)
                .build())
        .setMessageId("<" + id + "." + seed + "@" + domain.domain() + ">")
        .setReceivedAt(Instant.parse("2024-07-01T10:00:00Z").plusSeconds(i))
        .setFrom(Address.newBuilder().setAddress(from).setName(null).build())
        .setSubject(subject)
        .setConsultationId(CONSULTATION)
        .setTrackingNumber(String.format("OEWG8-2024-%06d", i + 1))
        .setTextParts(
            List.of(
                TextPart.newBuilder()
                    .setKind(TextKind.PLAIN)
                    .setCharset("UTF-8")
                    .setText(text)
                    .build()))
        .setContentSha256(sha256(text))
        .setRawSize(text.getBytes(StandardCharsets.UTF_8).length)
        .build();
  }

  private static String text(final Random random, final Language lang, final Domain domain) {
    final StringBuilder out = new StringBuilder(TARGET_CHARS + 600);
    out.append(pick(random, lang.greetings())).append("\n\n");
    final String signature = String.format(pick(random, lang.titles()), domain.name());
    int sentences = 0;
    while (out.length() < TARGET_CHARS - signature.length() - lang.closing().length() - 4) {
      final String qualifier =
          String.format(
              pick(random, lang.qualifiers()),
              10 + random.nextInt(90),
              100 + random.nextInt(20),
              2019 + random.nextInt(6));
      out.append(pick(random, lang.subjects()))
          .append(' ')
          .append(pick(random, lang.verbs()))
          .append(' ')
          .append(pick(random, lang.objects()))
          .append(' ')
          .append(qualifier);
      sentences++;
      // paragraphs of four to six sentences
      out.append(sentences % (4 + random.nextInt(3)) == 0 ? "\n\n" : " ");
    }
    out.append("\n\n").append(lang.closing()).append("\n\n").append(signature);
    return out.toString();
  }

  private static String pick(final Random random, final List<String> pool) {
    return pool.get(random.nextInt(pool.size()));
  }

  private static String sha256(final String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
