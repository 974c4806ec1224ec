/**
 * The one way into EHR sync from outside this module: {@link org.regenregistry.ehr.sync.EhrSync} syncs one site
 * (connect, read the site's Group, poll or Bulk export, map, push enrolments back) given the site's
 * {@link org.regenregistry.ehr.sync.SiteSpec}, a store of its {@link org.regenregistry.ehr.sync.SiteMarks} and the
 * {@link org.regenregistry.ehr.sync.Registry} it writes into. The other packages of the module are its internals.
 */
package org.regenregistry.ehr.sync;
