package dev.aimon.analysis.messaging;

import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import net.jpountz.lz4.LZ4Factory;
import org.jboss.logging.Logger;

/**
 * Loads lz4-java's native library before any Kafka client decompresses. Kafka takes {@code
 * LZ4Factory.fastestInstance()} once, when it first meets an lz4 batch; that picks the native (JNI) decompressor only
 * when the library is loaded already or lz4's classes come from the system class loader, which under Quarkus they do
 * not. Otherwise it takes the pure-Java one, which the profile of fairness-service showed at 11% of its CPU time,
 * where the bare consumer of {@code ./aimon bench} (system class loader) pays for JNI. Where the native library cannot
 * load (an unusual platform), Kafka keeps the Java one.
 */
@ApplicationScoped
public class NativeLz4 {

    private static final Logger LOG = Logger.getLogger(NativeLz4.class);

    /** Before the messaging connectors start (they observe at {@code LIBRARY_BEFORE}, 1000). */
    void load(@Observes @Priority(1) StartupEvent event) {
        try {
            LZ4Factory.nativeInstance();
            LOG.infof("lz4: Kafka decompresses with %s", LZ4Factory.fastestInstance());
        } catch (Throwable e) {
            LOG.infof("lz4: no native library here (%s); Kafka decompresses in Java", e.toString());
        }
    }
}
