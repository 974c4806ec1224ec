package org.regenregistry.ehr.smart;

import java.io.IOException;

/** The EHR did not grant an access token: discovery failed, the site is misconfigured or the client was refused. */
public class SmartAuthenticationException extends IOException {

    public SmartAuthenticationException(String message) {
        super(message);
    }
}
