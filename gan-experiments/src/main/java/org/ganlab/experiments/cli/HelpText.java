package org.ganlab.experiments.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Help text wrapped at spaces only. Picocli breaks long lines where {@link java.text.BreakIterator}
 * allows, which includes inside "summary.json", "d(theta)" and "-Dgan.backend"; given lines that
 * already fit, it breaks nothing.
 */
final class HelpText {

    /** Picocli's default usage width. */
    static final int WIDTH = 80;
    /** Where option descriptions start in picocli's layout. */
    static final int DESCRIPTION_COLUMN = 29;

    private HelpText() {
    }

    /** Every command's description and every option's, wrapped to fit, throughout the tree. */
    static void wrap(CommandLine cli) {
        CommandSpec spec = cli.getCommandSpec();
        spec.usageMessage().description(wrap(spec.usageMessage().description(), WIDTH - 1));
        for (OptionSpec o : new ArrayList<>(spec.options())) {
            if (o.description().length > 0) {
                spec.remove(o);
                spec.addOption(o.toBuilder().description(wrap(o.description(), WIDTH - DESCRIPTION_COLUMN - 1)).build());
            }
        }
        for (PositionalParamSpec p : new ArrayList<>(spec.positionalParameters())) {
            if (p.description().length > 0) {
                spec.remove(p);
                spec.addPositional(p.toBuilder().description(wrap(p.description(), WIDTH - DESCRIPTION_COLUMN - 1)).build());
            }
        }
        cli.getSubcommands().values().forEach(HelpText::wrap);
    }

    /** Each paragraph as lines of at most {@code width} characters, broken at spaces (a longer word stands alone). */
    static String[] wrap(String[] paragraphs, int width) {
        List<String> lines = new ArrayList<>();
        for (String paragraph : paragraphs) {
            if (paragraph.isEmpty()) {
                lines.add("");
                continue;
            }
            StringBuilder line = new StringBuilder();
            for (String word : paragraph.split(" ")) {
                if (line.length() > 0 && line.length() + 1 + word.length() > width) {
                    lines.add(line.toString());
                    line.setLength(0);
                }
                if (line.length() > 0) {
                    line.append(' ');
                }
                line.append(word);
            }
            lines.add(line.toString());
        }
        return lines.toArray(String[]::new);
    }
}
