package org.inputdesk.classifier.sender;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.inputdesk.classifier.sender.FromHeader.Mailbox;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FromHeaderTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "claire.dubois@oecd.org|claire.dubois@oecd.org|",
        "<claire.dubois@oecd.org>|claire.dubois@oecd.org|",
        "Claire Dubois <claire.dubois@oecd.org>|claire.dubois@oecd.org|Claire Dubois",
        "\"Dubois, Claire\" <claire.dubois@oecd.org>|claire.dubois@oecd.org|Dubois, Claire",
        "Dubois, Claire <claire.dubois@oecd.org>|claire.dubois@oecd.org|Dubois, Claire",
        "claire.dubois@oecd.org (Claire Dubois)|claire.dubois@oecd.org|Claire Dubois",
        "'Claire Dubois' <Claire.Dubois@OECD.ORG>|Claire.Dubois@oecd.org|Claire Dubois",
        "Claire Dubois [mailto:claire.dubois@oecd.org]|claire.dubois@oecd.org|Claire Dubois",
        "=?utf-8?q?G=C3=A9rard_Lemoine?= <gerard@wanadoo.fr>|gerard@wanadoo.fr|Gérard Lemoine",
        "=?UTF-8?B?0JjQs9C+0YDRjCDQodC80LjRgNC90L7Qsg==?= <x@mid.ru>|x@mid.ru|Игорь Смирнов",
        "=?utf-8?q?Jorge_Casta=C3=B1eda_Rui?= =?utf-8?q?z?= <j@x.org>|j@x.org|Jorge Castañeda Ruiz",
        "\"=?utf-8?q?H=C3=A9l=C3=A8ne?=\" <h@x.fr>|h@x.fr|Hélène",
        "Mission: Kenya <kenya@un.int>|kenya@un.int|Kenya",
      })
  void shouldReadOneMailboxAsMailProgramsWriteIt(
      final String value, final String address, final String name) {
    final List<Mailbox> all = FromHeader.parse(value);
    assertThat(all).hasSize(1);
    assertThat(all.get(0).address()).isEqualTo(address);
    assertThat(all.get(0).name()).isEqualTo(name);
  }

  @Test
  void shouldReadEveryAddressOfAList() {
    final List<Mailbox> all =
        FromHeader.parse("Jane <jane@a.org>, \"Doe, John\" <john@b.org>; c@c.org");
    assertThat(all)
        .extracting(Mailbox::address)
        .containsExactly("jane@a.org", "john@b.org", "c@c.org");
    assertThat(all.get(1).name()).isEqualTo("Doe, John");
  }

  @Test
  void shouldTellADisplayNameThatIsItselfAnAddress() {
    final Mailbox m = FromHeader.parse("\"cyber@mfa.gov.sg\" <trent@example.net>").get(0);
    assertThat(m.address()).isEqualTo("trent@example.net");
    assertThat(m.domain()).isEqualTo("example.net");
    assertThat(m.nameIsAddress()).isTrue();
  }

  @Test
  void shouldKeepANameWithoutAddressAndNeverThrow() {
    assertThat(FromHeader.parse("Jane Doe")).containsExactly(new Mailbox(null, "Jane Doe"));
    for (final String bad :
        List.of("", "<>", "@", "\"unclosed <x@y.org>", "((((", "=?x?Q?=ZZ?=", ",,,;;", "a@b")) {
      assertThat(FromHeader.parse(bad)).isNotNull();
    }
    assertThat(FromHeader.parse(null)).isEmpty();
  }

  @Test
  void shouldLeaveWhatCannotBeDecodedAsWritten() {
    assertThat(EncodedWords.decode("=?x-unknown-charset?Q?abc?= tail"))
        .isEqualTo("=?x-unknown-charset?Q?abc?= tail");
    assertThat(EncodedWords.decode("=?utf-8?B?####?=")).isEqualTo("=?utf-8?B?####?=");
    assertThat(EncodedWords.decode("plain")).isEqualTo("plain");
  }
}
