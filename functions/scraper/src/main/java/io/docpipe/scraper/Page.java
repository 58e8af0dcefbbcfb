package io.docpipe.scraper;

/** A fetched page: its final URL after redirects, its media type and charset (null when not given), its bytes. */
record Page(String url, String mediaType, String charset, byte[] body) {}
