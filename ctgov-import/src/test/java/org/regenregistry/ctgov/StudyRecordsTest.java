package org.regenregistry.ctgov;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StudyRecordsTest {

    private static final String STUDY = "{\"protocolSection\":{\"identificationModule\":{\"nctId\":\"NCT0000000%d\"}}}";

    @Test
    void ndjsonIsReadLineByLineAndABadLineIsAProblemOfItsOwn() throws IOException {
        String ndjson = String.format(STUDY, 1) + "\n{not json\n\n[1]\n" + String.format(STUDY, 2) + "\n";

        List<StudyRecords.Item> items = read(ndjson, "export.ndjson");

        assertThat(items)
                .extracting(StudyRecords.Item::source, item -> item.study() != null)
                .containsExactly(
                        tuple("export.ndjson:1", true),
                        tuple("export.ndjson:2", false),
                        tuple("export.ndjson:4#1", false),
                        tuple("export.ndjson:5", true));
        assertThat(items.get(1).problem()).startsWith("not JSON");
        assertThat(items.get(2).problem()).isEqualTo("not a ClinicalTrials.gov study record (no protocolSection)");
    }

    @Test
    void aSearchPageAnArrayAndASingleStudyAreAllRead() throws IOException {
        String page = "{\"studies\":[" + String.format(STUDY, 1) + "," + String.format(STUDY, 2)
                + "],\"nextPageToken\":\"abc\"}";
        String array = "[" + String.format(STUDY, 3) + "]";

        assertThat(read(page, "page.json"))
                .extracting(StudyRecords.Item::source)
                .containsExactly("page.json#1", "page.json#2");
        assertThat(read(array, "download.json"))
                .extracting(StudyRecords.Item::source)
                .containsExactly("download.json#1");
        assertThat(read(String.format(STUDY, 4), "NCT00000004.json"))
                .singleElement()
                .satisfies(item -> assertThat(item.problem()).isNull());
    }

    @Test
    void aFolderIsReadFileByFileInNameOrder(@TempDir Path folder) throws IOException {
        Files.createDirectories(folder.resolve("more"));
        Files.writeString(folder.resolve("b.json"), String.format(STUDY, 2));
        Files.writeString(folder.resolve("a.ndjson"), String.format(STUDY, 1));
        Files.writeString(folder.resolve("more/c.json"), String.format(STUDY, 3));
        Files.writeString(folder.resolve("notes.txt"), "not a record");

        List<StudyRecords.Item> items = new ArrayList<>();
        StudyRecords.read(folder, items::add);

        assertThat(items).extracting(StudyRecords.Item::source).containsExactly("a.ndjson:1", "b.json", "more/c.json");
    }

    private static List<StudyRecords.Item> read(String content, String name) throws IOException {
        List<StudyRecords.Item> items = new ArrayList<>();
        StudyRecords.read(new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8)), name, items::add);
        return items;
    }
}
