package org.regenregistry.ctgov;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The real study records under src/test/resources/ctgov (their sources are in its README). */
final class Fixtures {

    static final ObjectMapper JSON = new ObjectMapper();

    private Fixtures() {}

    static Path folder(String name) {
        try {
            return Path.of(Fixtures.class.getResource("/ctgov/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every record read from {@code folder}, asserting that each could be read. */
    static List<StudyRecords.Item> records(String name) {
        List<StudyRecords.Item> items = new ArrayList<>();
        try {
            StudyRecords.read(folder(name), items::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertThat(items).isNotEmpty().allSatisfy(item -> assertThat(item.problem())
                .isNull());
        return items;
    }

    static JsonNode study(String folder, String nctId) {
        return records(folder).stream()
                .map(StudyRecords.Item::study)
                .filter(study -> nctId.equals(study.path("protocolSection")
                        .path("identificationModule")
                        .path("nctId")
                        .asText()))
                .findFirst()
                .orElseThrow();
    }
}
