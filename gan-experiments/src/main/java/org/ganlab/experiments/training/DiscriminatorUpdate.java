package org.ganlab.experiments.training;

/** How D learns in one step. */
public enum DiscriminatorUpdate {
    /** A D step on real examples, then another on fakes (the blog's 1010 GAN). */
    SEPARATE,
    /** One D step on the sum of the real and fake losses (the single-point article). */
    JOINT
}
