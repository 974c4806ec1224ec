/**
 * The audit trail (<a href="https://profiles.ihe.net/ITI/BALP/">IHE BALP</a>, 21 CFR 11.10(e)): one record per
 * request on every endpoint, committed before the answer leaves; one per FHIR write, committed with it; the hash chain
 * that links them, its signed checkpoints, its verification, and the regulator's API and page to query and check them. Who
 * made a request comes from {@code security}; which records are subject-level from {@code access}.
 */
package org.regenregistry.server.audit;
