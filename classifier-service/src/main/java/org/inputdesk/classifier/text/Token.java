package org.inputdesk.classifier.text;

/** One analysed term of a text and the characters it was read from ({@code end} exclusive). */
public record Token(String term, int start, int end) {}
