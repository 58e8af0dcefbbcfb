package io.docpipe.dashboards.render;

/** One sample of a series. A NaN (or infinite) value is a gap: the line breaks there. */
public record Point(long epochMillis, double value) {}
