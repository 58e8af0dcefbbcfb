package io.docpipe.api;

import io.docpipe.shared.Env;

/**
 * The api function's settings, read once per environment.
 *
 * @param submissionsPerMinute job submissions one caller may make per calendar minute (SUBMISSIONS_PER_MINUTE)
 */
record ApiConfig(String jobsTable, String scrapeQueueUrl, int submissionsPerMinute) {
  static final int DEFAULT_SUBMISSIONS_PER_MINUTE = 60;

  static ApiConfig fromEnv(Env env) {
    return new ApiConfig(env.required("JOBS_TABLE"), env.required("SCRAPE_QUEUE_URL"),
        env.intValue("SUBMISSIONS_PER_MINUTE", DEFAULT_SUBMISSIONS_PER_MINUTE, 1, 1_000_000));
  }
}
