package io.drover.operator.api.common;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/**
 * A recurring time of the week in which something may run: an InferenceService is up, a TrainingRun
 * may start. A window whose end is before its start runs overnight into the next day.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@ValidationRule(
    value = "self.start != self.end",
    message = "a window's start and end must differ (for all day, use 00:00 to 23:59)")
public record ActiveWindow(
    @JsonPropertyDescription(
            "Days of the week the window starts on: Mon, Tue, Wed, Thu, Fri, Sat, Sun. An"
                + " overnight window started on Fri ends on Sat.")
        @Required
        @Size(min = 1, max = 7)
        List<Day> days,
    @JsonPropertyDescription("Start time of day, HH:MM (24 h), in timeZone.")
        @Required
        @Size(max = 5)
        @ValidationRule(
            value = "self.matches('^([01][0-9]|2[0-3]):[0-5][0-9]$')",
            message = "activeWindows[].start must be HH:MM, 00:00 to 23:59")
        String start,
    @JsonPropertyDescription(
            "End time of day, HH:MM (24 h), in timeZone; before start means the window runs"
                + " overnight and ends the next day.")
        @Required
        @Size(max = 5)
        @ValidationRule(
            value = "self.matches('^([01][0-9]|2[0-3]):[0-5][0-9]$')",
            message = "activeWindows[].end must be HH:MM, 00:00 to 23:59")
        String end,
    @JsonPropertyDescription(
            "IANA time zone of start and end, e.g. Europe/Berlin; daylight-saving changes are"
                + " followed. Default UTC.")
        @Size(max = 64)
        @ValidationRule(
            value = ApiGroup.TIME_ZONE_RULE,
            message =
                "activeWindows[].timeZone must be an IANA time zone name such as Europe/Berlin or"
                    + " UTC")
        String timeZone) {

  /** Day of the week. */
  public enum Day {
    Mon,
    Tue,
    Wed,
    Thu,
    Fri,
    Sat,
    Sun
  }
}
