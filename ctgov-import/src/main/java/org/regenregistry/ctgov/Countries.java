package org.regenregistry.ctgov;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * ISO 3166 alpha-2 codes of the country names ClinicalTrials.gov writes ("United States", "Korea, Republic of"), the
 * form the registry's sites and its country facet use: the JDK's English country names, and the ISO 3166 long forms
 * ClinicalTrials.gov keeps where the JDK has a short one.
 */
final class Countries {

    private static final Map<String, String> CODES = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);

    static {
        for (String code : Locale.getISOCountries()) {
            CODES.put(new Locale("", code).getDisplayCountry(Locale.ENGLISH), code);
        }
        CODES.putAll(Map.ofEntries(
                Map.entry("Korea, Republic of", "KR"),
                Map.entry("Korea, Democratic People's Republic of", "KP"),
                Map.entry("Russian Federation", "RU"),
                Map.entry("Iran, Islamic Republic of", "IR"),
                Map.entry("Turkey", "TR"),
                Map.entry("Türkiye", "TR"),
                Map.entry("Czech Republic", "CZ"),
                Map.entry("Czechia", "CZ"),
                Map.entry("Viet Nam", "VN"),
                Map.entry("Vietnam", "VN"),
                Map.entry("Syrian Arab Republic", "SY"),
                Map.entry("Moldova, Republic of", "MD"),
                Map.entry("North Macedonia", "MK"),
                Map.entry("Macedonia, The Former Yugoslav Republic of", "MK"),
                Map.entry("Tanzania", "TZ"),
                Map.entry("Tanzania, United Republic of", "TZ"),
                Map.entry("Lao People's Democratic Republic", "LA"),
                Map.entry("Libyan Arab Jamahiriya", "LY"),
                Map.entry("Congo, The Democratic Republic of the", "CD"),
                Map.entry("Côte D'Ivoire", "CI"),
                Map.entry("Brunei Darussalam", "BN"),
                Map.entry("Micronesia, Federated States of", "FM"),
                Map.entry("Palestinian Territory, occupied", "PS"),
                Map.entry("Taiwan", "TW"),
                Map.entry("Hong Kong", "HK"),
                Map.entry("Bolivia", "BO"),
                Map.entry("Venezuela", "VE")));
    }

    private Countries() {}

    /** The alpha-2 code of {@code name}; empty for a name neither the JDK nor ClinicalTrials.gov's forms know. */
    static Optional<String> code(String name) {
        return Optional.ofNullable(CODES.get(name.trim()));
    }
}
