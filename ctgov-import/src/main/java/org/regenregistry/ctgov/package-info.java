/**
 * ClinicalTrials.gov study records (API v2 JSON) taken into the registry: reading them from files, NDJSON and search
 * pages ({@link org.regenregistry.ctgov.StudyRecords}), telling each trial's therapy family from its interventions
 * ({@link org.regenregistry.ctgov.TherapyClassifier}), and mapping it onto the registry profiles as one transaction
 * that can be replayed without changing anything ({@link org.regenregistry.ctgov.StudyMapper}). Nothing here writes:
 * the server runs the transactions.
 *
 * @see <a href="https://clinicaltrials.gov/data-api/about-api/study-data-structure">ClinicalTrials.gov study data
 *     structure</a>
 */
package org.regenregistry.ctgov;
