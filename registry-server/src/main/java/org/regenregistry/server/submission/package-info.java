/**
 * Outcome submissions: a site's signed package of a trial's outcomes for one reporting period, received through
 * {@code $submit-outcome}, checked (signature by a key registered for the site, the {@code rr-outcome-submission}
 * profile, the trial's reporting schedule), kept as received and written as conditional updates with a Provenance
 * that carries the signature; then reviewed by regulators (a Task per submission), compared with the submission it
 * supersedes, and verified again against the records as they are now; the regulator's queue and a site's own
 * submissions as signed-in pages. Owns the {@code RR_SUBMISSION*} tables; writes
 * FHIR records only through HAPI's DAOs.
 */
package org.regenregistry.server.submission;
