package org.regenregistry.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.regenregistry.search.facet.Facet;
import org.regenregistry.search.trial.TrialDocument;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

/** The small pieces of the pages: links, names, citations, maps and the CSV guard. */
class PagePartsTest {

    @Test
    void aLinkKeepsTheSearchReplacesThePageAndEncodesTheText() {
        MultiValueMap<String, String> state = new LinkedMultiValueMap<>();
        state.add("q", "knee & hip");
        state.add("therapyFamily", "prp");
        state.add("therapyFamily", "stem-cell");

        assertThat(SearchPage.link("/", state, Map.of("page", 2)))
                .isEqualTo("/?q=knee%20%26%20hip&therapyFamily=prp&therapyFamily=stem-cell&page=2");
    }

    @Test
    void blankFormFieldsAreNoFilter() {
        MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
        form.add("age", "");
        form.add("q", "  back pain ");
        form.add("phase", " ");

        assertThat(SearchPage.filled(form)).containsOnlyKeys("q").containsEntry("q", List.of("back pain"));
    }

    @Test
    void valuesAreNamedInTheRegistrysVocabulary() {
        assertThat(Labels.value(Facet.THERAPY_FAMILY, "prp", null)).isEqualTo("Platelet-rich plasma");
        assertThat(Labels.value(Facet.MODALITY, "scs", null)).isEqualTo("Spinal cord stimulation");
        assertThat(Labels.value(Facet.PHASE, "phase-1-phase-2", null)).isEqualTo("Phase 1/2");
        assertThat(Labels.value(Facet.COUNTRY, "NL", null)).isEqualTo("Netherlands");
        assertThat(Labels.value(Facet.HAS_RESULTS, "false", null)).isEqualTo("No");
        assertThat(Labels.value(Facet.CONDITION, "239873007", "Osteoarthritis of knee"))
                .isEqualTo("Osteoarthritis of knee");
        assertThat(Labels.code("some-new-code")).isEqualTo("Some new code");
        assertThat(Labels.HEADINGS).hasSize(Facet.values().length);
    }

    @Test
    void aCitationNamesSponsorTitleBothIdentifiersAndTheDates() {
        TrialDocument trial = trial(List.of(new TrialDocument.Site("A", "Oslo", "NO", null, null)));

        assertThat(Citation.of(
                        trial, URI.create("https://registry.example/trials/prp-knee-oa"), LocalDate.of(2026, 12, 4)))
                .isEqualTo("St Olaf Hospital. PRP for knee osteoarthritis. regen-registry identifier: RR-2026-0001;"
                        + " ClinicalTrials.gov identifier: NCT09000001. Updated March 2, 2026. Accessed December 4,"
                        + " 2026. https://registry.example/trials/prp-knee-oa");
    }

    @Test
    void sitesArePlacedWestToEastAndNorthToSouthAndClosedOnesMarked() {
        SiteMap.Drawing map = SiteMap.of(List.of(
                        new TrialDocument.Site("Oslo", "Oslo", "NO", new TrialDocument.GeoPoint(59.91, 10.75), null),
                        new TrialDocument.Site(
                                "Rotterdam", "Rotterdam", "NL", new TrialDocument.GeoPoint(51.92, 4.47), "completed"),
                        new TrialDocument.Site("Nowhere", null, null, null, null)))
                .orElseThrow();

        assertThat(map.pins()).hasSize(2);
        SiteMap.Pin oslo = map.pins().get(0);
        SiteMap.Pin rotterdam = map.pins().get(1);
        assertThat(oslo.x()).isGreaterThan(rotterdam.x());
        assertThat(oslo.y()).isLessThan(rotterdam.y());
        assertThat(oslo.open()).isTrue();
        assertThat(rotterdam.open()).isFalse();
        assertThat(map.pins()).allSatisfy(pin -> {
            assertThat(pin.x()).isBetween(0.0, (double) SiteMap.WIDTH);
            assertThat(pin.y()).isBetween(0.0, (double) SiteMap.HEIGHT);
        });
        assertThat(SiteMap.of(List.of(new TrialDocument.Site("Nowhere", null, null, null, null))))
                .isEmpty();
    }

    @Test
    void aTextASpreadsheetWouldRunGetsAnApostrophe() {
        assertThat(SearchPage.spreadsheetSafe("=HYPERLINK(\"x\")")).isEqualTo("'=HYPERLINK(\"x\")");
        assertThat(SearchPage.spreadsheetSafe("-1+2")).isEqualTo("'-1+2");
        assertThat(SearchPage.spreadsheetSafe("PRP for knees")).isEqualTo("PRP for knees");
        assertThat(SearchPage.spreadsheetSafe(null)).isEmpty();
    }

    private static TrialDocument trial(List<TrialDocument.Site> sites) {
        return new TrialDocument(
                "prp-knee-oa",
                1,
                1,
                Instant.parse("2026-03-02T10:00:00Z"),
                List.of("RR-2026-0001", "NCT09000001"),
                "PRP for knee osteoarthritis",
                null,
                List.of(),
                "active",
                "recruiting",
                "phase-2",
                List.of("prp"),
                List.of(),
                List.of(),
                List.of(),
                null,
                null,
                sites,
                "St Olaf Hospital",
                null,
                null,
                null,
                null,
                null,
                0,
                0,
                0,
                false);
    }
}
