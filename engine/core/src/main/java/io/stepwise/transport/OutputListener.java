package io.stepwise.transport;

/** Receives a command's output as it arrives, one chunk of text at a time. */
public interface OutputListener {
    void stdout(String chunk);

    void stderr(String chunk);

    /** A listener that hands stdout's chunks to {@code sink} and drops stderr. */
    static OutputListener stdout(java.util.function.Consumer<String> sink) {
        return new OutputListener() {
            @Override
            public void stdout(String chunk) {
                sink.accept(chunk);
            }

            @Override
            public void stderr(String chunk) {
            }
        };
    }

    OutputListener NONE = new OutputListener() {
        @Override
        public void stdout(String chunk) {
        }

        @Override
        public void stderr(String chunk) {
        }
    };
}
