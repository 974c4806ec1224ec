package org.regenregistry.server.security;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * One SMART clinical scope (<a href="https://hl7.org/fhir/smart-app-launch/scopes-and-launch-context.html">SMART App
 * Launch 2, scopes</a>): {@code system/Observation.rs}, {@code user/*.cruds}, {@code patient/Condition.rs?category=x}
 * in version 2 syntax, or {@code system/*.read} and {@code .write} in version 1 ({@code read} is {@code rs}, {@code
 * write} is {@code cud}, {@code *} is {@code cruds}).
 *
 * @param context {@code system}, {@code user} or {@code patient}
 * @param resourceType a resource type, or {@code *} for every type
 * @param permissions what the scope grants on it
 * @param restrictions the {@code ?param=value} restrictions of a version 2 scope (all of them must hold)
 */
public record SmartScope(
        String context, String resourceType, Set<Permission> permissions, Map<String, String> restrictions) {

    private static final Pattern SCOPE =
            Pattern.compile("(patient|user|system)/(\\*|[A-Z][A-Za-z]+)\\.(read|write|\\*|c?r?u?d?s?)(?:\\?(.+))?");

    /** What a scope may grant, in the order SMART writes them. */
    public enum Permission {
        CREATE,
        READ,
        UPDATE,
        DELETE,
        SEARCH
    }

    /** The scope {@code text} names, or empty when it is no clinical scope (such as {@code openid}). */
    public static Optional<SmartScope> parse(String text) {
        Matcher matcher = SCOPE.matcher(text);
        if (!matcher.matches() || matcher.group(3).isEmpty()) {
            return Optional.empty();
        }
        Set<Permission> permissions =
                switch (matcher.group(3)) {
                    case "read" -> EnumSet.of(Permission.READ, Permission.SEARCH);
                    case "write" -> EnumSet.of(Permission.CREATE, Permission.UPDATE, Permission.DELETE);
                    case "*" -> EnumSet.allOf(Permission.class);
                    default -> permissionsOf(matcher.group(3));
                };
        Map<String, String> restrictions = new LinkedHashMap<>();
        if (matcher.group(4) != null) {
            for (String pair : matcher.group(4).split("&")) {
                int equals = pair.indexOf('=');
                if (equals <= 0) {
                    return Optional.empty();
                }
                restrictions.put(pair.substring(0, equals), pair.substring(equals + 1));
            }
        }
        return Optional.of(
                new SmartScope(matcher.group(1), matcher.group(2), Set.copyOf(permissions), Map.copyOf(restrictions)));
    }

    private static Set<Permission> permissionsOf(String letters) {
        Set<Permission> permissions = EnumSet.noneOf(Permission.class);
        for (char letter : letters.toCharArray()) {
            permissions.add(
                    switch (letter) {
                        case 'c' -> Permission.CREATE;
                        case 'r' -> Permission.READ;
                        case 'u' -> Permission.UPDATE;
                        case 'd' -> Permission.DELETE;
                        default -> Permission.SEARCH;
                    });
        }
        return permissions;
    }

    /** Whether this scope grants {@code permission} on resources of {@code type}, before any restriction. */
    public boolean grants(String type, Permission permission) {
        return permissions.contains(permission) && ("*".equals(resourceType) || resourceType.equals(type));
    }

    /**
     * Whether this scope grants everything {@code narrower} does: the same context, this scope's type or all types,
     * no permission beyond this scope's, and at least this scope's restrictions. A client may ask for less than it is
     * registered for (<a href="https://hl7.org/fhir/smart-app-launch/scopes-and-launch-context.html">SMART</a>).
     */
    public boolean covers(SmartScope narrower) {
        return context.equals(narrower.context)
                && ("*".equals(resourceType) || resourceType.equals(narrower.resourceType))
                && permissions.containsAll(narrower.permissions)
                && narrower.restrictions.entrySet().containsAll(restrictions.entrySet());
    }

    /** How the scope reads in version 2 syntax, for messages. */
    @Override
    public String toString() {
        StringBuilder letters = new StringBuilder();
        for (Permission permission : Permission.values()) {
            if (permissions.contains(permission)) {
                letters.append(permission.name().toLowerCase(Locale.ROOT).charAt(0));
            }
        }
        String restricted = restrictions.entrySet().stream()
                .map(restriction -> restriction.getKey() + "=" + restriction.getValue())
                .collect(Collectors.joining("&"));
        return context + "/" + resourceType + "." + letters + (restricted.isEmpty() ? "" : "?" + restricted);
    }
}
