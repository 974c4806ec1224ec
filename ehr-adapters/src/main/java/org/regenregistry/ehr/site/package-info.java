/** The kinds of EHR a site may run, and what each takes from the registry. */
package org.regenregistry.ehr.site;
