package dev.aimon.devkit.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * A file of the repository's data sets ({@code data/}, see its README), read from the devkit jar's {@code aimon-data/}
 * resources and checked against its SHA-256 before anything uses it: a changed or truncated copy is refused, not
 * silently measured.
 */
public enum DataFile {
    /** UCI Adult, training part (32,561 rows). */
    ADULT_TRAIN("adult/adult.data", "5b00264637dbfec36bdeaab5676b0b309ff9eb788d63554ca0a249491c86603d"),
    /** UCI Adult, test part (16,281 rows after a header comment). */
    ADULT_TEST("adult/adult.test", "a2a9044bc167a35b2361efbabec64e89d69ce82d9790d2980119aac5fd7e9c05"),
    /** UCI Statlog German Credit (1,000 rows). */
    GERMAN("german/german.data", "b21f3d81db8071257d5ff1deaeba1fd4303b62712e6fcc9715c7a86202cb5871");

    private final String path;
    private final String sha256;

    DataFile(String path, String sha256) {
        this.path = path;
        this.sha256 = sha256;
    }

    /** The file's lines, once its checksum is verified. */
    public List<String> lines() {
        return new String(bytes(), StandardCharsets.UTF_8).lines().toList();
    }

    /** The file's bytes, once its checksum is verified. */
    public byte[] bytes() {
        byte[] bytes;
        try (InputStream in = DataFile.class.getResourceAsStream("/aimon-data/" + path)) {
            if (in == null) {
                throw new IllegalStateException("data/" + path + " is not on the class path (the devkit jar carries it"
                        + " as aimon-data/" + path + "; rebuild devkit)");
            }
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read data/" + path, e);
        }
        return verified(path, bytes, sha256);
    }

    /** The bytes, if their SHA-256 is the expected one; refused, naming the file, if not. */
    static byte[] verified(String path, byte[] bytes, String sha256) {
        String actual = sha256(bytes);
        if (!actual.equals(sha256)) {
            throw new IllegalStateException("data/%s has SHA-256 %s, not %s as data/README.md gives: it is not the"
                            .formatted(path, actual, sha256)
                    + " published file");
        }
        return bytes;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
