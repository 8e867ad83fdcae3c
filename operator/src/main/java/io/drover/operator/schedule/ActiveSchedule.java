package io.drover.operator.schedule;

import io.drover.operator.api.common.ActiveWindow;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * When something with active windows may run: the windows of a week, each in its own time zone
 * (daylight-saving changes followed), overnight windows running into the next day, and an optional
 * pre-warm that brings the up time forward so the first request inside a window is fast. Pure: the
 * caller passes the time. No windows means always up.
 */
public final class ActiveSchedule {

  /** Far enough to cover a weekly window and its overnight tail on either side of now. */
  private static final int DAYS_AROUND = 8;

  private final List<ActiveWindow> windows;
  private final Duration preWarm;

  private ActiveSchedule(List<ActiveWindow> windows, Duration preWarm) {
    this.windows = windows == null ? List.of() : List.copyOf(windows);
    this.preWarm = preWarm == null ? Duration.ZERO : preWarm;
  }

  /**
   * @param windows the windows; null or empty: always up
   * @param preWarm how long before a window opens it is brought up; null: not at all
   * @throws InvalidScheduleException naming the window and field that cannot be read
   */
  public static ActiveSchedule of(List<ActiveWindow> windows, Duration preWarm) {
    ActiveSchedule schedule = new ActiveSchedule(windows, preWarm);
    for (int i = 0; i < schedule.windows.size(); i++) {
      schedule.check(i);
    }
    return schedule;
  }

  public boolean alwaysUp() {
    return windows.isEmpty();
  }

  /**
   * One stretch of up time.
   *
   * @param upFrom when it comes up: the window's start less the pre-warm
   * @param opens the window's own start, the time promised to users
   * @param until when the window ends
   */
  public record Opening(Instant upFrom, Instant opens, Instant until) {}

  /** Where the schedule stands at a moment. */
  public record State(boolean up, Optional<Instant> nextChange, Optional<Instant> nextOpening) {}

  public State at(Instant now) {
    if (alwaysUp()) {
      return new State(true, Optional.empty(), Optional.empty());
    }
    List<Opening> openings = openings(now);
    boolean up = false;
    Instant upUntil = null;
    for (Opening opening : openings) {
      if (!opening.upFrom().isAfter(now) && opening.until().isAfter(now)) {
        up = true;
        upUntil = upUntil == null || opening.until().isAfter(upUntil) ? opening.until() : upUntil;
      }
    }
    if (up) {
      // Overlapping or touching windows keep it up past the first one's end.
      boolean extended = true;
      while (extended) {
        extended = false;
        for (Opening opening : openings) {
          if (!opening.upFrom().isAfter(upUntil) && opening.until().isAfter(upUntil)) {
            upUntil = opening.until();
            extended = true;
          }
        }
      }
      return new State(true, Optional.of(upUntil), nextOpening(openings, upUntil));
    }
    Optional<Opening> next =
        openings.stream()
            .filter(o -> o.upFrom().isAfter(now))
            .min(Comparator.comparing(Opening::upFrom));
    return new State(false, next.map(Opening::upFrom), next.map(Opening::opens));
  }

  private static Optional<Instant> nextOpening(List<Opening> openings, Instant after) {
    return openings.stream()
        .map(Opening::opens)
        .filter(o -> o.isAfter(after))
        .min(Comparator.naturalOrder());
  }

  /** Every window's occurrences from a week before to a week after now, in time order. */
  List<Opening> openings(Instant now) {
    List<Opening> openings = new ArrayList<>();
    for (ActiveWindow window : windows) {
      ZoneId zone = zone(window);
      LocalTime start = LocalTime.parse(window.start());
      LocalTime end = LocalTime.parse(window.end());
      LocalDate today = LocalDate.ofInstant(now, zone);
      for (int offset = -DAYS_AROUND; offset <= DAYS_AROUND; offset++) {
        LocalDate day = today.plusDays(offset);
        if (!startsOn(window, day.getDayOfWeek())) {
          continue;
        }
        Instant opens = day.atTime(start).atZone(zone).toInstant();
        LocalDate endDay = end.isAfter(start) ? day : day.plusDays(1);
        Instant until = endDay.atTime(end).atZone(zone).toInstant();
        openings.add(new Opening(opens.minus(preWarm), opens, until));
      }
    }
    openings.sort(Comparator.comparing(Opening::upFrom));
    return openings;
  }

  private static boolean startsOn(ActiveWindow window, DayOfWeek day) {
    return window.days().stream().anyMatch(d -> d.ordinal() == day.ordinal());
  }

  private static ZoneId zone(ActiveWindow window) {
    return window.timeZone() == null || window.timeZone().isBlank()
        ? ZoneOffset.UTC
        : ZoneId.of(window.timeZone());
  }

  private void check(int index) {
    ActiveWindow window = windows.get(index);
    String where = "activeWindows[" + index + "]";
    if (window.days() == null || window.days().isEmpty()) {
      throw new InvalidScheduleException(where + ".days must name at least one day, e.g. [Mon]");
    }
    try {
      zone(window);
    } catch (DateTimeException e) {
      throw new InvalidScheduleException(
          where
              + ".timeZone "
              + window.timeZone()
              + " is not a known IANA time zone; use a name such as Europe/Berlin");
    }
    for (String[] field : new String[][] {{"start", window.start()}, {"end", window.end()}}) {
      try {
        LocalTime.parse(field[1]);
      } catch (DateTimeException | NullPointerException e) {
        throw new InvalidScheduleException(
            where + "." + field[0] + " " + field[1] + " is not a time of day HH:MM");
      }
    }
    if (window.start().equals(window.end())) {
      throw new InvalidScheduleException(where + " starts and ends at " + window.start());
    }
  }

  /** A window the schedule cannot read; the message names the field. */
  public static final class InvalidScheduleException extends RuntimeException {
    public InvalidScheduleException(String message) {
      super(message);
    }
  }
}
