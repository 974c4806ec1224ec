package org.regenregistry.ctgov;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Reads ClinicalTrials.gov study records as the API v2 and the website give them: one study per JSON file, a JSON
 * array of studies (the website's download), a search page ({@code {"studies": [...], "nextPageToken": ...}}), or
 * NDJSON (one study per line, read line by line, so a large file is never held whole); a folder is read file by
 * file, in name order. What cannot be read is handed on as a problem of that file or line, never stopping the rest.
 */
public final class StudyRecords {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One record read, or a problem.
     *
     * @param source where it came from: the file, and its line or position
     * @param study the study object, or {@code null} when {@code problem} says why there is none
     * @param problem why nothing could be read there, or {@code null}
     */
    public record Item(String source, JsonNode study, String problem) {}

    private StudyRecords() {}

    /** Reads {@code path}: a file, or every .json, .ndjson and .jsonl file under a folder. */
    public static void read(Path path, Consumer<Item> each) throws IOException {
        if (Files.isDirectory(path)) {
            List<Path> files;
            try (Stream<Path> walk = Files.walk(path)) {
                files = walk.filter(Files::isRegularFile)
                        .filter(file ->
                                isNdjson(file.toString()) || file.toString().endsWith(".json"))
                        .sorted()
                        .toList();
            }
            for (Path file : files) {
                readFile(file, path.relativize(file).toString(), each);
            }
        } else {
            readFile(path, path.getFileName().toString(), each);
        }
    }

    /** Reads one upload or file named {@code name}: NDJSON when the name ends in .ndjson or .jsonl, else JSON. */
    public static void read(InputStream in, String name, Consumer<Item> each) throws IOException {
        if (isNdjson(name)) {
            BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            int number = 0;
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                number++;
                if (!line.isBlank()) {
                    parsed(name + ":" + number, line, each);
                }
            }
        } else {
            parsed(name, new String(in.readAllBytes(), StandardCharsets.UTF_8), each);
        }
    }

    private static void readFile(Path file, String name, Consumer<Item> each) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            read(in, name, each);
        }
    }

    private static void parsed(String source, String json, Consumer<Item> each) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            each.accept(new Item(source, null, "not JSON: " + e.getOriginalMessage()));
            return;
        }
        if (root == null || root.isMissingNode()) {
            each.accept(new Item(source, null, "empty"));
        } else if (root.isArray()) {
            studies(source, root, each);
        } else if (root.path("studies").isArray()) {
            studies(source, root.path("studies"), each);
        } else {
            each.accept(study(source, root));
        }
    }

    private static void studies(String source, JsonNode array, Consumer<Item> each) {
        for (int i = 0; i < array.size(); i++) {
            each.accept(study(source + "#" + (i + 1), array.get(i)));
        }
    }

    private static Item study(String source, JsonNode node) {
        return node.path("protocolSection").isObject()
                ? new Item(source, node, null)
                : new Item(source, null, "not a ClinicalTrials.gov study record (no protocolSection)");
    }

    private static boolean isNdjson(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.endsWith(".ndjson") || lower.endsWith(".jsonl");
    }
}
