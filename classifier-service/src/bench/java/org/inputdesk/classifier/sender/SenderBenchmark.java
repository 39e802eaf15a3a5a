package org.inputdesk.classifier.sender;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * On demand, not a test: the CPU one sender resolution costs on 5 KB inputs of several shapes (a
 * mission's letter, a forward, a Russian and an Arabic letter, free mail), after warm-up, on one
 * thread. {@code java -cp ... org.inputdesk.classifier.sender.SenderBenchmark [rounds]}
 */
public final class SenderBenchmark {

  private SenderBenchmark() {}

  public static void main(final String[] args) {
    final int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
    final SenderResolver resolver = SenderResolver.shared();
    final List<SenderResolver.Input> inputs = inputs();
    for (int i = 0; i < 20_000; i++) {
      resolver.resolve(inputs.get(i % inputs.size()), key -> Optional.empty());
    }
    final ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    final long cpu0 = mx.getCurrentThreadCpuTime();
    long chars = 0;
    for (int i = 0; i < rounds; i++) {
      final SenderResolver.Input in = inputs.get(i % inputs.size());
      chars += in.body().length();
      resolver.resolve(in, key -> Optional.empty());
    }
    final double cpuMs = (mx.getCurrentThreadCpuTime() - cpu0) / 1e6;
    System.out.printf(
        "%d resolutions, %.0f chars each on average: %.4f ms CPU per input, %.4f ms per 5 KB%n",
        rounds,
        (double) chars / rounds,
        cpuMs / rounds,
        cpuMs / rounds * 5000.0 / ((double) chars / rounds));
  }

  static List<SenderResolver.Input> inputs() {
    final String filler =
        "Capacity-building should remain demand-driven, sustainable, gender-sensitive and"
            + " respectful of national ownership. Ransomware has become one of the most disruptive"
            + " threats to governments, businesses and citizens alike. ";
    final String ru =
        "Наращивание потенциала должно осуществляться по запросу государств, на"
            + " недискриминационной основе и с уважением национального суверенитета. ";
    final String ar =
        "ترى الجزائر أن الآلية الدائمة ينبغي أن تعمل بتوافق الآراء، وأن تولي أولوية لبناء قدرات"
            + " الدول النامية. ";
    final List<SenderResolver.Input> out = new ArrayList<>();
    out.add(
        input(
            "Tan Wei Ling <tan@mfa.gov.sg>",
            "Input",
            "Dear Secretariat,\n\n"
                + paragraphs(filler)
                + "Best regards,\n\nTan Wei Ling\nFirst Secretary\nPermanent Mission of the"
                + " Republic of Singapore to the United Nations\n318 East 48th Street"));
    out.add(
        input(
            "Anna <anna@un.org>",
            "FW: input",
            "Forwarding for posting.\n\n________________________________\nFrom: Rania"
                + " <rania@accessnow.org>\nSent: Tuesday\nTo: Anna\nSubject: input\n\nDear"
                + " Secretariat,\n\n"
                + paragraphs(filler)
                + "Regards,\nRania Saleh\nAccess Now"));
    out.add(
        input(
            "x@mid.ru",
            "Вклад",
            "Уважаемые коллеги,\n\n"
                + paragraphs(ru)
                + "С уважением,\n\nИ. Смирнов\nПостоянное представительство Российской Федерации"
                + " при ООН"));
    out.add(
        input(
            "algeria@un.int",
            "مساهمة",
            "تحية طيبة وبعد،\n\n"
                + paragraphs(ar)
                + "مع خالص التحية والتقدير،\n\nالبعثة الدائمة للجمهورية الجزائرية الديمقراطية"
                + " الشعبية لدى الأمم المتحدة"));
    out.add(
        input(
            "someone@gmail.com",
            "views",
            "Hello,\n\n" + paragraphs(filler) + "Thanks\n> On Monday you wrote:\n> earlier"));
    return out;
  }

  private static String paragraphs(final String sentence) {
    final StringBuilder b = new StringBuilder();
    while (b.length() < 4700) {
      b.append(sentence).append(sentence).append("\n\n");
    }
    return b.toString();
  }

  private static SenderResolver.Input input(
      final String from, final String subject, final String body) {
    return new SenderResolver.Input(FromHeader.parse(from), null, subject, body, List.of(), null);
  }
}
