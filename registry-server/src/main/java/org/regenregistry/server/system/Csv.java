package org.regenregistry.server.system;

import java.util.List;
import java.util.stream.Collectors;

/** <a href="https://www.rfc-editor.org/rfc/rfc4180">RFC 4180</a> CSV, as the registry's exports write it. */
public final class Csv {

    private Csv() {}

    /** One line: fields separated by commas, quoted where they hold a quote, comma or line break; CRLF at the end. */
    public static String row(List<String> fields) {
        return fields.stream().map(Csv::field).collect(Collectors.joining(",")) + "\r\n";
    }

    private static String field(String value) {
        if (value == null) {
            return "";
        }
        return value.matches("[^\",\r\n]*") ? value : "\"" + value.replace("\"", "\"\"") + "\"";
    }
}
