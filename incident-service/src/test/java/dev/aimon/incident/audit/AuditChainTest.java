package dev.aimon.incident.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AuditChainTest {

    private static final Instant T = Instant.parse("2026-11-27T10:00:00Z");

    @Test
    void theHashIsSha256OfTheDocumentedCanonicalForm() {
        // Independently: printf '1\nCREATED\naimon\n2026-11-27T10:00:00Z\n{"a":1}\n' + 64 zeros | sha256sum
        AuditChain.Entry first = AuditChain.next(null, "CREATED", "aimon", T, "{\"a\":1}");

        assertThat(first.seq()).isEqualTo(1);
        assertThat(first.prevHash()).isEqualTo("0".repeat(64));
        assertThat(first.hash()).isEqualTo("072113e9e9fd6bc3572fb449c05371ca0de89f8b5d59eaa53956b3a6dc565627");
    }

    @Test
    void aChainVerifiesAndAnyChangedRemovedOrReorderedEntryIsFound() {
        List<AuditChain.Entry> chain = new ArrayList<>();
        chain.add(AuditChain.next(null, "CREATED", "aimon", T, "{}"));
        chain.add(AuditChain.next(chain.get(0), "TRANSITION", "alice", T.plusSeconds(60), "{\"to\":\"ACKNOWLEDGED\"}"));
        chain.add(AuditChain.next(chain.get(1), "TRANSITION", "bob", T.plusSeconds(120), "{\"to\":\"CONTAINED\"}"));
        assertThat(AuditChain.verify(chain).verified()).isTrue();
        assertThat(chain.get(1).prevHash()).isEqualTo(chain.get(0).hash());

        List<AuditChain.Entry> edited = new ArrayList<>(chain);
        AuditChain.Entry e = chain.get(1);
        edited.set(1, new AuditChain.Entry(e.seq(), e.type(), "mallory", e.at(), e.change(), e.prevHash(), e.hash()));
        assertThat(AuditChain.verify(edited))
                .extracting(AuditChain.Verification::verified, AuditChain.Verification::brokenAt)
                .containsExactly(false, 2);

        List<AuditChain.Entry> removed = new ArrayList<>(chain);
        removed.remove(1);
        assertThat(AuditChain.verify(removed).verified()).isFalse();
        assertThat(AuditChain.verify(List.of(chain.get(0), chain.get(2), chain.get(1)))
                        .verified())
                .isFalse();
        assertThat(AuditChain.verify(List.of()).verified()).isFalse();
    }
}
