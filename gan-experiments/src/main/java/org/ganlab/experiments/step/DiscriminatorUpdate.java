package org.ganlab.experiments.step;

/** How D learns in one D step. */
public enum DiscriminatorUpdate {
    /** An optimiser step on the real examples' loss, then another on the fakes' (the blog's 1010 GAN). */
    SEPARATE,
    /** One optimiser step on the sum of the real and fake losses (and penalties): the usual GAN step. */
    JOINT
}
