package dev.aimon.devkit.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.UUID;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A local RSA key pair for development and tests, and the bearer tokens (RS256 JWTs) it signs: issuer {@value
 * #ISSUER}, the person in {@code sub} and {@code upn}, the roles in {@code groups}. The services verify them with
 * {@link #publicKeyFile()}; a real deployment points them at its identity provider's key instead.
 */
public final class DevKeys {

    /** The issuer the services expect by default. */
    public static final String ISSUER = "aimon";

    private final Path publicKeyFile;
    private final PrivateKey privateKey;

    private DevKeys(Path publicKeyFile, PrivateKey privateKey) {
        this.publicKeyFile = publicKeyFile;
        this.privateKey = privateKey;
    }

    /** The key pair in {@code dir} ({@code private.pem}, {@code public.pem}), made there when missing. */
    public static synchronized DevKeys in(Path dir) {
        Path privateFile = dir.resolve("private.pem");
        Path publicFile = dir.resolve("public.pem");
        try {
            if (!Files.isRegularFile(privateFile) || !Files.isRegularFile(publicFile)) {
                Files.createDirectories(dir);
                KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(2048);
                KeyPair pair = generator.generateKeyPair();
                Files.writeString(publicFile, pem("PUBLIC KEY", pair.getPublic().getEncoded()));
                Files.writeString(
                        privateFile, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
            }
            String pem = Files.readString(privateFile)
                    .replaceAll("-----[A-Z ]+-----", "")
                    .replaceAll("\\s", "");
            PrivateKey key = KeyFactory.getInstance("RSA")
                    .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
            return new DevKeys(publicFile, key);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot make or read the key pair in " + dir, e);
        }
    }

    /** The public key, PEM, for {@code mp.jwt.verify.publickey.location}. */
    public Path publicKeyFile() {
        return publicKeyFile;
    }

    /** A token for {@code subject} with these roles, valid for {@code lifetime}. */
    public String token(String subject, Collection<String> roles, Duration lifetime) {
        Instant now = Instant.now();
        return token(ISSUER, subject, roles, now, now.plus(lifetime));
    }

    /** A token signed with this key pair, with any issuer and times (for tests of what a service refuses). */
    public String token(String issuer, String subject, Collection<String> roles, Instant issuedAt, Instant expiresAt) {
        String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\"}";
        String groups = roles.stream().map(r -> "\"" + r + "\"").collect(Collectors.joining(","));
        String claims =
                "{\"iss\":\"%s\",\"sub\":\"%s\",\"upn\":\"%s\",\"groups\":[%s],\"iat\":%d,\"exp\":%d,\"jti\":\"%s\"}"
                        .formatted(
                                issuer,
                                subject,
                                subject,
                                groups,
                                issuedAt.getEpochSecond(),
                                expiresAt.getEpochSecond(),
                                UUID.randomUUID());
        String signed =
                base64(header.getBytes(StandardCharsets.UTF_8)) + "." + base64(claims.getBytes(StandardCharsets.UTF_8));
        try {
            Signature rs256 = Signature.getInstance("SHA256withRSA");
            rs256.initSign(privateKey);
            rs256.update(signed.getBytes(StandardCharsets.US_ASCII));
            return signed + "." + base64(rs256.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign a token", e);
        }
    }

    /** The token's claims under an {@code "alg":"none"} header, without a signature. */
    public static String unsigned(String token) {
        String[] parts = token.split("\\.");
        return base64("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "." + parts[1] + ".";
    }

    /**
     * The token's claims under {@code "alg":"HS256"}, signed with HMAC-SHA256 keyed by {@code secret}: with the
     * public key's PEM as the secret, the classic algorithm-confusion forgery.
     */
    public static String hmacSigned(String token, byte[] secret) {
        String[] parts = token.split("\\.");
        String signed = base64("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "." + parts[1];
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return signed + "." + base64(mac.doFinal(signed.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign a token", e);
        }
    }

    private static String base64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
