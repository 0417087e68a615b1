package dev.aimon.devkit.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class DataFileTest {

    @Test
    void eachFileLoadsFromTheRepositoryWithTheRowsItsReadmeGives() {
        assertThat(DataFile.ADULT_TRAIN.lines()).filteredOn(l -> !l.isBlank()).hasSize(32_561);
        // adult.test: a header comment, then 16,281 rows
        assertThat(DataFile.ADULT_TEST.lines())
                .filteredOn(l -> !l.isBlank() && !l.startsWith("|"))
                .hasSize(16_281);
        assertThat(DataFile.GERMAN.lines()).filteredOn(l -> !l.isBlank()).hasSize(1_000);
    }

    @Test
    void theDigestIsSha256() {
        // FIPS 180-2, appendix B.1: the message "abc"
        assertThat(DataFile.sha256("abc".getBytes(StandardCharsets.US_ASCII)))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void aChangedCopyIsRefusedNamingTheFile() {
        byte[] published = DataFile.GERMAN.bytes();
        byte[] changed = Arrays.copyOf(published, published.length);
        changed[10] = (byte) (changed[10] == '1' ? '2' : '1');
        String expected = DataFile.sha256(published);

        assertThat(DataFile.verified("german/german.data", published, expected)).isSameAs(published);
        assertThatThrownBy(() -> DataFile.verified("german/german.data", changed, expected))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("data/german/german.data")
                .hasMessageContaining("not the published file");
    }
}
