package org.inputdesk.cli.console;

import java.util.ArrayList;
import java.util.List;
import org.inputdesk.schemas.PublicationStatus;
import org.inputdesk.schemas.SubmissionClassified;

/**
 * One input as a console page lists it: the record, the status actions that make sense for it, and
 * a stamp that changes whenever the input does (a live page replaces a row only when its stamp
 * differs). Plain data.
 *
 * @param input the input's latest state
 * @param verbs the status actions offered, most likely first
 * @param stamp changes with each new state of the input
 */
public record Row(SubmissionClassified input, List<ConsoleActions.Verb> verbs, String stamp) {

  /** The row of {@code input}. */
  public static Row of(final SubmissionClassified input) {
    return new Row(input, verbs(input), stamp(input));
  }

  /** The rows of {@code inputs}, in their order. */
  public static List<Row> of(final List<SubmissionClassified> inputs) {
    return inputs.stream().map(Row::of).toList();
  }

  static List<ConsoleActions.Verb> verbs(final SubmissionClassified input) {
    final PublicationStatus status = input.getPublication().getStatus();
    final List<ConsoleActions.Verb> out = new ArrayList<>();
    switch (status) {
      case HELD -> out.addAll(List.of(ConsoleActions.Verb.POST, ConsoleActions.Verb.WITHDRAW));
      case POSTED -> out.addAll(List.of(ConsoleActions.Verb.HOLD, ConsoleActions.Verb.WITHDRAW));
      case WITHHELD -> out.addAll(List.of(ConsoleActions.Verb.POST, ConsoleActions.Verb.HOLD));
      case WITHDRAWN -> out.add(ConsoleActions.Verb.POST);
    }
    // An operator's status stands until restored: offer to let the classifier decide again.
    if (input.getCorrection() != null && input.getCorrection().getStatus() != null) {
      out.add(ConsoleActions.Verb.RESTORE);
    }
    return out;
  }

  private static String stamp(final SubmissionClassified input) {
    return input.getClassifiedAt().toEpochMilli() + "-" + input.getPublication().getStatus();
  }
}
