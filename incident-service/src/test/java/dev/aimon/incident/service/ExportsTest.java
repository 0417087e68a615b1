package dev.aimon.incident.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aimon.incident.repository.NonconformityEntity;
import java.io.StringReader;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

/** The CSV export: RFC 4180 quoting, and no text a spreadsheet would run as a formula. */
class ExportsTest {

    @Test
    void aFormulaIsMadeInertAndANumberIsLeftANumber() {
        assertThat(Exports.inert("=HYPERLINK(\"http://evil\",\"x\")")).isEqualTo("'=HYPERLINK(\"http://evil\",\"x\")");
        assertThat(Exports.inert("+1+cmd|' /C calc'!A0")).isEqualTo("'+1+cmd|' /C calc'!A0");
        assertThat(Exports.inert("-2+3")).isEqualTo("'-2+3");
        assertThat(Exports.inert("@SUM(A1:A9)")).isEqualTo("'@SUM(A1:A9)");
        assertThat(Exports.inert("\t=1")).isEqualTo("'\t=1");
        assertThat(Exports.inert("-Infinity")).isEqualTo("'-Infinity");
        assertThat(Exports.inert("-0.25")).isEqualTo("-0.25");
        assertThat(Exports.inert("-1.5E-7")).isEqualTo("-1.5E-7");
        assertThat(Exports.inert("credit-model")).isEqualTo("credit-model");
        assertThat(Exports.inert("")).isEmpty();
    }

    @Test
    void aRecordIsOneLineThatReadsBackFieldForField() throws Exception {
        NonconformityEntity e = new NonconformityEntity();
        e.id = UUID.fromString("019abcde-0000-7000-8000-000000000002");
        e.ref = "NC-2026-0042";
        e.status = "ACKNOWLEDGED";
        e.recordClass = "NONCONFORMITY";
        e.severity = "S2";
        e.severityReason = "policy";
        e.breachKind = "FAIRNESS";
        e.modelId = "credit, \"v2\"";
        e.planVersion = 3;
        e.metric = "DISPARATE_IMPACT_RATIO";
        e.value = -0.25;
        e.reportId = "r1";
        e.openedAt = Instant.parse("2026-11-27T10:00:00Z");
        e.firstBreachAt = e.openedAt;
        e.lastBreachAt = e.openedAt;
        e.occurrences = 2;
        e.owner = "=cmd|' /C calc'!A0";

        String csv = Exports.csv(List.of(RecordView.of(e)));

        assertThat(csv).startsWith("ref,id,status,").contains("\r\n");
        List<CSVRecord> rows = CSVFormat.RFC4180
                .builder()
                .setHeader()
                .get()
                .parse(new StringReader(csv))
                .getRecords();
        assertThat(rows).hasSize(1);
        CSVRecord row = rows.getFirst();
        assertThat(row.get("ref")).isEqualTo("NC-2026-0042");
        assertThat(row.get("modelId")).isEqualTo("credit, \"v2\"");
        assertThat(row.get("value")).isEqualTo("-0.25");
        assertThat(row.get("owner")).isEqualTo("'=cmd|' /C calc'!A0");
        assertThat(row.get("occurrences")).isEqualTo("2");
        assertThat(row.get("closedAt")).isEmpty();
    }
}
