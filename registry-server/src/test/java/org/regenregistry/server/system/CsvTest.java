package org.regenregistry.server.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class CsvTest {

    @Test
    void fieldsWithQuotesCommasOrLineBreaksAreQuotedAndNullIsEmpty() {
        assertThat(Csv.row(Arrays.asList("plain", "a,b", "say \"hi\"", "two\nlines", null)))
                .isEqualTo("plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\r\n");
    }
}
