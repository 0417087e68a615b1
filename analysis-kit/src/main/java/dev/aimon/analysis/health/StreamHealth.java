package dev.aimon.analysis.health;

import dev.aimon.analysis.messaging.StreamLoop;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/** Live while the stream's consumer loop runs; down, with the cause, once it stopped on a failure. */
@Liveness
@ApplicationScoped
public class StreamHealth implements HealthCheck {

    private final StreamLoop loop;

    public StreamHealth(StreamLoop loop) {
        this.loop = loop;
    }

    @Override
    public HealthCheckResponse call() {
        Throwable failure = loop.failure();
        return HealthCheckResponse.named("aimon-stream")
                .status(failure == null)
                .withData("failure", failure == null ? "none" : String.valueOf(failure))
                .build();
    }
}
