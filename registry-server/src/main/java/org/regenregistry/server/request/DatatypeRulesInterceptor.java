package org.regenregistry.server.request;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Base;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Narrative;
import org.hl7.fhir.r4.model.PrimitiveType;
import org.hl7.fhir.r4.model.Property;
import org.hl7.fhir.utilities.xhtml.NodeType;
import org.hl7.fhir.utilities.xhtml.XhtmlNode;
import org.regenregistry.server.system.StorageInterceptor;
import org.springframework.stereotype.Component;

/**
 * Refuses with 400 a resource a client writes that breaks a rule of FHIR's base datatypes which HAPI's parser lets
 * through: a primitive value outside its type's <a href="https://hl7.org/fhir/R4/datatypes.html">regular
 * expression</a> (the year 0000, a canonical with spaces), an extension without its url (ext-1's url is 1..1), text
 * with a lone UTF-16 surrogate (not a character; the database refuses it) or a control character other than tab,
 * carriage return and line feed (<a href="https://hl7.org/fhir/R4/datatypes.html#string">string</a>: it cannot be
 * written as XML, and PostgreSQL cannot store NUL), and narrative with active content (<a
 * href="https://hl7.org/fhir/R4/narrative.html#xhtml">txt-1</a>: scripts, forms, event handlers).
 *
 * <p>It hooks storage, so patch results and transaction entries are checked as well as creates and updates; it
 * checks what clients write over HTTP, not the registry's own writes (its FHIR package, the EHR mapping).
 */
@Component
@Interceptor
public class DatatypeRulesInterceptor implements StorageInterceptor {

    private static final String YEAR = "([0-9]([0-9]([0-9][1-9]|[1-9]0)|[1-9]00)|[1-9]000)";
    private static final String TIME = "([01][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|60)(\\.[0-9]+)?";
    private static final String ZONE = "(Z|(\\+|-)((0[0-9]|1[0-3]):[0-5][0-9]|14:00))";
    private static final String MONTH_DAY = "-(0[1-9]|1[0-2])-(0[1-9]|[1-2][0-9]|3[0-1])";

    /** R4's regular expressions of the primitive types, by FHIR type name. */
    private static final Map<String, Pattern> PRIMITIVES = Map.of(
            "date",
            Pattern.compile(YEAR + "(-(0[1-9]|1[0-2])(-(0[1-9]|[1-2][0-9]|3[0-1]))?)?"),
            "dateTime",
            Pattern.compile(YEAR + "(-(0[1-9]|1[0-2])(-(0[1-9]|[1-2][0-9]|3[0-1])(T" + TIME + ZONE + ")?)?)?"),
            "instant",
            Pattern.compile(YEAR + MONTH_DAY + "T" + TIME + ZONE),
            "time",
            Pattern.compile(TIME),
            "code",
            Pattern.compile("[^\\s]+(\\s[^\\s]+)*"),
            "uri",
            Pattern.compile("\\S+"),
            "url",
            Pattern.compile("\\S+"),
            "canonical",
            Pattern.compile("\\S+"),
            "oid",
            Pattern.compile("urn:oid:[0-2](\\.(0|[1-9][0-9]*))+"),
            "uuid",
            Pattern.compile("urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"));

    /** Elements and attribute values that make narrative active content rather than text. */
    private static final Set<String> ACTIVE_ELEMENTS = Set.of(
            "script",
            "style",
            "iframe",
            "frame",
            "frameset",
            "object",
            "embed",
            "applet",
            "form",
            "input",
            "button",
            "select",
            "textarea",
            "link",
            "meta",
            "base");

    private static final Pattern ACTIVE_URL =
            Pattern.compile("^\\s*(javascript|vbscript|data):", Pattern.CASE_INSENSITIVE);

    @Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED)
    public void created(IBaseResource resource, RequestDetails request) {
        check(resource, request);
    }

    @Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED)
    public void updated(IBaseResource previous, IBaseResource resource, RequestDetails request) {
        check(resource, request);
    }

    private static void check(IBaseResource resource, RequestDetails request) {
        if (request instanceof ServletRequestDetails && resource instanceof Base base) {
            String problem = problemIn(base, resource.fhirType());
            if (problem != null) {
                throw new InvalidRequestException(problem);
            }
        }
    }

    /** The first rule {@code element} or what it contains breaks, naming the element's path; or {@code null}. */
    static String problemIn(Base element, String path) {
        if (element instanceof PrimitiveType<?> primitive) {
            return problemInPrimitive(primitive, path);
        }
        if (element instanceof Extension extension && !extension.hasUrl()) {
            return path + ": an extension must have a url";
        }
        if (element instanceof Narrative narrative && narrative.getDiv() != null) {
            String problem = problemInXhtml(narrative.getDiv(), path + ".div");
            if (problem != null) {
                return problem;
            }
        }
        for (Property property : element.children()) {
            if (!property.hasValues()) {
                continue;
            }
            boolean repeats = property.isList();
            int index = 0;
            for (Base value : property.getValues()) {
                String name = property.getName().replace("[x]", "");
                String problem = problemIn(value, path + "." + name + (repeats ? "[" + index + "]" : ""));
                if (problem != null) {
                    return problem;
                }
                index++;
            }
        }
        return null;
    }

    private static String problemInPrimitive(PrimitiveType<?> primitive, String path) {
        String value = primitive.getValueAsString();
        if (value == null) {
            return null;
        }
        if (hasLoneSurrogate(value)) {
            return path + ": the text holds a lone UTF-16 surrogate, which is not a character";
        }
        if (hasControlCharacter(value)) {
            return path + ": the text holds a control character (only tab, carriage return and line feed are allowed)";
        }
        Pattern pattern = PRIMITIVES.get(primitive.fhirType());
        if (pattern != null && !pattern.matcher(value).matches()) {
            return path + ": '" + clip(value) + "' is not a valid FHIR " + primitive.fhirType()
                    + " (https://hl7.org/fhir/R4/datatypes.html#" + primitive.fhirType() + ")";
        }
        return null;
    }

    private static String problemInXhtml(XhtmlNode node, String path) {
        if (node.getNodeType() == NodeType.Text && node.getContent() != null && hasLoneSurrogate(node.getContent())) {
            return path + ": the narrative holds a lone UTF-16 surrogate";
        }
        if (node.getNodeType() == NodeType.Element) {
            String name = node.getName() == null ? "" : node.getName().toLowerCase(Locale.ROOT);
            if (ACTIVE_ELEMENTS.contains(name)) {
                return path + ": narrative may not contain <" + name + "> (active content is forbidden, txt-1)";
            }
            for (Map.Entry<String, String> attribute : node.getAttributes().entrySet()) {
                String attributeName = attribute.getKey().toLowerCase(Locale.ROOT);
                if (attributeName.startsWith("on")
                        || (attribute.getValue() != null
                                && ACTIVE_URL.matcher(attribute.getValue()).find())) {
                    return path + ": narrative may not carry the script attribute " + attribute.getKey() + " (txt-1)";
                }
            }
        }
        if (node.getChildNodes() != null) {
            for (XhtmlNode child : node.getChildNodes()) {
                String problem = problemInXhtml(child, path);
                if (problem != null) {
                    return problem;
                }
            }
        }
        return null;
    }

    private static boolean hasControlCharacter(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 && c != '\t' && c != '\r' && c != '\n') {
                return true;
            }
        }
        return false;
    }

    private static boolean hasLoneSurrogate(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
                    return true;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    private static String clip(String value) {
        return value.length() > 60 ? value.substring(0, 60) + "..." : value;
    }
}
