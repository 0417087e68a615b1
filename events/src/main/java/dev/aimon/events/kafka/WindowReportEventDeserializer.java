package dev.aimon.events.kafka;

import dev.aimon.events.WindowReportEvent;

/** Reads a {@link WindowReportEvent}. */
public class WindowReportEventDeserializer extends EventDeserializer<WindowReportEvent> {

    public WindowReportEventDeserializer() {
        super(WindowReportEvent.class);
    }
}
