/**
 * A trial's registered results summary (the rr-result-* Observations an import of ClinicalTrials.gov results stores),
 * read back as one JSON document per trial, {@code GET /api/trials/{id}/results}, for researchers, the web app and the
 * analyses.
 */
package org.regenregistry.server.results;
