package org.ganlab.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The README and every page under docs/ are a front door that holds together: each link and image
 * resolves (the file exists, and a #heading exists in it), the README stays short, and no page
 * carries words a user cannot place (issue numbers, commit hashes).
 */
class DocumentationTest {

    static final Pattern LINK = Pattern.compile("!?\\[[^\\]]*\\]\\(([^)\\s]+)\\)");
    static final Pattern HEADING = Pattern.compile("^#{1,6} (.+)$", Pattern.MULTILINE);

    static Path root() {
        Path readme = ReadmeTasteTest.readme();
        return readme.getParent();
    }

    static List<Path> pages() throws IOException {
        List<Path> pages = new ArrayList<>(List.of(ReadmeTasteTest.readme()));
        try (Stream<Path> docs = Files.walk(root().resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        return pages;
    }

    /** GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens. */
    static String anchor(String heading) {
        String text = heading.replaceAll("`", "").toLowerCase(Locale.ROOT);
        return text.replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
    }

    static Set<String> anchors(Path page) throws IOException {
        Set<String> anchors = new HashSet<>();
        Matcher m = HEADING.matcher(withoutCode(Files.readString(page)));
        while (m.find()) {
            anchors.add(anchor(m.group(1).strip()));
        }
        return anchors;
    }

    /** The text outside fenced code blocks, where a line starting with # is a comment, not a heading. */
    static String withoutCode(String text) {
        return text.replaceAll("(?s)```.*?```", "");
    }

    @Test
    void everyLinkAndImageResolves() throws IOException {
        List<String> broken = new ArrayList<>();
        int links = 0;
        for (Path page : pages()) {
            Matcher m = LINK.matcher(withoutCode(Files.readString(page)));
            while (m.find()) {
                String target = m.group(1);
                if (target.matches("[a-z]+:.*")) {
                    continue; // http(s), mailto: outside this repository
                }
                links++;
                int hash = target.indexOf('#');
                String file = hash < 0 ? target : target.substring(0, hash);
                Path resolved = file.isEmpty() ? page : page.getParent().resolve(file).normalize();
                if (!Files.exists(resolved)) {
                    broken.add(root().relativize(page) + ": " + target + " (no such file)");
                } else if (hash >= 0 && resolved.toString().endsWith(".md")
                        && !anchors(resolved).contains(target.substring(hash + 1))) {
                    broken.add(root().relativize(page) + ": " + target + " (no such heading)");
                }
            }
        }
        assertEquals(List.of(), broken);
        assertTrue(links > 50, "the pages link to each other and show their pictures: " + links + " links");
    }

    @Test
    void theReadmeIsAFrontDoor() throws IOException {
        long lines = Files.readAllLines(ReadmeTasteTest.readme()).size();
        assertTrue(lines <= 250, "README.md has " + lines + " lines; what a user needs on the first day fits in 250");
        String readme = Files.readString(ReadmeTasteTest.readme());
        assertTrue(readme.contains("`./gan run pattern-1010`") && readme.contains("`mvn verify`"), "the two commands");
    }

    @Test
    void noPageCarriesIssueNumbersOrCommitHashes() throws IOException {
        Pattern issue = Pattern.compile("(?i)\\bissues? #?\\d+");
        Pattern hash = Pattern.compile("\\b(?=[0-9a-f]*[a-f])(?=[0-9a-f]*[0-9])[0-9a-f]{7,40}\\b");
        List<String> found = new ArrayList<>();
        for (Path page : pages()) {
            String text = Files.readString(page).replaceAll("\\]\\([^)]*\\)", "]()"); // link targets may name files
            for (Pattern p : List.of(issue, hash)) {
                Matcher m = p.matcher(text);
                while (m.find()) {
                    found.add(root().relativize(page) + ": " + m.group());
                }
            }
        }
        assertEquals(List.of(), found);
    }
}
