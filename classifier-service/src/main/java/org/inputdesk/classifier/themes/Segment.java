package org.inputdesk.classifier.themes;

/** A piece of an input and where it comes from: subject, body or attachment:NAME. */
public record Segment(String location, String text, String language) {}
