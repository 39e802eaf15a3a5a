package org.inputdesk.classifier;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.inputdesk.schemas.Theme;
import org.inputdesk.schemas.ThemeTag;
import org.junit.jupiter.api.Test;

/** Inputs in Arabic and Chinese, two of the six UN languages, are tagged as English ones are. */
class ArabicChineseTaggingTest {

  private final ThemeTagger tagger = new ThemeTagger(DefaultTaxonomy.oewg());

  private List<ThemeTag> tags(final String language, final String text) {
    return tagger.tag(List.of(new ThemeTagger.Segment("body", text, language)));
  }

  private static List<String> ids(final List<ThemeTag> tags) {
    return tags.stream().map(ThemeTag::getId).toList();
  }

  @Test
  void shouldShipArabicAndChinesePhrasesForEveryTheme() {
    assertThat(DefaultTaxonomy.oewg())
        .allSatisfy(t -> assertThat(t.getPhrases()).containsKeys("ar", "zh"));
    assertThat(DefaultTaxonomy.oewg().stream().map(Theme::getId)).hasSize(7);
  }

  @Test
  void shouldTagAnArabicStatementByItsThemesWithArabicEvidence() {
    final List<ThemeTag> tags =
        tags(
            "ar",
            "تعرب بعثتنا عن قلقها إزاء الهجمات السيبرانية وبرامج الفدية التي تستهدف المستشفيات."
                + " ونؤكد أن القانون الدولي، ولا سيما ميثاق الأمم المتحدة، ينطبق على استخدام"
                + " تكنولوجيا المعلومات والاتصالات. وندعو إلى تعزيز بناء القدرات والمساعدة التقنية"
                + " للبلدان النامية.");

    assertThat(ids(tags)).contains("threats", "international-law", "capacity-building");
    assertThat(ids(tags)).doesNotContain("digital-cooperation");
    final ThemeTag law =
        tags.stream().filter(t -> t.getId().equals("international-law")).findFirst().orElseThrow();
    assertThat(law.getEvidence()).isNotEmpty();
    assertThat(law.getEvidence().get(0).getSnippet()).contains("القانون الدولي");
  }

  @Test
  void shouldTagAChineseStatementAfterWordSegmentation() {
    final List<ThemeTag> tags =
        tags(
            "zh",
            "中国代表团支持在联合国框架下建立常设机制，开展定期机制性对话。"
                + "各国应落实负责任国家行为规范，并通过建立信任措施，例如联络点名录，增进互信。"
                + "我们同样关注勒索软件等网络攻击对关键基础设施的威胁。");

    assertThat(ids(tags)).contains("institutional-dialogue", "norms", "cbm", "threats");
    assertThat(ids(tags)).doesNotContain("digital-cooperation");
  }

  @Test
  void shouldNotTagAnArabicOrChineseTextAboutSomethingElse() {
    assertThat(tags("ar", "نشكركم على دعوتكم ونتطلع إلى الاجتماع القادم في نيويورك.")).isEmpty();
    assertThat(tags("zh", "感谢贵方的邀请，我们期待在纽约举行的下一次会议。")).isEmpty();
  }
}
