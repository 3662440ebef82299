package org.ganlab.experiments.io;

/** A file a run wrote into its folder, with the caption the report shows under it. */
public record Artifact(String file, String caption) {
}
