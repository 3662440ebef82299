package org.ganlab.experiments.data;

/** A data set that cannot be used, with one line naming the file or folder and what is wrong (exit 2). */
public final class DataException extends IllegalArgumentException {

    public DataException(String message) {
        super(message);
    }
}
