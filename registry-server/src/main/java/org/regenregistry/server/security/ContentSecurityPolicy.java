package org.regenregistry.server.security;

/**
 * The Content-Security-Policy of the registry's web pages (https://www.w3.org/TR/CSP3/): scripts, styles and images
 * from the registry alone, no inline script or style, forms posting only to the registry, no framing. Text that got
 * into a record cannot run in a reader's browser even if it escaped the templates' escaping.
 */
public final class ContentSecurityPolicy {

    public static final String PAGES = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
            + " connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    private ContentSecurityPolicy() {}
}
