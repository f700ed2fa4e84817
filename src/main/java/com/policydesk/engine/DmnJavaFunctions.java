package com.policydesk.engine;

import com.policydesk.error.RuleSetProblem;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Finds where a DMN model calls Java: a function definition of kind Java ({@code kind="Java"} since DMN 1.2,
 * {@code drools:kind="J"} in DMN 1.1 models; the element is {@code functionDefinition} in a boxed expression and
 * {@code encapsulatedLogic} in a business knowledge model, the only elements with a {@code kind}), or a FEEL {@code external { java: … }} function in any text. A DMN
 * file that does may run any class on the service's class path, so it is code, not a table: refused by default,
 * over HTTP and from the folder alike.
 */
public final class DmnJavaFunctions {
    static final String MESSAGE = "calls Java (%s); DMN with external Java functions is refused unless "
            + "policydesk.dmn.allow-java-functions=true";
    private static final Pattern FEEL_EXTERNAL_JAVA = Pattern.compile("\\bexternal\\s*\\{\\s*\"?java\"?\\s*:");

    private DmnJavaFunctions() {
    }

    /** Each place the file calls Java, with its line; empty when it does not, or when it is not readable XML. */
    public static List<RuleSetProblem> find(RuleFile file) {
        List<RuleSetProblem> found = new ArrayList<>();
        try {
            XMLStreamReader xml = factory().createXMLStreamReader(new ByteArrayInputStream(file.content()));
            while (xml.hasNext()) {
                int event = xml.next();
                if (event == XMLStreamConstants.START_ELEMENT && isJavaKind(xml)) {
                    found.add(problem(file, xml, "a function of kind Java: " + xml.getLocalName()));
                } else if ((event == XMLStreamConstants.CHARACTERS || event == XMLStreamConstants.CDATA)
                        && FEEL_EXTERNAL_JAVA.matcher(xml.getText()).find()) {
                    found.add(problem(file, xml, "a FEEL external java function"));
                }
            }
        } catch (XMLStreamException unreadable) {
            // Malformed XML is the DMN compiler's to report, with its own message; there is nothing to run here.
        }
        return found;
    }

    private static boolean isJavaKind(XMLStreamReader xml) {
        for (int i = 0; i < xml.getAttributeCount(); i++) {
            String value = xml.getAttributeValue(i).strip();
            if ("kind".equals(xml.getAttributeLocalName(i)) && (value.equalsIgnoreCase("Java") || value.equals("J"))) {
                return true;
            }
        }
        return false;
    }

    private static RuleSetProblem problem(RuleFile file, XMLStreamReader xml, String what) {
        return new RuleSetProblem(file.path(), xml.getLocation().getLineNumber(), MESSAGE.formatted(what));
    }

    /** No DTDs and no external entities: the file may come from an HTTP request. */
    private static XMLInputFactory factory() {
        XMLInputFactory factory = XMLInputFactory.newFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_COALESCING, true);
        return factory;
    }
}
