package dev.aimon.devkit.auth;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A key pair for a service's Quarkus tests (made in a temporary folder), its public key configured for token
 * verification; {@link #token} signs the tests' bearer tokens.
 */
public class JwtResource implements QuarkusTestResourceLifecycleManager {

    private static volatile DevKeys keys;

    /** A bearer token for {@code subject} with these roles. */
    public static String token(String subject, String... roles) {
        if (keys == null) {
            throw new IllegalStateException("JwtResource is not started: add it to the test's resources");
        }
        return keys.token(subject, List.of(roles), Duration.ofMinutes(30));
    }

    /** A token with the test key that expired a minute ago. */
    public static String expiredToken(String subject, String... roles) {
        return keys.token(subject, List.of(roles), Duration.ofMinutes(-1));
    }

    /** A well-formed token signed by a key the service does not trust. */
    public static String foreignToken(String subject, String... roles) {
        try {
            return DevKeys.in(Files.createTempDirectory("aimon-jwt-foreign"))
                    .token(subject, List.of(roles), Duration.ofMinutes(30));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The test key's token with its header turned to {@code "alg":"none"} and its signature dropped. */
    public static String unsignedToken(String subject, String... roles) {
        return DevKeys.unsigned(token(subject, roles));
    }

    @Override
    public Map<String, String> start() {
        try {
            keys = DevKeys.in(Files.createTempDirectory("aimon-jwt"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of(
                "mp.jwt.verify.publickey.location",
                keys.publicKeyFile().toUri().toString(),
                "mp.jwt.verify.issuer",
                DevKeys.ISSUER);
    }

    @Override
    public void stop() {}
}
