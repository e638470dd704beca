package io.stepwise;

/** How {@link Engine#trust} ended, over all hosts asked for. */
public enum TrustResult {
    /** Every host's key is trusted now. */
    TRUSTED,
    /** A key changed, or a new key was not confirmed: nothing was changed for that host. */
    REFUSED,
    /** A host could not be reached. */
    UNREACHABLE
}
