package org.regenregistry.server.support;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Awaitility fails a wait on any thread's uncaught exception. The test JVM also holds registries that tests have
 * closed ({@code EmbeddedDefaultIT} restarts one, {@code SyntheaHospitalSyncIT} closes its own), whose HAPI
 * subscription threads go on retrying the messages still queued against listeners closed with their context; such an
 * exception is no failure of whatever test happens to be waiting then. A test waits for its own condition and
 * asserts outcomes.
 */
public class AwaitOwnConditions implements BeforeAllCallback {

    @Override
    public void beforeAll(ExtensionContext context) {
        Awaitility.doNotCatchUncaughtExceptionsByDefault();
    }
}
