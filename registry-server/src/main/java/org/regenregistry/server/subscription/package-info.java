/**
 * Subscriptions in the server: rest-hook delivery and topic-based subscriptions (R5 backport), with a topic taking
 * effect as soon as it is stored; and the limits on where a rest-hook may deliver (the receivers the operator names,
 * public addresses only, no redirects), since each delivery is a request the registry makes on a client's behalf.
 */
package org.regenregistry.server.subscription;
