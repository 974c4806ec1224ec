package org.regenregistry.server.request;

import java.util.regex.Pattern;

/** The pieces of HTTP syntax the request checks share (<a href="https://www.rfc-editor.org/rfc/rfc9110">RFC 9110</a>). */
final class HttpSyntax {

    private static final Pattern BAD_ESCAPE = Pattern.compile("%(?![0-9A-Fa-f]{2})");
    private static final Pattern ENTITY_TAG = Pattern.compile("(W/)?\"[^\"]*\"");

    private HttpSyntax() {}

    /** Whether {@code url} has a {@code %} that does not start a {@code %XX} escape (RFC 3986, 2.1). */
    static boolean hasBadEscape(String url) {
        return BAD_ESCAPE.matcher(url).find();
    }

    /** Whether {@code value} is one entity tag, weak or strong, such as {@code W/"3"}. */
    static boolean isEntityTag(String value) {
        return ENTITY_TAG.matcher(value.trim()).matches();
    }
}
