package io.drover.operator.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drover.operator.api.common.ActiveWindow;
import io.drover.operator.api.common.ActiveWindow.Day;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ActiveScheduleTest {

  private static final List<Day> WEEKDAYS = List.of(Day.Mon, Day.Tue, Day.Wed, Day.Thu, Day.Fri);

  @Test
  void noWindowsIsAlwaysUp() {
    ActiveSchedule.State state = ActiveSchedule.of(null, null).at(Instant.now());
    assertThat(state.up()).isTrue();
    assertThat(state.nextChange()).isEmpty();
  }

  @Test
  void officeHoursInBerlinFollowTheLocalClockAcrossDaylightSaving() {
    var schedule =
        ActiveSchedule.of(
            List.of(new ActiveWindow(WEEKDAYS, "08:00", "18:00", "Europe/Berlin")), null);
    // Winter: UTC+1. Tuesday 2026-12-01 07:30 UTC is 08:30 in Berlin.
    assertThat(schedule.at(Instant.parse("2026-12-01T07:30:00Z")).up()).isTrue();
    assertThat(schedule.at(Instant.parse("2026-12-01T06:59:00Z")).up()).isFalse();
    assertThat(schedule.at(Instant.parse("2026-12-01T06:59:00Z")).nextChange())
        .contains(Instant.parse("2026-12-01T07:00:00Z"));
    assertThat(schedule.at(Instant.parse("2026-12-01T07:30:00Z")).nextChange())
        .contains(Instant.parse("2026-12-01T17:00:00Z"));
    // Summer: UTC+2, so the same local 08:00 is 06:00 UTC.
    assertThat(schedule.at(Instant.parse("2026-07-01T06:30:00Z")).up()).isTrue();
  }

  @Test
  void aWeekendIsClosedAndTheNextOpeningIsMonday() {
    var schedule =
        ActiveSchedule.of(List.of(new ActiveWindow(WEEKDAYS, "08:00", "18:00", null)), null);
    // Saturday 2026-12-05.
    ActiveSchedule.State saturday = schedule.at(Instant.parse("2026-12-05T12:00:00Z"));
    assertThat(saturday.up()).isFalse();
    assertThat(saturday.nextOpening()).contains(Instant.parse("2026-12-07T08:00:00Z"));
  }

  @Test
  void anOvernightWindowRunsIntoTheNextDay() {
    var schedule =
        ActiveSchedule.of(
            List.of(new ActiveWindow(List.of(Day.Fri), "22:00", "06:00", null)), null);
    // Friday 2026-12-04 23:00 and Saturday 05:00 are inside; Saturday 22:30 is not.
    assertThat(schedule.at(Instant.parse("2026-12-04T23:00:00Z")).up()).isTrue();
    assertThat(schedule.at(Instant.parse("2026-12-05T05:00:00Z")).up()).isTrue();
    assertThat(schedule.at(Instant.parse("2026-12-05T05:00:00Z")).nextChange())
        .contains(Instant.parse("2026-12-05T06:00:00Z"));
    assertThat(schedule.at(Instant.parse("2026-12-05T22:30:00Z")).up()).isFalse();
  }

  @Test
  void preWarmBringsTheServiceUpBeforeTheWindowButPromisesTheWindowsStart() {
    var schedule =
        ActiveSchedule.of(
            List.of(new ActiveWindow(WEEKDAYS, "08:00", "18:00", null)), Duration.ofMinutes(10));
    ActiveSchedule.State early = schedule.at(Instant.parse("2026-12-01T07:45:00Z"));
    assertThat(early.up()).isFalse();
    assertThat(early.nextChange()).contains(Instant.parse("2026-12-01T07:50:00Z"));
    assertThat(early.nextOpening()).contains(Instant.parse("2026-12-01T08:00:00Z"));
    assertThat(schedule.at(Instant.parse("2026-12-01T07:55:00Z")).up()).isTrue();
  }

  @Test
  void touchingWindowsStayUpUntilTheLastEnds() {
    var schedule =
        ActiveSchedule.of(
            List.of(
                new ActiveWindow(List.of(Day.Tue), "08:00", "12:00", null),
                new ActiveWindow(List.of(Day.Tue), "12:00", "16:00", null)),
            null);
    assertThat(schedule.at(Instant.parse("2026-12-01T09:00:00Z")).nextChange())
        .contains(Instant.parse("2026-12-01T16:00:00Z"));
  }

  @Test
  void anUnknownTimeZoneIsRefusedNamingTheField() {
    assertThatThrownBy(
            () ->
                ActiveSchedule.of(
                    List.of(new ActiveWindow(WEEKDAYS, "08:00", "18:00", "Mars/Olympus")), null))
        .isInstanceOf(ActiveSchedule.InvalidScheduleException.class)
        .hasMessageContaining("activeWindows[0].timeZone Mars/Olympus");
  }
}
