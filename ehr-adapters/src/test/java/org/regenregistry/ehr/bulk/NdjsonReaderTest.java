package org.regenregistry.ehr.bulk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;

class NdjsonReaderTest {

    private static final URI FILE = URI.create("https://ehr.example.org/bulk/observation-1.ndjson");

    private final List<Resource> delivered = new ArrayList<>();
    private final List<SkippedLine> skipped = new ArrayList<>();

    @Test
    void malformedLinesAreSkippedWithTheirLineNumbersAndTheRestDelivered() throws Exception {
        String ndjson = String.join(
                "\n",
                observation("o1"),
                "{\"resourceType\":\"Observation\",\"id\":\"o2\",\"status\":",
                "{\"id\":\"o3\",\"status\":\"final\"}",
                "{\"resourceType\":\"Patient\",\"id\":\"p1\"}",
                "",
                "{\"resourceType\":\"NoSuchResource\",\"id\":\"x\"}",
                observation("o7"),
                "");

        long count = new NdjsonReader().read(stream(ndjson), FILE, "Observation", delivered::add, skipped::add);

        assertThat(count).isEqualTo(2);
        assertThat(delivered)
                .extracting(resource -> resource.getIdElement().getIdPart())
                .containsExactly("o1", "o7");
        assertThat(skipped).extracting(SkippedLine::lineNumber).containsExactly(2L, 3L, 4L, 6L);
        assertThat(skipped).allSatisfy(line -> assertThat(line.file()).isEqualTo(FILE));
        assertThat(skipped.get(0).reason()).startsWith("not a FHIR resource");
        assertThat(skipped.get(2).reason()).isEqualTo("a Patient in a file of Observation resources");
    }

    @Test
    void aSinkThatThrowsStopsTheFileAtThatLine() {
        String ndjson = observation("o1") + "\n" + observation("o2") + "\n" + observation("o3") + "\n";
        ResourceSink failing = resource -> {
            if (resource.getIdElement().getIdPart().equals("o2")) {
                throw new IllegalStateException("database is down");
            }
            delivered.add(resource);
        };

        assertThatThrownBy(() -> new NdjsonReader().read(stream(ndjson), FILE, "Observation", failing, skipped::add))
                .isInstanceOf(BulkExportException.class)
                .hasMessageContaining(FILE + " line 2")
                .hasMessageContaining("database is down")
                .hasCauseInstanceOf(IllegalStateException.class);
        assertThat(delivered).hasSize(1);
    }

    @Test
    void theFirstResourceIsDeliveredLongBeforeTheWholeFileIsRead() throws Exception {
        GeneratedNdjson file = new GeneratedNdjson(20_000);
        long[] bytesReadAtFirstResource = {-1};
        ResourceSink sink = resource -> {
            if (bytesReadAtFirstResource[0] < 0) {
                bytesReadAtFirstResource[0] = file.bytesRead();
            }
        };

        long count = new NdjsonReader().read(file, FILE, "Observation", sink, skipped::add);

        assertThat(count).isEqualTo(20_000);
        assertThat(file.bytesRead()).isGreaterThan(2_000_000);
        assertThat(bytesReadAtFirstResource[0]).isBetween(1L, 64L * 1024);
    }

    private static InputStream stream(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String observation(String id) {
        return "{\"resourceType\":\"Observation\",\"id\":\"" + id + "\",\"status\":\"final\","
                + "\"code\":{\"coding\":[{\"system\":\"http://loinc.org\",\"code\":\"718-7\"}]},"
                + "\"subject\":{\"reference\":\"Patient/p1\"},"
                + "\"valueQuantity\":{\"value\":11.2,\"unit\":\"g/dL\",\"system\":\"http://unitsofmeasure.org\"}}";
    }

    /** An NDJSON file produced line by line as it is read, counting the bytes handed out. */
    private static final class GeneratedNdjson extends InputStream {

        private final int lines;
        private int line;
        private byte[] current = new byte[0];
        private int position;
        private long bytesRead;

        GeneratedNdjson(int lines) {
            this.lines = lines;
        }

        long bytesRead() {
            return bytesRead;
        }

        @Override
        public int read() {
            if (position == current.length) {
                if (line == lines) {
                    return -1;
                }
                line++;
                current = (observation("o" + line) + "\n").getBytes(StandardCharsets.UTF_8);
                position = 0;
            }
            bytesRead++;
            return current[position++] & 0xff;
        }
    }
}
