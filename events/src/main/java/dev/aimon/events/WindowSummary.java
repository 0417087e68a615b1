package dev.aimon.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * The data window a report covers.
 *
 * @param start event time of the window's start (inclusive)
 * @param end event time of the window's end (exclusive for time windows; the last event's time for count windows)
 * @param events how many prediction events the window holds
 * @param labelled how many of them carry a label
 * @param sequence for count windows, the window's number for its model and plan version (0, 1, …); absent for time
 *     windows, which their start identifies
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record WindowSummary(Instant start, Instant end, long events, Long labelled, Long sequence) {}
