package io.drover.operator.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class CronScheduleTest {

  static final ZoneId UTC = ZoneId.of("UTC");

  static Instant next(String cron, String zone, String after) {
    return CronSchedule.parse(cron, ZoneId.of(zone)).next(Instant.parse(after)).orElseThrow();
  }

  @Test
  void firesStrictlyAfterTheGivenTime() {
    assertThat(next("0 3 * * *", "UTC", "2026-12-01T03:00:00Z")).isEqualTo("2026-12-02T03:00:00Z");
    assertThat(next("0 3 * * *", "UTC", "2026-12-01T02:59:59Z")).isEqualTo("2026-12-01T03:00:00Z");
  }

  @Test
  void stepsRangesListsAndNames() {
    assertThat(next("*/15 9-17 * * MON-FRI", "UTC", "2026-12-04T17:50:00Z")) // a Friday
        .isEqualTo("2026-12-07T09:00:00Z");
    assertThat(next("5,35 * * * *", "UTC", "2026-12-01T10:06:00Z"))
        .isEqualTo("2026-12-01T10:35:00Z");
    assertThat(next("0 0 1 JAN *", "UTC", "2026-12-01T00:00:00Z"))
        .isEqualTo("2027-01-01T00:00:00Z");
    assertThat(next("0 12 * * 7", "UTC", "2026-12-01T00:00:00Z")) // 7 is Sunday
        .isEqualTo("2026-12-06T12:00:00Z");
    assertThat(next("@weekly", "UTC", "2026-12-01T00:00:00Z")).isEqualTo("2026-12-06T00:00:00Z");
  }

  @Test
  void bothDayFieldsRestrictedMeansEither() {
    // The 15th, or any Monday: Monday 7 December comes first.
    assertThat(next("0 0 15 * MON", "UTC", "2026-12-02T00:00:00Z"))
        .isEqualTo("2026-12-07T00:00:00Z");
    assertThat(next("0 0 15 * *", "UTC", "2026-12-02T00:00:00Z")).isEqualTo("2026-12-15T00:00:00Z");
  }

  @Test
  void followsTheTimeZoneAcrossDaylightSaving() {
    // Berlin: 03:00 is 02:00 UTC in winter, 01:00 UTC in summer (DST began 29 March 2026).
    assertThat(next("0 3 * * *", "Europe/Berlin", "2026-03-28T12:00:00Z"))
        .isEqualTo("2026-03-29T01:00:00Z");
    // 02:30 does not exist on 29 March in Berlin: it fires at the first instant after the gap.
    assertThat(next("30 2 * * *", "Europe/Berlin", "2026-03-28T12:00:00Z"))
        .isEqualTo("2026-03-29T01:30:00Z");
  }

  @Test
  void aDayThatNeverComesNeverFires() {
    assertThat(CronSchedule.parse("0 0 30 2 *", UTC).next(Instant.parse("2026-01-01T00:00:00Z")))
        .isEmpty();
    assertThat(next("0 0 29 2 *", "UTC", "2026-03-01T00:00:00Z")).isEqualTo("2028-02-29T00:00:00Z");
  }

  @Test
  void missedFiringsCountOnce() {
    CronSchedule hourly = CronSchedule.parse("0 * * * *", UTC);
    assertThat(
            hourly.lastBetween(
                Instant.parse("2026-12-01T10:30:00Z"), Instant.parse("2026-12-01T13:10:00Z")))
        .contains(Instant.parse("2026-12-01T13:00:00Z"));
    assertThat(
            hourly.lastBetween(
                Instant.parse("2026-12-01T10:30:00Z"), Instant.parse("2026-12-01T10:59:00Z")))
        .isEmpty();
  }

  @Test
  void unreadableFieldsAreNamed() {
    assertThatThrownBy(() -> CronSchedule.parse("0 25 * * *", UTC)).hasMessageContaining("hour 25");
    assertThatThrownBy(() -> CronSchedule.parse("0 3 * *", UTC))
        .hasMessageContaining("five fields");
  }
}
