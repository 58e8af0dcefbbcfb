package io.docpipe.api;

import io.docpipe.shared.Env;

/** The api function's settings, read once per environment. */
record ApiConfig(String jobsTable, String scrapeQueueUrl) {
  static ApiConfig fromEnv(Env env) {
    return new ApiConfig(env.required("JOBS_TABLE"), env.required("SCRAPE_QUEUE_URL"));
  }
}
