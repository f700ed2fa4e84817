package com.policydesk.bench;

import com.policydesk.model.Cloud;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Azure services table of the hand-written baseline as a plain {@code Map}: lower-cased service name → the
 * clouds in which it is offered in CSP. Read once, at set-up, from the rows of rules/multichannel/AzureServicesInCsp.dmn
 * (the table's FIRST hit policy applied per name and cloud), so that the baseline follows the policy team's edits;
 * a table of a shape this reader does not know falls back to the seed list written here.
 */
public final class AzureServicesTable {
    private static final Pattern NAME = Pattern.compile("\\s*(?:lower case\\(\"((?:[^\"\\\\]|\\\\.)*)\"\\)|\"((?:[^\"\\\\]|\\\\.)*)\")\\s*(,|$)");

    private AzureServicesTable() {
    }

    /** The table from the DMN file, or the seed list (with a note on stderr) when the file cannot be read as expected. */
    public static Map<String, Set<Cloud>> load(Path dmnFile) {
        try {
            return fromDmn(dmnFile);
        } catch (Exception e) {
            System.err.println("[bench] " + dmnFile + " not read as a plain table (" + e.getMessage()
                    + "); the baseline uses its seed list");
            return seed();
        }
    }

    static Map<String, Set<Cloud>> fromDmn(Path dmnFile) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        Document doc = factory.newDocumentBuilder().parse(dmnFile.toFile());
        NodeList tables = doc.getElementsByTagNameNS("*", "decisionTable");
        if (tables.getLength() != 1) {
            throw new IllegalArgumentException(tables.getLength() + " decision tables");
        }
        Element table = (Element) tables.item(0);
        String hitPolicy = table.getAttribute("hitPolicy");
        if (!hitPolicy.isEmpty() && !"FIRST".equals(hitPolicy) && !"UNIQUE".equals(hitPolicy)) {
            throw new IllegalArgumentException("hit policy " + hitPolicy);
        }
        List<Row> rows = new ArrayList<>();
        NodeList rules = table.getElementsByTagNameNS("*", "rule");
        for (int i = 0; i < rules.getLength(); i++) {
            Element rule = (Element) rules.item(i);
            NodeList inputs = rule.getElementsByTagNameNS("*", "inputEntry");
            NodeList outputs = rule.getElementsByTagNameNS("*", "outputEntry");
            if (inputs.getLength() != 2 || outputs.getLength() != 1) {
                throw new IllegalArgumentException("a row with " + inputs.getLength() + " inputs");
            }
            rows.add(new Row(names(text(inputs.item(0))), clouds(text(inputs.item(1))),
                    Boolean.parseBoolean(text(outputs.item(0)).strip())));
        }
        Set<String> listed = new LinkedHashSet<>();
        rows.forEach(row -> {
            if (row.names != null) {
                listed.addAll(row.names);
            }
        });
        for (Cloud cloud : Cloud.values()) {
            if (firstHit(rows, "\u0000 not a listed name", cloud)) {
                throw new IllegalArgumentException("unlisted names are offered in " + cloud);
            }
        }
        Map<String, Set<Cloud>> offered = new LinkedHashMap<>();
        for (String name : listed) {
            Set<Cloud> clouds = EnumSet.noneOf(Cloud.class);
            for (Cloud cloud : Cloud.values()) {
                if (firstHit(rows, name, cloud)) {
                    clouds.add(cloud);
                }
            }
            if (!clouds.isEmpty()) {
                offered.put(name, clouds);
            }
        }
        return offered;
    }

    private static boolean firstHit(List<Row> rows, String name, Cloud cloud) {
        for (Row row : rows) {
            if ((row.names == null || row.names.contains(name)) && (row.clouds == null || row.clouds.contains(cloud))) {
                return row.offered;
            }
        }
        return false;
    }

    private static String text(org.w3c.dom.Node entry) {
        NodeList texts = ((Element) entry).getElementsByTagNameNS("*", "text");
        return texts.getLength() == 0 ? "" : texts.item(0).getTextContent().strip();
    }

    /** {@code -} (any) → null; otherwise a list of {@code lower case("X")} or {@code "x"}. */
    private static Set<String> names(String entry) {
        if (entry.equals("-") || entry.isEmpty()) {
            return null;
        }
        Set<String> names = new LinkedHashSet<>();
        Matcher m = NAME.matcher(entry);
        int at = 0;
        while (at < entry.length()) {
            if (!m.find(at) || m.start() != at) {
                throw new IllegalArgumentException("service entry " + entry);
            }
            names.add(m.group(1) != null ? m.group(1).toLowerCase(Locale.ROOT) : m.group(2));
            at = m.end();
        }
        return names;
    }

    private static Set<Cloud> clouds(String entry) {
        if (entry.equals("-") || entry.isEmpty()) {
            return null;
        }
        Set<Cloud> clouds = EnumSet.noneOf(Cloud.class);
        for (String item : entry.split(",")) {
            String value = item.strip();
            if (value.length() < 2 || !value.startsWith("\"") || !value.endsWith("\"")) {
                throw new IllegalArgumentException("cloud entry " + entry);
            }
            clouds.add(Cloud.valueOf(value.substring(1, value.length() - 1)));
        }
        return clouds;
    }

    /** The table as first written (Nov 2026): 14 services in both clouds, 14 more in the global cloud only. */
    static Map<String, Set<Cloud>> seed() {
        Map<String, Set<Cloud>> offered = new LinkedHashMap<>();
        for (String both : List.of("Virtual Machines", "Virtual Machine Scale Sets", "Storage", "SQL Database",
                "Azure Cosmos DB", "Key Vault", "Virtual Network", "Load Balancer", "App Service", "Service Bus",
                "Event Hubs", "Azure Monitor", "Stream Analytics", "Machine Learning")) {
            offered.put(both.toLowerCase(Locale.ROOT), EnumSet.of(Cloud.GLOBAL, Cloud.GERMANY));
        }
        for (String global : List.of("Azure Functions", "Azure DNS", "Content Delivery Network", "Azure Database for MySQL",
                "Azure Database for PostgreSQL", "Azure Databricks", "Data Factory", "Cognitive Services",
                "Azure Kubernetes Service", "Container Registry", "Azure Cache for Redis", "Application Gateway",
                "Azure Backup", "Site Recovery")) {
            offered.put(global.toLowerCase(Locale.ROOT), EnumSet.of(Cloud.GLOBAL));
        }
        return offered;
    }

    private record Row(Set<String> names, Set<Cloud> clouds, boolean offered) {
    }
}
