package io.drover.operator.schedule;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.BitSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A five-field cron schedule (minute, hour, day of month, month, day of week) as Kubernetes
 * CronJobs read it, in a time zone: values, ranges, lists and steps, month and weekday names, 7 for
 * Sunday, the {@code @daily}-style shorthands, and Vixie cron's rule that when both day fields are
 * restricted a day matching either fires. A local time skipped by a daylight-saving change fires at
 * the first instant after the gap. Pure: the caller passes the time.
 */
public final class CronSchedule {

  /** Far enough for any schedule that fires at all (29 February fires every four years). */
  private static final int DAYS_SEARCHED = 366 * 8 + 2;

  private static final Map<String, String> SHORTHANDS =
      Map.of(
          "@yearly", "0 0 1 1 *",
          "@annually", "0 0 1 1 *",
          "@monthly", "0 0 1 * *",
          "@weekly", "0 0 * * 0",
          "@daily", "0 0 * * *",
          "@hourly", "0 * * * *");

  private static final String[] MONTHS = {
    "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"
  };
  private static final String[] WEEKDAYS = {"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"};

  private final String expression;
  private final ZoneId zone;
  private final BitSet minutes;
  private final BitSet hours;
  private final BitSet days;
  private final BitSet months;
  private final BitSet weekdays;
  private final boolean anyDay;
  private final boolean anyWeekday;

  private CronSchedule(String expression, ZoneId zone, String[] fields) {
    this.expression = expression;
    this.zone = zone;
    this.minutes = field(fields[0], 0, 59, null, "minute");
    this.hours = field(fields[1], 0, 23, null, "hour");
    this.days = field(fields[2], 1, 31, null, "day of month");
    this.months = field(fields[3], 1, 12, MONTHS, "month");
    BitSet weekdays = field(fields[4], 0, 7, WEEKDAYS, "day of week");
    if (weekdays.get(7)) {
      weekdays.set(0);
    }
    this.weekdays = weekdays;
    this.anyDay = fields[2].startsWith("*");
    this.anyWeekday = fields[4].startsWith("*");
  }

  /**
   * @throws IllegalArgumentException naming the field that cannot be read
   */
  public static CronSchedule parse(String expression, ZoneId zone) {
    String text = expression.trim();
    String expanded = SHORTHANDS.getOrDefault(text.toLowerCase(Locale.ROOT), text);
    String[] fields = expanded.split("\\s+");
    if (fields.length != 5) {
      throw new IllegalArgumentException(
          "schedule \"" + expression + "\" must have five fields: minute hour day month weekday");
    }
    return new CronSchedule(expression, zone, fields);
  }

  /** The first firing strictly after {@code after}; empty when the schedule never fires. */
  public Optional<Instant> next(Instant after) {
    LocalDateTime from =
        after.atZone(zone).toLocalDateTime().truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
    LocalDate day = from.toLocalDate();
    for (int i = 0; i < DAYS_SEARCHED; i++, day = day.plusDays(1)) {
      if (!firesOn(day)) {
        continue;
      }
      boolean first = day.equals(from.toLocalDate());
      for (int hour = first ? from.getHour() : 0; hour < 24; hour++) {
        if (!hours.get(hour)) {
          continue;
        }
        int fromMinute = first && hour == from.getHour() ? from.getMinute() : 0;
        int minute = minutes.nextSetBit(fromMinute);
        if (minute < 0) {
          continue;
        }
        Instant at = ZonedDateTime.ofLocal(day.atTime(hour, minute), zone, null).toInstant();
        if (at.isAfter(after)) {
          return Optional.of(at);
        }
      }
    }
    return Optional.empty();
  }

  /** The last firing in {@code (after, until]}, if there is one: missed firings count once. */
  public Optional<Instant> lastBetween(Instant after, Instant until) {
    Optional<Instant> fired = Optional.empty();
    Optional<Instant> next = next(after);
    while (next.isPresent() && !next.get().isAfter(until)) {
      fired = next;
      next = next(next.get());
    }
    return fired;
  }

  @Override
  public String toString() {
    return expression + " (" + zone + ")";
  }

  private boolean firesOn(LocalDate day) {
    if (!months.get(day.getMonthValue())) {
      return false;
    }
    boolean dayMatches = days.get(day.getDayOfMonth());
    boolean weekdayMatches = weekdays.get(day.getDayOfWeek().getValue() % 7);
    if (anyDay || anyWeekday) {
      return dayMatches && weekdayMatches;
    }
    return dayMatches || weekdayMatches;
  }

  private static BitSet field(String text, int min, int max, String[] names, String what) {
    BitSet set = new BitSet(max + 1);
    for (String part : text.split(",")) {
      String range = part;
      int step = 1;
      int slash = part.indexOf('/');
      if (slash >= 0) {
        range = part.substring(0, slash);
        step = number(part.substring(slash + 1), 1, max, null, what, text);
      }
      int from;
      int to;
      if (range.equals("*")) {
        from = min;
        to = max;
      } else if (range.contains("-")) {
        String[] ends = range.split("-", 2);
        from = number(ends[0], min, max, names, what, text);
        to = number(ends[1], min, max, names, what, text);
        if (to < from) {
          throw new IllegalArgumentException(
              "the " + what + " range \"" + range + "\" ends before it starts");
        }
      } else {
        from = number(range, min, max, names, what, text);
        to = slash >= 0 ? max : from;
      }
      for (int value = from; value <= to; value += step) {
        set.set(value);
      }
    }
    return set;
  }

  private static int number(
      String text, int min, int max, String[] names, String what, String field) {
    if (names != null) {
      for (int i = 0; i < names.length; i++) {
        if (names[i].equalsIgnoreCase(text)) {
          return names == MONTHS ? i + 1 : i;
        }
      }
    }
    try {
      int value = Integer.parseInt(text);
      if (value < min || value > max) {
        throw new IllegalArgumentException(
            "the " + what + " " + value + " in \"" + field + "\" is outside " + min + "-" + max);
      }
      return value;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "the " + what + " field \"" + field + "\" cannot be read at \"" + text + "\"");
    }
  }
}
