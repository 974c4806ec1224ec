/**
 * The registry's web app for researchers: the trial search page at {@code /} (the facets of {@code /api/trials} as
 * filters, every state in the URL), a trial's page with its outcome charts and site map drawn as SVG on the server, the
 * side-by-side comparison of trials, and the CSV export of a result list. Pages are rendered on the server and work
 * without JavaScript; they read the trial index and the trial's FHIR record, never anything outside the registry.
 * The signed-in pages live with their features ({@code submission}, {@code audit}, {@code ehr}) and share the layout,
 * the error pages ({@link org.regenregistry.server.web.WebPage}) and the assets.
 */
package org.regenregistry.server.web;
