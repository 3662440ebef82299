package org.ganlab.experiments.step;

import org.ganlab.experiments.losses.DOutput;

/**
 * What a GAN experiment's networks are like, known before they are built, so that a loss or trick
 * that cannot work with them is refused before a run starts.
 *
 * @param dOutput what D's last layer gives
 * @param dUpdate how a D step updates D
 * @param packedInputs whether the experiment sizes D's input for packing tricks
 *     ({@code RunContext.discriminatorInputWidth}); otherwise packing is refused
 */
public record GanSpec(DOutput dOutput, DiscriminatorUpdate dUpdate, boolean packedInputs) {

    /** D built for one sample per input. */
    public GanSpec(DOutput dOutput, DiscriminatorUpdate dUpdate) {
        this(dOutput, dUpdate, false);
    }
}
