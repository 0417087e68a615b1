package dev.aimon.devkit.alert;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * A real Alertmanager for a service's Quarkus tests, its URL in {@code aimon.incident.alertmanager-url}; where none is
 * installed, nothing starts and the tests that need it skip ({@link #url()} is null).
 */
public class AlertmanagerResource implements QuarkusTestResourceLifecycleManager {

    private static volatile String url;
    private LocalAlertmanager alertmanager;

    /** The running Alertmanager's URL, or null when there is none on this machine. */
    public static String url() {
        return url;
    }

    @Override
    public Map<String, String> start() {
        if (LocalAlertmanager.binary().isEmpty()) {
            return Map.of();
        }
        alertmanager = LocalAlertmanager.start();
        url = alertmanager.url();
        return Map.of("aimon.incident.alertmanager-url", url);
    }

    @Override
    public void stop() {
        if (alertmanager != null) {
            alertmanager.close();
        }
        url = null;
    }
}
