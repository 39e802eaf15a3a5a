package org.inputdesk.intake.mime;

import java.util.Set;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeTraversor;
import org.jsoup.select.NodeVisitor;

/**
 * Turns an HTML body into readable plain text, keeping paragraph and line breaks. Reads the HTML
 * given; writes nothing.
 */
public final class HtmlText {

  private static final Set<String> BLOCKS =
      Set.of(
          "p",
          "div",
          "br",
          "li",
          "tr",
          "h1",
          "h2",
          "h3",
          "h4",
          "h5",
          "h6",
          "blockquote",
          "pre",
          "table",
          "ul",
          "ol",
          "hr",
          "section",
          "article",
          "header",
          "footer");

  private HtmlText() {}

  /** The text of the HTML, never null. */
  public static String toText(final String html) {
    if (html == null || html.isBlank()) {
      return "";
    }
    try {
      final Element body = Jsoup.parse(html).body();
      final StringBuilder out = new StringBuilder();
      NodeTraversor.traverse(
          new NodeVisitor() {
            @Override
            public void head(final Node node, final int depth) {
              if (node instanceof TextNode t) {
                out.append(t.text());
              } else if (node instanceof Element e && BLOCKS.contains(e.normalName())) {
                out.append('\n');
              }
            }

            @Override
            public void tail(final Node node, final int depth) {
              if (node instanceof Element e
                  && BLOCKS.contains(e.normalName())
                  && !e.normalName().equals("br")) {
                out.append('\n');
              }
            }
          },
          body);
      return out.toString()
          .replace('\u00a0', ' ')
          .replaceAll("[ \\t]+", " ")
          .replaceAll(" *\\n *", "\n")
          .replaceAll("\\n{3,}", "\n\n")
          .strip();
    } catch (RuntimeException e) {
      return html.replaceAll("<[^>]*>", " ").replaceAll("\\s+", " ").strip();
    }
  }
}
