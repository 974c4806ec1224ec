/**
 * Who may reach the registry and what its answers give away: the host names it answers to, the security headers on
 * every answer, the web origins allowed to call it from a browser, the built-in authorization server that issues
 * SMART Backend Services tokens to the registered clients, and the people who sign in to the web app through it (the
 * sign-in form, the web app as its OpenID Connect client, the sessions of the signed-in pages). It owns no data; it may use the server's wiring ({@code
 * system}) and the error answers of {@code request}.
 */
package org.regenregistry.server.security;
