package org.inputdesk.classifier.themes;

import java.util.Set;

/**
 * A labelled text: its id, the group it must stay with when folds are cut (a speech, a sender), the
 * text, its language (null: detect) and the themes a reader gave it.
 */
public record Example(String id, String group, String text, String language, Set<String> themes) {}
