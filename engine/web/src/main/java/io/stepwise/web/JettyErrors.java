package io.stepwise.web;

import java.util.Map;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's own error responses, with the security headers of every other response. A request Jetty refuses
 * before any route sees it (a path such as {@code /runs/%00} or {@code /x<b>}, a malformed or oversized
 * header, no Host) is answered by the server's error handler, so the before-handler that sets the headers
 * never ran for it.
 */
final class JettyErrors extends ErrorHandler {
    private final Map<String, String> headers;

    JettyErrors(boolean tls) {
        headers = Routes.headers(tls);
        setCacheControl(headers.get("Cache-Control"));
        setShowStacks(false);
        setShowCauses(false);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        headers.forEach(response.getHeaders()::put);
        return super.handle(request, response, callback);
    }
}
