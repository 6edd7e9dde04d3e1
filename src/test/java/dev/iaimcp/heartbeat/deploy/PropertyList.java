package dev.iaimcp.heartbeat.deploy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.xml.parsers.DocumentBuilderFactory;

import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Reads an XML property list with the JDK's DOM parser, the way launchd would see it:
 * {@code dict} to a Map, {@code array} to a List, {@code integer} to a Long,
 * {@code true}/{@code false} to a Boolean, {@code string} to a String. Fails on anything
 * else, so a malformed plist cannot pass as a well-formed one.
 */
final class PropertyList {

	private PropertyList() {
	}

	static Map<String, Object> read(Path file) throws Exception {
		DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
		// The DOCTYPE names Apple's DTD by URL; a test must neither need nor fetch it.
		factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
		factory.setIgnoringComments(true);
		Element root = factory.newDocumentBuilder().parse(file.toFile()).getDocumentElement();
		if (!root.getTagName().equals("plist") || !root.getAttribute("version").equals("1.0")) {
			throw new IllegalArgumentException("not a version 1.0 plist: <" + root.getTagName() + ">");
		}
		List<Element> top = children(root);
		if (top.size() != 1 || !top.get(0).getTagName().equals("dict")) {
			throw new IllegalArgumentException("a LaunchAgent plist holds exactly one <dict>");
		}
		return dict(top.get(0));
	}

	private static Object value(Element element) {
		return switch (element.getTagName()) {
			case "dict" -> dict(element);
			case "array" -> children(element).stream().map(PropertyList::value).toList();
			case "string" -> element.getTextContent();
			case "integer" -> Long.parseLong(element.getTextContent().trim());
			case "true" -> Boolean.TRUE;
			case "false" -> Boolean.FALSE;
			default -> throw new IllegalArgumentException("unexpected <" + element.getTagName() + ">");
		};
	}

	private static Map<String, Object> dict(Element dict) {
		List<Element> entries = children(dict);
		Map<String, Object> map = new LinkedHashMap<>();
		for (int i = 0; i < entries.size(); i += 2) {
			Element key = entries.get(i);
			if (!key.getTagName().equals("key") || i + 1 == entries.size()) {
				throw new IllegalArgumentException("<dict> must alternate <key> and a value");
			}
			if (map.put(key.getTextContent(), value(entries.get(i + 1))) != null) {
				throw new IllegalArgumentException("duplicate key " + key.getTextContent());
			}
		}
		return map;
	}

	private static List<Element> children(Element parent) {
		List<Element> elements = new ArrayList<>();
		for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
			if (node instanceof Element element) {
				elements.add(element);
			}
		}
		return elements;
	}

}
