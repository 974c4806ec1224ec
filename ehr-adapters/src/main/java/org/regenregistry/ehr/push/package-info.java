/**
 * The push back to a read-write site: the registry's enrolments written to the site's EHR as ResearchSubjects of its
 * own Patients.
 */
package org.regenregistry.ehr.push;
