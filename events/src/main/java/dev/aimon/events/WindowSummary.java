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
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record WindowSummary(Instant start, Instant end, long events, Long labelled) {}
