package dev.aimon.incident.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class NotifierTest {

    @Test
    void theWebhookSignatureIsHmacSha256AsRfc4231ComputesIt() {
        // RFC 4231, test case 2: key "Jefe", data "what do ya want for nothing?".
        assertThat(Notifier.sign("Jefe", "what do ya want for nothing?".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    }
}
