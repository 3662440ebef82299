package org.ganlab.experiments.config;

import java.math.BigInteger;

/**
 * The one parser of numbers given as text (flags, trick options, experiment options): each method
 * either returns the value or throws an IllegalArgumentException that names what was given
 * ({@code --steps}, {@code --trick r1: gamma}) and what is allowed.
 */
public final class Numbers {

    private Numbers() {
    }

    /** A finite number. */
    public static double number(String name, String text) {
        try {
            double d = Double.parseDouble(text.trim());
            if (Double.isFinite(d)) {
                return d;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw invalid(name, text, "a number");
    }

    /** A number in [min, max]. */
    public static double number(String name, String text, double min, double max) {
        double d = number(name, text);
        if (d < min || d > max) {
            throw invalid(name, text, "a number in [" + min + ", " + max + "]");
        }
        return d;
    }

    /** A finite number above 0 (a learning rate). */
    public static double positive(String name, String text) {
        try {
            double v = Double.parseDouble(text.trim());
            if (v > 0 && !Double.isInfinite(v)) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw invalid(name, text, "a number > 0");
    }

    /** A number in [0, 1) (a momentum, a β). */
    public static double fraction(String name, String text) {
        try {
            double v = Double.parseDouble(text.trim());
            if (v >= 0 && v < 1) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw invalid(name, text, "a number in [0, 1)");
    }

    /** A whole number >= {@code min} that fits an int; one too large says the limit. */
    public static int wholeNumber(String name, String text, int min) {
        String t = text.trim();
        if (t.matches("\\+?[0-9]+") && new BigInteger(t).compareTo(BigInteger.valueOf(Integer.MAX_VALUE)) > 0) {
            throw new IllegalArgumentException(name + " is too large: at most " + Integer.MAX_VALUE + ", got '" + text + "'");
        }
        try {
            int v = Integer.parseInt(t);
            if (v >= min) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw invalid(name, text, "a whole number >= " + min);
    }

    /** A whole number in [min, max]. */
    public static int wholeNumber(String name, String text, int min, int max) {
        int v = wholeNumber(name, text, min);
        if (v > max) {
            throw invalid(name, text, "a whole number from " + min + " to " + max);
        }
        return v;
    }

    /** Any whole number that fits a long (a seed). */
    public static long wholeNumber(String name, String text) {
        String t = text.trim();
        if (t.matches("[-+]?[0-9]+") && new BigInteger(t).bitLength() > 63) {
            throw new IllegalArgumentException(name + " is too large: from " + Long.MIN_VALUE + " to " + Long.MAX_VALUE
                    + ", got '" + text + "'");
        }
        try {
            return Long.parseLong(t);
        } catch (NumberFormatException e) {
            throw invalid(name, text, "a whole number");
        }
    }

    static IllegalArgumentException invalid(String name, String text, String allowed) {
        return new IllegalArgumentException(name + " must be " + allowed + ", got '" + text + "'");
    }
}
