package io.drover.operator.api.inferenceservice;

/**
 * The admission rule of a cron schedule: five fields (minute, hour, day of month, month, day of
 * week) within their ranges, each {@code *}, a value, a range or a list of them, with an optional
 * step; or one of the {@code @daily}-style shorthands Kubernetes CronJobs accept.
 */
final class CronSchedule {

  private static final String MINUTE = "([0-5]?[0-9])";
  private static final String HOUR = "([01]?[0-9]|2[0-3])";
  private static final String DAY = "(0?[1-9]|[12][0-9]|3[01])";
  private static final String MONTH =
      "(0?[1-9]|1[0-2]|JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC)";
  private static final String WEEKDAY = "([0-7]|SUN|MON|TUE|WED|THU|FRI|SAT)";
  private static final String STEP = "(/[1-9][0-9]?)?";

  private static final String MINUTES =
      "(\\\\*|"
          + MINUTE
          + "(-"
          + MINUTE
          + ")?)"
          + STEP
          + "(,(\\\\*|"
          + MINUTE
          + "(-"
          + MINUTE
          + ")?)"
          + STEP
          + ")*";
  private static final String HOURS =
      "(\\\\*|"
          + HOUR
          + "(-"
          + HOUR
          + ")?)"
          + STEP
          + "(,(\\\\*|"
          + HOUR
          + "(-"
          + HOUR
          + ")?)"
          + STEP
          + ")*";
  private static final String DAYS =
      "(\\\\*|"
          + DAY
          + "(-"
          + DAY
          + ")?)"
          + STEP
          + "(,(\\\\*|"
          + DAY
          + "(-"
          + DAY
          + ")?)"
          + STEP
          + ")*";
  private static final String MONTHS =
      "(\\\\*|"
          + MONTH
          + "(-"
          + MONTH
          + ")?)"
          + STEP
          + "(,(\\\\*|"
          + MONTH
          + "(-"
          + MONTH
          + ")?)"
          + STEP
          + ")*";
  private static final String WEEKDAYS =
      "(\\\\*|"
          + WEEKDAY
          + "(-"
          + WEEKDAY
          + ")?)"
          + STEP
          + "(,(\\\\*|"
          + WEEKDAY
          + "(-"
          + WEEKDAY
          + ")?)"
          + STEP
          + ")*";

  static final String RULE =
      "self.matches('^(@(yearly|annually|monthly|weekly|daily|hourly)|"
          + MINUTES
          + " +"
          + HOURS
          + " +"
          + DAYS
          + " +"
          + MONTHS
          + " +"
          + WEEKDAYS
          + ")$')";

  static final String MESSAGE =
      "spec.retraining.triggers.schedule must be a five-field cron expression with fields in"
          + " range (minute 0-59, hour 0-23, day 1-31, month 1-12, weekday 0-7), e.g."
          + " \"0 3 * * 0\", or @daily";

  private CronSchedule() {}
}
