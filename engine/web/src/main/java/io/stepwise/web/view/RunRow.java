package io.stepwise.web.view;

/** One run in the runs list. */
public record RunRow(String id, String procedure, String cluster, String state, String currentStep, String operator,
                     String started, String age, boolean waiting) {
}
