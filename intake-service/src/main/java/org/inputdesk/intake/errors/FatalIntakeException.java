package org.inputdesk.intake.errors;

/**
 * A failure intake cannot recover from by reconnecting or retrying (the producer was fenced, is not
 * authorised, or its transaction cannot be aborted): the mailbox intake stops, the import ends.
 * Made by {@link ErrorClassifier#fatal}; reads and writes nothing.
 */
public final class FatalIntakeException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  FatalIntakeException(final String message, final Throwable cause) {
    super(message, cause);
  }
}
