package dev.aimon.incident.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aimon.incident.console.EntryFields.Field;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class EntryFieldsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aChangeReadsAsOneLinePerValueWithFractionsRounded() {
        String change = """
                {"actions":[{"dueDate":"2027-01-15","owner":"bob"}],"breach":{"result":{"n":1710,
                "pValue":null,"value":0.25972939043102244}},"evidence":[],"from":"OPEN","value":0.62}""";
        assertThat(EntryFields.of(JSON, change))
                .containsExactly(
                        new Field("actions[1].dueDate", "2027-01-15", null),
                        new Field("actions[1].owner", "bob", null),
                        new Field("breach.result.n", "1710", null),
                        new Field("breach.result.pValue", "—", null),
                        new Field("breach.result.value", "0.2597", "0.25972939043102244"),
                        new Field("evidence", "none", null),
                        new Field("from", "OPEN", null),
                        new Field("value", "0.62", null));
    }

    @Test
    void roundingKeepsFourSignificantDigits() {
        assertThat(EntryFields.rounded(new BigDecimal("0.000123456"))).isEqualTo("0.0001235");
        assertThat(EntryFields.rounded(new BigDecimal("1.5E-7"))).isEqualTo("1.5E-7");
        assertThat(EntryFields.rounded(new BigDecimal("-12345.678"))).isEqualTo("-12350");
        assertThat(EntryFields.rounded(new BigDecimal("2.00000"))).isEqualTo("2");
        assertThat(EntryFields.rounded(new BigDecimal("0.0"))).isEqualTo("0");
    }

    @Test
    void textThatIsNotJsonHasNoFields() {
        assertThat(EntryFields.of(JSON, "not json")).isEmpty();
    }
}
