package io.stepwise.store;

/** Someone else drives this run or another run of the cluster; the message says who and since when. */
public class LockedException extends Exception {
    private final Holder holder;

    public LockedException(String message, Holder holder) {
        super(message);
        this.holder = holder;
    }

    Holder holder() {
        return holder;
    }
}
