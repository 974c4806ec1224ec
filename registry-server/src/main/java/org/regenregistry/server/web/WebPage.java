package org.regenregistry.server.web;

/**
 * A controller that answers with the web app's pages, wherever its feature lives (a regulator's queue in {@code
 * submission}, a site's sync runs in {@code ehr}): {@link WebErrors} answers its refusals as pages.
 */
public interface WebPage {}
