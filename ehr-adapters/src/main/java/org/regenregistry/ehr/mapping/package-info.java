/**
 * The mapping of an EHR's records to the registry's profiles: pseudonymised subjects, enrolments, administrations,
 * scores, adverse events and conditions, as conditional-update transaction Bundles with Provenance, and the issues of
 * what could not be mapped.
 */
package org.regenregistry.ehr.mapping;
