package dev.warden.console;

import dev.warden.api.ErrorResponses;
import dev.warden.console.view.ErrorView;
import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.javalin.http.Context;
import io.javalin.http.Handler;

/**
 * Renders the console's templates ({@code src/main/jte}, compiled to classes of {@code dev.warden.console.pages} at
 * build time: nothing is compiled at run time, and every {@code ${...}} is escaped for where it stands), and turns
 * a refusal or failure into an HTML page with the same status and reason code the API would give.
 */
final class Pages {
    private static final TemplateEngine ENGINE = TemplateEngine.createPrecompiled(
            null, ContentType.Html, Pages.class.getClassLoader(), "dev.warden.console.pages");

    private Pages() {}

    static void render(Context ctx, String template, Object model) {
        StringOutput out = new StringOutput();
        ENGINE.render(template, model, out);
        ctx.contentType("text/html; charset=utf-8").result(out.toString());
    }

    /**
     * Runs {@code handler}; any exception becomes the API's status and reason code (so the audit outcome records
     * them), shown as a page, or as a fragment to an htmx request. A 401 page sends the browser to sign in.
     */
    static Handler guarded(Handler handler) {
        return ctx -> {
            try {
                handler.handle(ctx);
            } catch (Exception e) {
                ErrorResponses.respond(ctx, e);
                String code = String.valueOf((Object) ctx.attribute(ErrorResponses.ERROR_CODE));
                ErrorView view =
                        new ErrorView(ctx.statusCode(), code, message(e, ctx.statusCode()), String.valueOf((Object)
                                ctx.attribute("requestId")));
                render(ctx, ctx.header("HX-Request") != null ? "error-fragment.jte" : "error.jte", view);
            }
        };
    }

    /** The confirmation step's field, present: a change is never one stray click or a form posted from elsewhere. */
    static void requireConfirmed(Context ctx) {
        if (!"yes".equals(ctx.formParam("confirm"))) {
            throw dev.warden.api.ApiException.badRequest("NOT_CONFIRMED", "confirm the change on its page first");
        }
    }

    /** The API's own message for a refusal (it names no secret); server errors say only that they happened. */
    private static String message(Exception e, int status) {
        if (status >= 500) {
            return "internal error";
        }
        if (e instanceof dev.warden.api.ApiException api) {
            return api.getMessage();
        }
        return e.getMessage() == null ? "refused" : e.getMessage();
    }
}
