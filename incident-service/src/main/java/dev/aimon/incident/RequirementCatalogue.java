package dev.aimon.incident;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The requirements a breach kind maps to, as data: the ISO/IEC 42001 headings ({@code iso42001/controls.csv}, reference
 * and title) and the mapping of docs/ISO42001.md ({@code iso42001/requirement-mapping.csv}: breach kind, framework,
 * ref, title; an ISO row takes its title from the headings). Governance teams change the mapping by pointing {@code
 * aimon.incident.requirement-mapping} at a file of the same form.
 */
public final class RequirementCatalogue {

    private final Map<String, String> isoTitles;
    private final Map<String, List<RequirementRef>> byKind;

    private RequirementCatalogue(Map<String, String> isoTitles, Map<String, List<RequirementRef>> byKind) {
        this.isoTitles = isoTitles;
        this.byKind = byKind;
    }

    /**
     * A requirement.
     *
     * @param framework ISO42001, NIST-AI-RMF or EU-AI-ACT
     * @param ref the clause, control, subcategory or article
     * @param title its heading
     */
    public record RequirementRef(String framework, String ref, String title) {

        /** {@code ISO42001:A.6.2.6}: how filters name it. */
        public String id() {
            return framework + ":" + ref;
        }
    }

    /** The built-in catalogue, with the mapping replaced by {@code mappingFile} when one is given. */
    public static RequirementCatalogue load(Optional<Path> mappingFile) {
        Map<String, String> titles = new HashMap<>();
        for (List<String> row : rows(resource("iso42001/controls.csv"))) {
            titles.put(row.get(0), row.get(3));
        }
        List<List<String>> mapping;
        try (InputStream in = mappingFile.isPresent()
                ? Files.newInputStream(mappingFile.get())
                : resource("iso42001/requirement-mapping.csv")) {
            mapping = rows(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the requirement mapping", e);
        }
        Map<String, List<RequirementRef>> byKind = new LinkedHashMap<>();
        for (List<String> row : mapping) {
            String framework = row.get(1);
            String ref = row.get(2);
            String title = row.size() > 3 && !row.get(3).isBlank() ? row.get(3) : titles.get(ref);
            if ("ISO42001".equals(framework) && !titles.containsKey(ref)) {
                throw new IllegalStateException("the mapping names ISO42001 " + ref + ", which is not a heading");
            }
            byKind.computeIfAbsent(row.get(0), k -> new ArrayList<>()).add(new RequirementRef(framework, ref, title));
        }
        return new RequirementCatalogue(titles, byKind);
    }

    /** Every requirement some breach kind maps to, each once, in the mapping's order. */
    public List<RequirementRef> mapped() {
        return byKind.values().stream().flatMap(List::stream).distinct().toList();
    }

    /** The requirements a breach of this kind does not meet. */
    public List<RequirementRef> forKind(String breachKind) {
        return byKind.getOrDefault(breachKind, List.of());
    }

    /** The breach kinds that map to a requirement ({@code ISO42001:A.6.2.6}; a bare ref is ISO/IEC 42001). */
    public List<String> kindsFor(String requirement) {
        String id = requirement.contains(":") ? requirement : "ISO42001:" + requirement;
        List<String> kinds = new ArrayList<>();
        byKind.forEach((kind, refs) -> {
            if (refs.stream().anyMatch(r -> r.id().equals(id))) {
                kinds.add(kind);
            }
        });
        return kinds;
    }

    /** A requirement by id ({@code ISO42001:A.6.2.6}; a bare ref is ISO/IEC 42001), if the catalogue knows it. */
    public Optional<RequirementRef> find(String requirement) {
        String id = requirement.contains(":") ? requirement : "ISO42001:" + requirement;
        Optional<RequirementRef> mapped = byKind.values().stream()
                .flatMap(List::stream)
                .filter(r -> r.id().equals(id))
                .findFirst();
        if (mapped.isPresent() || !id.startsWith("ISO42001:")) {
            return mapped;
        }
        String ref = id.substring("ISO42001:".length());
        return isoTitle(ref).map(title -> new RequirementRef("ISO42001", ref, title));
    }

    /** The title of an ISO/IEC 42001 clause or control. */
    public Optional<String> isoTitle(String ref) {
        return Optional.ofNullable(isoTitles.get(ref));
    }

    private static InputStream resource(String name) {
        InputStream in = RequirementCatalogue.class.getClassLoader().getResourceAsStream(name);
        if (in == null) {
            throw new IllegalStateException(name + " is missing from the classpath");
        }
        return in;
    }

    /** The rows of a CSV file with a header: commas separate, double quotes enclose a field with commas. */
    static List<List<String>> rows(InputStream in) {
        List<List<String>> rows = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line = reader.readLine();
            while ((line = reader.readLine()) != null) {
                if (!line.isBlank()) {
                    rows.add(fields(line));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return rows;
    }

    private static List<String> fields(String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        fields.add(field.toString());
        return fields;
    }
}
