package org.regenregistry.profiles;

import java.util.regex.Pattern;

/**
 * The R4 {@code id} datatype (https://hl7.org/fhir/R4/datatypes.html#id): 1 to 64 of {@code A-Z a-z 0-9 - .}, the one
 * place the modules take it from when they check an id that arrives outside a FHIR parser (a URL path, a query
 * parameter, a configured reference).
 */
public final class FhirIds {

    /** The id as a regular expression, to build reference patterns such as {@code "Patient/(" + ID + ")"}. */
    public static final String ID = "[A-Za-z0-9\\-.]{1,64}";

    private static final Pattern PATTERN = Pattern.compile(ID);

    private FhirIds() {}

    /** Whether {@code value} is a FHIR id. */
    public static boolean isId(String value) {
        return value != null && PATTERN.matcher(value).matches();
    }
}
