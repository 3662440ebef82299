package org.ganlab.experiments.config;

/**
 * An experiment's own option, given as {@code --NAME VALUE}: shown in {@code --help} with its
 * default, usable as a sweep's {@code --grid NAME=...} key, recorded in params.json. The experiment
 * reads it (and refuses a bad value) through the {@link Options} of its run.
 */
public record ExperimentOption(String name, String defaultValue, String description) {

    public ExperimentOption {
        if (!name.matches("[a-z][a-z0-9-]*")) {
            throw new IllegalArgumentException("experiment option '" + name + "': a name is lower-case letters, digits and '-'");
        }
    }
}
