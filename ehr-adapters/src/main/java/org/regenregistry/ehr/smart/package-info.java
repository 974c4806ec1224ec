/**
 * SMART Backend Services authorization against a site's EHR: discovery of its token endpoint, the signed client
 * assertion (private_key_jwt) and the access tokens it is exchanged for
 * (<a href="https://hl7.org/fhir/smart-app-launch/backend-services.html">SMART Backend Services</a>).
 */
package org.regenregistry.ehr.smart;
