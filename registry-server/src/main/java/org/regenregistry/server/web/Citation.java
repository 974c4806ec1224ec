package org.regenregistry.server.web;

import java.net.URI;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.regenregistry.search.trial.TrialDocument;

/**
 * A citation line for a trial in the form the AMA Manual of Style gives for a trial registration (sponsor, title,
 * registry and identifier, date updated, date accessed, URL), with the ClinicalTrials.gov number beside the registry's
 * own where the trial has one.
 */
final class Citation {

    private static final Pattern NCT = Pattern.compile("NCT\\d{8}");
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("MMMM d, yyyy", Locale.ENGLISH);

    private Citation() {}

    static String of(TrialDocument trial, URI page, LocalDate accessed) {
        List<String> parts = new ArrayList<>();
        if (trial.sponsor() != null && !trial.sponsor().isBlank()) {
            parts.add(sentence(trial.sponsor()));
        }
        parts.add(sentence(trial.title()));
        List<String> registryIds = trial.identifiers().stream()
                .filter(id -> !NCT.matcher(id).matches())
                .toList();
        List<String> nctIds = trial.identifiers().stream()
                .filter(id -> NCT.matcher(id).matches())
                .toList();
        String identifiers = "regen-registry identifier: " + (registryIds.isEmpty() ? trial.id() : registryIds.get(0));
        if (!nctIds.isEmpty()) {
            identifiers += "; ClinicalTrials.gov identifier: " + nctIds.get(0);
        }
        parts.add(identifiers + ".");
        if (trial.lastUpdated() != null) {
            parts.add("Updated " + DATE.format(trial.lastUpdated().atZone(ZoneOffset.UTC)) + ".");
        }
        parts.add("Accessed " + DATE.format(accessed) + ".");
        parts.add(page.toString());
        return String.join(" ", parts);
    }

    private static String sentence(String text) {
        String trimmed = text.trim();
        return trimmed.endsWith(".") || trimmed.endsWith("?") ? trimmed : trimmed + ".";
    }
}
