package org.regenregistry.server.request;

import java.io.ByteArrayInputStream;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * What the <a href="https://hl7.org/fhir/R4/xml.html">FHIR XML format</a> requires and HAPI's parser ignores: every
 * element is in the FHIR namespace (narrative {@code div} in XHTML's), and values are attributes, never text content:
 * {@code <active>true</active>} is not FHIR, and HAPI would store it as a Patient without {@code active}.
 */
final class FhirXmlShape {

    private static final String FHIR = "http://hl7.org/fhir";
    private static final String XHTML = "http://www.w3.org/1999/xhtml";
    private static final XMLInputFactory FACTORY = XMLInputFactory.newFactory();

    static {
        FACTORY.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        FACTORY.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    }

    /** What {@link #problemIn} answers for a body over the element limit. */
    static final String TOO_MANY = "more elements than this server accepts";

    private FhirXmlShape() {}

    /**
     * What breaks the format, naming the element, or that the body has more than {@code maxElements} elements;
     * {@code null} when nothing does (malformed XML is HAPI's to report).
     */
    static String problemIn(byte[] body, long maxElements) {
        try {
            XMLStreamReader reader = FACTORY.createXMLStreamReader(new ByteArrayInputStream(body));
            int xhtmlDepth = 0;
            long elements = 0;
            String element = null;
            while (reader.hasNext()) {
                int event = reader.next();
                if (event == XMLStreamConstants.START_ELEMENT) {
                    element = reader.getLocalName();
                    if (++elements > maxElements) {
                        return TOO_MANY;
                    }
                    if (xhtmlDepth > 0) {
                        xhtmlDepth++;
                    } else if (XHTML.equals(reader.getNamespaceURI()) && element.equals("div")) {
                        xhtmlDepth = 1;
                    } else if (!FHIR.equals(reader.getNamespaceURI())) {
                        return "<" + element + "> is not in the FHIR namespace (" + FHIR + "): "
                                + (reader.getNamespaceURI() == null ? "no namespace" : reader.getNamespaceURI());
                    }
                } else if (event == XMLStreamConstants.END_ELEMENT && xhtmlDepth > 0) {
                    xhtmlDepth--;
                } else if ((event == XMLStreamConstants.CHARACTERS || event == XMLStreamConstants.CDATA)
                        && xhtmlDepth == 0
                        && !reader.isWhiteSpace()
                        && !reader.getText().isBlank()) {
                    return "<" + element + "> has text content; FHIR XML gives values as value=\"...\" attributes";
                }
            }
            return null;
        } catch (XMLStreamException e) {
            return null;
        }
    }
}
