package io.stepwise.web.view;

/** What every page's frame needs: its title, who is signed in (null on the sign-in page) and their CSRF token. */
public record PageInfo(String title, String operator, boolean approver, String csrf) {
}
